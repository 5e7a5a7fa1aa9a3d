"""Certificates of a course, as Word and PDF, opened back: names, numbers and dates with every
Vietnamese letter, only for whoever runs the course and only of the trainees they may see."""

import datetime
import io
import unicodedata

import pytest
from django.urls import reverse
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from khuyencong.activities.certificates import CertificateText, place_and_date, to_docx, to_pdf
from khuyencong.activities.models import Trainee
from khuyencong.activities.tests.training_courses import build_courses


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def pdf_pages(data: bytes) -> list[str]:
    return [unicodedata.normalize("NFC", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_date_line_is_written_as_administrative_papers_write_it():
    assert place_and_date("Hưng Yên", datetime.date(2015, 9, 30)) == "Hưng Yên, ngày 30 tháng 9 năm 2015"
    assert place_and_date("Hưng Yên", datetime.date(2015, 2, 5)) == "Hưng Yên, ngày 05 tháng 02 năm 2015"


LETTERS = "ẠẢÃÀÁÂẬẦẤẨẪĂẮẰẶẲẴĐÊỆỀẾỂỄÔỘỒỐỔỖƠỢỜỚỞỠƯỰỪỨỬỮỲÝỴỶỸ"
names = st.lists(
    st.text(alphabet=LETTERS + LETTERS.lower() + "abcghiklmnopqrstuvxy", min_size=2, max_size=8),
    min_size=2,
    max_size=4,
).map(" ".join)


@settings(max_examples=10, deadline=None)
@given(holders=st.lists(names, min_size=1, max_size=3))
def test_any_vietnamese_name_comes_back_from_both_files_one_page_each(holders):
    texts = [
        CertificateText(
            issuer=("SỞ CÔNG THƯƠNG HƯNG YÊN", "TRUNG TÂM KHUYẾN CÔNG"),
            title="CHỨNG CHỈ ĐÀO TẠO NGHỀ",
            holder=name,
            body=("Đã hoàn thành khóa đào tạo nghề: Mây tre đan",),
            number=f"{n}/2015/CC",
            place_date=place_and_date("Hưng Yên", datetime.date(2015, 9, 30)),
            valid_to=datetime.date(2018, 9, 30),
        )
        for n, name in enumerate(holders, 1)
    ]
    words = docx_text(to_docx(texts))
    pages = pdf_pages(to_pdf(texts))
    assert len(pages) == len(holders)
    for n, (name, page) in enumerate(zip(holders, pages, strict=True), 1):
        assert name in words and f"{n}/2015/CC" in words
        assert name in page and f"Số: {n}/2015/CC" in page
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "Độc lập - Tự do - Hạnh phúc" in page
        assert "Hưng Yên, ngày 30 tháng 9 năm 2015" in page and "30/09/2018" in page


def test_the_word_file_is_a4_landscape_in_times_new_roman():
    text = CertificateText(issuer=("X",), title="CHỨNG CHỈ", holder="Nguyễn Thị Hằng", place_date="Hưng Yên")
    document = Document(io.BytesIO(to_docx([text, text])))
    section = document.sections[0]
    assert round(section.page_width.mm) == 297 and round(section.page_height.mm) == 210
    fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.text}
    assert fonts == {"Times New Roman"}
    breaks = document.element.body.xml.count('w:type="page"')
    assert breaks == 1  # two certificates, two pages


@pytest.fixture
def world(personas, registry, hy_communes):
    return build_courses(personas, registry, hy_communes)


@pytest.fixture
def certified(world):
    """Three trainees of the "home" course: two completed with a number, one not."""
    course = world.courses["home"]
    staff = world.personas["centre_staff"]
    made = []
    for name, year, number in (("Nguyễn Thị Hằng", 1985, "01/2015/CC"), ("Đặng Văn Ước", 1979, "02/2015/CC")):
        trainee = Trainee.objects.create(course=course, full_name=name, sex="female", birth_year=year)
        trainee.record_completion(staff, completed=True, certificate_number=number)
        made.append(trainee)
    Trainee.objects.create(course=course, full_name="Lê Văn Chưa", birth_year=1990)
    return course, made


@pytest.mark.django_db
def test_a_courses_certificates_are_every_completed_trainee_with_a_number(world, certified, client):
    course, (hang, uoc) = certified
    client.force_login(world.personas["centre_staff"])
    response = client.get(reverse("activities:course_certificates", args=[course.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert "attachment" in response["Content-Disposition"]
    words = docx_text(body(response))
    for trainee in (hang, uoc):
        assert trainee.full_name in words and trainee.certificate_number in words
    assert "Lê Văn Chưa" not in words
    assert f"từ {course.start_on:%d/%m/%Y} đến {course.end_on:%d/%m/%Y}" in words
    assert f"năm {course.end_on.year}" in words and "Hưng Yên" in words

    pdf = client.get(reverse("activities:course_certificates_pdf", args=[course.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    pages = pdf_pages(body(pdf))
    assert len(pages) == 2
    assert "Đặng Văn Ước" in pages[0] and "02/2015/CC" in pages[0]  # in the order of the names
    assert "Nguyễn Thị Hằng" in pages[1] and "CHỨNG CHỈ ĐÀO TẠO NGHỀ" in pages[1]

    one = client.get(reverse("activities:trainee_certificate_pdf", args=[hang.pk]))
    assert pdf_pages(body(one)) and "Nguyễn Thị Hằng" in pdf_pages(body(one))[0]
    word = client.get(reverse("activities:trainee_certificate", args=[uoc.pk]))
    assert "Đặng Văn Ước" in docx_text(body(word)) and "Nguyễn Thị Hằng" not in docx_text(body(word))


@pytest.mark.django_db
def test_without_a_completed_trainee_the_page_says_so_instead_of_an_empty_file(world, client):
    course = world.courses["other"]
    client.force_login(world.personas["centre_staff"])
    response = client.get(reverse("activities:course_certificates", args=[course.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    trainee = Trainee.objects.create(course=course, full_name="Phạm Thị Chưa Xong", birth_year=1990)
    response = client.get(reverse("activities:trainee_certificate", args=[trainee.pk]))
    assert response.status_code == 200 and trainee.full_name in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["leader", "finance", "ministry", "admin", "commune_officer", "outsider"])
def test_no_one_but_the_courses_staff_gets_a_certificate(world, certified, client, persona):
    course, (hang, _uoc) = certified
    client.force_login(world.personas[persona])
    for url in (
        reverse("activities:course_certificates", args=[course.pk]),
        reverse("activities:course_certificates_pdf", args=[course.pk]),
        reverse("activities:trainee_certificate", args=[hang.pk]),
        reverse("activities:trainee_certificate_pdf", args=[hang.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404), (persona, url)
        assert hang.full_name not in response.content.decode(errors="ignore")

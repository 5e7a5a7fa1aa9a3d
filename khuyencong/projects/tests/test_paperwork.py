"""The pre-filled papers (docs/self-service.md, "Pre-filled papers"): every filled value reads back
exactly from the Word file, blanks are dotted lines (never "None"), and only those who may see the
project may download them."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document as WordDocument
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import legacy_commune, login
from khuyencong.projects import paperwork
from khuyencong.registry.models import Establishment, Product
from khuyencong.tests.wordfiles import texts
from khuyencong.vnformat import grouped, millions

from .conftest import M, draft_project

pytestmark = pytest.mark.django_db

LONG_NAME = (
    "Hợp tác xã Sản xuất và Kinh doanh Mây tre đan Xuất khẩu Truyền thống Làng nghề "
    "Phú Vinh Ngọc Đồng Thượng Hưởng Ưu đãi Đặc biệt"
)


def awkward(programme, personas, registry, **overrides):
    est = registry["home"]
    today_commune = est.commune  # the project's place stays today's, whatever the record says
    est.name = overrides.get("name", LONG_NAME)
    est.representative = overrides.get("representative", "Nguyễn Thị Phượng Hoàng Ngọc Diệp")
    est.phone = overrides.get("phone", "0221 3 862 345")
    est.address = overrides.get("address", "Thôn Đông Tảo Thượng, số nhà 128, ngõ 45, đường Nguyễn Văn Linh")
    est.trade = overrides.get("trade", "Mây tre đan")
    est.legal_form = Establishment.LegalForm.HOUSEHOLD
    est.commune = overrides.get("commune", est.commune)
    est.save()
    Product.objects.create(establishment=est, name="Giỏ mây xuất khẩu", group=Product.Group.choices[0][0])
    return draft_project(
        programme,
        personas,
        overrides.get("support", 341_700_000),
        overrides.get("counterpart", 455_600_000),
        title=overrides.get("title", "Hỗ trợ ứng dụng máy móc tiên tiến trong sản xuất sản phẩm mây tre đan"),
        applicant=est,
        commune=today_commune,
        start_on=datetime.date(2026, 3, 5),
        end_on=datetime.date(2026, 11, 30),
        description=overrides.get("description", "Đầu tư máy chẻ nan, máy vót nan tự động."),
    )


def word_text(content: bytes) -> str:
    return "\n".join(texts(WordDocument(io.BytesIO(content))))


def expected_values(project) -> list[str]:
    est = project.applicant
    return [
        est.name,
        est.get_legal_form_display(),
        est.address,
        est.commune.full_name(),
        est.representative,
        est.phone,
        est.tax_code,
        est.trade,
        project.title,
        project.activity_type.name,
        project.source.name,
        str(project.year),
        project.start_on.strftime("%d/%m/%Y"),
        project.end_on.strftime("%d/%m/%Y"),
        f"{grouped(project.total_amount)} đồng",
        f"{grouped(project.support_amount)} đồng",
        f"{grouped(project.counterpart_amount)} đồng",
        f"{millions(project.total_amount)} triệu đồng",
        f"{millions(project.support_amount)} triệu đồng",
    ]


def test_every_filled_field_reads_back_from_the_request_letter_and_proposal(programme, personas, registry):
    project = awkward(programme, personas, registry)
    for kind in ("request-letter", "proposal"):
        text = word_text(paperwork.to_docx(project, kind))
        for value in expected_values(project):
            assert value in text, (kind, value)
        assert "341.700.000 đồng" in text and "341,7 triệu đồng" in text
        assert "Giỏ mây xuất khẩu" in text
        assert "None" not in text


def estimate_rows(project) -> list[list[str]]:
    word = WordDocument(io.BytesIO(paperwork.to_docx(project, "estimate")))
    # The estimate's table is the one ending in its total row (the signer's block is a table too).
    table = next(t for t in word.tables if t.rows[-1].cells[1].text.startswith("Tổng"))
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_estimate_total_row_is_the_sum_of_its_lines(programme, personas, registry):
    project = awkward(programme, personas, registry)
    rows = estimate_rows(project)
    lines, total = rows[1:-1], rows[-1]
    assert sum(int(line[2].replace(".", "")) for line in lines) == int(total[2].replace(".", ""))
    assert total[2] == "797.300.000"
    # The share of the support and of the establishment's own money is said under the table.
    text = word_text(paperwork.to_docx(project, "estimate"))
    assert "Kinh phí khuyến công hỗ trợ: 341.700.000 đồng" in text
    assert "Vốn đối ứng của cơ sở: 455.600.000 đồng" in text


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amounts=st.lists(st.integers(min_value=0, max_value=2_000 * M), min_size=1, max_size=8))
def test_an_itemised_estimate_lists_each_line_and_totals_their_sum(programme, personas, registry, amounts):
    from khuyencong.projects.models import CostLine

    project = awkward(programme, personas, registry)
    CostLine.objects.bulk_create(
        CostLine(project=project, position=n, content=f"Khoản chi số {n}", amount=amount)
        for n, amount in enumerate(amounts, 1)
    )
    rows = estimate_rows(project)
    lines, total = rows[1:-1], rows[-1]
    assert [line[1] for line in lines] == [f"Khoản chi số {n}" for n in range(1, len(amounts) + 1)]
    assert [line[2] for line in lines] == [grouped(amount) for amount in amounts]
    assert total[2] == grouped(sum(amounts)) and total[3] == millions(sum(amounts))


def test_a_legacy_commune_is_shown_as_recorded_and_as_today(programme, personas, registry):
    old = legacy_commune("Huyện Yên Mỹ", "Xã Liêu Xá")
    project = awkward(programme, personas, registry, commune=old)
    text = word_text(paperwork.to_docx(project, "request-letter"))
    assert old.full_name() in text


def test_empty_optional_fields_are_dotted_lines(programme, personas, registry):
    project = awkward(programme, personas, registry, representative="", phone="", address="", trade="")
    project.start_on = project.end_on = None
    text = word_text(paperwork.to_docx(project, "request-letter"))
    assert "None" not in text
    assert f"Điện thoại: {paperwork.DOTS}" in text
    assert f"Thời gian bắt đầu: {paperwork.DOTS}" in text


vietnamese = (
    st.text(
        alphabet=st.sampled_from("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậềểễếệờởỡớợừửữứự ĐƯƠ"),
        min_size=1,
        max_size=120,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=vietnamese,
    representative=vietnamese,
    title=vietnamese,
    support=st.integers(min_value=0, max_value=5_000 * M),
    counterpart=st.integers(min_value=0, max_value=5_000 * M),
)
def test_random_records_fill_exactly(
    programme, personas, registry, name, representative, title, support, counterpart
):
    project = awkward(
        programme,
        personas,
        registry,
        name=name,
        representative=representative,
        title=title,
        support=support,
        counterpart=counterpart,
    )
    for kind in paperwork.KINDS:
        text = word_text(paperwork.to_docx(project, kind))
        assert "None" not in text
        assert project.applicant.name in text and project.title in text
        assert grouped(project.total_amount) in text
        assert project.status not in text.split()  # the status in words, never its code


@pytest.mark.parametrize("kind", paperwork.KINDS)
@pytest.mark.parametrize("suffix", ["paper", "paper_pdf"])
def test_who_may_download(client, programme, personas, registry, kind, suffix):
    project = awkward(programme, personas, registry)
    url = reverse(f"projects:{suffix}", args=[project.pk, kind])
    for who in ("establishment_rep", "centre_staff", "commune_officer"):
        response = login(client, personas[who]).get(url)
        assert response.status_code == 200, who
        client.logout()
    for who in ("other_officer", "other_province_staff", "outsider"):
        assert login(client, personas[who]).get(url).status_code in (403, 404), who
        client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_unknown_kind_is_not_found(client, programme, personas, registry):
    project = awkward(programme, personas, registry)
    url = reverse("projects:paper", args=[project.pk, "nothing"])
    assert login(client, personas["centre_staff"]).get(url).status_code == 404


def test_the_project_page_links_the_papers(client, programme, personas, registry):
    project = awkward(programme, personas, registry)
    page = login(client, personas["establishment_rep"]).get(reverse("projects:detail", args=[project.pk]))
    assert reverse("projects:paper", args=[project.pk, "proposal"]) in page.content.decode()

"""The acceptance's pre-filled papers (docs/self-service.md, "Pre-filled papers"): the report of the
results restates what the records hold (trainees of the project's courses, its monitoring visits),
the report of the work completed (Form 3b) lists the money received entry by entry with its sum,
and each is offered to the applicant only while the acceptance's papers may be sent."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document as WordDocument

from khuyencong.activities.models import Course, Trainee
from khuyencong.projects import paperwork
from khuyencong.projects.models import MonitoringVisit
from khuyencong.tests.wordfiles import texts
from khuyencong.vnformat import grouped

from .conftest import M, draft_project, running_project

pytestmark = pytest.mark.django_db


def word(content: bytes):
    return WordDocument(io.BytesIO(content))


def table_ending_in(document, first_cell_words: str):
    """The table whose caption row or header starts with the words (the signer's block is a table too)."""
    for table in document.tables:
        cells = [[cell.text for cell in row.cells] for row in table.rows]
        if any(first_cell_words in " ".join(row) for row in cells[:2]):
            return cells
    raise AssertionError(f"no table with {first_cell_words!r}")


@pytest.fixture
def in_progress(programme, personas, registry):
    return running_project(
        programme,
        personas,
        120 * M,
        40 * M,
        applicant=registry["home"],
        title="Đào tạo nghề mây tre đan",
        start_on=programme["today"] - datetime.timedelta(days=60),
        end_on=programme["today"] + datetime.timedelta(days=30),
    )


def test_the_result_report_states_the_records_trainees_and_visits(in_progress, personas, programme):
    today = programme["today"]
    course = Course.objects.create(
        project=in_progress,
        title="Lớp mây tre đan thôn Đông",
        trade="Mây tre đan",
        start_on=today - datetime.timedelta(days=40),
        end_on=today - datetime.timedelta(days=5),
        planned_trainees=3,
        created_by=personas["centre_staff"],
    )
    for n, completed in enumerate((True, True, False)):
        Trainee.objects.create(course=course, full_name=f"Học viên {n}", birth_year=1990, completed=completed)
    MonitoringVisit.objects.create(
        project=in_progress,
        visited_on=today - datetime.timedelta(days=20),
        visitors="Cán bộ xã Đông Tảo",
        findings="Lớp học đủ 3 học viên, có giáo trình",
    )
    document = word(paperwork.to_docx(in_progress, "result-report"))
    text = "\n".join(texts(document))
    assert "BÁO CÁO" in text and in_progress.title in text
    assert in_progress.applicant.name in text
    results = {row[1]: row[2] for row in table_ending_in(document, "Kết quả")[1:]}
    assert results["Học viên"] == "3"
    assert results["Học viên hoàn thành"] == "2"
    visits = table_ending_in(document, "Người kiểm tra")
    assert visits[-1][1:] == [
        (today - datetime.timedelta(days=20)).strftime("%d/%m/%Y"),
        "Cán bộ xã Đông Tảo",
        "Lớp học đủ 3 học viên, có giáo trình",
    ]
    # The contract's day is the day of the contract step.
    assert f"ký ngày {today.strftime('%d/%m/%Y')}" in text
    assert "None" not in text


def test_a_project_with_no_record_yet_leaves_dotted_lines_for_its_results(in_progress):
    text = "\n".join(texts(word(paperwork.to_docx(in_progress, "result-report"))))
    assert f"Kết quả đạt được: {paperwork.DOTS}" in text
    assert "chưa có lần kiểm tra nào" in text


def test_the_completion_report_lists_the_money_received_and_its_sum(in_progress, personas, programme):
    staff, today = personas["centre_staff"], programme["today"]
    in_progress.record_payment(staff, "advance", 50 * M, today, "TU-01")
    in_progress.record_payment(staff, "payment", 20 * M, today, "TT-02")
    document = word(paperwork.to_docx(in_progress, "completion-report"))
    received = table_ending_in(document, "Số chứng từ")
    lines, total = received[1:-1], received[-1]
    assert [line[3] for line in lines] == ["TU-01", "TT-02"]
    assert sum(int(line[4].replace(".", "")) for line in lines) == int(total[4].replace(".", ""))
    assert total[4] == grouped(70 * M)
    work = table_ending_in(document, "Nội dung công việc")
    assert work[1][1] == in_progress.title  # no itemised estimate: the project is its one line
    assert work[1][2] == grouped(in_progress.total_amount)
    # What was spent is the establishment's to write: no figure is made up for it.
    assert work[1][3] == ""
    text = "\n".join(texts(document))
    assert f"hỗ trợ được duyệt: {grouped(in_progress.approved_support)} đồng" in text


def test_the_completion_report_lists_the_estimates_lines(in_progress):
    from khuyencong.projects.models import CostLine

    CostLine.objects.create(project=in_progress, position=1, content="Máy vót nan", amount=100 * M)
    CostLine.objects.create(project=in_progress, position=2, content="Thuê thợ dạy", amount=60 * M)
    work = table_ending_in(word(paperwork.to_docx(in_progress, "completion-report")), "Nội dung công việc")
    assert [row[1:3] for row in work[1:-1]] == [
        ["Máy vót nan", grouped(100 * M)],
        ["Thuê thợ dạy", grouped(60 * M)],
    ]
    assert work[-1][2] == grouped(160 * M)


def test_the_applicant_is_offered_the_papers_of_the_stage_now_open(client, personas, programme, registry):
    client.force_login(personas["establishment_rep"])
    draft = draft_project(programme, personas, 30 * M, applicant=registry["home"], title="Lò sấy chè")
    page = client.get(reverse("portal:my_project", args=[draft.pk])).content.decode()
    assert reverse("projects:paper", args=[draft.pk, "proposal"]) in page
    assert reverse("projects:paper", args=[draft.pk, "result-report"]) not in page

    running = running_project(programme, personas, 40 * M, applicant=registry["home"], title="Máy sấy")
    page = client.get(reverse("portal:my_project", args=[running.pk])).content.decode()
    for kind in ("result-report", "completion-report"):
        assert reverse("projects:paper", args=[running.pk, kind]) in page
    assert reverse("projects:paper", args=[running.pk, "proposal"]) not in page
    # The acceptance's report still to send offers its own pre-filled form next to it.
    report = running.dossier_items.get(stage="acceptance", name__startswith="Báo cáo tổng hợp kết quả")
    assert report.requirement.prefilled_kinds() == ["result-report"]
    block = page[page.index(f'id="paper-{report.pk}"') :]
    block = block[: block.index("</li>")]
    assert reverse("projects:paper", args=[running.pk, "result-report"]) in block
    assert report.requirement.explanation in block
    # The representative downloads it (the scope matrix refuses it to everyone outside the project).
    response = client.get(reverse("projects:paper", args=[running.pk, "completion-report"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd")


def test_centre_staff_are_offered_every_paper(client, personas, in_progress):
    client.force_login(personas["centre_staff"])
    page = client.get(reverse("projects:detail", args=[in_progress.pk])).content.decode()
    for kind in paperwork.KINDS:
        assert reverse("projects:paper", args=[in_progress.pk, kind]) in page
        assert reverse("projects:paper_pdf", args=[in_progress.pk, kind]) in page


def test_the_centre_is_addressed_with_the_provinces_kind_in_lower_case(in_progress):
    for kind in ("request-letter", "result-report", "completion-report"):
        text = "\n".join(texts(word(paperwork.to_docx(in_progress, kind))))
        assert "Kính gửi: Trung tâm Khuyến công tỉnh Hưng Yên" in text, kind


def test_centre_staff_read_the_estimates_lines_on_the_project_page(client, personas, in_progress):
    from khuyencong.projects.models import CostLine

    CostLine.objects.create(project=in_progress, position=1, content="Máy vót nan", amount=100 * M)
    client.force_login(personas["centre_staff"])
    page = client.get(reverse("projects:detail", args=[in_progress.pk])).content.decode()
    assert "Máy vót nan: 100.000.000" in page

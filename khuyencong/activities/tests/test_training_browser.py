"""A course run on a 375 px phone, in a real Chromium: Centre staff add a course from the project's
page, import its trainee list (one bad row reported, nothing written before confirming), add a
trainee by hand, take a session's attendance and record the results; the project's outputs count
them and the leader's acceptance record states them; no page scrolls sideways."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from khuyencong.activities.models import Course, Trainee
from khuyencong.activities.outputs import outputs_by_project
from khuyencong.projects.tests.conftest import M, programme, running_project  # noqa: F401 (a fixture)
from khuyencong.registry.tests.test_browser import log_in
from khuyencong.registry.tests.workbooks import workbook_bytes
from khuyencong.tests.world import pdf_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "vi-VN"}


def fits(page) -> bool:
    page.wait_for_load_state()
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_centre_staff_run_a_course_on_a_phone(live_server, page, personas, programme):  # noqa: F811
    project = running_project(programme, personas, 40 * M, title="Đào tạo nghề thêu ren")
    base = live_server.url
    today = datetime.date.today()
    log_in(page, base, personas["centre_staff"].username)

    page.goto(f"{base}/projects/{project.pk}/")
    page.locator(f"a[href='/activities/projects/{project.pk}/courses/new/']").click()
    # The click only starts the navigation: measuring before the new page is there reads no document.
    expect(page).to_have_url(re.compile(rf"/activities/projects/{project.pk}/courses/new/$"))
    assert fits(page)
    page.fill("#id_title", "Lớp thêu ren thôn Đông")
    page.fill("#id_trade", "Thêu ren")
    page.fill("#id_start_on", (today - datetime.timedelta(days=5)).strftime("%d/%m/%Y"))
    page.fill("#id_end_on", today.strftime("%d/%m/%Y"))
    page.fill("#id_planned_trainees", "25")
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Lớp thêu ren thôn Đông")
    assert fits(page)
    course = Course.objects.get(project=project)

    # The list as a commune sends it: title rows, a numbered header, one row with no year of birth.
    rows = [
        ["DANH SÁCH HỌC VIÊN LỚP THÊU REN"],
        ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Xã/Phường"],
        [1, "Nguyễn Thị Lan", 1992, "Nữ", ""],
        [2, "Trần Văn Bình", "không rõ", "Nam", ""],
        [3, "Phạm Thị Hoa", "12/03/1990", "Nữ", ""],
    ]
    page.goto(f"{base}/activities/courses/{course.pk}/")
    page.get_by_role("link", name="Nhập danh sách học viên").click()
    expect(page.locator("#id_file")).to_be_attached()
    assert fits(page)
    page.set_input_files(
        "#id_file", files=[{"name": "hoc-vien.xlsx", "mimeType": XLSX, "buffer": workbook_bytes(rows)}]
    )
    page.click("main form button[type=submit]")
    expect(page.locator("#invalid-rows")).to_contain_text("4")  # the bad row, by its row number
    expect(page.locator("#valid-rows")).to_contain_text("Phạm Thị Hoa")
    assert fits(page)
    assert not Trainee.objects.filter(course=course).exists()  # nothing written before confirming
    page.get_by_role("button", name=re.compile("Nhập các dòng hợp lệ")).click()
    expect(page.get_by_role("status").filter(has_text="Về trang lớp học")).to_be_visible()
    names = set(Trainee.objects.filter(course=course).values_list("full_name", flat=True))
    assert names == {"Nguyễn Thị Lan", "Phạm Thị Hoa"}  # the bad row was not half-written

    page.goto(f"{base}/activities/courses/{course.pk}/trainees/new/")
    page.fill("#id_full_name", "Đỗ Văn Minh")
    page.fill("#id_birth_year", "1992")
    assert fits(page)
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Lớp thêu ren thôn Đông")
    assert fits(page)

    page.goto(f"{base}/activities/courses/{course.pk}/sessions/new/")
    page.fill("#id_held_on", (today - datetime.timedelta(days=4)).strftime("%d/%m/%Y"))
    page.fill("#id_topic", "Khai giảng")
    page.click("main form button[type=submit]")
    minh = page.get_by_label("Đỗ Văn Minh")
    expect(minh).to_be_checked()  # everyone present by default
    assert fits(page)
    minh.uncheck()
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Lớp thêu ren thôn Đông")

    page.goto(f"{base}/activities/courses/{course.pk}/results/")
    assert fits(page)
    lan = Trainee.objects.get(full_name="Nguyễn Thị Lan")
    page.check(f"#id_t{lan.pk}-completed")
    page.fill(f"#id_t{lan.pk}-certificate_number", "TR-01")
    page.check(f"#id_t{lan.pk}-employed")
    page.fill(f"#id_t{lan.pk}-employed_at", "Cơ sở thêu Đông Hưng")
    page.click("main form button[type=submit]")
    expect(page.locator(f"#id_t{lan.pk}-certificate_number")).to_have_value("TR-01")

    counts = outputs_by_project([project.pk])[project.pk]
    assert (counts["trainees"], counts["trainees_completed"], counts["employed_after_training"]) == (3, 1, 1)
    page.goto(f"{base}/projects/{project.pk}/")
    expect(page.get_by_text("3 / 25")).to_be_visible()
    assert fits(page)
    page.goto(f"{base}/activities/trainees/")
    expect(page.get_by_text("Nguyễn Thị Lan")).to_be_visible()
    assert fits(page)

    # The leader accepts: the acceptance form shows the counts of the records and does not take typed ones.
    project.request_acceptance(personas["centre_staff"])
    for item in project.dossier_items.filter(stage="acceptance", required=True):
        item.attach(ContentFile(pdf_bytes(), name="bien-ban.pdf"), personas["centre_staff"])
    page.context.clear_cookies()
    log_in(page, base, personas["leader"].username)
    page.goto(f"{base}/projects/{project.pk}/step/accept/")
    expect(page.locator("#id_trainees")).to_be_disabled()
    expect(page.locator("#id_trainees")).to_have_value("3")
    assert fits(page)
    page.fill("#id_accepted_on", today.strftime("%d/%m/%Y"))
    page.fill("#id_record_number", "BB-NT-01")
    page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text("BB-NT-01")
    acceptance = type(project).objects.get(pk=project.pk).acceptance
    assert (acceptance.trainees, acceptance.trainees_completed, acceptance.employed_after_training) == (
        3,
        1,
        1,
    )
    assert fits(page)

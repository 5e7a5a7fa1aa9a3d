"""A course run on a 375 px phone, in a real Chromium: Centre staff add a course from the project's
page, a trainee, a session with its attendance and the results, and the project's outputs count them;
no page scrolls sideways."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from khuyencong.activities.models import Course, Trainee
from khuyencong.activities.outputs import outputs_by_project
from khuyencong.projects.tests.conftest import M, programme, running_project  # noqa: F401 (a fixture)
from khuyencong.registry.tests.test_browser import log_in

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "vi-VN"}


def fits(page) -> bool:
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

    for name in ("Nguyễn Thị Lan", "Đỗ Văn Minh"):
        page.goto(f"{base}/activities/courses/{course.pk}/trainees/new/")
        page.fill("#id_full_name", name)
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
    assert (counts["trainees"], counts["trainees_completed"], counts["employed_after_training"]) == (2, 1, 1)
    page.goto(f"{base}/projects/{project.pk}/")
    expect(page.get_by_text("2 / 25")).to_be_visible()
    assert fits(page)
    page.goto(f"{base}/activities/trainees/")
    expect(page.get_by_text("Nguyễn Thị Lan")).to_be_visible()
    assert fits(page)

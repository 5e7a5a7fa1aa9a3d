"""On a 375 px phone in a real Chromium: the commune officer files a need for an establishment, then
records a visit whose first sends fail (a photo refused, then no connection) and is resent with the
typed text intact, making one visit."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from khuyencong.projects.models import MonitoringVisit
from khuyencong.projects.tests.conftest import M, programme, running_project  # noqa: F401
from khuyencong.registry.models import Need
from khuyencong.registry.tests.test_browser import PHONE, log_in, no_sideways_scroll
from khuyencong.tests.samples import image_bytes


def png_bytes() -> bytes:
    return image_bytes("PNG")


@pytest.fixture
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": PHONE,
        "locale": "vi-VN",
        "geolocation": {"latitude": 20.646, "longitude": 106.051, "accuracy": 15},
        "permissions": ["geolocation"],
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_files_a_need_and_resends_a_failed_visit(live_server, page, personas, registry, programme):  # noqa: F811
    project = running_project(
        programme, personas, 30 * M, commune=registry["home"].commune, title="Mô hình tại xã"
    )
    base = live_server.url
    log_in(page, base, personas["commune_officer"].username)

    page.goto(f"{base}/portal/needs/new/")
    assert no_sideways_scroll(page)
    page.check("input[name=help][value=machines]")
    page.fill("#id_why", "Máy cắt cũ đã hỏng")
    page.fill("#id_cost", "150")
    page.select_option("#id_establishment", str(registry["home"].pk))
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/portal/commune/(\?.*)?$"))
    need = Need.objects.get(description="Máy cắt cũ đã hỏng")
    assert need.collected_by == Need.Collector.COMMUNE_OFFICER and need.estimated_cost == 150 * M

    assert no_sideways_scroll(page)
    page.click(f"a[href^='/portal/commune/projects/{project.pk}/visit/']")
    page.fill("#id_findings", "Máy đã lắp, đang chạy thử")
    page.fill("#id_follow_up", "Kiểm tra lại sau một tháng")
    page.click("#visit-locate")
    expect(page.locator("#visit-position")).to_contain_text("15")
    page.set_input_files(
        "#id_photos",
        [
            {"name": "xuong.png", "mimeType": "image/png", "buffer": png_bytes()},
            {"name": "hoa-don.jpg", "mimeType": "image/jpeg", "buffer": b"%PDF-1.4 not a photo"},
        ],
    )
    page.click("#visit-send")
    # The server refused the bad photo: it is named, and the text is still there.
    expect(page.locator(".alert-danger")).to_contain_text("hoa-don.jpg")
    expect(page.locator("#id_findings")).to_have_value("Máy đã lắp, đang chạy thử")
    assert no_sideways_scroll(page)
    assert not MonitoringVisit.objects.exists()

    # Now the connection drops: the form says so and keeps everything.
    page.set_input_files(
        "#id_photos", [{"name": "xuong.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.context.set_offline(True)
    page.click("#visit-send")
    expect(page.locator("#visit-send-failed")).to_be_visible()
    expect(page.locator("#id_findings")).to_have_value("Máy đã lắp, đang chạy thử")

    page.context.set_offline(False)
    page.click("#visit-send")
    expect(page).to_have_url(re.compile(r"/portal/commune/(\?.*)?$"))
    # The confirmation names the project, on the page the officer came back to (a redirect followed
    # inside the script's fetch used it up before).
    expect(page.locator(".alert-success")).to_contain_text("Mô hình tại xã")
    expect(page.locator(".alert-success")).to_contain_text(timezone.localdate().strftime("%d/%m/%Y"))
    visit = MonitoringVisit.objects.get(project=project)
    assert visit.findings == "Máy đã lắp, đang chạy thử"
    assert visit.follow_up == "Kiểm tra lại sau một tháng"
    assert visit.photos.count() == 1 and visit.latitude is not None and visit.position_accuracy == 15
    # The phone forgot the draft once the visit was saved.
    assert page.evaluate(f"localStorage.getItem('visit-{project.pk}')") is None

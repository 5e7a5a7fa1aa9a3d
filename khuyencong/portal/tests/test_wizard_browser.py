"""The guided application on a 375-px phone, in a real Chromium: from the call to the application sent,
with the cap shown live while the amounts are typed. Selectors use ids and roles, not words: the
Vietnamese catalogue of these pages is merged by the lead (docs/self-service.md)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from khuyencong.portal.applying import Application
from khuyencong.projects.models import Project
from khuyencong.registry.tests.test_browser import PHONE, log_in, no_sideways_scroll
from khuyencong.tests.samples import pdf_bytes

from .test_calls import make_call

PDF = pdf_bytes()


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "vi-VN"}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_representative_applies_through_the_wizard_on_a_phone(live_server, page, personas, registry):
    call = make_call()
    base = live_server.url
    page.goto(f"{base}/portal/calls/")
    assert no_sideways_scroll(page)
    log_in(page, base, personas["establishment_rep"].username)
    page.goto(f"{base}/portal/calls/{call.pk}/")
    page.click(f"main form[action$='/portal/calls/{call.pk}/apply/'] button[type=submit]")
    application = Application.objects.get(call=call)
    page.select_option("#id_activity_type", "3")
    page.click("main form button[type=submit]")
    expect(page.locator("#id_title")).to_be_visible()
    page.fill("#id_title", "Mua máy chẻ tre")
    page.fill("#id_description", "Mua một máy, dạy 5 thợ")
    page.fill("#id_place", "Xưởng thôn 3")
    page.fill("#id_start_on", "01/03/2026")
    page.fill("#id_end_on", "30/09/2026")
    assert no_sideways_scroll(page)
    page.click("main form button[type=submit]")
    expect(page.locator("#id_total")).to_be_visible()
    page.select_option("#id_item", "machinery")
    page.fill("#id_total", "1000")
    page.fill("#id_own", "600")
    page.fill("#id_support", "400")
    expect(page.locator("#cap-check")).to_contain_text("300")  # the cap of today's rows, live
    expect(page.locator("#cap-check [role=alert]")).to_be_visible()
    assert no_sideways_scroll(page)
    page.fill("#id_own", "700")
    page.fill("#id_support", "300")
    expect(page.locator("#cap-check [role=alert]")).to_have_count(0)
    page.click("main form button[type=submit]")
    expect(page.locator("input[type=file]").first).to_be_visible()
    application.refresh_from_db()
    project = application.project
    for item in project.dossier_items.filter(stage="application", required=True):
        form = page.locator(f"main form:has(input[name=item][value='{item.pk}'])")
        form.locator("input[type=file]").set_input_files(
            files=[{"name": "ho-so.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        form.locator("button[type=submit]").click()
        expect(page.locator("main")).to_be_visible()
    assert no_sideways_scroll(page)
    page.click("main a[href='?next=1']")
    page.click("main form button[type=submit]")
    expect(page).to_have_url(f"{base}/portal/projects/{project.pk}/")
    project.refresh_from_db()
    assert project.status == Project.Status.SUBMITTED
    assert project.support_amount == 300_000_000


# Raw codes and internal notes an establishment must never read on the wizard's pages.
NEVER_SHOWN = ("machinery", "request-letter", "chưa xác định", "chưa đối chiếu", "not yet checked", "None")


def _look(page, name: str, width: int) -> None:
    """No sideways scroll, nothing internal; a screenshot when WALK_SHOTS names a folder."""
    import os
    from pathlib import Path

    assert no_sideways_scroll(page), (name, width)
    text = page.locator("main").inner_text()
    for word in NEVER_SHOWN:
        assert word not in text, (name, width, word)
    folder = os.environ.get("WALK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{width}-{name}.png", full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [375, 1024])
def test_every_wizard_page_reads_at_a_phone_and_a_desk_width(live_server, page, personas, registry, width):
    page.set_viewport_size({"width": width, "height": 800})
    call = make_call()
    base = live_server.url
    log_in(page, base, personas["establishment_rep"].username)
    page.goto(f"{base}/portal/calls/{call.pk}/")
    _look(page, "call", width)
    page.click(f"main form[action$='/portal/calls/{call.pk}/apply/'] button[type=submit]")
    application = Application.objects.get(call=call)
    _look(page, "1-eligibility", width)
    page.select_option("#id_activity_type", "3")
    page.click("main form button[type=submit]")
    expect(page.locator("#id_title")).to_be_visible()
    page.fill("#id_title", "Mua máy chẻ tre")
    page.fill("#id_description", "Mua một máy, dạy 5 thợ")
    page.fill("#id_start_on", "01/03/2026")
    page.fill("#id_end_on", "01/01/2026")  # before the start: refused, what was typed kept
    page.click("main form button[type=submit]")
    expect(page.locator("#id_title")).to_have_value("Mua máy chẻ tre")
    _look(page, "2-proposal-error", width)
    page.fill("#id_end_on", "30/09/2026")
    page.click("main form button[type=submit]")
    expect(page.locator("#id_total")).to_be_visible()
    expect(page.locator("#cap-check")).not_to_contain_text(" 0 ")
    _look(page, "3-budget-empty", width)
    page.select_option("#id_item", "machinery")
    page.fill("#id_total", "1.380")
    page.fill("#id_own", "1.000")
    page.fill("#id_support", "380")
    expect(page.locator("#cap-check [role=alert]")).to_be_visible()
    _look(page, "3-budget-live-over", width)
    page.click("main form button[type=submit]")
    expect(page.locator("#id_support")).to_have_value("380")
    expect(page.locator("#id_total")).to_have_value("1.380")
    _look(page, "3-budget-error", width)
    page.fill("#id_own", "1.080")
    page.fill("#id_support", "300")
    page.click("main form button[type=submit]")
    expect(page.locator("input[type=file]").first).to_be_visible()
    _look(page, "4-papers", width)
    expect(page.locator("main")).to_contain_text("Lá đơn cơ sở gửi để xin hỗ trợ")  # the row's plain words
    application.refresh_from_db()
    item = application.project.dossier_items.filter(stage="application", required=True).first()
    form = page.locator(f"main form:has(input[name=item][value='{item.pk}'])")
    form.locator("input[type=file]").set_input_files(
        files=[{"name": "ghi-chu.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf"}]
    )
    form.locator("button[type=submit]").click()
    expect(page.locator("main [role=alert]").first).to_be_visible()
    _look(page, "4-papers-refused", width)
    page.goto(f"{base}/portal/applications/{application.pk}/review/")
    _look(page, "5-review", width)

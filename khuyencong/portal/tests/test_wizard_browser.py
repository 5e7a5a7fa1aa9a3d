"""The guided application's pages at 375 and 1024 px, in a real Chromium: what was typed is kept after
an error, the cap is shown live while the amounts are typed and never as 0, nothing internal shows.
The application from the call to its sending is part of the household's whole journey
(test_journey_browser.py). Selectors use ids and roles, not words."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from khuyencong.portal.applying import Application
from khuyencong.registry.tests.test_browser import PHONE, log_in, no_sideways_scroll
from khuyencong.tests.samples import pdf_bytes

from .test_calls import make_call

PDF = pdf_bytes()


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "vi-VN"}


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
    page.get_by_role("button", name="Lưu và tiếp tục").click()  # "Thêm một dòng" is a button too
    expect(page.locator("#id_support")).to_have_value("380")
    expect(page.locator("#id_total")).to_have_value("1.380")
    _look(page, "3-budget-error", width)
    page.fill("#id_own", "1.080")
    page.fill("#id_support", "300")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
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

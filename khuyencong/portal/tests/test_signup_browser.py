"""Sign-up and claim on a 375 px phone, in a real Chromium: a household owner signs up by phone
(the code read from the stored SMS), finds and claims their registry record, the commune officer
confirms, and the owner sees their establishment on the portal's home page."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page, expect

from khuyencong.accounts.models import Message
from khuyencong.registry.tests.test_browser import log_in, no_sideways_scroll
from khuyencong.tests.test_page_sweep import _axe

PHONE = {"width": 375, "height": 800}


def fits(page: Page, found: list[str]) -> bool:
    """No sideways scroll; WCAG 2.1 A/AA violations (axe-core, as the page sweep runs it) gathered."""
    page.evaluate(AXE_SCRIPT)
    found += [f"{page.url}: {v}" for v in _axe(page)]
    return no_sideways_scroll(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_household_owner_signs_up_claims_and_is_confirmed_on_a_phone(live_server, page, personas, registry):
    base = live_server.url
    page.set_viewport_size(PHONE)
    violations: list[str] = []
    page.goto(f"{base}/portal/")
    assert fits(page, violations)
    page.click("main a[href='/portal/signup/']")
    page.fill("#id_contact", "0912.345.678")
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/portal/signup/verify/$"))
    code = re.search(r"\b(\d{6})\b", Message.objects.get(channel="sms", address="0912345678").body).group(1)
    page.fill("#id_code", code)
    page.fill("#id_full_name", "Nguyễn Thị Hoa")
    page.fill("#id_password1", "Lua-nep-cai-hoa-vang-7")
    page.fill("#id_password2", "Lua-nep-cai-hoa-vang-7")
    assert fits(page, violations)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/portal/claim/$"))

    # Find the record by name in the commune, picked by keyboard without diacritics.
    page.fill("#id_name", "co so home")
    page.fill("#id_commune", "pho hien")
    expect(page.get_by_role("option", name=re.compile("Phường Phố Hiến")).first).to_be_visible()
    page.press("#id_commune", "ArrowDown")
    page.press("#id_commune", "Enter")
    page.click("main form[method=get] button[type=submit]")
    expect(page.locator("#found")).to_contain_text("Cơ sở home")
    assert fits(page, violations)
    page.fill("#found textarea[name=note]", "Tôi là chủ hộ")
    page.click("#found form button[type=submit]")
    expect(page.locator("#claim-status")).to_contain_text("Cơ sở home")

    # The commune officer confirms, on their own phone.
    officer = page.context.browser.new_context(viewport=PHONE).new_page()
    log_in(officer, base, personas["commune_officer"].username)
    officer.goto(f"{base}/portal/claims/")
    officer.click("main a[href^='/portal/claims/']")
    assert fits(officer, violations)
    officer.click("#confirm-claim")
    expect(officer).to_have_url(re.compile(r"/portal/claims/$"))

    page.goto(f"{base}/portal/")
    card = page.locator(f"[data-establishment='{registry['home'].pk}']")
    expect(card).to_contain_text("Cơ sở home")
    assert fits(page, violations)
    card.locator(f"a[href='/registry/establishments/{registry['home'].pk}/edit/']").click()
    expect(page.locator("#id_name")).to_have_value("Cơ sở home")
    assert fits(page, violations)
    assert Message.objects.filter(recipient__username="0912345678", channel="sms").exists()
    assert violations == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_declining_asks_first_and_a_dismissed_dialog_changes_nothing(live_server, page, personas, registry):
    from conftest import make_user
    from khuyencong.portal.claims import Claim

    claim = Claim.make(make_user("0987654321"), establishment=registry["home"])
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, personas["commune_officer"].username)
    page.goto(f"{live_server.url}/portal/claims/{claim.pk}/")
    page.fill("#id_reason", "Không phải chủ cơ sở")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#decline-claim")
    page.wait_for_timeout(300)
    claim.refresh_from_db()
    assert claim.status == "pending"
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#decline-claim")
    expect(page).to_have_url(re.compile(r"/portal/claims/$"))
    claim.refresh_from_db()
    assert (claim.status, claim.reason) == ("declined", "Không phải chủ cơ sở")

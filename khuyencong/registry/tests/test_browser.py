"""The commune officer's journey on a phone, in a real Chromium."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from khuyencong.registry.models import Establishment

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "vi-VN"}


def log_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_commune_officer_registers_searches_and_is_kept_in_own_commune(live_server, page, personas, registry):
    base = live_server.url
    log_in(page, base, personas["commune_officer"].username)

    page.goto(f"{base}/registry/establishments/new/")
    assert no_sideways_scroll(page)
    page.fill("#id_name", "Hộ kinh doanh Đặng Văn Hùng")
    page.select_option("#id_legal_form", "household")
    page.fill("#id_representative", "Đặng Văn Hùng")
    # An officer of one commune is offered that commune (and the pre-2025 ones merged into it), chosen.
    expect(page.locator("#id_commune")).to_have_value(str(registry["home"].commune_id))
    offered = page.locator("#id_commune option").all_text_contents()
    assert all("Tân Hưng" not in text for text in offered) and len(offered) <= 30
    page.fill("#id_trade", "Mây tre đan")
    page.click("main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Hộ kinh doanh Đặng Văn Hùng")
    created = Establishment.objects.get(name="Hộ kinh doanh Đặng Văn Hùng")
    assert created.current_commune == registry["home"].current_commune

    page.click(f"a[href='/registry/establishments/{created.pk}/needs/new/']")
    training = page.locator("#id_activity_type option", has_text="Đào tạo nghề").get_attribute("value")
    page.select_option("#id_activity_type", training)
    page.fill("#id_description", "Đào tạo nghề mây tre đan cho 20 lao động")
    page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text("Đào tạo nghề")
    assert created.needs.count() == 1

    page.goto(f"{base}/registry/establishments/")
    page.fill("input[name=q]", "dang van hung")
    page.keyboard.press("Enter")
    result = page.get_by_role("link", name="Hộ kinh doanh Đặng Văn Hùng")
    expect(result).to_be_visible()
    assert no_sideways_scroll(page)

    other = registry["other"]
    response = page.goto(f"{base}/registry/establishments/{other.pk}/")
    assert response.status == 404
    assert other.name not in page.content()


def test_province_staff_pick_a_commune_by_keyboard_without_diacritics(live_server, page, personas):
    base = live_server.url
    log_in(page, base, personas["centre_staff"].username)
    page.goto(f"{base}/registry/establishments/new/")
    # The unit picker, by keyboard: type without diacritics, arrow down, Enter.
    page.fill("#id_commune", "pho hien")
    expect(page.get_by_role("option", name=re.compile("Phường Phố Hiến")).first).to_be_visible()
    page.press("#id_commune", "ArrowDown")
    page.press("#id_commune", "Enter")
    expect(page.locator("#id_commune")).to_have_value(re.compile("^Phường Phố Hiến"))

"""The menu holds on one line at 1024 px, and days read dd/mm/yyyy in an English browser."""

import pytest
from playwright.sync_api import expect

from khuyencong.registry.tests.test_browser import log_in

DESKTOP = {"width": 1024, "height": 768}


@pytest.fixture
def browser_context_args(browser_context_args):
    # An English browser: a native date box would show mm/dd/yyyy here.
    return {**browser_context_args, "viewport": DESKTOP, "locale": "en-US"}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", ["admin", "centre_staff", "establishment_rep"])
def test_the_menu_fits_on_one_line_at_1024_px(live_server, page, personas, who):
    log_in(page, live_server.url, personas[who].username)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(page.locator(".navbar-toggler")).to_be_hidden()  # the menu is open, not folded
    tops = page.evaluate(
        "[...document.querySelectorAll('#nav > ul > li, #nav > form, #nav > a')]"
        ".filter(e => e.offsetParent).map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert tops and max(tops) - min(tops) < 12, tops  # one line, not wrapped
    assert page.evaluate("document.querySelector('nav').getBoundingClientRect().height") < 70


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_day_box_reads_dd_mm_yyyy_in_an_english_browser(live_server, page, personas):
    log_in(page, live_server.url, personas["centre_staff"].username)
    page.goto(f"{live_server.url}/registry/villages/new/")
    day = page.locator("#id_recognition_date")
    assert day.get_attribute("type") == "text"
    assert day.get_attribute("placeholder") == "dd/mm/yyyy"
    day.fill("30/09/2015")
    assert day.input_value() == "30/09/2015"
    assert page.evaluate("document.querySelector('#id_recognition_date').checkValidity()")
    day.fill("30/09/15")  # a two-digit year is refused before sending
    assert not page.evaluate("document.querySelector('#id_recognition_date').checkValidity()")

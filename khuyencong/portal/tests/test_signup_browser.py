"""Claims on a 375 px phone, in a real Chromium: declining one asks first. Signing up, claiming and the
officer's confirmation are part of the household's whole journey (test_journey_browser.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from khuyencong.registry.tests.test_browser import log_in

PHONE = {"width": 375, "height": 800}


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

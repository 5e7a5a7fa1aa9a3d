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

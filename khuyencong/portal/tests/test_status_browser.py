"""The establishment's pages on a 375 px phone and a 1024 px screen, in a real Chromium: a request for
papers arrives as a message, the badge counts it, the project page says what is missing and links
to sending it, and nothing scrolls sideways."""

import pytest
from playwright.sync_api import expect

from khuyencong.registry.tests.test_browser import log_in, no_sideways_scroll

from .test_status_pages import projects  # noqa: F401


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [375, 1024])
def test_a_request_for_papers_reads_on_a_phone_and_a_screen(live_server, page, personas, projects, width):  # noqa: F811
    staff, project = personas["centre_staff"], projects["ours"]
    project.submit(staff)
    project.start_appraisal(staff)
    item = project.dossier_items.filter(stage="application").first()
    item.review("rejected", staff, note="Bản chụp bị mờ")
    project.request_documents(staff, "Cần bản chụp rõ nét")  # told on commit: a transactional test
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server.url, personas["establishment_rep"].username)
    page.goto(f"{live_server.url}/portal/messages/")
    expect(page.locator("main")).to_contain_text("Cần bản chụp rõ nét")
    assert no_sideways_scroll(page)
    page.goto(f"{live_server.url}/portal/projects/{project.pk}/")
    expect(page.locator("main")).to_contain_text(item.name)
    assert no_sideways_scroll(page)
    page.locator(f"a[href='/projects/{project.pk}/dossier/{item.pk}/upload/']").click()
    expect(page).to_have_url(f"{live_server.url}/projects/{project.pk}/dossier/{item.pk}/upload/")
    page.goto(f"{live_server.url}/portal/projects/")
    expect(page.locator("main")).to_contain_text(project.title)
    assert no_sideways_scroll(page)

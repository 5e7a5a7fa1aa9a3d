"""The establishment's pages on a 1024 px screen, in a real Chromium: a request for papers arrives as a
message, the project page lists the papers asked for with their day, a refused file is said by its
paper, and nothing scrolls sideways. (The whole journey on a 375 px phone: test_journey_browser.py.)"""

import pytest
from playwright.sync_api import expect

from khuyencong.registry.tests.test_browser import log_in, no_sideways_scroll
from khuyencong.tests.samples import image_bytes

from .test_status_pages import _ask_for_papers, projects  # noqa: F401


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_request_for_papers_reads_and_is_answered_on_a_screen(
    live_server,
    page,
    personas,
    projects,  # noqa: F811
    tmp_path,
):
    project = projects["ours"]
    item, due = _ask_for_papers(personas["centre_staff"], project)  # told on commit: a transactional test
    page.set_viewport_size({"width": 1024, "height": 800})
    log_in(page, live_server.url, personas["establishment_rep"].username)
    page.goto(f"{live_server.url}/portal/messages/")
    expect(page.locator("main")).to_contain_text("Cần bản chụp rõ nét")
    expect(page.locator("main")).to_contain_text(due.strftime("%d/%m/%Y"))
    assert no_sideways_scroll(page)
    page.goto(f"{live_server.url}/portal/projects/{project.pk}/")
    paper = page.locator(f"#paper-{item.pk}")
    expect(paper).to_contain_text(item.name)
    expect(paper).to_contain_text(due.strftime("%d/%m/%Y"))
    assert no_sideways_scroll(page)
    # A file that is not what its name says is refused where it was sent, by its paper's name.
    fake = tmp_path / "giay-to.jpg"
    fake.write_bytes(b"this is not a photo")
    paper.locator("input[type=file]").set_input_files(str(fake))
    paper.get_by_role("button", name="Gửi giấy này").click()
    expect(page.locator(f"#paper-{item.pk}")).to_contain_text("giay-to.jpg")
    photo = tmp_path / "giay-to.png"
    photo.write_bytes(image_bytes("PNG"))
    page.locator(f"#paper-{item.pk} input[type=file]").set_input_files(str(photo))
    page.locator(f"#paper-{item.pk}").get_by_role("button", name="Gửi giấy này").click()
    expect(page.locator(".alert-success")).to_contain_text(item.name)
    expect(page.locator(f"#paper-{item.pk}")).to_have_count(0)

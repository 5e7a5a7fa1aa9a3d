"""The household's whole journey on a 375-px phone, in a real Chromium (issue 12, "Must show").

A household business signs up by phone, claims its registry record (the commune officer confirms on
their phone), declares a need, applies to an open call through the wizard, is told that a paper is
missing, sends a photo of it, downloads its pre-filled đề án as Word, and sees the status change
after the Centre acts. The Centre's own steps are taken through the model methods, as its screens
are tested elsewhere (projects/tests).

On every page of the journey the words one must understand to go on (headings, labels, buttons,
links) hold none of the legal vocabulary (LEGAL_TERMS): the page may cite a rule, never ask for it;
and axe-core finds no WCAG 2.1 A/AA violation on it.
"""

from __future__ import annotations

import datetime
import io
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from docx import Document as WordDocument
from playwright.sync_api import Page, expect

from khuyencong.accounts.models import Message, User
from khuyencong.portal import plainwords
from khuyencong.portal.applying import Application
from khuyencong.projects.models import Status
from khuyencong.registry.models import Need
from khuyencong.registry.tests.test_browser import PHONE, log_in, no_sideways_scroll
from khuyencong.tests.samples import image_bytes, pdf_bytes
from khuyencong.tests.test_page_sweep import _axe

from .test_calls import make_call

# Words of the law a household owner should not need: the decree and circular names, and the
# procedure's terms of art (appraisal, acceptance, settlement, counterpart funds, beneficiaries).
LEGAL_TERMS = (
    "nghị định",
    "thông tư",
    "ttlt",
    "thẩm định",
    "nghiệm thu",
    "quyết toán",
    "đối ứng",
    "thụ hưởng",
)

# The words one acts on: headings, labels, legends, buttons and links of the page's main part.
WORDS_TO_ACT_ON = """() => [...document.querySelectorAll(
  'main h1, main h2, main h3, main label, main legend, main button, main a, main input[type=submit]'
)].map(el => el.innerText || el.value || '').join('\\n')"""


def plain(page: Page, seen: list[str]) -> None:
    """The page fits the phone, passes axe-core's WCAG 2.1 A/AA rules (as the page sweep runs them) and
    asks for no legal vocabulary; what it finds is kept for the report."""
    assert no_sideways_scroll(page), f"{page.url} scrolls sideways"
    words = page.evaluate(WORDS_TO_ACT_ON).lower()
    seen += [f"{page.url}: {term!r}" for term in LEGAL_TERMS if term in words]
    page.evaluate(AXE_SCRIPT)
    seen += [f"{page.url}: {violation}" for violation in _axe(page)]
    folder = os.environ.get("WALK_SHOTS")  # screenshots of the journey, for a person to look at
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=f"{folder}/journey-{len(list(Path(folder).glob('journey-*'))) + 1:02d}.png", full_page=True
        )


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "vi-VN", "accept_downloads": True}


def sign_up_and_claim(page: Page, base: str, personas, registry, seen: list[str]) -> User:
    page.goto(f"{base}/portal/")
    plain(page, seen)
    page.click("main a[href='/portal/signup/']")
    page.fill("#id_contact", "0912 345 678")
    plain(page, seen)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/portal/signup/verify/$"))
    code = re.search(r"\b(\d{6})\b", Message.objects.get(channel="sms", address="0912345678").body).group(1)
    page.fill("#id_code", code)
    page.fill("#id_full_name", "Nguyễn Thị Hoa")
    page.fill("#id_password1", "Lua-nep-cai-hoa-vang-7")
    page.fill("#id_password2", "Lua-nep-cai-hoa-vang-7")
    plain(page, seen)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/portal/claim/$"))
    page.fill("#id_name", "co so home")
    page.fill("#id_commune", "pho hien")
    expect(page.get_by_role("option", name=re.compile("Phường Phố Hiến")).first).to_be_visible()
    page.press("#id_commune", "ArrowDown")
    page.press("#id_commune", "Enter")
    page.click("main form[method=get] button[type=submit]")
    expect(page.locator("#found")).to_contain_text("Cơ sở home")
    plain(page, seen)
    page.fill("#found textarea[name=note]", "Tôi là chủ hộ")
    page.click("#found form button[type=submit]")
    expect(page.locator("#claim-status")).to_contain_text("Cơ sở home")
    # The commune officer confirms, on their own phone.
    officer = page.context.browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
    log_in(officer, base, personas["commune_officer"].username)
    officer.goto(f"{base}/portal/claims/")
    officer.click("main a[href^='/portal/claims/']")
    officer.click("#confirm-claim")
    expect(officer).to_have_url(re.compile(r"/portal/claims/$"))
    officer.context.close()
    # The owner now sees the establishment on the portal's home page, and may edit its details.
    page.goto(f"{base}/portal/")
    card = page.locator(f"[data-establishment='{registry['home'].pk}']")
    expect(card).to_contain_text("Cơ sở home")
    plain(page, seen)
    card.locator(f"a[href='/registry/establishments/{registry['home'].pk}/edit/']").click()
    expect(page.locator("#id_name")).to_have_value("Cơ sở home")
    return User.objects.get(phone="0912345678")


def declare_a_need(page: Page, base: str, seen: list[str]) -> None:
    page.goto(f"{base}/portal/")
    page.click("main a[href='/portal/needs/new/']")
    page.locator("input[name=help]").first.check()
    page.fill("#id_why", "Máy cũ hỏng, cần máy chẻ tre mới để kịp đơn hàng")
    page.fill("#id_cost", "150")
    plain(page, seen)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/portal/needs/$"))
    expect(page.locator("main")).to_contain_text("Máy cũ hỏng")
    plain(page, seen)


def apply_through_the_wizard(page: Page, base: str, call, seen: list[str]):
    today = datetime.date.today()
    page.goto(f"{base}/portal/calls/")
    page.click(f"main a[href='/portal/calls/{call.pk}/']")
    plain(page, seen)
    page.click(f"main form[action$='/portal/calls/{call.pk}/apply/'] button[type=submit]")
    page.select_option("#id_activity_type", "3")
    plain(page, seen)
    page.click("main form button[type=submit]")
    expect(page.locator("#id_title")).to_be_visible()
    page.fill("#id_title", "Mua máy chẻ tre")
    page.fill("#id_description", "Mua một máy chẻ tre, dạy 5 thợ dùng máy")
    page.fill("#id_place", "Xưởng thôn 3")
    page.fill("#id_start_on", (today + datetime.timedelta(days=30)).strftime("%d/%m/%Y"))
    page.fill("#id_end_on", (today + datetime.timedelta(days=200)).strftime("%d/%m/%Y"))
    plain(page, seen)
    page.click("main form button[type=submit]")
    expect(page.locator("#id_total")).to_be_visible()
    page.select_option("#id_item", "machinery")
    page.fill("#id_total", "200")
    page.fill("#id_own", "120")
    page.fill("#id_support", "80")
    expect(page.locator("#cap-check")).to_contain_text("triệu")  # the live check against the cap
    expect(page.locator("#cap-check [role=alert]")).to_have_count(0)
    plain(page, seen)
    page.get_by_role("button", name="Lưu và tiếp tục").click()  # "Thêm một dòng" is a button too
    expect(page.locator("input[type=file]").first).to_be_visible()
    plain(page, seen)
    project = Application.objects.get(call=call).project
    for item in project.dossier_items.filter(stage="application", required=True):
        form = page.locator(f"main form:has(input[name=item][value='{item.pk}'])")
        form.locator("input[type=file]").set_input_files(
            files=[{"name": "giay-to.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
        )
        form.locator("button[type=submit]").click()
        expect(page.locator(".alert-success")).to_contain_text(item.name)
    page.click("main a[href='?next=1']")
    plain(page, seen)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(f"{base}/portal/projects/{project.pk}/")
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED
    assert (project.total_amount, project.support_amount) == (200_000_000, 80_000_000)  # typed in triệu
    return project


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_household_signs_up_applies_sends_a_missing_paper_and_follows_its_file_on_a_phone(
    live_server, page, personas, registry
):
    base, seen = live_server.url, []
    call = make_call()
    owner = sign_up_and_claim(page, base, personas, registry, seen)
    declare_a_need(page, base, seen)
    assert Need.objects.filter(establishment=registry["home"], description__contains="Máy cũ hỏng").exists()
    project = apply_through_the_wizard(page, base, call, seen)
    plain(page, seen)
    assert Message.objects.filter(recipient=owner, channel="in_app", subject__contains=project.title).exists()

    # The Centre looks at it and asks for one paper again, by a day.
    staff = personas["centre_staff"]
    project.start_appraisal(staff)
    paper = project.dossier_items.filter(stage="application", required=True).first()
    due = datetime.date.today() + datetime.timedelta(days=7)
    project.request_documents(staff, "Bản chụp chưa có chữ ký", papers=[paper], due_on=due)

    # The owner is told: the message names the paper and the day, and leads to the file.
    page.goto(f"{base}/portal/messages/")
    message = page.locator("main").get_by_text(paper.name).first
    expect(message).to_be_visible()
    expect(page.locator("main")).to_contain_text(due.strftime("%d/%m/%Y"))
    plain(page, seen)
    page.goto(f"{base}/portal/projects/{project.pk}/")
    expect(page.locator("main")).to_contain_text(str(plainwords.WORDS[Status.NEEDS_DOCUMENTS][0]))
    box = page.locator(f"#paper-{paper.pk}")
    expect(box).to_contain_text(due.strftime("%d/%m/%Y"))
    plain(page, seen)

    # The pre-filled đề án, as Word: it opens and holds the application's own words.
    with page.expect_download() as download:
        page.click(f"main a[href='/projects/{project.pk}/papers/proposal.docx']")
    words = "\n".join(p.text for p in WordDocument(io.BytesIO(download.value.path().read_bytes())).paragraphs)
    tables = WordDocument(download.value.path()).tables
    words += "\n".join(cell.text for table in tables for row in table.rows for cell in row.cells)
    assert "Mua máy chẻ tre" in words and "Cơ sở home" in words

    # A photo of the signed paper is sent from the phone, then the file goes back to the Centre.
    box.locator("input[type=file]").set_input_files(
        files=[{"name": "anh-giay-to.png", "mimeType": "image/png", "buffer": image_bytes("PNG")}]
    )
    box.get_by_role("button", name=re.compile("Gửi")).click()
    expect(page.locator(".alert-success")).to_contain_text(paper.name)
    page.locator(f"main form[action='/portal/projects/{project.pk}/send/'] button").click()
    expect(page.locator("main")).to_contain_text(str(plainwords.WORDS[Status.SUBMITTED][0]))
    plain(page, seen)

    # The Centre takes it up again; the owner's page says so in plain words.
    project.start_appraisal(staff)
    page.reload()
    expect(page.locator("main")).to_contain_text(str(plainwords.WORDS[Status.UNDER_APPRAISAL][0]))
    page.goto(f"{base}/portal/projects/")
    expect(page.locator("main")).to_contain_text("Mua máy chẻ tre")
    plain(page, seen)
    assert seen == [], "legal vocabulary asked of the owner, or WCAG violations:\n" + "\n".join(seen)

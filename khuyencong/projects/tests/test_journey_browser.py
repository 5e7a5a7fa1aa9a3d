"""A project's whole journey on a 375 px phone, in a real Chromium, each persona through the pages
alone: the establishment's representative applies and submits; the Centre and the finance appraiser
appraise; the leader concludes the appraisal and, once the Centre proposes it, approves it into a batch
of this year's plan, seeing the room left before saving; the Centre records an advance. At every step
the persona's home page lists the project as waiting for them (docs/programme.md §5, khuyencong/home.py)
and no page scrolls sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from khuyencong.projects.models import Appraisal, Payment, Project, Status
from khuyencong.registry.tests.test_browser import log_in
from khuyencong.tests.samples import pdf_bytes

from .test_browser import apply_for_a_demonstration_model

PHONE = {"width": 375, "height": 800}
M = 1_000_000
PDF = pdf_bytes()  # a real one-page PDF: one that only starts with %PDF- is refused
TITLE = "Mô hình máy sấy nông sản tiết kiệm năng lượng"
# The Centre's list of approved projects with money to pay is newer than the catalogue: either language.
TO_PAY = re.compile("Approved projects with money to pay|Đề án đã phê duyệt còn phải chi")


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "vi-VN"}


def fits(page) -> bool:
    """Nothing wider than the phone: the page never scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def as_persona(page, base, user):
    page.context.clear_cookies()  # the next person, on the same phone
    log_in(page, base, user.username)


def home_lists(page, base, queue):
    """The home page lists the project in the queue titled `queue`; open it from there."""
    page.goto(f"{base}/")
    card = page.locator("main section").filter(has=page.get_by_role("heading", name=queue))
    link = card.get_by_role("link", name=re.compile(re.escape(TITLE)))
    expect(link).to_be_visible()
    assert fits(page)
    link.click()
    expect(page.locator("h1")).to_have_text(TITLE)
    assert fits(page)


def step(page, label: str, status: str):
    """Press a step button of the project page (its date is today already) and see the new status."""
    page.locator("#next-steps + div").get_by_role("button", name=label, exact=True).click()
    expect(page.locator("#status")).to_have_text(status)


def appraise(page, link: str, comments: str):
    page.get_by_role("link", name=link).click()
    expect(page.locator("#id_comments")).to_be_visible()
    assert fits(page)
    for score in page.locator("main input[name^=score_]").all():
        score.fill(score.get_attribute("max") or "0")
    page.fill("#id_comments", comments)
    conclusion = page.get_by_role("radio", name="Đạt", exact=True)
    expect(conclusion).not_to_be_checked()  # the appraiser states it; nothing is chosen beforehand
    conclusion.check()
    page.click("main form button[type=submit]")
    expect(page.locator("#status")).to_have_text("Đang thẩm định")
    expect(page.locator("main")).to_contain_text(comments)
    assert fits(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_project_goes_from_application_to_advance_on_a_phone(
    live_server, page, personas, registry, programme
):
    base = live_server.url
    year = programme["today"].year
    batch = programme["batches"]["KCĐP"]

    # The representative applies: their commune and establishment are the only choices, chosen already.
    as_persona(page, base, personas["establishment_rep"])
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", name="Đề án của tôi")).to_be_visible()
    assert fits(page)
    page.get_by_role("link", name="Đề án mới").click()
    expect(page.locator("#id_title")).to_be_visible()  # the new page is there before it is measured
    assert fits(page)
    apply_for_a_demonstration_model(page, registry, TITLE, year)
    project = Project.objects.get(title=TITLE)
    for item in project.dossier_items.filter(stage="application", required=True):
        page.click(f"a[href='/projects/{project.pk}/dossier/{item.pk}/upload/']")
        page.set_input_files(
            "#id_file", files=[{"name": "ho-so.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        page.click("main form button[type=submit]")
        expect(page.locator("#dossier")).to_be_visible()
    assert fits(page)
    step(page, "Nộp hồ sơ", "Đã nộp")
    page.goto(f"{base}/")  # their own home lists the application, now waiting for the Centre
    expect(page.locator("main")).to_contain_text(TITLE)
    expect(page.locator("main")).to_contain_text("Đã nộp")
    assert fits(page)

    # The Centre starts the appraisal and records its own.
    as_persona(page, base, personas["centre_staff"])
    home_lists(page, base, "Đề án cần thẩm định")
    step(page, "Bắt đầu thẩm định", "Đang thẩm định")
    appraise(page, "Ghi kết quả thẩm định của Trung tâm", "Mô hình phù hợp, dự toán hợp lý.")

    # The finance appraiser (a local-budget source needs one) records theirs.
    as_persona(page, base, personas["finance"])
    home_lists(page, base, "Đề án chờ thẩm định tài chính")
    appraise(page, "Ghi kết quả thẩm định tài chính", "Dự toán phù hợp định mức chi.")

    # The leader concludes the appraisal; the Centre proposes the project for approval.
    as_persona(page, base, personas["leader"])
    home_lists(page, base, "Thẩm định cần kết luận")
    step(page, "Duyệt kết quả thẩm định", "Đã thẩm định")
    as_persona(page, base, personas["centre_staff"])
    home_lists(page, base, "Đề án đã thẩm định cần trình phê duyệt")
    step(page, "Trình phê duyệt", "Đã trình phê duyệt")

    # The leader approves into this year's batch, seeing its room and the cap before saving.
    as_persona(page, base, personas["leader"])
    home_lists(page, base, "Đề án trình phê duyệt")
    page.get_by_role("link", name="Phê duyệt vào đợt").click()
    expect(page.locator("#id_batch")).to_be_visible()
    assert fits(page)
    offered = page.locator("#id_batch option", has_text="Đợt I")
    expect(offered).to_have_text("Đợt I — còn 2.000.000.000 đ")
    panel = page.locator("#money-panel")
    expect(panel).to_contain_text("Mức hỗ trợ tối đa đang áp dụng")
    expect(panel).to_contain_text("120.000.000 đ")  # 30% of the 400 million total
    expect(panel).to_contain_text("Còn lại của Đợt I")
    expect(panel).to_contain_text("2.000.000.000 đ")
    page.select_option("#id_batch", offered.get_attribute("value"))
    decision = page.locator("#id_decision option", has_text="15/QĐ-UBND").get_attribute("value")
    page.select_option("#id_decision", decision)
    expect(page.locator("#id_approved_support")).to_have_value(re.compile(r"^120\.000\.000"))
    page.click("main form button[type=submit]")
    expect(page.locator("#status")).to_have_text("Đã phê duyệt")
    expect(page.locator("#budget")).to_contain_text("Đợt I")
    assert fits(page)

    # The Centre records the advance, typed the way it is said.
    as_persona(page, base, personas["centre_staff"])
    home_lists(page, base, TO_PAY)
    page.get_by_role("link", name="Ghi khoản chi").click()
    expect(page.locator("#id_amount")).to_be_visible()
    assert fits(page)
    page.select_option("#id_kind", Payment.Kind.ADVANCE)
    page.fill("#id_amount", "30 triệu")
    page.fill("#id_voucher_number", "PC-01")
    page.click("main form button[type=submit]")
    expect(page.locator("#payments")).to_contain_text("30.000.000")
    expect(page.locator("#payments")).to_contain_text("PC-01")
    assert fits(page)

    project.refresh_from_db()
    assert project.status == Status.APPROVED and project.batch == batch
    assert project.approved_support == 120 * M and project.approval_decision == programme["decision"]
    assert set(project.appraisals.values_list("step", "conclusion")) == {
        (Appraisal.Step.CENTRE, "pass"),
        (Appraisal.Step.FINANCE, "pass"),
    }
    advance = project.payments.get()
    assert (advance.kind, advance.amount, advance.paid_on) == (
        Payment.Kind.ADVANCE,
        30 * M,
        programme["today"],
    )
    assert project.advanced() == 30 * M

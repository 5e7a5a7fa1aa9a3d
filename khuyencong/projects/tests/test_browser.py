"""An establishment's representative applies for support on a phone, in a real Chromium:
draft, dossier uploads, submission; the Centre then finds the application in its list, and
names further beneficiaries with the keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from khuyencong.projects.models import Project
from khuyencong.registry.tests.test_browser import PHONE, log_in, no_sideways_scroll
from khuyencong.tests.samples import pdf_bytes

from .conftest import M, draft_project

PDF = pdf_bytes()  # a real one-page PDF: one that only starts with %PDF- is refused


def apply_for_a_demonstration_model(page, registry, title: str, year: int) -> None:
    """The representative of registry["home"] fills the new-project form for a demonstration model of
    the local source (120 of 400 million) and saves the draft. Their own commune and establishment are
    the only choices, chosen already."""
    page.fill("#id_title", title)
    model = page.locator("#id_activity_type option", has_text="Mô hình trình diễn").get_attribute("value")
    page.select_option("#id_activity_type", model)
    page.select_option("#id_support_item", "demo-model")
    page.select_option("#id_source", label="Kinh phí khuyến công địa phương")
    page.fill("#id_year", str(year))
    page.select_option("#id_province", index=1)
    expect(page.locator("#id_commune")).to_have_value(str(registry["home"].commune_id))
    expect(page.locator("#id_applicant")).to_have_value(str(registry["home"].pk))
    page.fill("#id_implementing_unit", "Cơ sở home")
    page.fill("#id_support_amount", "120.000.000")
    page.fill("#id_counterpart_amount", "280.000.000")
    page.fill("#id_total_amount", "400.000.000")
    page.click("main form button[type=submit]")
    expect(page.locator("#status")).to_have_text("Dự thảo")


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "vi-VN"}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_representative_applies_uploads_the_dossier_and_submits_on_a_phone(
    live_server, page, personas, registry
):
    base = live_server.url
    log_in(page, base, personas["establishment_rep"].username)
    page.goto(f"{base}/projects/new/")
    assert no_sideways_scroll(page)
    apply_for_a_demonstration_model(page, registry, "Mô hình máy sấy nông sản tiết kiệm năng lượng", 2026)
    project = Project.objects.get(title__startswith="Mô hình máy sấy")
    assert project.applicant == registry["home"] and project.support_cap() == 120_000_000  # 30% of 400

    required = project.dossier_items.filter(stage="application", required=True)
    for item in required:
        page.click(f"a[href='/projects/{project.pk}/dossier/{item.pk}/upload/']")
        page.set_input_files(
            "#id_file", files=[{"name": "ho-so.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        page.click("main form button[type=submit]")
        expect(page.locator("#dossier")).to_be_visible()
    assert no_sideways_scroll(page)
    page.click("main form[action$='/step/submit/'] button")
    expect(page.locator("#status")).to_have_text("Đã nộp")

    page.context.clear_cookies()  # the Centre's officer, on the same phone
    log_in(page, base, personas["centre_staff"].username)
    page.goto(f"{base}/projects/?q=may say")
    expect(page.locator("main table")).to_contain_text("Mô hình máy sấy nông sản")
    expect(page.locator("main table")).to_contain_text("Đã nộp")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_centre_adds_and_removes_beneficiaries_with_the_keyboard_on_a_phone(
    live_server, page, personas, registry, programme
):
    project = draft_project(programme, personas, 40 * M, applicant=registry["home"], title="Đào tạo nhóm hộ")
    project.replace_beneficiaries([registry["home"]])
    log_in(page, live_server.url, personas["centre_staff"].username)
    page.goto(f"{live_server.url}/projects/{project.pk}/edit/")
    chips = page.locator("[data-multiple='other_beneficiaries'] [data-role='chosen'] li")
    for term, name in (("co so other", "Cơ sở other"), ("co so home", "Cơ sở home")):
        page.fill("#id_other_beneficiaries", term)
        found = page.locator("#id_other_beneficiaries_listbox").get_by_role("option", name=re.compile(name))
        expect(found.first).to_be_visible()
        page.press("#id_other_beneficiaries", "ArrowDown")
        page.press("#id_other_beneficiaries", "Enter")
        expect(chips.filter(has_text=name)).to_have_count(1)
        expect(page.locator("#id_other_beneficiaries")).to_have_value("")
    assert no_sideways_scroll(page)
    page.get_by_role("button", name=re.compile("Gỡ Cơ sở home")).click()
    expect(chips).to_have_count(1)
    page.click("main form button[type=submit]")
    expect(page.locator("#status")).to_have_text("Dự thảo")
    assert {link.establishment_id for link in project.beneficiary_links.all()} == {
        registry["home"].pk,
        registry["other"].pk,
    }

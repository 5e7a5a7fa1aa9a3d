"""Helper P's walk (not committed): every page of the area, per persona, at 375 and 1024 px."""

import json
import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, make_user
from khuyencong.accounts.models import Message
from khuyencong.portal.claims import Claim
from khuyencong.projects.tests.conftest import M, running_project
from khuyencong.registry.tests.test_browser import log_in

OUT = "/work/walk-12/P"
SIZES = {"375": {"width": 375, "height": 800}, "1024": {"width": 1024, "height": 768}}
ENGLISH = re.compile(
    r"\b(the|and|your|you|Select|option|Submit|Save|This field|required|Enter a|Choose|Record|Visit|Send|Cancel)\b"
)
FOUND = []


def shot(page, who, name):
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.wait_for_timeout(150)
        page.screenshot(path=f"{OUT}/{who}-{name}-{size}.png", full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth") > viewport["width"]
        main = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
        english = sorted(set(ENGLISH.findall(main)))
        codes = sorted(set(re.findall(r"\b[a-z]+_[a-z_]+\b", main)))
        if wide or english or codes:
            FOUND.append(
                {
                    "who": who,
                    "page": name,
                    "size": size,
                    "url": page.url,
                    "overflow": wide,
                    "english": english,
                    "codes": codes,
                }
            )
    page.set_viewport_size(SIZES["375"])


def visit(page, base, who, name, path):
    page.goto(base + path)
    shot(page, who, name)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_walk(live_server, page, personas, registry, programme):
    base = live_server.url
    project = running_project(
        programme, personas, 30 * M, commune=registry["home"].commune, title="Mô hình tại xã"
    )
    # anonymous
    for name, path in [
        ("home", "/portal/"),
        ("signup", "/portal/signup/"),
        ("login", "/accounts/login/"),
        ("calls", "/portal/calls/"),
    ]:
        visit(page, base, "anon", name, path)
    page.goto(base + "/portal/signup/")
    page.fill("#id_contact", "0123 45")
    page.click("main form button[type=submit]")
    shot(page, "anon", "signup-error")
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", "0912 000 111")
    page.fill("input[name=password]", "wrong")
    page.click("main form button[type=submit]")
    shot(page, "anon", "login-error")
    # new sign-up
    page.goto(base + "/portal/signup/")
    page.fill("#id_contact", "0912 345 678")
    page.click("main form button[type=submit]")
    shot(page, "new", "verify")
    code = re.search(r"\b(\d{6})\b", Message.objects.get(channel="sms", address="0912345678").body).group(1)
    page.fill("#id_code", "000000" if code != "000000" else "111111")
    page.fill("#id_full_name", "Nguyễn Thị Hoa")
    page.fill("#id_password1", "Lua-nep-cai-hoa-vang-7")
    page.fill("#id_password2", "Lua-nep-cai-hoa-vang-8")
    page.click("main form button[type=submit]")
    shot(page, "new", "verify-errors")
    page.fill("#id_code", code)
    page.fill("#id_password1", "Lua-nep-cai-hoa-vang-7")
    page.fill("#id_password2", "Lua-nep-cai-hoa-vang-7")
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/portal/claim/$"))
    shot(page, "new", "claim")
    for name, path in [
        ("home", "/portal/"),
        ("needs", "/portal/needs/"),
        ("need-new", "/portal/needs/new/"),
        ("projects", "/portal/projects/"),
        ("messages", "/portal/messages/"),
        ("calls", "/portal/calls/"),
    ]:
        visit(page, base, "new", name, path)
    page.goto(base + "/portal/claim/?tax_code=123")
    shot(page, "new", "claim-search-none")
    page.goto(base + "/portal/claim/")
    page.click("text=/Đăng ký cơ sở mới|register/i") if page.locator(
        "text=/Đăng ký cơ sở mới/"
    ).count() else None
    page.context.clear_cookies()
    # pending
    owner = make_user("0987654321")
    Claim.make(owner, establishment=registry["home"])
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", "+84 987 654 321")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    for name, path in [
        ("home", "/portal/"),
        ("claim", "/portal/claim/"),
        ("needs", "/portal/needs/"),
        ("need-new", "/portal/needs/new/"),
        ("projects", "/portal/projects/"),
        ("messages", "/portal/messages/"),
        ("calls", "/portal/calls/"),
    ]:
        visit(page, base, "pending", name, path)
    claim = Claim.objects.get(claimant=owner)
    page.context.clear_cookies()
    # confirmed representative
    log_in(page, base, personas["establishment_rep"].username)
    for name, path in [
        ("home", "/portal/"),
        ("needs", "/portal/needs/"),
        ("need-new", "/portal/needs/new/"),
        ("projects", "/portal/projects/"),
        ("messages", "/portal/messages/"),
        ("claim", "/portal/claim/"),
    ]:
        visit(page, base, "rep", name, path)
    page.goto(base + "/portal/needs/new/")
    page.fill("textarea[name=why]", "Máy cũ hỏng")
    page.fill("input[name=cost]", "abc")
    page.click("main form button[type=submit]")
    shot(page, "rep", "need-new-error")
    page.context.clear_cookies()
    # commune officer and Centre staff
    for who in ["commune_officer", "centre_staff"]:
        log_in(page, base, personas[who].username)
        for name, path in [
            ("portal", "/portal/"),
            ("commune", "/portal/commune/"),
            ("need-new", "/portal/needs/new/"),
            ("needs", "/portal/needs/"),
            ("claims", "/portal/claims/"),
            ("claim-detail", f"/portal/claims/{claim.pk}/"),
            ("visit", f"/portal/commune/projects/{project.pk}/visit/"),
        ]:
            visit(page, base, who, name, path)
        page.goto(base + "/portal/needs/new/")
        page.click("main form button[type=submit]")
        shot(page, who, "need-new-errors")
        page.goto(base + f"/portal/commune/?commune={registry['home'].current_commune_id}")
        page.click(f"a[href^='/portal/commune/projects/{project.pk}/visit/']")
        page.fill("#id_findings", "Máy đang chạy")
        page.click("#visit-send")
        expect(page).to_have_url(re.compile(r"/portal/commune/\?commune=.*visit_saved"))
        page.wait_for_load_state()
        shot(page, who, "visit-saved")
        page.context.clear_cookies()
    with open(f"{OUT}/findings.json", "w") as f:
        json.dump(FOUND, f, ensure_ascii=False, indent=1)

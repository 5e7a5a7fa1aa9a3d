"""A leader reads the 2015 report's figures on the plan page, in Chromium.

Apart from test_demo_figures.py: a browser test sees only committed rows, so it loads the demo
itself, and a module whose tests share the rolled-back `demo` fixture cannot hold one."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from khuyencong.registry.demo import DEMO_PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_leader_reads_the_2015_figures_from_the_plan_page(live_server, page):
    call_command("load_demo", stdout=io.StringIO())
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "lanhdao")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.click("nav >> text=Kế hoạch")
    page.click("main a:text-is('2015')")
    page.fill("#id_as_of", "2015-09-30")
    page.click("main form button[type=submit]")
    expect(page.locator("#as-of")).to_contain_text("30/09/2015")
    national = page.locator("table[data-source='KCQG']")
    local = page.locator("table[data-source='KCĐP']")
    expect(national.locator("tr[data-batch='total'] td[data-col='planned']")).to_have_text("1.380")
    expect(local.locator("tr[data-batch='total'] td[data-col='planned']")).to_have_text("936")
    expect(local.locator("tr[data-batch='1'] td[data-col='planned']")).to_have_text("485")
    expect(local.locator("tr[data-batch='2'] td[data-col='planned']")).to_have_text("451")
    expect(local.locator("tr[data-batch='total'] td[data-col='disbursed']")).to_have_text("341,7")
    expect(local.locator("tr[data-batch='1'] td[data-col='percent']")).to_have_text("70,45%")
    expect(local.locator("tr[data-batch='previous'] td[data-col='disbursed']")).to_have_text("217,3")
    expect(local.locator("tr[data-batch='previous'] td[data-col='change']")).to_have_text("+57,25%")

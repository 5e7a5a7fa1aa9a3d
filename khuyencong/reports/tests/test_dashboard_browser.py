"""The leader reads the dashboard on a phone, in Chromium (issue 11, "Must show").

Apart from test_dashboard.py: a browser test sees only committed rows, so it loads the demo itself."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from khuyencong.registry.demo import DEMO_PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_leader_reads_the_dashboard_on_a_phone_and_its_table_is_the_plan_pages(live_server, page):
    call_command("load_demo", stdout=io.StringIO())
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "lanhdao")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.click("main a[href='/reports/dashboard/']")  # the home page's link
    expect(page.locator("h1")).to_contain_text("Hưng Yên")
    # Switch the year and the source, on the day of the 2015 report.
    page.select_option("#id_year", "2015")
    page.fill("#id_as_of", "2015-09-30")
    local_source = page.locator("#id_source option", has_text="địa phương").get_attribute("value")
    page.select_option("#id_source", local_source)
    page.click("main form button[type=submit]")
    expect(page.locator("#as-of")).to_contain_text("30/09/2015")
    expect(page.locator("#as-of")).to_contain_text("KCĐP")
    table = page.locator("#execution-table")
    first = table.locator("tr[data-line='KCĐP · Đợt I']")
    second = table.locator("tr[data-line='KCĐP · Đợt II']")
    total = table.locator("tr[data-line='total']")
    expect(table.locator("tr[data-line='KCQG · Đợt I']")).to_have_count(0)  # the source filter holds
    dashboard = {
        "1": [first.locator(f"td[data-col='{c}']").inner_text() for c in ("planned", "disbursed", "percent")],
        "2": [
            second.locator(f"td[data-col='{c}']").inner_text() for c in ("planned", "disbursed", "percent")
        ],
        "total": [
            total.locator(f"td[data-col='{c}']").inner_text() for c in ("planned", "disbursed", "percent")
        ],
    }
    assert dashboard["1"] == ["485", "341,7", "70,45%"]
    # The charts are drawn from these tables, and the page fits the phone's width.
    assert page.evaluate(
        "document.querySelector('canvas[data-chart-for=execution-table]').chart !== undefined"
    )
    assert page.evaluate("document.querySelector('canvas[data-chart-for=months-table]').chart !== undefined")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # Axis numbers are written the Vietnamese way (1.000, never 1,000), and every output has its label.
    ticks = page.evaluate(
        "Object.values(document.querySelector('canvas[data-chart-for=months-table]').chart.scales)"
        ".flatMap(s => s.ticks.map(t => String(t.label)))"
    )
    assert not [tick for tick in ticks if re.search(r"\d,\d{3}", tick)], ticks
    outputs = "document.querySelector('canvas[data-chart-for=outputs-table]').chart"
    assert page.evaluate(f"{outputs}.options.locale") == "vi"
    assert page.evaluate(f"{outputs}.scales.y.ticks.length === {outputs}.data.labels.length")
    # The plan page, on the same day, shows the same numbers.
    page.click("#plan-page-link")
    expect(page.locator("#as-of")).to_contain_text("30/09/2015")
    local = page.locator("table[data-source='KCĐP']")
    for batch, values in dashboard.items():
        row = local.locator(f"tr[data-batch='{batch}']")
        plan = [row.locator(f"td[data-col='{c}']").inner_text() for c in ("planned", "disbursed", "percent")]
        assert plan == values, batch

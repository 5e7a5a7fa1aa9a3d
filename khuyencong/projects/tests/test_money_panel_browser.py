"""The money panel follows the amount as it is typed, in a real Chromium (static/js/money.js): the
amount read the way the server reads it, the server still deciding on saving."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from khuyencong.plans.models import Batch, SupportRule
from khuyencong.registry.tests.test_browser import log_in
from khuyencong.vnformat import AmountError, parse_dong

from .conftest import M, appraise, draft_project, running_project


def provincial_training_rule(programme, advance_percent: int) -> SupportRule:
    """The province's own row for training: half the budget, the given share as an advance."""
    return SupportRule.objects.create(
        province=programme["province"],
        activity_code="1",
        item_name="Đào tạo nghề (tỉnh)",
        max_percent=Decimal(50),
        advance_percent=Decimal(advance_percent),
        legal_basis="Nghị quyết 10/2024/NQ-HĐND, Điều 3",
        effective_from=datetime.date(2024, 1, 1),
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_typing_150_trieu_in_a_payment_updates_what_is_left_to_pay_after_it(
    live_server, page, personas, programme
):
    provincial_training_rule(programme, advance_percent=40)
    project = running_project(programme, personas, 200 * M, 300 * M)
    log_in(page, live_server.url, personas["centre_staff"].username)
    page.goto(f"{live_server.url}/projects/{project.pk}/payments/new/")
    after = page.locator("#money-panel [data-field=amount] output")
    expect(after).to_have_text("—")  # nothing typed yet

    page.select_option("#id_kind", "payment")
    page.locator("#id_amount").press_sequentially("150 triệu")
    expect(after).to_have_text("50.000.000 đ")  # 200 triệu approved, 150 about to be paid
    for typed in ("150.000.000", "150000000", "0,15 tỷ"):
        page.fill("#id_amount", typed)
        expect(after).to_have_text("50.000.000 đ")
    page.select_option("#id_kind", "recovery")  # money back raises what is left
    expect(after).to_have_text("350.000.000 đ")
    page.fill("#id_amount", "1.500 tỷ")  # a thousands or a decimal mark? the server asks; no guess here
    expect(after).to_have_text("—")

    # The server stays the authority: what it works out for the posted form is the same figure.
    page.select_option("#id_kind", "payment")
    page.fill("#id_amount", "150 triệu")
    page.fill("#id_voucher_number", "PC-1")
    page.click("main form button[type=submit]")
    expect(page.locator("#status")).to_be_visible()
    assert project.disbursed() == 150 * M


def amount_samples() -> list[str]:
    """Amounts written every way the forms accept, and some they refuse, with a fixed seed."""
    rng = random.Random(9)
    samples = ["150 triệu", "1,5 tỷ", "1 tỷ 200 triệu", "1.500 tỷ", "1 tỷ 200", "125,5", "abc", ""]
    words = ["", " triệu", " tr", " tỷ", " tỉ", " nghìn", " ngàn", " đồng", " VNĐ", "đ"]
    for _ in range(1500):
        n = rng.randrange(1, 10 ** rng.randrange(1, 13))
        text = rng.choice(
            [
                str(n),
                f"{n:,}".replace(",", "."),
                f"{n:,}",
                f"{n:,}".replace(",", " "),
                f"{n}{rng.choice(',.')}{n % 1000}",
            ]
        )
        samples.append(text + rng.choice(words))
    return samples


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_panels_reader_reads_every_amount_as_the_server_does(live_server, page, personas):
    log_in(page, live_server.url, personas["centre_staff"].username)
    samples = amount_samples()
    read = page.evaluate(
        "samples => samples.map(s => { const v = window.khuyencongMoney.parseDong(s); return v === null ? null : v.toString(); })",
        samples,
    )
    wrong = []
    for typed, browser in zip(samples, read, strict=True):
        try:
            server = str(parse_dong(typed))
        except AmountError:
            server = None
        if browser != server:
            wrong.append((typed, server, browser))
    assert wrong == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_typing_the_approved_support_moves_every_line_and_says_which_limit_it_passes(
    live_server, page, personas, programme
):
    provincial_training_rule(programme, advance_percent=70)
    # 200 triệu asked on a 500 triệu budget: the cap in force is 250 triệu.
    project = appraise(draft_project(programme, personas, 200 * M, 300 * M), personas)
    first = programme["batches"]["KCĐP"]
    second = Batch.objects.create(
        plan=first.plan, number=2, amount=300 * M, approved_on=first.approved_on, decision=first.decision
    )
    log_in(page, live_server.url, personas["leader"].username)
    page.goto(f"{live_server.url}/projects/{project.pk}/step/approve/")
    panel = page.locator("#money-panel")
    batch_label = panel.locator("[data-money-line=batch] [data-money-label]")
    batch_after = panel.locator("[data-money-after][data-field=approved_support] output").last
    overs = panel.locator("[data-money-over]:visible")
    # With two batches and none chosen yet, the line names none of them.
    expect(page.locator("#id_batch")).to_have_value("")
    expect(panel.locator("[data-money-line=batch] + dd [data-money-note]")).to_have_text("Chọn đợt.")

    page.select_option("#id_batch", str(first.pk))
    expect(batch_label).to_have_text(f"Còn lại của {first.label}")
    page.fill("#id_approved_support", "")
    page.locator("#id_approved_support").press_sequentially("150 triệu")
    expect(panel).to_contain_text("70% của 150.000.000 đ")
    expect(batch_after).to_have_text("1.850.000.000 đ")
    expect(overs).to_have_count(0)
    page.fill("#id_approved_support", "120 triệu")
    expect(panel).to_contain_text("70% của 120.000.000 đ")
    expect(panel.locator("[data-money-after] output").first).to_have_text("84.000.000 đ")

    page.fill("#id_approved_support", "1,5 tỷ")  # over the cap in force and the 200 triệu asked
    expect(panel).to_contain_text("70% của 1.500.000.000 đ")
    expect(batch_after).to_have_text("500.000.000 đ")
    expect(overs).to_have_count(2)
    expect(panel.locator("[data-money-line=cap] + dd")).to_contain_text("250.000.000 đ")
    warning = panel.locator("[data-money-line=cap] + dd [data-money-over]").first
    expect(warning).to_be_visible()

    page.select_option("#id_batch", str(second.pk))  # 300 triệu left: 1,5 tỷ does not fit either
    expect(batch_label).to_have_text(f"Còn lại của {second.label}")
    expect(panel.locator("[data-money-line=batch] + dd [data-money-value]")).to_have_text("300.000.000 đ")
    expect(batch_after).to_have_text("-1.200.000.000 đ")
    expect(overs).to_have_count(3)
    expect(panel.locator("[data-money-line=batch] + dd [data-money-over]")).to_contain_text(second.label)

    page.fill("#id_approved_support", "150 triệu")  # within every limit again
    expect(overs).to_have_count(0)
    expect(batch_after).to_have_text("150.000.000 đ")

    # The server still refuses what passes a limit, unchanged.
    page.fill("#id_approved_support", "1,5 tỷ")
    page.select_option("#id_decision", str(programme["decision"].pk))
    page.click("main form button[type=submit]")
    expect(page.locator("#money-panel [data-money-over]:visible")).to_have_count(3)
    project.refresh_from_db()
    assert project.approved_support is None

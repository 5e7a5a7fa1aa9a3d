"""The approval, payment and adjustment forms show the limits in force before anyone saves."""

import datetime
import html as html_lib
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from khuyencong.plans.models import Batch, SupportRule
from khuyencong.projects.presenting import money_context

from .conftest import M, appraise, draft_project, running_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def provincial_rule(programme):
    # A province's own row comes before the national ones (SupportRule.resolve), so the figures
    # below do not hang on the seeded national rows.
    return SupportRule.objects.create(
        province=programme["province"],
        activity_code="1",
        item_name="Đào tạo nghề (tỉnh)",
        max_percent=Decimal(50),
        max_amount=300 * M,
        advance_percent=Decimal(40),
        legal_basis="Nghị quyết 10/2024/NQ-HĐND, Điều 3",
        effective_from=datetime.date(2024, 1, 1),
    )


def lines_of(lines) -> dict:
    return {line.label: line for line in lines}


@pytest.fixture
def in_english():
    # Labels in their msgids and amounts grouped the English way, whatever the catalogue holds.
    with translation.override("en"):
        yield


def test_the_panel_shows_the_cap_the_advance_limit_and_what_batch_and_project_have_left(
    programme, personas, provincial_rule, in_english
):
    project = running_project(programme, personas, 200 * M, 300 * M)
    project.record_payment(personas["centre_staff"], "advance", 50 * M, programme["today"], "TU-1")
    lines = lines_of(money_context(project))
    cap = lines["Support cap in force"]
    assert cap.value == "250,000,000 đ"  # 50% of 500 triệu, under the 300 triệu ceiling
    assert "50% of the total cost 500,000,000 đ" in cap.note and "at most 300,000,000 đ" in cap.note
    assert "Nghị quyết 10/2024/NQ-HĐND" in cap.note
    advance = lines["Advance limit"]
    assert advance.value == "80,000,000 đ"  # 40% of the 200 triệu approved
    assert "50,000,000 đ already advanced, at most 30,000,000 đ more" in advance.note
    batch = lines["Left in Batch I"]
    assert batch.value == "1,800,000,000 đ" and batch.note == "of 2,000,000,000 đ in the batch"
    # Only where the support is being set does the batch line say how far this project may go in it.
    adjusting = lines_of(money_context(project, typing="approved_support"))["Left in Batch I"]
    assert "the batch can give this project up to 2,000,000,000 đ in all" in adjusting.note
    left = lines["Left to pay on the project"]
    assert left.value == "150,000,000 đ" and "50,000,000 đ paid of the 200,000,000 đ" in left.note


def test_before_approval_the_panel_counts_the_support_typed_and_the_batch_chosen(
    programme, personas, provincial_rule, in_english
):
    running_project(programme, personas, 250 * M, 750 * M)  # takes 250 triệu of the batch
    project = appraise(draft_project(programme, personas, 100 * M, 100 * M), personas)
    batch = programme["batches"]["KCĐP"]
    lines = lines_of(money_context(project, batch=batch, amount=60 * M))
    assert lines["Support cap in force"].value == "100,000,000 đ"
    assert lines["Advance limit"].value == "24,000,000 đ"  # 40% of the 60 triệu typed
    assert lines["Left in Batch I"].value == "1,750,000,000 đ"
    assert "Left to pay on the project" not in lines  # nothing approved, nothing to pay yet


def test_the_approval_payment_and_adjustment_pages_show_the_panel(
    programme, personas, provincial_rule, client
):
    project = appraise(draft_project(programme, personas, 100 * M, 100 * M), personas)
    client.force_login(personas["leader"])
    url = reverse("projects:step", args=[project.pk, "approve"])
    page = client.get(url).content.decode()
    assert 'id="money-panel"' in page and "100.000.000 đ" in page
    # A refused approval keeps what was typed, and the panel counts it.
    batch = programme["batches"]["KCĐP"]
    response = client.post(url, {"batch": batch.pk, "approved_support": "60 triệu", "on": "31/02/2020"})
    page = response.content.decode()
    assert response.status_code == 400 and 'value="60 triệu"' in page
    assert "24.000.000 đ" in page and "2.000.000.000 đ" in page

    running = running_project(programme, personas, 200 * M, 300 * M)
    client.force_login(personas["centre_staff"])
    page = client.get(reverse("projects:payment_create", args=[running.pk])).content.decode()
    assert 'id="money-panel"' in page and "80.000.000 đ" in page and "200.000.000 đ" in page
    client.force_login(personas["leader"])
    page = client.get(reverse("projects:adjust", args=[running.pk])).content.decode()
    assert 'id="money-panel"' in page and "250.000.000 đ" in page and 'value="200.000.000"' in page


def test_the_panel_says_what_the_batch_advance_and_project_have_after_the_amount_on_the_form(
    programme, personas, provincial_rule, client
):
    running_project(programme, personas, 250 * M, 750 * M)  # takes 250 triệu of the 2 tỷ batch
    project = appraise(draft_project(programme, personas, 100 * M, 100 * M), personas)
    client.force_login(personas["leader"])
    url = reverse("projects:step", args=[project.pk, "approve"])
    batch = programme["batches"]["KCĐP"]
    page = client.post(url, {"batch": batch.pk, "approved_support": "60 triệu", "on": "31/02/2020"})
    after = afters(page.content.decode())
    # 1.750 triệu left, less the 60 typed; 40% of 60 triệu may be advanced.
    assert after["approved_support"] == ["24.000.000 đ", "1.690.000.000 đ"]
    assert 'data-base="1750000000" data-factor="-1"' in page.content.decode()
    assert 'data-factor="0.4"' in page.content.decode()

    running = running_project(programme, personas, 200 * M, 300 * M)
    running.record_payment(personas["centre_staff"], "advance", 50 * M, programme["today"], "TU-1")
    client.force_login(personas["centre_staff"])
    payment = reverse("projects:payment_create", args=[running.pk])
    assert afters(client.get(payment).content.decode()) == {"amount": ["—"]}  # nothing typed yet
    page = client.post(payment, {"kind": "payment", "amount": "150 triệu", "paid_on": "31/02/2020"})
    assert afters(page.content.decode()) == {"amount": ["0 đ"]}  # 150 of 200 triệu left to pay
    page = client.post(payment, {"kind": "recovery", "amount": "10 triệu", "paid_on": "31/02/2020"})
    assert afters(page.content.decode()) == {"amount": ["160.000.000 đ"]}  # money back

    # An adjustment moves within the batch's room plus the project's own support.
    client.force_login(personas["leader"])
    page = client.get(reverse("projects:adjust", args=[running.pk])).content.decode()
    assert afters(page)["approved_support"] == ["80.000.000 đ", "1.550.000.000 đ", "150.000.000 đ"]


def afters(html: str) -> dict[str, list[str]]:
    """The "after this" figures of the panel by the field they follow, in the order shown."""
    found: dict[str, list[str]] = {}
    for field, value in re.findall(r'data-field="(\w+)".*?<output[^>]*>([^<]*)</output>', html, re.S):
        found.setdefault(field, []).append(value)
    return found


def panel_lines(html: str) -> dict[str, str]:
    """The panel's lines as the page shows them: label → figure and note, tags and spaces squeezed."""
    panel = html.split('id="money-panel"', 1)[1].split("</section>", 1)[0]
    pairs = re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", panel, re.S)
    return {words(label): words(text) for label, text in pairs}


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_payment_form_gives_the_projects_own_figures_not_the_batchs_room(
    programme, personas, provincial_rule, client
):
    # 150 triệu approved in a 2 tỷ batch: the batch has far more left than the project may be paid.
    project = running_project(programme, personas, 150 * M, 350 * M)
    client.force_login(personas["centre_staff"])
    page = client.get(reverse("projects:payment_create", args=[project.pk])).content.decode()
    lines = panel_lines(page)
    assert lines["Mức hỗ trợ tối đa đang áp dụng"].startswith("250.000.000 đ")  # 50% of 500 triệu
    assert lines["Mức tạm ứng tối đa"].startswith("60.000.000 đ")  # 40% of the 150 triệu approved
    batch = lines["Còn lại của Đợt I"]
    assert batch.startswith("1.850.000.000 đ") and "2.000.000.000 đ" in batch
    assert "đề án" not in batch  # the batch's room is no figure of the project's
    left = lines["Đề án còn được chi"]
    assert left.startswith("150.000.000 đ") and left.endswith(
        "0 đ trên 150.000.000 đ kinh phí hỗ trợ được duyệt"
    )


def test_the_approval_panel_says_at_once_which_limit_the_support_typed_passes(
    programme, personas, provincial_rule, client
):
    # 100 triệu asked on a 200 triệu budget: the cap in force is 50%, 100 triệu; a second batch of
    # 300 triệu beside the 2 tỷ one.
    project = appraise(draft_project(programme, personas, 100 * M, 100 * M), personas)
    first = programme["batches"]["KCĐP"]
    second = Batch.objects.create(
        plan=first.plan, number=2, amount=300 * M, approved_on=first.approved_on, decision=first.decision
    )
    client.force_login(personas["leader"])
    url = reverse("projects:step", args=[project.pk, "approve"])

    def overs(html: str) -> list[str]:
        shown = re.findall(r"<div [^>]*data-money-over(?![^>]*hidden)[^>]*>([^<]*)</div>", html)
        return [text for text in shown if text]

    page = client.get(url).content.decode()
    assert overs(page) == []  # the 100 triệu asked is within every limit
    assert "40% của 100.000.000 đ" in panel_lines(page)["Mức tạm ứng tối đa"]
    assert '<output data-follows="approved_support" data-base="0" data-factor="1"' in page
    posted = {"batch": second.pk, "approved_support": "1,5 tỷ", "on": "31/02/2020"}
    page = client.post(url, posted).content.decode()
    with translation.override("vi"):  # the page's language, whatever the catalogue holds yet
        assert overs(page) == [
            html_lib.escape(text)
            for text in (
                _(
                    "More than the cap in force (%(cap)s đ): only a recorded priority support decision "
                    "allows more."
                )
                % {"cap": "100.000.000"},
                _("More than the %(asked)s đ asked.") % {"asked": "100.000.000"},
                _("More than %(batch)s has left (%(room)s đ): the batch cannot take it.")
                % {"batch": second.label, "room": "300.000.000"},
            )
        ]
    # The advance share follows the support typed: 40% of 1,5 tỷ.
    advance = panel_lines(page)["Mức tạm ứng tối đa"]
    assert "40% của 1.500.000.000 đ" in advance and "tối đa 600.000.000 đ —" in advance
    # Every batch the select offers, with what the line says once it is chosen.
    choices = json.loads(html_lib.unescape(re.search(r'data-money-choices="([^"]*)"', page)[1]))
    assert choices[str(first.pk)]["base"] == 2_000 * M and choices[str(second.pk)]["value"] == "300.000.000 đ"
    assert choices[""]["base"] is None
    # The server refuses on saving all the same.
    posted["on"] = programme["today"].strftime("%d/%m/%Y")
    posted["decision"] = programme["decision"].pk
    response = client.post(url, posted)
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.approved_support is None

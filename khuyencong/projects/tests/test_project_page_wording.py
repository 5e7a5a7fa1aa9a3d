"""The project page says what it means: no empty score, amounts with their unit."""

import datetime
import re

import pytest
from django.urls import reverse

from khuyencong.plans.models import AppraisalCriterion
from khuyencong.projects.presenting import timeline

from .conftest import M, appraise, draft_project, running_project

pytestmark = pytest.mark.django_db


def appraisal_section(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.split("Thẩm định của Trung tâm", 1)[1][:300]).split())


def test_an_appraisal_without_scored_criteria_shows_its_conclusion_and_no_score(programme, personas, client):
    AppraisalCriterion.objects.filter(step="centre").update(max_score=None)
    project = appraise(draft_project(programme, personas, 100 * M, 100 * M), personas)
    client.force_login(personas["leader"])
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    shown = appraisal_section(page)
    assert shown.startswith(": Đạt") and "0/0" not in shown


def test_an_appraisal_with_scored_criteria_shows_its_score(programme, personas, client):
    # A province that scores its appraisals adds its own rows with their maximum (plans.models).
    AppraisalCriterion.objects.create(
        province=programme["province"],
        step="centre",
        name="Tính khả thi",
        max_score=10,
        effective_from=datetime.date(2024, 1, 1),
    )
    top = 10
    project = appraise(draft_project(programme, personas, 100 * M, 100 * M), personas)
    client.force_login(personas["leader"])
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert appraisal_section(page).startswith(f": {top}/{top} · Đạt")


def test_payments_on_the_timeline_and_in_the_reversal_title_carry_the_unit(programme, personas, client):
    project = running_project(programme, personas, 200 * M, 300 * M)
    project.record_payment(personas["centre_staff"], "advance", 100 * M, programme["today"], "TU-1")
    payments = [item.text for item in timeline(project, personas["centre_staff"]) if item.kind == "payment"]
    assert payments == ["Tạm ứng 100.000.000 đ (TU-1)"]
    payment = project.payments.get()
    client.force_login(personas["centre_staff"])
    page = client.get(reverse("projects:payment_reverse", args=[project.pk, payment.pk])).content.decode()
    assert "Tạm ứng 100.000.000 đ (TU-1)" in page and "đ đ" not in page

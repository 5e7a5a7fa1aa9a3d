"""Every seeded rule row names its article and validity, and docs/legal-rules.md lists each of them."""

import re

import pytest

from khuyencong.plans.management.commands.legal_rules_doc import PATH, render
from khuyencong.plans.models import AppraisalCriterion, DeadlineRule, DossierRequirement, SupportRule
from khuyencong.registry.models import ActivityType, BeneficiaryKind

RULE_MODELS = [
    SupportRule,
    DeadlineRule,
    DossierRequirement,
    AppraisalCriterion,
    ActivityType,
    BeneficiaryKind,
]


@pytest.mark.django_db
@pytest.mark.parametrize("model", RULE_MODELS, ids=lambda m: m.__name__)
def test_every_seeded_row_names_an_article_and_its_validity(model):
    rows = list(model.objects.all())
    assert rows
    for row in rows:
        assert "Điều" in row.legal_basis, row
        assert row.effective_from, row
        assert row.source, row
        # A row marked checked cites the article by its number.
        assert not row.verified or re.search(r"Điều \d+", row.legal_basis), row


@pytest.mark.django_db
def test_the_known_corrections_are_in_the_database():
    assert ActivityType.objects.filter(code="1").get().effective_from.isoformat() == "2012-07-05"
    model_2014 = SupportRule.objects.get(item_code="demo-model", legal_basis__contains="26/2014")
    assert (model_2014.max_percent, model_2014.max_amount) == (30, 500_000_000)
    assert model_2014.effective_from.isoformat() == "2014-04-08" and model_2014.source_kind == "national"
    ccn = SupportRule.objects.get(item_code="ccn-infrastructure")
    assert "36/2013" in ccn.legal_basis and "Điều 13" in ccn.legal_basis
    assert ccn.effective_from.isoformat() == "2014-02-10"
    assert not AppraisalCriterion.objects.filter(province__isnull=True, max_score__isnull=False).exists()
    assert BeneficiaryKind.objects.filter(role="priority", effective_from__year=2025).count() == 3


def test_docs_legal_rules_is_generated_from_the_data():
    assert PATH.read_text(encoding="utf-8") == render(), "run: manage.py legal_rules_doc"


@pytest.mark.django_db
def test_docs_legal_rules_lists_every_seeded_row():
    text = PATH.read_text(encoding="utf-8")
    for model, label in [
        (SupportRule, "item_name"),
        (DossierRequirement, "name"),
        (AppraisalCriterion, "name"),
        (ActivityType, "name"),
        (BeneficiaryKind, "name"),
    ]:
        for row in model.objects.all():
            assert getattr(row, label) in text and row.legal_basis in text, row
    for row in DeadlineRule.objects.all():
        assert f"| {row.code} |" in text and row.legal_basis in text


@pytest.mark.django_db
def test_the_rules_screen_marks_rows_not_checked_against_the_text(client, personas):
    client.force_login(personas["leader"])
    page = client.get("/plans/rules/").content.decode()
    assert "Chưa đối chiếu văn bản" in page or "Not checked against the text" in page

"""Every seeded rule row names its article and validity, and docs/legal-rules.md lists each of them."""

import datetime
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
    ccn = SupportRule.objects.get(item_code="ccn-infrastructure", advance_percent__isnull=False)
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


def _2014(item_code: str) -> SupportRule:
    return SupportRule.objects.get(
        province__isnull=True, item_code=item_code, legal_basis__contains="26/2014"
    )


@pytest.mark.django_db
def test_the_fair_and_contest_levels_of_joint_circular_26_2014_are_entered_as_read():
    # Art. 6.2.d: 100% of a fair's booth rental and organising costs; 80% of booth rental to take part in another.
    fair, taking_part = _2014("fair"), _2014("fair-participation")
    assert (fair.max_percent, fair.max_amount, taking_part.max_percent) == (100, None, 80)
    assert fair.legal_basis.endswith("Điều 6 khoản 2 điểm d") and taking_part.verified
    # Art. 6.2.g: organising a contest, per time, and the prize per awarded product, by level.
    levels = {code: _2014(code).max_amount for code in ("contest-regional", "contest-national")}
    prizes = {code: _2014(code).max_amount for code in ("contest-regional-prize", "contest-national-prize")}
    assert levels == {"contest-regional": 100_000_000, "contest-national": 200_000_000}
    assert prizes == {"contest-regional-prize": 5_000_000, "contest-national-prize": 10_000_000}
    for code in (*levels, *prizes):
        rule = _2014(code)
        assert rule.verified and rule.legal_basis.endswith("Điều 6 khoản 2 điểm g")
        assert rule.effective_from.isoformat() == "2014-04-08" and rule.source_kind == "national"


@pytest.mark.django_db
def test_priority_support_up_to_one_and_a_half_times_rests_on_art_6_2_t():
    rule = SupportRule.resolve("3", "demo-model", "national", datetime.date(2016, 6, 1))
    assert rule.priority_factor == 1.5 and rule.priority_basis.endswith("Điều 6 khoản 2 điểm t")
    assert rule.priority_cap_for(1_000_000_000) == 450_000_000  # 30% of 1 000 million, capped at 300, × 1.5
    row = SupportRule.objects.get(priority_factor__isnull=False, legal_basis__contains="26/2014")
    assert row.verified and "nội dung điều" in row.source
    # The 2018 row stays unchecked: Circular 28/2018 was not read.
    assert not SupportRule.objects.get(
        priority_factor__isnull=False, legal_basis__contains="28/2018"
    ).verified


@pytest.mark.django_db
def test_the_acceptance_checklists_cover_the_fifteen_types_of_circular_36_2013_art_14():
    rows = DossierRequirement.objects.filter(
        province__isnull=True, stage="acceptance", legal_basis__contains="36/2013"
    )
    clauses = {int(m.group(1)) for r in rows if (m := re.search(r"Điều 14 khoản (\d+)", r.legal_basis))}
    assert clauses == set(range(1, 16))
    assert all(r.verified for r in rows)


@pytest.mark.django_db
def test_deadlines_and_appraisal_contents_cite_the_clause_they_were_read_in():
    bases = dict(DeadlineRule.objects.filter(province__isnull=True).values_list("code", "legal_basis"))
    assert bases["registration"].endswith("Điều 10 khoản 1 điểm b")
    assert bases["submission"].endswith("Điều 10 khoản 2 điểm b")
    assert bases["closure"].endswith("Điều 18 khoản 2") and bases["settlement_dossier"].endswith(
        "Điều 18 khoản 1"
    )
    assert all(DeadlineRule.objects.filter(province__isnull=True).values_list("verified", flat=True))
    centre = AppraisalCriterion.objects.filter(province__isnull=True, step="centre").order_by("order")
    assert [c.legal_basis[-14:] for c in centre] == [f"Điều 9 khoản {n}" for n in range(1, 6)]
    assert centre.last().name == "Sự phù hợp và đầy đủ của hồ sơ, tài liệu của đề án"


@pytest.mark.django_db
def test_a_row_seeded_under_its_former_name_is_corrected_in_place():
    """A database seeded by an earlier release holds the old wording: the seed renames it, adds no twin."""
    from django.apps import apps

    from khuyencong.plans.legal_data import seed

    content = AppraisalCriterion.objects.get(province__isnull=True, name__startswith="Khả năng kết hợp")
    content.name, content.verified = "Hiệu quả kinh tế - xã hội, khả năng nhân rộng", False
    content.save()
    document = DossierRequirement.objects.get(name="Hóa đơn chứng từ hạng mục được hỗ trợ")
    document.name = "Hóa đơn, chứng từ mua sắm"
    document.save()
    seed(apps)
    content.refresh_from_db()
    document.refresh_from_db()
    assert content.name.startswith("Khả năng kết hợp") and content.verified
    assert document.name == "Hóa đơn chứng từ hạng mục được hỗ trợ"
    assert AppraisalCriterion.objects.filter(name__startswith="Khả năng kết hợp").count() == 1
    assert not AppraisalCriterion.objects.filter(name__startswith="Hiệu quả kinh tế").exists()


@pytest.mark.django_db
def test_the_rules_screen_lists_every_kind_of_seeded_row_with_its_article_and_validity(client, personas):
    """Decree 235/2025's activity type 10 and beneficiary groups were seeded but never shown, so the
    screen could not say they are unverified (docs/legal-rules.md lists them)."""
    client.force_login(personas["province_admin"])
    page = client.get("/plans/rules/").content.decode()
    tenth = ActivityType.objects.get(code="10")
    assert tenth.name in page and tenth.legal_basis in page and "15/10/2025" in page
    for kind in BeneficiaryKind.objects.all():
        assert kind.name in page, kind
    assert page.count("Chưa đối chiếu văn bản") + page.count("Not checked against the text") >= (
        1 + BeneficiaryKind.objects.filter(verified=False).count()
    )


@pytest.mark.django_db
def test_the_source_reads_as_a_citation_not_a_mirror(client, personas):
    client.force_login(personas["province_admin"])
    page = client.get("/plans/rules/").content.decode()
    assert "Bộ pháp điển" in page and "github.com" not in page
    for model in RULE_MODELS:
        for row in model.objects.all():
            assert not row.source.startswith(("http", "github")), row


def _text_of(legal_basis: str):
    from khuyencong.legal_texts import TEXTS

    for document, validity in TEXTS.items():
        if legal_basis.startswith(document):
            return validity
    raise AssertionError(f"no legal text for {legal_basis!r}")


@pytest.mark.django_db
@pytest.mark.parametrize("model", RULE_MODELS, ids=lambda m: m.__name__)
def test_every_rows_validity_lies_within_its_legal_texts(model):
    """A row cannot apply before its text came into force or after it was replaced (Joint Circular
    26/2014 was in force 08/04/2014 – 10/05/2018; the appraisal rows once started on 10/02/2014)."""
    for row in model.objects.all():
        start, end = _text_of(row.legal_basis)
        assert row.effective_from >= start, row.legal_basis
        if end is not None:
            assert row.effective_to is not None and row.effective_to <= end, row.legal_basis

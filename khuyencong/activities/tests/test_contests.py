"""Product contests: the rules as dated rows, results decided by the rules of the contest's date,
certificates with their validity on the product's registry record, and the screens by persona."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import HUNG_YEN, province
from khuyencong.activities.models import (
    Contest,
    ContestCertificate,
    ContestCondition,
    ContestCriterion,
    ContestEntry,
    ContestLevel,
    ContestRule,
    JuryMember,
    JuryScore,
    record_score_sheet,
)
from khuyencong.audit.models import AuditEntry
from khuyencong.documents.models import Document
from khuyencong.legal_texts import TEXTS
from khuyencong.plans.management.commands.legal_rules_doc import PATH
from khuyencong.registry.models import Certification, Product
from khuyencong.tests.world import build_world

CHECKED = ("own-production", "not-a-copy", "mass-producible")
DISTRICTS_END = datetime.date(2025, 6, 30)
# Days on each side of the rule changes: the Circular's start, the end of districts.
DAYS = [
    datetime.date(2014, 10, 20),
    datetime.date(2014, 10, 21),
    datetime.date(2015, 9, 15),
    datetime.date(2020, 12, 31),
    DISTRICTS_END,
    datetime.date(2025, 7, 1),
    datetime.date(2026, 3, 1),
]
LOWER = {"province": "district", "region": "province", "national": "region"}
KIND = {
    "district": "typical_district",
    "province": "typical_province",
    "region": "typical_region",
    "national": "typical_national",
}


@pytest.fixture
def world(personas, registry, hy_communes):
    return build_world(personas, registry, hy_communes)


# ---------------------------------------------------------------- the rows


ROW_MODELS = [ContestLevel, ContestCriterion, ContestRule, ContestCondition]


@pytest.mark.django_db
@pytest.mark.parametrize("model", ROW_MODELS, ids=lambda m: m.__name__)
def test_every_contest_row_names_its_article_and_lies_within_circular_26_2014(model):
    rows = list(model.objects.all())
    assert rows
    for row in rows:
        assert row.legal_basis.startswith("Thông tư 26/2014/TT-BCT, Điều "), row
        start, end = TEXTS["Thông tư 26/2014/TT-BCT"]
        assert row.effective_from >= start and (end is None or row.effective_to <= end)
        assert row.source and not row.source.startswith("http")
        assert row.legal_basis in PATH.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_the_rows_say_what_was_read_and_what_was_not():
    assert ContestRule.objects.get(code="pass-score").pass_score == 70
    assert ContestRule.objects.get(code="pass-score").verified
    assert ContestRule.objects.get(code="validity").valid_years == 3
    # The maximum scores come from a copy of Annex 4, not the gazette: not verified.
    scores = dict(ContestCriterion.objects.values_list("code", "max_score"))
    assert scores == {"market": 40, "economic": 40, "culture": 10, "other": 10}
    assert not ContestCriterion.objects.filter(verified=True).exists()
    district = ContestLevel.objects.get(code="district")
    assert district.effective_to == DISTRICTS_END and not district.verified
    assert set(ContestLevel.in_force(datetime.date(2026, 1, 1)).values_list("code", flat=True)) == {
        "province",
        "region",
        "national",
    }


@pytest.mark.django_db
def test_the_rules_screen_lists_the_contest_rows(client, personas):
    client.force_login(personas["leader"])
    page = client.get(reverse("plans:rules")).content.decode()
    for row in ContestCriterion.objects.all():
        assert row.name in page and row.legal_basis in page


# ---------------------------------------------------------------- results, by hypothesis


def _oracle_criteria(level, on, province_id):
    """The criteria a contest of the day uses, worked out from the rows without the model's resolver."""
    found = {}
    for row in ContestCriterion.objects.filter(level__in=[level, ""]).order_by("effective_from"):
        in_force = row.effective_from <= on and (row.effective_to is None or on <= row.effective_to)
        if in_force and row.province_id in (None, province_id):
            key = (row.province_id is not None, bool(row.level))
            if row.code not in found or key >= found[row.code][0]:
                found[row.code] = (key, row)
    return [row for _key, row in found.values()]


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_entries_are_certified_exactly_when_they_meet_the_threshold_and_conditions(world, data):
    # Each example starts from the same database: what one writes is rolled back before the next.
    with transaction.atomic():
        try:
            _one_contest(world, data)
        finally:
            transaction.set_rollback(True)


def _one_contest(world, data):
    staff = world.personas["centre_staff"]
    project = world.projects["home"]
    hy = province(HUNG_YEN)
    held_on = data.draw(st.sampled_from(DAYS), label="held_on")
    level = data.draw(st.sampled_from(list(KIND)), label="level")
    # Sometimes the province has its own maximum for the last criterion (Art. 24.2), from some day.
    if data.draw(st.booleans(), label="provincial criterion"):
        ContestCriterion.objects.create(
            province=hy,
            level="",
            code="other",
            name="Tiêu chí khác của tỉnh",
            max_score=data.draw(st.integers(1, 20), label="provincial max"),
            legal_basis="Thông tư 26/2014/TT-BCT, Điều 24 khoản 2",
            effective_from=data.draw(st.sampled_from(DAYS[1:]), label="provincial from"),
        )
    contest = Contest.objects.create(
        project=project, level=level, title="Bình chọn", organiser="UBND tỉnh", held_on=held_on
    )
    jurors = [
        JuryMember.objects.create(contest=contest, full_name=f"GK {n}")
        for n in range(data.draw(st.integers(1, 4), label="jurors"))
    ]
    decided_on = held_on + datetime.timedelta(days=data.draw(st.integers(0, 60), label="delay"))
    decision = Document.objects.create(
        symbol=f"{Document.objects.count() + 100}/QĐ-UBND",
        issued_on=decided_on,
        issuer="UBND tỉnh",
        summary="Công nhận kết quả",
        province=hy,
    )
    criteria = _oracle_criteria(level, held_on, hy.pk)
    level_in_force = ContestLevel.in_force(held_on).filter(code=level).exists()
    if not (level_in_force and criteria):
        with pytest.raises(ValidationError):
            contest.decide_results(staff, decision, decided_on)
        return
    expected = {}
    for n in range(data.draw(st.integers(1, 3), label="entries")):
        product = Product.objects.create(
            establishment=world.registry["home"], name=f"SP {n}", group=Product.Group.HANDICRAFT
        )
        lower_valid = None
        if level in LOWER:
            # A lower-level certificate: none, valid on the day, or lapsed the day before.
            lower_valid = data.draw(st.sampled_from([None, True, False]), label="lower certificate")
            if lower_valid is not None:
                end = held_on if lower_valid else held_on - datetime.timedelta(days=1)
                Certification.objects.create(
                    product=product,
                    kind=KIND[LOWER[level]],
                    year=min(end.year, held_on.year),
                    valid_until=end,
                )
        met = data.draw(st.lists(st.sampled_from(CHECKED), unique=True), label="conditions")
        not_held = data.draw(st.booleans(), label="lower round not held")
        entry = ContestEntry.objects.create(
            contest=contest, product=product, conditions_met=met, lower_round_not_held=not_held
        )
        total = Fraction(0)
        for juror in jurors:
            scores = {c.pk: data.draw(st.integers(0, c.max_score * 4)) / 4 for c in criteria}
            record_score_sheet(staff, entry, juror, {k: _decimal(v) for k, v in scores.items()})
            total += sum(Fraction(v) for v in scores.values())
        needs_lower = level in LOWER and not (level == "province" and held_on > DISTRICTS_END)
        lower_ok = not needs_lower or lower_valid is True or (level == "province" and not_held)
        conditions_ok = set(met) == set(CHECKED) and lower_ok
        expected[entry.pk] = total / len(jurors) >= 70 and conditions_ok

    certificates = contest.decide_results(staff, decision, decided_on)

    certified = dict(ContestEntry.objects.filter(contest=contest).values_list("pk", "certified"))
    assert certified == expected
    assert {c.entry_id for c in certificates} == {pk for pk, ok in expected.items() if ok}
    for certificate in ContestCertificate.objects.filter(entry__contest=contest):
        # Art. 17.3: to 31 December of the third year, the year of issue the first.
        assert certificate.issued_on == decided_on
        assert certificate.valid_until == datetime.date(decided_on.year + 2, 12, 31)
        registry_row = certificate.certification
        assert registry_row.product_id == certificate.entry.product_id
        assert registry_row.kind == KIND[level] and registry_row.valid_until == certificate.valid_until
        assert registry_row.decision_number == decision.symbol
    contest.refresh_from_db()
    assert contest.decided and contest.result_decision == decision
    with pytest.raises(ValidationError):
        contest.decide_results(staff, decision, decided_on)


def _decimal(value: float):
    from decimal import Decimal

    return Decimal(str(value))


# ---------------------------------------------------------------- refusals of the model


@pytest.mark.django_db
def test_a_score_above_the_criterions_maximum_is_refused_with_a_clear_message(world):
    contest, staff = world.contests["home"], world.personas["centre_staff"]
    entry, juror = contest.entries.get(), contest.jury.get()
    market = next(c for c in contest.rules().criteria if c.code == "market")
    with pytest.raises(ValidationError) as refused:
        record_score_sheet(staff, entry, juror, {market.pk: _decimal(41)})
    assert "40" in str(refused.value) and market.name in str(refused.value)
    assert not JuryScore.objects.filter(entry=entry).exists()


@pytest.mark.django_db
def test_results_are_not_decided_on_incomplete_score_sheets(world):
    contest, staff = world.contests["home"], world.personas["centre_staff"]
    decision = world.documents["HY"]
    decision.issued_on = contest.held_on
    decision.save()
    with translation.override("en"), pytest.raises(ValidationError, match="incomplete"):
        contest.decide_results(staff, decision, contest.held_on)
    contest.refresh_from_db()
    assert (
        not contest.decided
        and not ContestCertificate.objects.filter(
            entry__contest=contest, issued_on__gte=contest.held_on
        ).exists()
    )


# ---------------------------------------------------------------- the screens


def _full_marks(client, contest, juror):
    data = {f"s_{e.pk}_{c.pk}": c.max_score for e in contest.entries.all() for c in contest.rules().criteria}
    return client.post(reverse("activities:contest_scores", args=[contest.pk, juror.pk]), data)


@pytest.mark.django_db
def test_centre_staff_run_a_contest_from_entry_to_certificate_on_the_registry_page(client, world):
    staff = world.personas["centre_staff"]
    client.force_login(staff)
    project = world.projects["home"]
    held_on = datetime.date.today() - datetime.timedelta(days=2)
    response = client.post(
        reverse("activities:contest_create", args=[project.pk]),
        {
            "level": "province",
            "title": "Bình chọn cấp tỉnh",
            "organiser": "UBND tỉnh",
            "held_on": f"{held_on:%d/%m/%Y}",
        },
    )
    assert response.status_code == 302
    contest = Contest.objects.get(title="Bình chọn cấp tỉnh")
    product = world.products["home"]
    response = client.post(
        reverse("activities:contest_entry_create", args=[contest.pk]),
        {"product": product.pk, "conditions_met": list(CHECKED)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        reverse("activities:contest_jury_add", args=[contest.pk]),
        {"full_name": "Nguyễn Văn A", "role": "chair"},
    )
    assert response.status_code == 302
    juror = contest.jury.get()
    over = {f"s_{contest.entries.get().pk}_{c.pk}": c.max_score + 1 for c in contest.rules().criteria}
    refused = client.post(reverse("activities:contest_scores", args=[contest.pk, juror.pk]), over)
    text = refused.content.decode()
    assert refused.status_code == 400 and "Tiêu chí này tối đa" in text  # the criterion's maximum, said
    assert _full_marks(client, contest, juror).status_code == 302
    decision = Document.objects.create(
        symbol="55/QĐ-UBND",
        issued_on=held_on,
        issuer="UBND tỉnh",
        summary="Công nhận",
        province=province(HUNG_YEN),
    )
    unconfirmed = client.post(
        reverse("activities:contest_decide", args=[contest.pk]), {"decision": decision.pk}
    )
    assert unconfirmed.status_code == 400 and not Contest.objects.get(pk=contest.pk).decided
    response = client.post(
        reverse("activities:contest_decide", args=[contest.pk]), {"decision": decision.pk, "confirm": "on"}
    )
    assert response.status_code == 302
    certificate = ContestCertificate.objects.get(entry__contest=contest)
    assert certificate.valid_until == datetime.date(held_on.year + 2, 12, 31)
    page = client.get(
        reverse("registry:establishment_detail", args=[product.establishment_id])
    ).content.decode()
    assert f"{certificate.valid_until:%d/%m/%Y}" in page
    assert (
        client.get(reverse("activities:contest_certificates")).content.decode().count(certificate.number) == 1
    )
    assert AuditEntry.objects.filter(action="activities.contest.decided").exists()
    # Decided: nothing of the contest changes any more.
    closed = client.post(reverse("activities:contest_jury_add", args=[contest.pk]), {"full_name": "B"})
    assert closed.status_code == 302 and contest.jury.count() == 1
    outputs = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "Bình chọn cấp tỉnh" in outputs


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 403), ("commune_officer", 403), ("other_province_staff", 404), ("outsider", 404)],
)
def test_only_who_runs_the_project_records_a_contest(client, world, persona, status):
    client.force_login(world.personas[persona])
    before = Contest.objects.count()
    response = client.post(
        reverse("activities:contest_create", args=[world.projects["home"].pk]),
        {"level": "province", "title": "X", "organiser": "Y", "held_on": "01/03/2026"},
    )
    assert response.status_code == status and Contest.objects.count() == before


@pytest.mark.django_db
def test_an_entry_offers_only_products_the_user_may_see(client, world):
    client.force_login(world.personas["centre_staff"])
    page = client.get(
        reverse("activities:contest_entry_create", args=[world.contests["home"].pk])
    ).content.decode()
    assert world.products["other"].name in page and world.products["far"].name not in page


@pytest.mark.django_db
def test_a_district_contest_after_the_reform_is_refused_by_the_form(client, world):
    client.force_login(world.personas["centre_staff"])
    response = client.post(
        reverse("activities:contest_create", args=[world.projects["home"].pk]),
        {"level": "district", "title": "Cấp huyện", "organiser": "UBND huyện", "held_on": "01/03/2026"},
    )
    assert response.status_code in (200, 400) and not Contest.objects.filter(title="Cấp huyện").exists()


@pytest.mark.django_db
def test_a_certified_products_certificate_reads_back_with_its_number_and_validity(client, world):
    """The certificate (Art. 17.3) as Word and PDF: the establishment, the product, the number and
    the last day of validity, for whoever sees the project; 404 beyond it."""
    import io

    from docx import Document as WordDocument
    from pypdf import PdfReader

    certificate = world.contests["home"].entries.get().certificate
    client.force_login(world.personas["leader"])
    word = client.get(reverse("activities:contest_certificate", args=[certificate.pk]))
    assert word.status_code == 200
    document = WordDocument(io.BytesIO(word.content))
    cells = [p.text for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    until = certificate.valid_until
    assert certificate.number in text and world.registry["home"].name in text
    assert "Sản phẩm home" in text and f"{until.day:02d}/{until.month:02d}/{until.year}" in text
    pdf = client.get(reverse("activities:contest_certificate_pdf", args=[certificate.pk]))
    pages = PdfReader(io.BytesIO(pdf.content)).pages
    pdf_text = pages[0].extract_text()
    assert len(pages) == 1 and "Sản phẩm home" in pdf_text and f"{until.year}" in pdf_text
    client.force_login(world.personas["other_province_staff"])
    assert client.get(reverse("activities:contest_certificate", args=[certificate.pk])).status_code == 404

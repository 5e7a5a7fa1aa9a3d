"""The same application judged by the rules of its date (docs/self-service.md, docs/legal-rules.md).

Caps are written in triệu đồng (M), as people type them."""

import datetime

import pytest

from conftest import HUNG_YEN, province
from khuyencong.documents.models import Document
from khuyencong.plans.models import Batch, FundingSource, Plan
from khuyencong.portal.eligibility import cap_on, judge
from khuyencong.projects.models import Project
from khuyencong.registry.models import ActivityType, Establishment

pytestmark = pytest.mark.django_db

M = 1_000_000
D2015 = datetime.date(2015, 6, 1)
D2024 = datetime.date(2024, 6, 1)
D2026 = datetime.date(2026, 3, 1)  # after Decree 235/2025/NĐ-CP (15/10/2025)


def finding(verdict, code):
    return next(f for f in verdict.findings if f.code == code)


def test_a_household_in_a_commune_may_apply_for_training_under_each_decree(registry):
    for day in (D2015, D2024, D2026):
        verdict = judge(registry["other"], "1", day)
        assert verdict.eligible, (day, verdict.reasons())
        assert not verdict.failed


def test_the_activity_type_of_decree_235_is_refused_before_it_and_accepted_after(registry):
    before = judge(registry["other"], "10", D2024)
    assert not before.eligible
    (failed,) = before.failed
    assert "15/10/2025" in failed.reason
    assert failed.legal_basis.startswith("Nghị định 235/2025/NĐ-CP")
    assert judge(registry["other"], "10", D2026).eligible


def test_a_cooperative_group_is_a_beneficiary_under_decree_45_and_not_in_the_rows_of_decree_235(registry):
    group = registry["other"]
    group.legal_form = Establishment.LegalForm.COOPERATIVE_GROUP
    group.save()
    for day in (D2015, D2024):
        found = finding(judge(group, "1", day), "who")
        assert found.passed is True
        assert found.legal_basis == "Nghị định 45/2012/NĐ-CP, Điều 1 khoản 2"
    later = judge(group, "1", D2026)
    assert not later.eligible
    (failed,) = later.failed
    assert "Cooperative group" in failed.reason or "Tổ hợp tác" in failed.reason
    assert failed.legal_basis.startswith("Nghị định 235/2025/NĐ-CP")
    assert any("Nghị định 235/2025/NĐ-CP" in reason for reason in later.reasons())


def test_a_ward_is_left_to_the_centre_under_decree_45_and_covered_under_decree_235(registry):
    ward = registry["home"]  # Phường Phố Hiến
    assert finding(judge(ward, "1", D2015), "where").passed is None
    assert judge(ward, "1", D2015).eligible  # not refused: the Centre checks the city's class
    assert finding(judge(ward, "1", D2026), "where").passed is True
    assert finding(judge(registry["other"], "1", D2015), "where").passed is True  # Xã Tân Hưng


def _approved_in_2015(personas, establishment):
    """A 2015 project for the establishment, approved through the real steps on 2015 dates."""
    from khuyencong.projects.tests.conftest import appraise

    hy = province(HUNG_YEN)
    decision = Document.objects.create(
        symbol="9/QĐ-UBND", issued_on=datetime.date(2015, 1, 5), issuer="UBND tỉnh", summary="KH", province=hy
    )
    source = FundingSource.objects.get(code="KCĐP")
    plan = Plan.objects.create(province=hy, year=2015, source=source, title="Kế hoạch 2015")
    batch = Batch.objects.create(
        plan=plan, number=1, amount=500 * M, approved_on=datetime.date(2015, 1, 10), decision=decision
    )
    project = Project.create_draft(
        personas["centre_staff"],
        on=datetime.date(2015, 2, 1),
        title="Đào tạo nghề 2015",
        activity_type=ActivityType.in_force(D2015).get(code="1"),
        source=source,
        year=2015,
        province=hy,
        implementing_unit="Trung tâm Khuyến công",
        applicant=establishment,
        support_amount=50 * M,
        counterpart_amount=0,
        total_amount=50 * M,
    )
    for item in project.dossier_items.filter(stage="application"):
        item.review("accepted", personas["centre_staff"], note="Bản giấy")
    appraise(project, personas, on=datetime.date(2015, 2, 10))
    project.approve(personas["leader"], batch, decision, 50 * M, on=datetime.date(2015, 3, 1))
    return project


def test_support_already_received_for_the_same_content_is_refused_under_joint_circular_26_2014(
    personas, registry
):
    establishment = registry["other"]
    assert finding(judge(establishment, "1", D2015), "support").passed is True
    earlier = _approved_in_2015(personas, establishment)
    verdict = judge(establishment, "1", D2015)
    assert not verdict.eligible
    (failed,) = verdict.failed
    assert earlier.code in failed.reason
    assert failed.legal_basis == "Thông tư liên tịch 26/2014/TTLT-BTC-BCT, Điều 7 khoản 4"
    assert failed.verified  # compared with the article's words (portal/legal_data.py)
    # Another kind of support is not the same content.
    assert finding(judge(establishment, "3", D2015), "support").passed is True
    # Its own project is not "earlier" support.
    assert finding(judge(establishment, "1", D2015, exclude_project=earlier), "support").passed is True
    # After Joint Circular 26/2014 ended (10/05/2018), the row of Circular 28/2018/TT-BTC checks it too,
    # unchecked against its words: the applicant reads the text's name, never the internal note.
    later = finding(judge(establishment, "1", D2024), "support")
    assert later.passed is False
    assert later.legal_basis.startswith("Thông tư 28/2018/TT-BTC") and not later.verified
    assert later.public_basis == "Thông tư 28/2018/TT-BTC"
    assert finding(judge(establishment, "1", D2026), "support").passed is False


def test_the_same_budget_meets_the_cap_of_its_own_date():
    """Machinery (activity 3): at most 50% and 200 triệu đồng under Joint Circular 26/2014 Art. 6.2.c;
    300 triệu đồng in the (unchecked) rows of Circular 28/2018."""
    total = 1_000 * M
    cap_2015 = cap_on("3", "machinery", "national", D2015, None, total)
    cap_2024 = cap_on("3", "machinery", "national", D2024, None, total)
    assert cap_2015.amount == 200 * M
    assert "Thông tư liên tịch 26/2014/TTLT-BTC-BCT, Điều 6 khoản 2 điểm c" in cap_2015.basis
    assert cap_2015.verified
    assert cap_2024.amount == 300 * M
    assert "Thông tư 28/2018/TT-BTC" in cap_2024.basis
    assert not cap_2024.verified
    # 250 triệu đồng asked: over the 2015 cap, within the 2024 one.
    asked = 250 * M
    assert asked > cap_2015.amount and asked <= cap_2024.amount
    # A small project is held by the share: 50% of 300 triệu đồng.
    assert cap_on("3", "machinery", "national", D2015, None, 300 * M).amount == 150 * M
    assert cap_on("3", "machinery", "national", D2026, None, total).amount == 300 * M

"""The rule in force on a project's date applies: caps, advance shares and deadlines are dated rows."""

import datetime

import pytest

from khuyencong.plans.models import DeadlineRule, DossierRequirement, SupportRule

pytestmark = pytest.mark.django_db
M = 1_000_000


def test_a_demonstration_model_in_2015_is_capped_by_circular_26_2014():
    rule = SupportRule.resolve("3", "demo-model", "local", datetime.date(2015, 3, 1))
    assert rule.cap_for(2_000 * M) == 500 * M
    assert "26/2014" in rule.cap_basis


def test_the_same_model_in_2019_is_capped_by_circular_28_2018_at_30_percent_and_a_billion():
    rule = SupportRule.resolve("3", "demo-model", "local", datetime.date(2019, 3, 1))
    assert rule.cap_for(2_000 * M) == 600 * M  # 30% of the total
    assert rule.cap_for(5_000 * M) == 1_000 * M  # the ceiling
    assert "28/2018" in rule.cap_basis


def test_advance_shares_fall_back_from_the_item_to_the_general_row():
    day = datetime.date(2020, 1, 1)
    assert SupportRule.resolve("1", "", "local", day).advance_cap(100 * M) == 70 * M
    assert SupportRule.resolve("7", "ccn-infrastructure", "local", day).advance_cap(100 * M) == 30 * M
    startup = SupportRule.resolve("2", "startup", "local", day)
    assert startup.advance_after_acceptance_only and startup.advance_cap(100 * M) == 100 * M


def test_an_administrator_row_with_a_later_validity_takes_over_from_that_day():
    SupportRule.objects.create(
        activity_code="3",
        item_code="demo-model",
        item_name="Mô hình trình diễn (mức mới)",
        max_percent=40,
        max_amount=1_500 * M,
        legal_basis="Thông tư giả định",
        effective_from=datetime.date(2030, 1, 1),
    )
    SupportRule.objects.filter(legal_basis__contains="28/2018", item_code="demo-model").update(
        effective_to=datetime.date(2029, 12, 31)
    )
    assert (
        SupportRule.resolve("3", "demo-model", "local", datetime.date(2029, 12, 31)).max_amount == 1_000 * M
    )
    assert SupportRule.resolve("3", "demo-model", "local", datetime.date(2030, 1, 1)).max_amount == 1_500 * M


def test_national_deadlines_are_dated_rows_of_circular_36_2013():
    day = datetime.date(2015, 1, 1)
    registration = DeadlineRule.find("registration", "national", day)
    assert registration.due_in_year(2015) == datetime.date(2015, 5, 20)
    assert DeadlineRule.find("submission", "national", day).due_in_year(2015) == datetime.date(2015, 6, 15)
    assert DeadlineRule.find("monthly_report", "national", day).due_in_month(2015, 2) == datetime.date(
        2015, 2, 25
    )
    settlement = DeadlineRule.find("settlement_dossier", "national", day)
    assert settlement.due_after(datetime.date(2015, 11, 20)) == datetime.date(2015, 12, 5)
    assert DeadlineRule.find("closure", "national", day).due_in_year(2015) == datetime.date(2016, 1, 22)
    assert DeadlineRule.find("registration", "local", day) is None  # provinces set their own
    assert all("36/2013" in rule.legal_basis for rule in DeadlineRule.objects.all())


def test_acceptance_documents_depend_on_the_activity_and_item():
    day = datetime.date(2020, 1, 1)
    training = DossierRequirement.for_project("1", "", day).filter(stage="acceptance")
    fair = DossierRequirement.for_project("4", "fair", day).filter(stage="acceptance")
    common = {  # Circular 36/2013 Art. 14, opening words: every type of project
        "Biên bản nghiệm thu cơ sở (Mẫu số 5a, 5b hoặc 5c)",
        "Báo cáo tổng hợp kết quả thực hiện đề án",
        "Báo cáo khối lượng hoàn thành và kinh phí thực hiện hợp đồng (Mẫu số 3b)",
    }
    assert {r.name for r in training} >= common | {
        "Quyết định cấp chứng chỉ hoặc chứng nhận",
        "Danh sách học viên được cấp chứng chỉ hoặc chứng nhận (có chữ ký của học viên)",
    }
    assert {r.name for r in fair} - common == {  # Art. 14.10
        "Danh sách đơn vị tham gia hội chợ, triển lãm thuê gian hàng, có xác nhận của Sở Công Thương nơi tổ "
        "chức (bản chính)",
        "Hợp đồng thuê gian hàng (ghi rõ vị trí, số lượng, giá thuê gian hàng và mức được hỗ trợ)",
    }


def test_an_administrator_ends_a_cap_and_starts_a_new_one_through_the_screens(personas):
    from django.test import Client

    admin, staff = Client(), Client()
    admin.force_login(personas["admin"])
    staff.force_login(personas["centre_staff"])
    assert "28/2018" in staff.get("/plans/rules/").content.decode()
    old = SupportRule.objects.get(item_code="demo-model", legal_basis__contains="28/2018")
    data = {
        "activity_code": "3",
        "item_code": "demo-model",
        "item_name": "Mô hình trình diễn kỹ thuật",
        "source_kind": "",
        "max_percent": "30",
        "max_amount": str(1_000 * M),
        "advance_percent": "",
        "legal_basis": old.legal_basis,
        "effective_from": "2018-05-11",
        "effective_to": "2030-12-31",
        "version": old.version,
    }
    assert staff.post(f"/plans/rules/support/{old.pk}/", data).status_code == 403
    assert admin.post(f"/plans/rules/support/{old.pk}/", data).status_code == 302
    new = {
        **data,
        "max_percent": "40",
        "max_amount": str(1_200 * M),
        "legal_basis": "Thông tư mới (giả định)",
        "effective_from": "2031-01-01",
        "effective_to": "",
    }
    assert admin.post("/plans/rules/support/new/", new).status_code == 302
    before = SupportRule.resolve("3", "demo-model", "local", datetime.date(2030, 12, 31))
    after = SupportRule.resolve("3", "demo-model", "local", datetime.date(2031, 1, 1))
    assert (before.max_amount, after.max_amount) == (1_000 * M, 1_200 * M)
    bad = admin.post("/plans/rules/support/new/", {**new, "effective_to": "2020-01-01"})
    assert bad.status_code == 400 and "trước ngày có hiệu lực" in bad.content.decode()


def test_a_provinces_own_rate_applies_to_its_projects_only_and_national_rows_fill_the_rest():
    from conftest import BAC_NINH, HUNG_YEN, province

    hung_yen, bac_ninh = province(HUNG_YEN), province(BAC_NINH)
    day = datetime.date(2026, 3, 1)
    SupportRule.objects.create(
        activity_code="1",
        item_code="",
        item_name="Đào tạo nghề (mức hỗ trợ của tỉnh)",
        source_kind="local",
        max_amount=150 * M,
        legal_basis="Nghị quyết HĐND tỉnh Hưng Yên (giả định)",
        effective_from=datetime.date(2026, 1, 1),
        province=hung_yen,
    )
    own = SupportRule.resolve("1", "", "local", day, hung_yen.pk)
    assert own.cap_for(1_000 * M) == 150 * M and "Hưng Yên" in own.cap_basis
    assert own.advance_cap(100 * M) == 70 * M  # the national advance share still applies
    assert SupportRule.resolve("1", "", "local", day, bac_ninh.pk).cap_for(1_000 * M) is None
    assert SupportRule.resolve("1", "", "national", day, hung_yen.pk).cap_for(1_000 * M) is None

    DossierRequirement.objects.create(
        activity_code="1",
        stage="application",
        name="Xác nhận của UBND xã",
        province=hung_yen,
        legal_basis="Quyết định UBND tỉnh (giả định)",
        effective_from=datetime.date(2026, 1, 1),
    )

    def names(province_id):
        return {r.name for r in DossierRequirement.for_project("1", "", day, province_id)}

    assert "Xác nhận của UBND xã" in names(hung_yen.pk)
    assert "Xác nhận của UBND xã" not in names(bac_ninh.pk)

"""Project pages in the user's scope: who sees a project, which appraisal each appraiser sees,
adjustments by decision over HTTP, plan and batch screens."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from khuyencong.plans.models import Batch, BatchAdjustment
from khuyencong.projects.models import ProjectVersion
from khuyencong.projects.models.states import SOUGHT_OR_GRANTED, Status

from .conftest import M, appraise, draft_project, running_project


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_project_is_seen_in_its_province_commune_and_by_its_establishment_only(
    personas, programme, registry
):
    project = running_project(
        programme,
        personas,
        80 * M,
        commune=registry["home"].commune,
        applicant=registry["home"],
        title="Mô hình của cơ sở home",
    )
    seen = {
        "admin",
        "province_admin",
        "centre_staff",
        "leader",
        "finance",
        "commune_officer",
        "establishment_rep",
        "ministry",
    }
    for name, user in personas.items():
        client = client_for(user)
        detail = client.get(reverse("projects:detail", args=[project.pk]))
        listing = client.get(reverse("projects:list")).content.decode()
        if name in seen:
            assert detail.status_code == 200, name
            assert project.title in listing, name
        else:
            # Someone with no role at all is refused the projects screens; the others do not see this one.
            assert detail.status_code == (403 if name == "outsider" else 404), name
            assert project.title not in listing, name
            assert project.title not in detail.content.decode(), name
    anonymous = Client().get(reverse("projects:detail", args=[project.pk]))
    assert anonymous.status_code == 302


@pytest.mark.django_db
def test_each_appraiser_sees_only_their_own_step_and_the_leader_sees_both(personas, programme):
    project = appraise(draft_project(programme, personas, 60 * M, title="Đào tạo nghề thêu"), personas)
    centre_comment, finance_comment = (
        project.appraisals.order_by("step").values_list("comments", "step")[0],
        None,
    )
    del centre_comment, finance_comment
    pages = {
        name: client_for(personas[name]).get(reverse("projects:detail", args=[project.pk])).content.decode()
        for name in ("centre_staff", "finance", "leader")
    }
    assert (
        "Thẩm định của Trung tâm" in pages["centre_staff"]
        and "Thẩm định tài chính:" not in pages["centre_staff"]
    )
    assert "Thẩm định tài chính" in pages["finance"] and "Thẩm định của Trung tâm:" not in pages["finance"]
    assert "Thẩm định của Trung tâm" in pages["leader"] and "Thẩm định tài chính" in pages["leader"]


def next_steps(page: str) -> str:
    return page.split('id="next-steps"', 1)[1].split("</section>", 1)[0]


@pytest.mark.django_db
def test_under_appraisal_the_appraisal_to_record_is_the_first_next_step_until_it_is_recorded(
    personas, programme
):
    """The next action of a file under appraisal is its appraisal, not "request more documents" with the
    appraisal link under the dossier table; once the Centre's is recorded it is no longer offered."""
    from khuyencong.plans.models import AppraisalCriterion

    staff = personas["centre_staff"]
    project = draft_project(programme, personas, 30 * M)
    url = reverse("projects:detail", args=[project.pk])
    # A step's date is labelled where it is typed, not only for screen readers.
    steps = next_steps(client_for(staff).get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode())
    assert '<label class="small" for="step-submit-on">Ngày<' in steps
    project.submit(staff)
    project.start_appraisal(staff)
    appraisal_url = reverse("projects:appraisal", args=[project.pk, "centre"])
    page = client_for(staff).get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    steps = next_steps(page)
    assert appraisal_url in steps and page.count(appraisal_url) == 1
    assert steps.index(appraisal_url) < steps.index(reverse("projects:step", args=[project.pk, "withdraw"]))

    criteria = AppraisalCriterion.for_step("centre", project.rule_date, project.current_province_id)
    scores = {str(c.pk): c.max_score for c in criteria if c.max_score is not None}
    project.record_appraisal(staff, "centre", scores, "Đạt", "pass")
    page = client_for(staff).get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert appraisal_url not in page


@pytest.mark.django_db
def test_the_appraisal_form_offers_its_conclusion_as_radio_buttons_and_a_way_back(personas, programme):
    staff = personas["centre_staff"]
    project = draft_project(programme, personas, 30 * M)
    project.submit(staff)
    project.start_appraisal(staff)
    page = client_for(staff).get(reverse("projects:appraisal", args=[project.pk, "centre"])).content.decode()
    radios = re.findall(r'<input type="radio"[^>]*>', page)
    assert radios and all('class="form-check-input"' in radio for radio in radios), radios
    # Their wrapper is not styled as a check box (it was drawn as a tiny box, the choices spilling out).
    assert not re.search(r'<div id="id_conclusion"[^>]*class=', page)
    assert f'href="{reverse("projects:detail", args=[project.pk])}"' in page.split("<form", 1)[1]


@pytest.mark.django_db
def test_a_draft_offers_only_its_application_documents_for_upload_and_review(personas, programme):
    """The acceptance documents come at the end of the work: on a draft they are listed, not actionable."""
    project = draft_project(programme, personas, 30 * M)
    page = (
        client_for(personas["centre_staff"])
        .get(reverse("projects:detail", args=[project.pk]))
        .content.decode()
    )
    items = list(project.dossier_items.all())
    assert {item.stage for item in items} == {"application", "acceptance"}
    for item in items:
        actionable = reverse("projects:dossier_review", args=[project.pk, item.pk]) in page
        assert actionable == (item.stage == "application"), item.name
    # Listed in the order the file is made: every application document before the acceptance ones.
    stages = [
        row.stage
        for row in client_for(personas["centre_staff"])
        .get(reverse("projects:detail", args=[project.pk]))
        .context["dossier"]
    ]
    assert stages == sorted(stages, key=lambda stage: stage != "application"), stages


@pytest.mark.django_db
def test_a_new_project_is_for_this_years_plan_unless_changed(personas, programme):
    form = client_for(personas["centre_staff"]).get(reverse("projects:create")).context["form"]
    assert form["year"].value() == programme["today"].year


@pytest.mark.django_db
def test_an_amount_adjustment_by_decision_keeps_a_version_and_respects_the_batch(
    personas, programme, registry
):
    project = running_project(programme, personas, 100 * M)
    url = reverse("projects:adjust", args=[project.pk])
    data = {
        "kind": "amount",
        "decision": programme["decision"].pk,
        "reason": "Tăng số học viên",
        "on": programme["today"].isoformat(),  # the plan's decision is older than the approval
    }
    assert (
        client_for(personas["centre_staff"]).post(url, {**data, "approved_support": "120000000"}).status_code
        == 403
    )
    too_much = client_for(personas["leader"]).post(url, {**data, "approved_support": "5000000000"})
    assert "Đợt chỉ còn" in too_much.content.decode()
    assert (
        client_for(personas["leader"]).post(url, {**data, "approved_support": "120.000.000"}).status_code
        == 302
    )
    project.refresh_from_db()
    assert (project.approved_support, project.support_amount, project.total_amount) == (
        120 * M,
        120 * M,
        120 * M,
    )
    version = ProjectVersion.objects.get(project=project)
    assert version.kind == "amount" and version.decision == programme["decision"]
    assert version.changes["approved_support"] == ["100000000", "120000000"]
    beneficiaries = {
        "kind": "beneficiary",
        "decision": programme["decision"].pk,
        "reason": "Bổ sung cơ sở",
        "on": programme["today"].isoformat(),
        "beneficiaries": [registry["home"].pk, registry["other"].pk],
    }
    assert client_for(personas["leader"]).post(url, beneficiaries).status_code == 302
    assert set(project.beneficiaries.all()) == {registry["home"], registry["other"]}
    assert "Cơ sở other" in ProjectVersion.objects.get(kind="beneficiary").changes["beneficiaries"][1]


@pytest.mark.django_db
def test_a_batch_is_adjusted_by_decision_but_never_below_what_is_allocated(personas, programme):
    batch = programme["batches"]["KCĐP"]
    running_project(programme, personas, 500 * M)
    url = reverse("plans:batch_adjust", args=[batch.pk])
    data = {
        "effective_on": str(programme["today"]),
        "decision": programme["decision"].pk,
        "reason": "Điều chỉnh",
        "version": batch.version,
    }
    refused = client_for(personas["leader"]).post(url, {**data, "new_amount": "400.000.000"})
    assert "không thể giảm" in refused.content.decode()
    assert client_for(personas["finance"]).post(url, {**data, "new_amount": "600.000.000"}).status_code == 403
    assert client_for(personas["leader"]).post(url, {**data, "new_amount": "600.000.000"}).status_code == 302
    batch.refresh_from_db()
    assert (batch.original_amount, batch.amount) == (2_000 * M, 600 * M)
    assert BatchAdjustment.objects.get().old_amount == 2_000 * M
    assert batch.amount_on(programme["today"]) == 600 * M


@pytest.mark.django_db
def test_staff_create_a_plan_and_its_batch_and_the_plan_page_shows_it(personas, programme):
    staff = client_for(personas["centre_staff"])
    plan_data = {
        "province": programme["province"].pk,
        "year": programme["today"].year - 1,
        "source": programme["batches"]["KCĐP"].plan.source_id,
        "title": "Kế hoạch năm trước",
    }
    response = staff.post(reverse("plans:plan_create"), plan_data)
    assert response.status_code == 302
    batch_url = response["Location"]
    assert (
        staff.post(batch_url, {"number": 1, "amount": "485.000.000", "approved_on": "2025-03-20"}).status_code
        == 302
    )
    assert Batch.objects.filter(amount=485 * M).exists()
    duplicate = staff.post(batch_url, {"number": 1, "amount": "1", "approved_on": "2025-03-20"})
    assert "đã có đợt mang số này" in duplicate.content.decode()
    page = staff.get(
        reverse("reports:execution", args=[programme["province"].pk, programme["today"].year - 1])
    )
    assert "485" in page.content.decode()
    elsewhere = client_for(personas["other_province_staff"]).post(reverse("plans:plan_create"), plan_data)
    assert elsewhere.status_code == 400 and "province" in elsewhere.context["form"].errors


@pytest.mark.django_db
def test_an_establishments_page_lists_the_support_it_received_in_the_readers_scope(
    personas, programme, registry
):
    project = running_project(
        programme, personas, 80 * M, applicant=registry["home"], title="Mô hình hỗ trợ cơ sở home"
    )
    url = reverse("registry:establishment_detail", args=[registry["home"].pk])
    for reader in ("centre_staff", "establishment_rep", "commune_officer"):
        assert project.title in client_for(personas[reader]).get(url).content.decode(), reader
    draft = draft_project(programme, personas, 10 * M, applicant=registry["home"], title="Dự thảo chưa nộp")
    assert draft.title not in client_for(personas["centre_staff"]).get(url).content.decode()


def test_the_support_an_establishment_had_is_every_submitted_state_but_a_refused_or_withdrawn_one():
    dropped = {Status.DRAFT, Status.REJECTED, Status.WITHDRAWN}
    assert set(SOUGHT_OR_GRANTED) == set(Status) - dropped


@pytest.mark.django_db
def test_an_establishments_page_lists_its_applications_and_support_but_no_refused_or_withdrawn_one(
    personas, programme, registry
):
    home, staff, leader = registry["home"], personas["centre_staff"], personas["leader"]
    listed = {
        "asked": appraise(
            draft_project(programme, personas, 20 * M, applicant=home, title="Đang xét"), personas
        ),
        "beneficiary": running_project(
            programme, personas, 30 * M, beneficiaries=[home], title="Hưởng lợi cùng cơ sở khác"
        ),
    }
    rejected = draft_project(programme, personas, 40 * M, applicant=home, title="Bị từ chối")
    rejected.submit(staff)
    rejected.reject(leader, "Không đủ điều kiện")
    withdrawn = draft_project(programme, personas, 50 * M, applicant=home, title="Đã rút")
    withdrawn.withdraw(staff, "Cơ sở xin rút")
    page = client_for(staff).get(reverse("registry:establishment_detail", args=[home.pk])).content.decode()
    assert all(project.title in page for project in listed.values())
    assert rejected.title not in page and withdrawn.title not in page


@pytest.mark.django_db
def test_the_project_list_filters_by_source_activity_status_and_words(personas, programme):
    local = running_project(programme, personas, 50 * M, title="Đào tạo nghề mây tre đan")
    national = running_project(
        programme, personas, 300 * M, source="KCQG", title="Hội nghị khuyến công miền Bắc"
    )
    staff = client_for(personas["centre_staff"])

    def listed(**query):
        page = staff.get(reverse("projects:list"), query).content.decode()
        return {p.title for p in (local, national) if p.title in page}

    assert listed() == {local.title, national.title}
    assert listed(source="KCQG") == {national.title}
    assert listed(activity="1") == {local.title, national.title}  # both made with the training type here
    assert listed(q="may tre dan") == {local.title}
    assert listed(status="draft") == set()
    assert listed(year="2001") == set()
    assert listed(year="abc", source="KCQG") == {national.title}  # a bad filter is ignored, not the others
    export = staff.get(reverse("projects:export"), {"source": "KCĐP"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Mã", "Tên")
    assert [row[1] for row in rows[1:]] == [local.title]
    assert rows[1][8] == 50 * M  # approved support, whole đồng


@pytest.mark.django_db
def test_a_dossier_file_that_is_not_pdf_or_word_is_refused_and_the_item_stays_missing(personas, programme):
    project = draft_project(programme, personas, 30 * M, title="Đào tạo nghề may")
    item = project.dossier_items.filter(stage="application").first()
    item.status = "missing"
    item.save()
    fake = io.BytesIO(b"MZ\x90\x00 this is a program")
    fake.name = "don-de-nghi.pdf"
    url = reverse("projects:dossier_upload", args=[project.pk, item.pk])
    response = client_for(personas["centre_staff"]).post(url, {"file": fake})
    assert "không phải tệp PDF / Word (DOCX)" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "missing" and not item.file


@pytest.mark.django_db
def test_approving_into_another_provinces_batch_or_with_a_hidden_decision_is_refused(personas, programme):
    from conftest import BAC_NINH, province
    from khuyencong.documents.models import Document
    from khuyencong.plans.models import Batch, FundingSource, Plan

    project = appraise(draft_project(programme, personas, 40 * M, title="Đào tạo nghề mộc"), personas)
    elsewhere = Plan.objects.create(
        province=province(BAC_NINH),
        year=project.year,
        source=FundingSource.objects.get(code="KCĐP"),
        title="BN",
    )
    foreign_batch = Batch.objects.create(
        plan=elsewhere, number=1, amount=500 * M, approved_on=programme["today"]
    )
    foreign_decision = Document.objects.create(
        symbol="9/QĐ-UBND",
        issued_on=programme["today"],
        issuer="UBND tỉnh Bắc Ninh",
        summary="x",
        province=province(BAC_NINH),
    )
    url = reverse("projects:step", args=[project.pk, "approve"])
    leader = client_for(personas["leader"])
    base = {
        "batch": programme["batches"]["KCĐP"].pk,
        "decision": programme["decision"].pk,
        "approved_support": "40.000.000",
        "on": str(programme["today"]),
    }
    for hostile in (
        {"batch": foreign_batch.pk},
        {"decision": foreign_decision.pk},
        {"approved_support": "-5"},
    ):
        response = leader.post(url, {**base, **hostile})
        assert response.status_code == 400, hostile
    project.refresh_from_db()
    assert project.status == "proposed" and project.batch_id is None
    assert leader.post(url, base).status_code == 302


@pytest.mark.django_db
def test_the_establishment_picker_offers_only_establishments_the_user_may_apply_for(personas, registry):
    def picked(persona, term):
        response = client_for(personas[persona]).get(reverse("registry:establishment_pick"), {"q": term})
        return [row["label"] for row in response.json()["results"]]

    assert picked("centre_staff", "co so") == sorted(picked("centre_staff", "co so"))
    assert {label.split(" — ")[0] for label in picked("centre_staff", "co so")} == {
        "Cơ sở home",
        "Cơ sở other",
    }
    assert [label.split(" — ")[0] for label in picked("establishment_rep", "co so")] == ["Cơ sở home"]
    assert picked("other_province_staff", "co so home") == []
    assert picked("ministry", "co so") == []  # readers apply for nobody
    assert Client().get(reverse("registry:establishment_pick"), {"q": "co so"}).status_code == 302


@pytest.mark.django_db
def test_capabilities_over_a_project_agree_with_the_visibility_filter_for_every_persona(
    personas, programme, registry
):
    from khuyencong.accounts.permissions import Can
    from khuyencong.projects.models import Project

    placed = running_project(
        programme, personas, 20 * M, commune=registry["home"].commune, title="Tại xã home"
    )
    for_other = running_project(
        programme, personas, 20 * M, applicant=registry["other"], title="Cho cơ sở other"
    )
    for_other.beneficiary_links.create(establishment=registry["far"])
    for project in (placed, for_other):
        for name, user in personas.items():
            for capability in Can:
                expected = Project.objects.visible_to(user, capability).filter(pk=project.pk).exists()
                assert project.acts_as(user, capability) == expected, (project.title, name, capability)


@pytest.mark.django_db
def test_staff_reverse_a_mistaken_payment_over_http_and_others_cannot(personas, programme):
    project = running_project(programme, personas, 100 * M)
    payment = project.record_payment(personas["centre_staff"], "payment", 30 * M, programme["today"], "C-7")
    url = reverse("projects:payment_reverse", args=[project.pk, payment.pk])
    refusals = {
        "leader": 403,
        "finance": 403,
        "ministry": 403,
        "commune_officer": 404,
        "other_province_staff": 404,
    }
    for persona, refusal in refusals.items():
        response = client_for(personas[persona]).post(url, {"voucher_number": "X", "reason": "Sai"})
        assert response.status_code == refusal, persona
    staff = client_for(personas["centre_staff"])
    page = staff.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert f'href="{url}"' in page
    response = staff.post(url, {"voucher_number": "", "reason": ""})
    assert response.status_code == 400 and project.payments.count() == 1
    response = staff.post(url, {"voucher_number": "C-7-DAO", "on": "", "reason": "Chi trùng chứng từ"})
    assert response.status_code == 302
    assert project.disbursed() == 0 and project.payments.count() == 2
    page = staff.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert 'class="text-decoration-line-through text-muted"' in page and "ghi đảo C-7" in page
    assert f'href="{url}"' not in page
    response = staff.post(url, {"voucher_number": "C-7-DAO2", "reason": "Lần nữa"})
    assert response.status_code == 400 and "đã được ghi đảo" in response.content.decode()
    assert project.payments.count() == 2

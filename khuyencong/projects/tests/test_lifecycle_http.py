"""Three projects (training, demonstration model, fair) walked from the application to the closed file
over HTTP, each step by the persona it belongs to, after every other persona has tried it and failed."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from khuyencong.plans.models import AppraisalCriterion, FundingSource
from khuyencong.projects.models import Project
from khuyencong.registry.models import ActivityType
from khuyencong.tests.samples import pdf_bytes

M = 1_000_000
EVERYONE = [
    "admin",
    "centre_staff",
    "leader",
    "finance",
    "commune_officer",
    "other_officer",
    "establishment_rep",
    "ministry",
    "other_province_staff",
    "outsider",
    "anonymous",
]
PDF = pdf_bytes()  # a real one-page PDF: one that only starts with %PDF- is refused


class Walk:
    """Takes each step as its persona, first checking that all the others are refused and change nothing."""

    def __init__(self, personas):
        self.clients = {"anonymous": Client()}
        for name, user in personas.items():
            client = Client()
            client.force_login(user)
            self.clients[name] = client
        self.project: Project | None = None

    def _state(self):
        if self.project is None:
            return Project.objects.count()
        self.project.refresh_from_db()
        return (
            self.project.status,
            self.project.version,
            self.project.payments.count(),
            self.project.appraisals.count(),
            self.project.dossier_items.filter(status="present").count(),
        )

    def refused_to_all_but(self, persona: str, url: str, data=None, files=False, form_again=(), also=()):
        before = self._state()
        for other in EVERYONE:
            if other == persona or other in also:
                continue
            payload = self._payload(data, files)
            response = self.clients[other].post(url, payload)
            assert response.status_code in (302, 400, 403, 404), (other, url, response.status_code)
            if response.status_code == 302:
                assert other == "anonymous" and "/accounts/login/" in response["Location"], (other, url)
            if response.status_code == 400:  # the form shown again with its errors, nothing saved
                assert other in form_again, (other, url)
            assert self._state() == before, (other, url)

    @staticmethod
    def _payload(data, files):
        payload = dict(data or {})
        if files:
            payload["file"] = io.BytesIO(PDF)
            payload["file"].name = "ho-so.pdf"
        return payload

    def step(self, persona: str, url: str, data=None, files=False, status: str | None = None, also=()):
        self.refused_to_all_but(persona, url, data, files, also=also)
        response = self.clients[persona].post(url, self._payload(data, files))
        assert response.status_code == 302, (persona, url, response.content.decode()[-2500:])
        if status:
            self.project.refresh_from_db()
            assert self.project.status == status, (url, self.project.status)
        return response

    def action(self, persona, name, data=None, status=None, also=()):
        url = reverse("projects:step", args=[self.project.pk, name])
        return self.step(persona, url, data, status=status, also=also)

    def upload_dossier(self, persona, stage):
        for item in self.project.dossier_items.filter(stage=stage, required=True):
            url = reverse("projects:dossier_upload", args=[self.project.pk, item.pk])
            self.step(persona, url, files=True, also=self.helpers(persona))

    @staticmethod
    def helpers(persona):
        """Centre staff may take an establishment's own steps on its behalf (filing, uploading)."""
        return {"centre_staff"} - {persona}

    def appraise(self, persona, step):
        criteria = AppraisalCriterion.in_force(self.project.rule_date).filter(step=step)
        data = {f"score_{c.pk}": c.max_score - 2 for c in criteria if c.max_score is not None}
        data.update(comments="Đạt", conclusion="pass")
        self.step(persona, reverse("projects:appraisal", args=[self.project.pk, step]), data)

    def pay(self, kind, amount, voucher):
        data = {"kind": kind, "amount": f"{amount}", "paid_on": self.today, "voucher_number": voucher}
        self.step("centre_staff", reverse("projects:payment_create", args=[self.project.pk]), data)


def create(walk: Walk, applicant: str, data: dict) -> Project:
    walk.project = None
    url = reverse("projects:create")
    # Readers are refused outright. Staff of another province and a representative applying for
    # someone else get the form back with its errors (Hưng Yên or the applicant is not theirs).
    # Centre staff may also file an application on an establishment's behalf (for those without a computer).
    form_again = {"other_province_staff", "establishment_rep"} - {applicant}
    also = {"centre_staff"} - {applicant}
    walk.refused_to_all_but(applicant, url, data, form_again=form_again, also=also)
    response = walk.clients[applicant].post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    walk.project = Project.objects.get(title=data["title"])
    return walk.project


def project_data(programme, registry, *, title, activity, item, source, support, counterpart, applicant=None):
    return {
        "title": title,
        "activity_type": ActivityType.in_force().get(code=activity).pk,
        "support_item": item,
        "source": FundingSource.objects.get(code=source).pk,
        "year": programme["today"].year,
        "province": programme["province"].pk,
        "commune": registry["home"].commune_id,
        "implementing_unit": "Trung tâm Khuyến công",
        "applicant": applicant.pk if applicant else "",
        "beneficiaries_later": "on" if applicant is None else "",
        "support_amount": f"{support:,}".replace(",", "."),
        "counterpart_amount": f"{counterpart:,}".replace(",", "."),
        "total_amount": f"{support + counterpart:,}".replace(",", "."),
    }


def run_to_closure(walk: Walk, programme, applicant: str, source: str, support: int, acceptance: dict):
    """Every step after the draft, with one round of 'needs more documents' on the way."""
    project, today = walk.project, programme["today"]
    walk.today = today.isoformat()
    walk.upload_dossier(applicant, "application")
    walk.action(applicant, "submit", status="submitted", also=walk.helpers(applicant))
    walk.action("centre_staff", "start_appraisal", status="under_appraisal")
    # Either appraiser may ask for more documents: the Centre or the Department of Finance.
    walk.action(
        "centre_staff",
        "request_documents",
        {"reason": "Thiếu bản vẽ", "other": "Bản vẽ thiết kế", "due_on": today.isoformat()},
        status="needs_documents",
        also={"finance"},
    )
    # The paper asked for is sent before the application goes back to the Centre.
    walk.upload_dossier(applicant, "application")
    walk.action(applicant, "submit", status="submitted", also=walk.helpers(applicant))
    walk.action("centre_staff", "start_appraisal", status="under_appraisal")
    walk.appraise("centre_staff", "centre")
    if project.source.finance_appraisal:
        walk.appraise("finance", "finance")
    walk.action("leader", "complete_appraisal", status="appraised")
    walk.action("centre_staff", "propose", status="proposed")
    approval = {
        "batch": programme["batches"][source].pk,
        "decision": programme["decision"].pk,
        "approved_support": str(support),
        "on": walk.today,
    }
    walk.action("leader", "approve", approval, status="approved")
    walk.action("centre_staff", "contract", status="contracted")
    walk.action("centre_staff", "start", status="in_progress")
    advance = support * 7 // 10
    walk.pay("advance", advance, "TU-01")
    walk.action(applicant, "request_acceptance", status="awaiting_acceptance", also=walk.helpers(applicant))
    walk.upload_dossier(applicant, "acceptance")
    walk.action(
        "leader", "accept", {"accepted_on": walk.today, "record_number": "BB-01", **acceptance}, "accepted"
    )
    walk.pay("payment", support - advance, "TT-01")
    walk.action("finance", "settle", {"amount": str(support), "on": walk.today}, status="settled")
    walk.action("leader", "close", status="closed")
    project.refresh_from_db()
    assert project.disbursed() == project.settled_amount == support
    assert list(project.events.values_list("to_status", flat=True))[-1] == "closed"


@pytest.mark.django_db
def test_a_training_course_goes_from_draft_to_closed_file(personas, programme, registry):
    walk = Walk(personas)
    data = project_data(
        programme,
        registry,
        title="Đào tạo nghề mây tre",
        activity="1",
        item="",
        source="KCĐP",
        support=90 * M,
        counterpart=10 * M,
    )
    create(walk, "centre_staff", data)
    run_to_closure(
        walk, programme, "centre_staff", "KCĐP", 90 * M, {"trainees": 30, "employed_after_training": 25}
    )
    assert walk.project.acceptance.employed_after_training == 25


@pytest.mark.django_db
def test_an_establishments_demonstration_model_goes_from_its_application_to_closed(
    personas, programme, registry
):
    walk = Walk(personas)
    data = project_data(
        programme,
        registry,
        title="Mô hình máy sấy",
        activity="3",
        item="demo-model",
        source="KCĐP",
        support=120 * M,
        counterpart=280 * M,
        applicant=registry["home"],
    )
    create(walk, "establishment_rep", data)
    run_to_closure(
        walk, programme, "establishment_rep", "KCĐP", 120 * M, {"models_built": 1, "participants": 50}
    )


@pytest.mark.django_db
def test_a_national_fair_goes_from_draft_to_closed_without_a_finance_appraisal(personas, programme, registry):
    walk = Walk(personas)
    data = project_data(
        programme,
        registry,
        title="Hội chợ hàng CNNT khu vực",
        activity="4",
        item="fair",
        source="KCQG",
        support=1_000 * M,
        counterpart=150 * M,
    )
    create(walk, "centre_staff", data)
    run_to_closure(walk, programme, "centre_staff", "KCQG", 1_000 * M, {"booths": 200, "participants": 150})
    assert not walk.project.appraisals.filter(step="finance").exists()

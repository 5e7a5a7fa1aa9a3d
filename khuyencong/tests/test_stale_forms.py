"""No lost updates: every editable record refuses a save made on a stale copy of its form.

Two people open the same form; the first saves; the second's save is refused with 409, the
first person's change is shown, what the second typed is still in the form, and saving that
form again (now carrying the current version) keeps the second person's values knowingly.
The list of cases is checked against every model that carries a `version`, so a new editable
model without a case here fails the first test.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from khuyencong.plans.models import AppraisalCriterion, DeadlineRule, DossierRequirement, SupportRule
from khuyencong.projects.tests.conftest import draft_project
from khuyencong.registry.models import Product

pytestmark = pytest.mark.django_db


class FormValues(HTMLParser):
    """The values a browser would send back for the form that carries `version`."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.current: dict | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = {}
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                self.current[a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self.select = a.get("name")
            self.current.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in a:
            self.current[self.select] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = a.get("name")
            self.current[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.current = None

    def handle_data(self, data):
        if self.textarea and self.current is not None:
            self.current[self.textarea] += data.lstrip("\n") if not self.current[self.textarea] else data


def form_values(response) -> dict:
    parser = FormValues()
    parser.feed(response.content.decode())
    forms = [f for f in parser.forms if "version" in f]
    assert len(forms) == 1, "the edit page has one form carrying its version"
    values = forms[0]
    values.pop("csrfmiddlewaretoken", None)
    return values


@dataclass
class Case:
    model: str  # app_label.ModelName
    url: str
    field: str
    first: str
    second: str
    read_back: object  # () -> the field's stored value as text


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rule_case(model, kind, admin):
    row = model.objects.filter(province__isnull=True).order_by("pk").first()

    def read_back():
        return model.objects.get(pk=row.pk).legal_basis

    return Case(
        model._meta.label,
        reverse("plans:rule_edit", args=[kind, row.pk]),
        "legal_basis",
        "Thông tư (sửa lần một)",
        "Thông tư (sửa lần hai)",
        read_back,
    ), (admin, admin)


@pytest.fixture
def cases(personas, registry, programme):
    staff, leader, admin = personas["centre_staff"], personas["leader"], personas["admin"]
    province_admin = personas["province_admin"]
    est, village = registry["home"], registry["village"]
    need = est.needs.get()
    product = Product.objects.create(establishment=est, name="Chiếu cói", group="handicraft")
    batch = programme["batches"]["KCĐP"]
    plan = batch.plan
    project = draft_project(programme, personas, 50_000_000, title="Đề án nháp")

    def field_of(model_instance, name):
        return lambda: str(getattr(type(model_instance).objects.get(pk=model_instance.pk), name))

    found = [
        (
            Case(
                "registry.Establishment",
                reverse("registry:establishment_edit", args=[est.pk]),
                "representative",
                "Nguyễn Văn An",
                "Trần Thị Bình",
                field_of(est, "representative"),
            ),
            (staff, province_admin),
        ),
        (
            Case(
                "registry.CraftVillage",
                reverse("registry:village_edit", args=[village.pk]),
                "craft",
                "Chạm bạc",
                "Dệt chiếu",
                field_of(village, "craft"),
            ),
            (staff, province_admin),
        ),
        (
            Case(
                "registry.Product",
                reverse("registry:product_edit", args=[product.pk]),
                "description",
                "Cói nhuộm tự nhiên",
                "Cói dệt tay",
                field_of(product, "description"),
            ),
            (staff, personas["establishment_rep"]),
        ),
        (
            Case(
                "registry.Need",
                reverse("registry:need_edit", args=[need.pk]),
                "description",
                "Đào tạo nghề thêu",
                "Đào tạo nghề mây",
                field_of(need, "description"),
            ),
            (staff, personas["commune_officer"]),
        ),
        (
            Case(
                "plans.Plan",
                reverse("plans:plan_edit", args=[plan.pk]),
                "title",
                "Kế hoạch (sửa một)",
                "Kế hoạch (sửa hai)",
                field_of(plan, "title"),
            ),
            (staff, leader),
        ),
        (
            Case(
                "plans.Batch",
                reverse("plans:batch_edit", args=[batch.pk]),
                "number",
                "7",
                "8",
                field_of(batch, "number"),
            ),
            (staff, leader),
        ),
        (
            Case(
                "projects.Project",
                reverse("projects:edit", args=[project.pk]),
                "title",
                "Đề án (sửa một)",
                "Đề án (sửa hai)",
                field_of(project, "title"),
            ),
            (staff, staff),
        ),
    ]
    for model, kind in (
        (SupportRule, "support"),
        (DeadlineRule, "deadlines"),
        (DossierRequirement, "dossier"),
        (AppraisalCriterion, "appraisal"),
    ):
        found.append(rule_case(model, kind, admin))
    return found


def test_every_model_with_a_version_has_a_stale_form_case(cases):
    versioned = {
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label.startswith(("registry", "plans", "projects", "documents", "accounts"))
        and any(f.name == "version" for f in model._meta.fields)
    }
    assert versioned == {case.model for case, _users in cases}


def test_a_stale_save_is_refused_shows_the_other_change_and_keeps_what_was_typed(cases):
    for case, (first_user, second_user) in cases:
        first, second = client_for(first_user), client_for(second_user)
        first_form = form_values(first.get(case.url))
        second_form = form_values(second.get(case.url))
        assert first_form["version"] == second_form["version"], case.model

        saved = first.post(case.url, {**first_form, case.field: case.first})
        assert saved.status_code == 302, (case.model, saved.content.decode()[:3000])
        refused = second.post(case.url, {**second_form, case.field: case.second})
        assert refused.status_code == 409, case.model
        page = refused.content.decode()
        assert case.second in page, f"{case.model}: the typed value is kept"
        assert case.first in page, f"{case.model}: the other person's change is shown"
        assert case.read_back() == case.first, f"{case.model}: the first save stands"

        again = form_values(refused)
        assert int(again["version"]) > int(second_form["version"])
        assert second.post(case.url, again).status_code == 302, case.model
        assert case.read_back() == case.second, f"{case.model}: saved knowingly the second time"


def test_a_batch_adjustment_decided_on_a_stale_amount_is_refused(personas, programme):
    from khuyencong.plans.models import BatchAdjustment

    batch = programme["batches"]["KCĐP"]
    url = reverse("plans:batch_adjust", args=[batch.pk])
    first, second = client_for(personas["leader"]), client_for(personas["centre_staff"])
    first_form, second_form = form_values(first.get(url)), form_values(second.get(url))
    common = {"decision": programme["decision"].pk, "reason": "Điều chỉnh"}
    assert first.post(url, {**first_form, **common, "new_amount": "2.500.000.000"}).status_code == 302
    refused = second.post(url, {**second_form, **common, "new_amount": "1.800.000.000"})
    assert refused.status_code == 409
    assert "1.800.000.000" in refused.content.decode()
    batch.refresh_from_db()
    assert batch.amount == 2_500_000_000 and BatchAdjustment.objects.count() == 1
    assert second.post(url, form_values(refused)).status_code == 302
    batch.refresh_from_db()
    assert batch.amount == 1_800_000_000 and BatchAdjustment.objects.count() == 2


def test_a_need_reviewed_on_one_page_cannot_be_declined_from_another_stale_one(personas, registry):
    need = registry["home"].needs.get()
    url = reverse("registry:need_transition", args=[need.pk, "review"])
    leader, staff = client_for(personas["leader"]), client_for(personas["centre_staff"])
    assert leader.post(url).status_code == 302
    assert staff.post(url, follow=True).status_code == 200  # refused with a message, not applied twice
    need.refresh_from_db()
    assert need.status == "reviewed" and need.version == 2


def test_the_other_persons_change_comes_into_the_fields_left_untouched_and_a_clash_is_named(
    personas, registry
):
    est = registry["home"]
    url = reverse("registry:establishment_edit", args=[est.pk])
    first, second = client_for(personas["centre_staff"]), client_for(personas["province_admin"])
    first_form, second_form = form_values(first.get(url)), form_values(second.get(url))
    assert (
        first.post(url, {**first_form, "representative": "Nguyễn Văn An", "workers": "12"}).status_code == 302
    )
    # The second person changes the phone (untouched by the first) and the workers (changed by both).
    refused = second.post(url, {**second_form, "phone": "0912 345 678", "workers": "15"})
    assert refused.status_code == 409
    again = form_values(refused)
    assert again["representative"] == "Nguyễn Văn An", "their value taken into a field left as found"
    assert again["phone"] == "0912 345 678" and again["workers"] == "15", "what was typed is kept"
    page = refused.content.decode()
    assert "Cả hai cùng sửa" in page and "Số lao động" in page
    assert second.post(url, again).status_code == 302
    est.refresh_from_db()
    assert (est.representative, est.phone, est.workers) == ("Nguyễn Văn An", "0912 345 678", 15)

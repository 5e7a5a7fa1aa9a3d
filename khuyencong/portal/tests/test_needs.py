"""Needs in plain words: filed by the establishment or by the commune officer, declined with a reason."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import login, make_user
from khuyencong.accounts.models import Message
from khuyencong.audit.models import AuditEntry
from khuyencong.formfields import TrieuField
from khuyencong.portal.claims import Claim
from khuyencong.portal.needs import PLAIN_HELP, PlainNeedForm, help_choices
from khuyencong.registry.models import ActivityType, Establishment, Need

pytestmark = pytest.mark.django_db


def test_every_plain_choice_names_an_activity_type_of_the_registry():
    codes = set(ActivityType.objects.values_list("code", flat=True))
    assert {code for _key, _label, code in PLAIN_HELP} <= codes
    # Only the types in force today are offered.
    assert {key for key, _label in help_choices()} == {
        key for key, _label, code in PLAIN_HELP if ActivityType.in_force().filter(code=code).exists()
    }


@pytest.mark.parametrize(
    ("typed", "dong"),
    [
        ("150", 150_000_000),
        ("1,5", 1_500_000),
        ("150 triệu", 150_000_000),
        ("1,5 tỷ", 1_500_000_000),
        ("150.000.000", 150_000_000),
        ("", None),
    ],
)
def test_a_rough_cost_is_read_in_trieu_dong(typed, dong):
    assert TrieuField(required=False).clean(typed) == dong


@given(st.integers(min_value=1, max_value=999_999))
def test_a_bare_number_under_a_million_is_triệu(n):
    assert TrieuField().clean(str(n)) == n * 1_000_000


def test_the_representative_files_a_need_for_their_establishment(client, personas, registry):
    rep = login(client, personas["establishment_rep"])
    page = rep.get("/portal/needs/new/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Máy móc" in text or "New machines" in text
    assert "Điều" not in text  # no legal vocabulary on the establishment's form
    response = rep.post("/portal/needs/new/", {"help": "machines", "why": "Máy cũ hỏng", "cost": "150"})
    assert response.status_code == 302
    need = Need.objects.get(description="Máy cũ hỏng")
    assert need.establishment == registry["home"]
    assert need.collected_by == Need.Collector.SELF
    assert need.activity_type.code == "3"
    assert need.estimated_cost == 150_000_000
    assert AuditEntry.objects.filter(object_id=str(need.pk)).exists()
    mine = rep.get("/portal/needs/").content.decode()
    assert "Máy cũ hỏng" in mine


def test_a_bad_cost_keeps_what_was_typed(client, personas):
    rep = login(client, personas["establishment_rep"])
    response = rep.post("/portal/needs/new/", {"help": "machines", "why": "Máy cũ hỏng", "cost": "abc"})
    assert response.status_code == 400
    assert "Máy cũ hỏng" in response.content.decode()
    assert not Need.objects.filter(description="Máy cũ hỏng").exists()


def test_the_commune_officer_files_for_an_establishment_of_their_commune(client, personas, registry):
    officer = login(client, personas["commune_officer"])
    response = officer.post(
        "/portal/needs/new/",
        {"help": "training", "why": "Thợ mới cần học", "establishment": registry["home"].pk},
    )
    assert response.status_code == 302
    need = Need.objects.get(description="Thợ mới cần học")
    assert need.collected_by == Need.Collector.COMMUNE_OFFICER
    assert need.establishment == registry["home"]


def test_the_commune_officer_cannot_file_for_another_communes_establishment(client, personas, registry):
    officer = login(client, personas["commune_officer"])
    response = officer.post(
        "/portal/needs/new/", {"help": "training", "why": "Xâm phạm", "establishment": registry["other"].pk}
    )
    assert response.status_code == 400
    assert not Need.objects.filter(description="Xâm phạm").exists()


def test_the_commune_officer_files_for_someone_not_registered(client, personas, hy_communes):
    officer = login(client, personas["commune_officer"])
    response = officer.post(
        "/portal/needs/new/",
        {
            "help": "fairs",
            "why": "Muốn đi hội chợ",
            "contact_name": "Bà Lan",
            "contact_phone": "+84 912 345 678",
        },
    )
    assert response.status_code == 302
    need = Need.objects.get(description="Muốn đi hội chợ")
    assert need.establishment is None and need.contact_phone == "0912345678"
    assert (
        "Bà Lan · " in (page := officer.get("/portal/commune/").content.decode()) and "0912 345 678" in page
    )
    assert need.current_commune == hy_communes["home"]
    missing = officer.post("/portal/needs/new/", {"help": "fairs", "why": "Thiếu người"})
    assert missing.status_code == 400


@pytest.mark.parametrize("persona", ["leader", "finance", "ministry", "outsider"])
def test_who_may_not_record_needs_cannot_open_the_form(client, personas, persona):
    assert login(client, personas[persona]).get("/portal/needs/new/").status_code == 403


def test_declined_need_shows_its_reason_to_the_representative_and_tells_them(client, personas, registry):
    need = Need.objects.get(establishment=registry["home"])
    staff = login(client, personas["centre_staff"])
    response = staff.post(
        f"/registry/needs/{need.pk}/decline/", {"reason": "Không thuộc nội dung hỗ trợ năm nay"}
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == Need.Status.DECLINED
    message = Message.objects.get(recipient=personas["establishment_rep"])
    assert "Không thuộc nội dung hỗ trợ năm nay" in message.body
    assert message.link == "/portal/needs/"
    client.logout()
    page = login(client, personas["establishment_rep"]).get("/portal/needs/").content.decode()
    assert "Không thuộc nội dung hỗ trợ năm nay" in page


def test_the_form_offers_an_officer_only_their_communes_establishments(personas, registry):
    form = PlainNeedForm(user=personas["commune_officer"])
    assert list(form.fields["establishment"].queryset) == [registry["home"]]


def test_centre_staff_make_a_draft_project_of_a_reviewed_need(client, personas, registry):
    from khuyencong.projects.models import Project

    need = Need.objects.get(establishment=registry["home"])
    need.estimated_cost = 80_000_000
    need.save()
    officer = login(client, personas["commune_officer"])
    assert officer.post(f"/projects/from-need/{need.pk}/").status_code == 403
    client.logout()
    staff = login(client, personas["centre_staff"])
    # A new need is reviewed first.
    staff.post(f"/projects/from-need/{need.pk}/")
    assert not Project.objects.exists()
    need.review(personas["centre_staff"])
    assert f"/projects/from-need/{need.pk}/" in staff.get(f"/registry/needs/{need.pk}/").content.decode()
    response = staff.post(f"/projects/from-need/{need.pk}/")
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.status == Project.Status.DRAFT
    assert project.applicant == registry["home"] and registry["home"] in project.beneficiaries.all()
    assert project.activity_type == need.activity_type and project.description == need.description
    assert project.total_amount == 80_000_000
    need.refresh_from_db()
    assert need.status == Need.Status.INCLUDED and need.project_reference == project.code
    assert AuditEntry.objects.filter(object_id=str(project.pk)).exists()


@pytest.mark.parametrize("persona", ["commune_officer", "centre_staff"])
def test_every_select_of_the_need_form_offers_a_vietnamese_empty_choice(client, personas, persona):
    page = login(client, personas[persona]).get("/portal/needs/new/").content.decode()
    selects = re.findall(r'<select name="(?!language)[^"]+".*?</select>', page, re.S)
    assert selects
    for select in selects:
        empty = re.search(r'<option value=""[^>]*>([^<]*)</option>', select)
        assert empty and empty.group(1) == "— chọn —", select[:200]
    assert "Select an option" not in page and "---------" not in page


def test_a_pending_representative_is_told_why_they_cannot_ask_yet_and_who_confirms(client, registry):
    owner = make_user("0912345678")
    Claim.make(owner, establishment=registry["home"])
    login(client, owner)
    mine = client.get("/portal/needs/")
    text = mine.content.decode()
    assert mine.status_code == 200
    assert 'href="/portal/needs/new/"' not in text
    assert "khi xã hoặc Trung tâm đã xác nhận cơ sở của bạn" in text or "once your commune" in text
    form = client.get("/portal/needs/new/")
    text = form.content.decode()
    assert form.status_code == 403 and 'id="not-yet"' in text
    assert registry["home"].current_commune.name in text  # who confirms: that commune's officer


def test_my_needs_speaks_plain_words_and_money_in_trieu(client, personas, registry):
    rep = login(client, personas["establishment_rep"])
    rep.post("/portal/needs/new/", {"help": "machines", "why": "Máy cũ hỏng", "cost": "150"})
    need = Need.objects.get(description="Máy cũ hỏng")
    page = rep.get("/portal/needs/").content.decode()
    assert need.activity_type.name not in page  # the decree's name of the activity, not plain words
    assert str(dict((k, v) for k, v, _code in PLAIN_HELP)["machines"]) in page or "Máy móc" in page
    assert "150 " in page and "150.000.000" not in page


def test_an_officer_who_also_represents_an_establishment_files_its_needs_as_its_own_and_others_as_officer(
    client, personas, registry, hy_communes
):
    from khuyencong.accounts.models import RoleAssignment
    from khuyencong.accounts.permissions import Role, ScopeLevel

    home = registry["home"]
    neighbour = Establishment.objects.create(
        name="Cơ sở hàng xóm", commune=home.commune, province=home.province, legal_form=home.legal_form
    )
    both = make_user("officer-owner", Role.COMMUNE_OFFICER, ScopeLevel.COMMUNE, hy_communes["home"])
    RoleAssignment.objects.create(
        user=both, role=Role.ESTABLISHMENT_REP, scope_level=ScopeLevel.ESTABLISHMENT, establishment=home
    )
    login(client, both)
    assert client.post("/portal/needs/new/", {"help": "machines", "why": "Máy của nhà"}).status_code == 302
    assert Need.objects.get(description="Máy của nhà").collected_by == Need.Collector.SELF
    # The registry's form proposes the same: the officer for a neighbour's need, itself for its own.
    for establishment, collector in ((neighbour, "commune_officer"), (home, "self")):
        form = client.get(f"/registry/establishments/{establishment.pk}/needs/new/").context["form"]
        assert form.initial["collected_by"] == collector

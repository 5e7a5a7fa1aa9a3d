"""Claiming an establishment (docs/self-service.md, "Sign-up and claim"): finding it without seeing
anyone's personal data, the claim, and its confirmation or refusal by the Centre or the commune
officer of its place only, each audited, the claimant told, the role granted."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import make_user
from khuyencong.accounts.models import Message, RoleAssignment
from khuyencong.accounts.permissions import Role, ScopeLevel
from khuyencong.audit.models import AuditEntry
from khuyencong.portal.claims import Claim
from khuyencong.registry.models import Establishment

pytestmark = pytest.mark.django_db

CLAIM = reverse("portal:claim")
LIST = reverse("portal:claim_list")


def detail(claim):
    return reverse("portal:claim_detail", args=[claim.pk])


@pytest.fixture
def owner(db):
    user = make_user("0912345678")
    user.phone, user.full_name = "0912345678", "Nguyễn Thị Hoa"
    user.save()
    return user


def signed_in(client, user):
    client.force_login(user)
    return client


def test_finding_by_tax_code_or_name_and_commune_shows_no_personal_data(client, owner, registry, hy_communes):
    home = registry["home"]
    home.representative, home.phone = "Trần Văn Bí Mật", "0977000111"
    home.trade = "Mây tre đan"
    home.save()
    signed_in(client, owner)
    by_code = client.get(CLAIM, {"tax_code": "0900 000 001"})
    page = by_code.content.decode()
    assert by_code.status_code == 200 and "Cơ sở home" in page and "Mây tre đan" in page
    assert "Trần Văn Bí Mật" not in page and "0977000111" not in page and "0900000001" not in page
    by_name = client.get(CLAIM, {"name": "co so HOME", "commune": hy_communes["home"].pk})
    assert [e.pk for e in by_name.context["found"]] == [home.pk]
    # The same name in another commune is not found there.
    assert (
        client.get(CLAIM, {"name": "co so home", "commune": hy_communes["other"].pk}).context["found"] == []
    )


def test_a_personal_id_finds_nothing(client, owner, registry):
    signed_in(client, owner)
    response = client.get(CLAIM, {"tax_code": "123456789012"})
    assert response.context["found"] == [] and "Cơ sở far" not in response.content.decode()


def test_claiming_an_establishment_then_again_is_refused(
    client, owner, registry, django_capture_on_commit_callbacks
):
    signed_in(client, owner)
    home = registry["home"]
    response = client.post(CLAIM, {"action": "claim", "establishment": home.pk, "note": "Tôi là chủ hộ"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    claim = Claim.objects.get()
    assert (claim.claimant, claim.establishment, claim.status, claim.note) == (
        owner,
        home,
        "pending",
        "Tôi là chủ hộ",
    )
    assert claim.current_commune_id == home.current_commune_id and claim.province_id == home.province_id
    assert AuditEntry.objects.filter(action="portal.claim.made", object_id=str(claim.pk)).exists()
    # Twice: the second is refused and nothing is added.
    again = client.post(CLAIM, {"action": "claim", "establishment": registry["other"].pk})
    assert again.status_code in (200, 302)
    assert Claim.objects.count() == 1
    with pytest.raises(ValidationError):
        Claim.make(owner, establishment=registry["other"])
    home_page = client.get(reverse("portal:home"))
    assert "Cơ sở home" in home_page.content.decode()


def test_someone_with_a_role_cannot_claim(client, personas, registry):
    signed_in(client, personas["commune_officer"])
    client.post(CLAIM, {"action": "claim", "establishment": registry["home"].pk})
    assert not Claim.objects.exists()


def test_anonymous_post_makes_nothing(client, registry):
    response = client.post(CLAIM, {"action": "claim", "establishment": registry["home"].pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Claim.objects.exists()


def test_the_commune_officer_confirms_and_the_claimant_becomes_representative(
    client, owner, personas, registry, django_capture_on_commit_callbacks
):
    claim = Claim.make(owner, establishment=registry["home"], note="chủ hộ")
    officer = personas["commune_officer"]
    signed_in(client, officer)
    listing = client.get(LIST)
    assert listing.status_code == 200 and "Cơ sở home" in listing.content.decode()
    page = client.get(detail(claim))
    assert page.status_code == 200 and "0900000001" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail(claim), {"action": "confirm"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == ("confirmed", officer) and claim.decided_at
    grant = RoleAssignment.objects.get(user=owner)
    assert (grant.role, grant.scope_level, grant.establishment, grant.granted_by) == (
        Role.ESTABLISHMENT_REP,
        ScopeLevel.ESTABLISHMENT,
        registry["home"],
        officer,
    )
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"portal.claim.made", "portal.claim.confirmed", "accounts.role.granted"} <= actions
    told = Message.objects.filter(recipient=owner)
    assert sorted(told.values_list("channel", flat=True)) == ["in_app", "sms"]
    assert all("Cơ sở home" in m.body for m in told)
    assert told.get(channel="sms").status == Message.Status.SENT
    # Deciding again is refused.
    with pytest.raises(ValidationError):
        claim.decline(officer, "muộn")
    # The owner now sees their establishment with its edit links, and can open them.
    signed_in(client, owner)
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("registry:establishment_edit", args=[registry["home"].pk]) in home
    assert client.get(reverse("registry:establishment_edit", args=[registry["home"].pk])).status_code == 200
    assert client.get(reverse("registry:product_create", args=[registry["home"].pk])).status_code == 200


def test_an_officer_of_another_commune_or_province_gets_404_and_changes_nothing(
    client, owner, personas, registry
):
    claim = Claim.make(owner, establishment=registry["home"])
    for persona in ("other_officer", "other_province_staff", "other_province_officer"):
        signed_in(client, personas[persona])
        assert client.get(detail(claim)).status_code == 404, persona
        assert client.post(detail(claim), {"action": "confirm"}).status_code == 404, persona
        assert "Cơ sở home" not in client.get(LIST).content.decode(), persona
    for persona in ("establishment_rep", "leader", "outsider"):
        signed_in(client, personas[persona])
        assert client.get(detail(claim)).status_code == 403, persona
        assert client.post(detail(claim), {"action": "confirm"}).status_code == 403, persona
    claim.refresh_from_db()
    assert claim.status == "pending" and not RoleAssignment.objects.filter(user=owner).exists()


def test_declining_needs_a_reason_which_the_claimant_is_told(
    client, personas, registry, django_capture_on_commit_callbacks
):
    person = make_user("hoa@example.vn")
    person.email = "hoa@example.vn"
    person.save()
    claim = Claim.make(person, establishment=registry["home"])
    signed_in(client, personas["centre_staff"])
    refused = client.post(detail(claim), {"action": "decline", "reason": "  "})
    assert refused.status_code == 400 and refused.context["form"].has_error("reason")
    claim.refresh_from_db()
    assert claim.status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail(claim), {"action": "decline", "reason": "Chủ cơ sở là người khác"})
    claim.refresh_from_db()
    assert (claim.status, claim.reason) == ("declined", "Chủ cơ sở là người khác")
    assert AuditEntry.objects.filter(action="portal.claim.declined", object_id=str(claim.pk)).exists()
    assert [m.to for m in mail.outbox] == [["hoa@example.vn"]]
    assert "Chủ cơ sở là người khác" in mail.outbox[0].body
    assert Message.objects.get(recipient=person, channel="in_app").body == mail.outbox[0].body.split("\n")[0]
    assert not RoleAssignment.objects.filter(user=person).exists()
    # The person sees why, and may try again.
    signed_in(client, person)
    assert "Chủ cơ sở là người khác" in client.get(reverse("portal:home")).content.decode()
    client.post(CLAIM, {"action": "claim", "establishment": registry["home"].pk})
    assert Claim.objects.filter(claimant=person, status="pending").count() == 1


def test_a_new_establishment_is_registered_when_its_claim_is_confirmed(
    client, owner, personas, hy_communes, django_capture_on_commit_callbacks
):
    signed_in(client, owner)
    data = {
        "action": "new",
        "new-name": "Hộ kinh doanh Mây tre Hoa",
        "new-legal_form": "household",
        "new-commune": hy_communes["other"].pk,
        "new-address": "Thôn Đông",
        "new-trade": "Mây tre đan",
        "new-phone": "0912 345 678",
    }
    incomplete = client.post(CLAIM, {**data, "new-name": ""})
    assert incomplete.status_code == 400 and "Thôn Đông" in incomplete.content.decode()
    assert client.post(CLAIM, data).status_code == 302
    claim = Claim.objects.get()
    assert claim.is_new() and claim.phone == "0912345678"
    # The officer of "home" does not see a claim of "other"; the officer of "other" does.
    signed_in(client, personas["commune_officer"])
    assert client.get(detail(claim)).status_code == 404
    signed_in(client, personas["other_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail(claim), {"action": "confirm"})
    est = Establishment.objects.get(name="Hộ kinh doanh Mây tre Hoa")
    assert (est.source, est.current_commune, est.representative) == (
        "self",
        hy_communes["other"],
        "Nguyễn Thị Hoa",
    )
    assert RoleAssignment.objects.get(user=owner).establishment == est
    assert AuditEntry.objects.filter(action="registry.establishment.created", object_id=str(est.pk)).exists()


def test_a_second_pending_claim_on_the_same_establishment_is_flagged(client, owner, personas, registry):
    first = Claim.make(owner, establishment=registry["home"])
    second = Claim.make(make_user("0987654321"), establishment=registry["home"])
    signed_in(client, personas["commune_officer"])
    assert "0987 654 321" in client.get(detail(first)).content.decode()
    assert second.pk in [c.pk for c in client.get(detail(first)).context["rivals"]]
    assert registry["home"].pk in client.get(LIST).context["contested"]


def test_the_portal_home_for_each_kind_of_visitor(client, owner, personas):
    anonymous = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:signup") in anonymous and reverse("accounts:login") in anonymous
    signed_in(client, owner)
    assert CLAIM in client.get(reverse("portal:home")).content.decode()
    signed_in(client, personas["establishment_rep"])
    assert "Cơ sở home" in client.get(reverse("portal:home")).content.decode()


def test_the_officer_sees_phone_numbers_grouped_as_people_write_them(client, owner, registry, personas):
    home = registry["home"]
    home.phone = "0977000111"
    home.save()
    claim = Claim.make(owner, establishment=home)
    page = signed_in(client, personas["commune_officer"]).get(detail(claim)).content.decode()
    assert "0912 345 678" in page and "0977 000 111" in page
    assert 'href="tel:0912345678"' in page


def test_a_claimant_known_only_by_their_number_is_shown_grouped_without_a_dangling_dot(
    client, registry, personas
):
    bare = make_user("0987654321")
    bare.full_name = ""
    bare.save()
    claim = Claim.make(bare, establishment=registry["home"])
    officer = signed_in(client, personas["commune_officer"])
    for page in (officer.get(detail(claim)), officer.get(LIST)):
        text = page.content.decode()
        assert "0987 654 321" in text and "0987654321 ·" not in text and "· </dd>" not in text

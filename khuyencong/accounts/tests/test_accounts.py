"""Login, throttling, password change and reset, invitations and role assignment."""

import datetime
import re

import pytest
from django.core import mail
from django.db.models import F
from django.urls import reverse

from conftest import PASSWORD, make_user, province
from khuyencong.accounts.models import LoginThrottle, Role, RoleAssignment, ScopeLevel, User
from khuyencong.audit.models import AuditEntry


@pytest.mark.django_db
def test_login_and_logout(client):
    make_user("lan")
    response = client.post(reverse("accounts:login"), {"username": "lan", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_login_guessing_is_slowed_but_the_owner_is_not_locked_out(client):
    make_user("lan")
    for _ in range(3):
        response = client.post(reverse("accounts:login"), {"username": "lan", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("accounts:login"), {"username": "lan", "password": PASSWORD})
    assert response.status_code == 200, "straight after the third failure, even the right password waits"
    assert "_auth_user_id" not in client.session
    # A second later (the failures' timestamps moved back), the right password gets in.
    LoginThrottle.objects.update(last_failure_at=F("last_failure_at") - datetime.timedelta(seconds=1))
    response = client.post(reverse("accounts:login"), {"username": "lan", "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.django_db
def test_password_change(client):
    user = make_user("lan")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "N3w-pass-phrase!", "new_password2": "N3w-pass-phrase!"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("N3w-pass-phrase!")


@pytest.mark.django_db
def test_password_reset_by_email(client):
    user = make_user("lan")
    user.email = "lan@example.vn"
    user.save()
    client.post(reverse("accounts:password_reset"), {"email": "lan@example.vn"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/password/reset/[^\s]+/", mail.outbox[0].body).group(0)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "An0ther-phrase!", "new_password2": "An0ther-phrase!"})
    user.refresh_from_db()
    assert user.check_password("An0ther-phrase!")


@pytest.mark.django_db
def test_administrator_invites_a_user_and_grants_a_scoped_role(client):
    admin = make_user("root", Role.ADMINISTRATOR, ScopeLevel.NATIONAL)
    client.force_login(admin)
    response = client.post(
        reverse("accounts:user_invite"),
        {"username": "xa1", "full_name": "Cán bộ xã", "email": "xa1@example.vn"},
    )
    invited = User.objects.get(username="xa1")
    assert response.status_code == 302 and not invited.has_usable_password()
    assert "password/reset/" in mail.outbox[0].body
    hy = province(33)
    # A commune officer cannot be given a whole province.
    response = client.post(
        reverse("accounts:user_detail", args=[invited.pk]),
        {"role": Role.COMMUNE_OFFICER, "scope_level": ScopeLevel.PROVINCE, "unit": hy.pk},
    )
    assert response.status_code == 400 and not invited.role_assignments.exists()
    commune = hy.__class__.objects.current().communes().filter(province=hy).first()
    client.post(
        reverse("accounts:user_detail", args=[invited.pk]),
        {"role": Role.COMMUNE_OFFICER, "scope_level": ScopeLevel.COMMUNE, "unit": commune.pk},
    )
    assignment = RoleAssignment.objects.get(user=invited)
    assert assignment.unit == commune
    assert AuditEntry.objects.filter(action="accounts.role.granted").count() == 1
    client.post(reverse("accounts:role_revoke", args=[invited.pk, assignment.pk]))
    assert not invited.role_assignments.exists()


@pytest.mark.django_db
def test_user_administration_is_for_administrators_only(client):
    staff = make_user("staff", Role.CENTRE_STAFF, ScopeLevel.PROVINCE, province(33))
    client.force_login(staff)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert (
        client.post(reverse("accounts:user_invite"), {"username": "x", "email": "x@x.vn"}).status_code == 403
    )

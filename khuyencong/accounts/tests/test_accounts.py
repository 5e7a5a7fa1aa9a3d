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


@pytest.mark.django_db
def test_an_administrator_keeps_their_own_role_and_a_province_keeps_its_users_reachable(
    personas, hy_communes
):
    from django.test import Client

    admin_hy = personas["province_admin"]
    client = Client()
    client.force_login(admin_hy)
    own = admin_hy.role_assignments.get()
    response = client.post(reverse("accounts:role_revoke", args=[admin_hy.pk, own.pk]), follow=True)
    assert "tự gỡ vai trò quản trị" in response.content.decode()
    assert admin_hy.role_assignments.exists()
    # A user's last role inside the province stays until another is given; then it can go.
    officer = personas["commune_officer"]
    last = officer.role_assignments.get()
    response = client.post(reverse("accounts:role_revoke", args=[officer.pk, last.pk]), follow=True)
    assert "vai trò cuối cùng" in response.content.decode() and officer.role_assignments.exists()
    page = client.get(reverse("accounts:user_detail", args=[officer.pk])).content.decode()
    assert reverse("accounts:role_revoke", args=[officer.pk, last.pk]) not in page  # no button that fails
    client.post(
        reverse("accounts:user_detail", args=[officer.pk]),
        {"role": Role.COMMUNE_OFFICER, "scope_level": ScopeLevel.COMMUNE, "unit": hy_communes["other"].pk},
    )
    assert client.post(reverse("accounts:role_revoke", args=[officer.pk, last.pk])).status_code == 302
    assert list(officer.role_assignments.values_list("unit", flat=True)) == [hy_communes["other"].pk]


@pytest.mark.django_db
def test_every_password_reset_page_is_the_sites_own_in_vietnamese(client):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = make_user("hoa")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    pages = [
        reverse("accounts:password_reset"),
        reverse("accounts:password_reset_done"),
        reverse("accounts:password_reset_confirm", args=[uid, "set-password"]),  # a bad link
        reverse("accounts:password_reset_complete"),
    ]
    link = client.get(reverse("accounts:password_reset_confirm", args=[uid, token]), follow=True)
    assert "new_password1" in link.content.decode()  # the form, on the site's page
    pages_seen = [link] + [client.get(url, follow=True) for url in pages]
    for response in pages_seen:
        html = response.content.decode()
        assert response.status_code == 200
        assert 'class="navbar' in html and 'lang="vi"' in html, response.request["PATH_INFO"]
        assert "Django" not in html and "Password reset" not in html and "Enter new password" not in html


@pytest.mark.django_db
def test_an_invited_users_mobile_is_kept_as_sign_up_keeps_it_and_a_landline_as_typed(client):
    client.force_login(make_user("root", Role.ADMINISTRATOR, ScopeLevel.NATIONAL))
    for username, typed, kept in (
        ("xa2", "+84 912 345 678", "0912345678"),
        ("xa3", "0221 3863 456", "0221 3863 456"),
    ):
        data = {
            "username": username,
            "full_name": "Cán bộ",
            "email": f"{username}@example.vn",
            "phone": typed,
        }
        assert client.post(reverse("accounts:user_invite"), data).status_code == 302
        assert User.objects.get(username=username).phone == kept

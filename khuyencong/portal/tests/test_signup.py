"""Sign-up by a one-time code (docs/self-service.md, "Sign-up and claim"): the code sent through the outbox, and each refusal: wrong code, expired, too many tries, rate limits,
an address that already has an account; and signing in afterwards with the number typed any way."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from conftest import PASSWORD, make_user
from khuyencong.accounts.models import Message, User
from khuyencong.audit.models import AuditEntry
from khuyencong.portal.signup import SignupCode

SIGNUP = reverse("portal:signup")
VERIFY = reverse("portal:signup_verify")
GOOD_PASSWORD = "Lua-nep-cai-hoa-vang-7"

# The phone normaliser's own tests: khuyencong/tests/test_phones.py.

# ------------------------------------------------------------------ the journey


def _ask(client, contact, capture, **extra):
    with capture(execute=True):
        return client.post(SIGNUP, {"contact": contact}, **extra)


def _code_in(text: str) -> str:
    return re.search(r"\b(\d{6})\b", text).group(1)


def _verify(client, code, capture, password=GOOD_PASSWORD):
    with capture(execute=True):
        return client.post(
            VERIFY,
            {"code": code, "full_name": "Nguyễn Thị Hoa", "password1": password, "password2": password},
        )


@pytest.mark.django_db
def test_a_household_owner_signs_up_by_phone_and_is_signed_in(
    client, django_capture_on_commit_callbacks, capsys
):
    response = _ask(client, "84-912.345 678", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == VERIFY
    message = Message.objects.get(channel="sms")
    assert message.address == "0912345678" and message.status == Message.Status.SENT
    code = _code_in(message.body)
    assert "[SMS → 0912345678]" in capsys.readouterr().out
    row = SignupCode.objects.get()
    assert code not in row.code_hash and row.channel == "sms"
    assert client.get(VERIFY).status_code == 200

    response = _verify(client, code, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == reverse("portal:claim")
    user = User.objects.get(username="0912345678")
    assert (user.phone, user.full_name, user.role_assignments.count()) == ("0912345678", "Nguyễn Thị Hoa", 0)
    assert user.check_password(GOOD_PASSWORD)
    assert AuditEntry.objects.filter(action="accounts.user.signed_up", object_id=str(user.pk)).exists()
    assert client.get(reverse("portal:claim")).wsgi_request.user == user
    # The code is spent.
    row.refresh_from_db()
    assert row.used_at is not None


@pytest.mark.django_db
def test_signing_up_by_email_sends_the_code_by_email(client, django_capture_on_commit_callbacks):
    _ask(client, "  Hoa.Nguyen@Example.VN ", django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["hoa.nguyen@example.vn"]]
    code = _code_in(mail.outbox[0].body)
    assert _verify(client, code, django_capture_on_commit_callbacks).status_code == 302
    assert User.objects.get(username="hoa.nguyen@example.vn").email == "hoa.nguyen@example.vn"


@pytest.mark.django_db
def test_a_wrong_number_is_refused_with_what_was_typed_kept(client):
    response = client.post(SIGNUP, {"contact": "0123 456 789"})
    assert response.status_code == 400
    assert response.context["form"].has_error("contact", "phone")
    assert "0123 456 789" in response.content.decode()
    assert not SignupCode.objects.exists() and not Message.objects.exists()


@pytest.mark.django_db
def test_a_wrong_code_is_counted_and_too_many_kill_the_code(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SIGNUP_CODE_MAX_TRIES = 3
    _ask(client, "0912345678", django_capture_on_commit_callbacks)
    code = _code_in(Message.objects.get().body)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    first = _verify(client, wrong, django_capture_on_commit_callbacks)
    assert first.status_code == 400 and first.context["form"].has_error("code")
    assert SignupCode.objects.get().wrong_tries == 1
    _verify(client, wrong, django_capture_on_commit_callbacks)
    _verify(client, wrong, django_capture_on_commit_callbacks)
    # The right code no longer works: the code is dead.
    response = _verify(client, code, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert not User.objects.filter(username="0912345678").exists()
    assert SignupCode.objects.get().wrong_tries == 3


@pytest.mark.django_db
def test_an_expired_code_is_refused(client, django_capture_on_commit_callbacks):
    _ask(client, "0912345678", django_capture_on_commit_callbacks)
    code = _code_in(Message.objects.get().body)
    row = SignupCode.objects.get()
    row.expires_at = row.created_at - datetime.timedelta(seconds=1)
    row.save()
    response = _verify(client, code, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and response.context["form"].has_error("code")
    assert not User.objects.filter(username="0912345678").exists()


@pytest.mark.django_db
def test_the_expiry_is_the_setting(client, settings, django_capture_on_commit_callbacks):
    settings.SIGNUP_CODE_MINUTES = 3
    _ask(client, "0912345678", django_capture_on_commit_callbacks)
    row = SignupCode.objects.get()
    assert row.expires_at - row.created_at == datetime.timedelta(minutes=3)
    assert "3" in Message.objects.get().body


@pytest.mark.django_db
def test_a_weak_password_is_refused_and_the_code_is_not_spent(client, django_capture_on_commit_callbacks):
    _ask(client, "0912345678", django_capture_on_commit_callbacks)
    code = _code_in(Message.objects.get().body)
    response = _verify(client, code, django_capture_on_commit_callbacks, password="12345678")
    assert response.status_code == 400 and response.context["form"].has_error("password1")
    assert SignupCode.objects.get().wrong_tries == 0
    assert _verify(client, code, django_capture_on_commit_callbacks).status_code == 302


@pytest.mark.django_db
def test_codes_are_limited_per_number(client, settings, django_capture_on_commit_callbacks):
    settings.SIGNUP_CODES_PER_ADDRESS = (2, 3600)
    for _ in range(2):
        assert _ask(client, "0912345678", django_capture_on_commit_callbacks).status_code == 302
    response = _ask(client, "+84 912 345 678", django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert response.context["form"].non_field_errors()
    assert Message.objects.count() == 2 and SignupCode.objects.count() == 2


@pytest.mark.django_db
def test_codes_are_limited_per_client_address(client, settings, django_capture_on_commit_callbacks):
    settings.SIGNUP_CODES_PER_CLIENT = (2, 3600)
    for number in ("0912345678", "0987654321"):
        assert _ask(client, number, django_capture_on_commit_callbacks).status_code == 302
    assert _ask(client, "0356789012", django_capture_on_commit_callbacks).status_code == 429
    # Another client is not held back by the first one.
    other = _ask(client, "0356789012", django_capture_on_commit_callbacks, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 302
    assert Message.objects.count() == 3


@pytest.mark.django_db
def test_a_known_number_gets_the_same_answer_and_a_message_saying_it_has_an_account(
    client, django_capture_on_commit_callbacks
):
    owner = make_user("ho_kinh_doanh")
    owner.phone = "0912345678"
    owner.save()
    known = _ask(client, "0912 345 678", django_capture_on_commit_callbacks)
    page_known = client.get(VERIFY).content.decode()
    fresh_client = type(client)()
    fresh = _ask(fresh_client, "0987 654 321", django_capture_on_commit_callbacks)
    page_fresh = fresh_client.get(VERIFY).content.decode()
    assert (known.status_code, known["Location"]) == (fresh.status_code, fresh["Location"])

    def strip(page):
        return re.sub(r"csrfmiddlewaretoken\" value=\"[^\"]+|0912 ?345 ?678|0987 ?654 ?321", "", page)

    assert strip(page_known) == strip(page_fresh)
    told = Message.objects.get(address="0912345678")
    assert not re.search(r"\b\d{6}\b", told.body) and told.link == reverse("accounts:login")
    # No code opens an account for a number that has one.
    for guess in ("000000", "123456"):
        assert _verify(client, guess, django_capture_on_commit_callbacks).status_code == 400
    assert User.objects.filter(phone="0912345678").count() == 1
    assert owner.check_password(PASSWORD)


@pytest.mark.django_db
def test_the_code_page_without_a_code_asked_sends_back_and_signed_in_people_go_home(client, personas):
    assert client.get(VERIFY)["Location"] == SIGNUP
    assert client.post(VERIFY, {"code": "123456"})["Location"] == SIGNUP
    client.force_login(personas["outsider"])
    assert client.get(SIGNUP)["Location"] == reverse("portal:home")
    assert client.post(SIGNUP, {"contact": "0912345678"})["Location"] == reverse("portal:home")
    assert not SignupCode.objects.exists()


@pytest.mark.django_db
def test_every_mistake_on_the_code_page_is_told_at_once_and_what_was_typed_is_kept(
    client, django_capture_on_commit_callbacks
):
    _ask(client, "0912345678", django_capture_on_commit_callbacks)
    code = _code_in(Message.objects.get().body)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    response = client.post(
        VERIFY,
        {
            "code": wrong,
            "full_name": "Nguyễn Thị Hoa",
            "password1": GOOD_PASSWORD,
            "password2": "Other-pass-42",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.has_error("code") and form.has_error("password2")
    page = response.content.decode()
    assert f'value="{wrong}"' in page and "Nguyễn Thị Hoa" in page
    assert GOOD_PASSWORD not in page and "Other-pass-42" not in page
    assert SignupCode.objects.get().wrong_tries == 1
    # The right code with the passwords mended still works.
    assert _verify(client, code, django_capture_on_commit_callbacks).status_code == 302


@pytest.mark.django_db
def test_after_signing_up_by_phone_the_number_typed_any_way_signs_in(
    client, django_capture_on_commit_callbacks
):
    _ask(client, "0912 345 678", django_capture_on_commit_callbacks)
    assert "0912 345 678" in client.get(VERIFY).content.decode()
    code = _code_in(Message.objects.get().body)
    assert _verify(client, code, django_capture_on_commit_callbacks).status_code == 302
    for typed in ["0912 345 678", "+84 912 345 678", "0912.345.678", "84912345678"]:
        other = type(client)()
        other.post(reverse("accounts:login"), {"username": typed, "password": GOOD_PASSWORD})
        assert "_auth_user_id" in other.session, typed

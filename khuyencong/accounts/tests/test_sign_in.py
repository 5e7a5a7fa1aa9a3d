"""Sign-in that slows guessing without locking anyone out, the client address behind a proxy,
and a password reset that answers every address the same way (issue 8, point 9).

Time moves by editing the stored failure timestamps: the throttle reads "now" from
django.utils.timezone.now and compares it with them.
"""

import datetime
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import F
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from conftest import PASSWORD, make_user
from khuyencong.accounts.forms import wait_text
from khuyencong.accounts.models import LoginThrottle, User
from khuyencong.accounts.tasks import send_password_reset
from khuyencong.accounts.throttle import address_key
from khuyencong.clientaddress import check_trusted_proxies, client_address, parse_address
from khuyencong.phones import normalise_phone

OFFICE = "203.0.113.7"
HOME = "198.51.100.20"
PROXY = "10.0.0.2"


def sign_in(username: str, password: str, address: str = OFFICE, forwarded: str | None = None, **cookies):
    """One attempt from a fresh browser at ``address``: (signed in?, response)."""
    client = Client(REMOTE_ADDR=address)
    client.cookies.load(cookies)
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": password}, headers=headers
    )
    return "_auth_user_id" in client.session, response


def refusal(response) -> tuple[str, int | None]:
    """The code of the login form's error and, when throttled, the seconds to wait."""
    (error,) = response.context["form"].non_field_errors().as_data()
    return error.code, (error.params or {}).get("seconds")


def wait_after(response) -> int:
    code, seconds = refusal(response)
    assert code == "throttled", code
    return seconds


def move_time(seconds: float) -> None:
    """Make every recorded failure ``seconds`` older, as if that much time had passed."""
    LoginThrottle.objects.filter(last_failure_at__isnull=False).update(
        last_failure_at=F("last_failure_at") - datetime.timedelta(seconds=seconds)
    )


def row(kind: str, username: str = "", address: str = "") -> LoginThrottle | None:
    return LoginThrottle.objects.filter(kind=kind, username=username, address=address).first()


@pytest.mark.django_db
def test_the_right_password_after_the_delay_signs_in_and_clears_the_pair():
    make_user("lan")
    for _ in range(3):
        signed_in, response = sign_in("lan", "wrong")
        assert not signed_in and refusal(response) == ("invalid_login", None)
    signed_in, response = sign_in("lan", PASSWORD)
    assert not signed_in and wait_after(response) == 1, "inside the delay even the right password waits"
    move_time(1)
    signed_in, response = sign_in("lan", PASSWORD)
    assert signed_in and response.status_code == 302
    pair = row("pair", "lan", OFFICE)
    assert pair.failures == 0 and pair.signed_in_at is not None
    # The slate is clean: a typo now is an ordinary wrong password, with no wait after it.
    assert refusal(sign_in("lan", "wrong")[1]) == ("invalid_login", None)
    assert refusal(sign_in("lan", "wrong")[1]) == ("invalid_login", None)


@pytest.mark.django_db
def test_inside_the_delay_the_password_is_not_checked_and_the_wait_is_shown():
    make_user("lan")
    for _ in range(3):
        sign_in("lan", "wrong")
    move_time(1)
    assert refusal(sign_in("lan", "wrong")[1]) == ("invalid_login", None)
    move_time(0.5)  # a quarter of the 2 s the fourth failure earned has passed
    signed_in, response = sign_in("lan", "wrong")
    assert not signed_in and wait_after(response) == 2
    assert row("pair", "lan", OFFICE).failures == 4, "a refused attempt is not counted"
    with translation.override(django_settings.LANGUAGE_CODE):
        assert wait_text(2) in response.content.decode()
    # In English, the whole sentence.
    _, response = sign_in("lan", PASSWORD, **{django_settings.LANGUAGE_COOKIE_NAME: "en"})
    assert "Too many failed logins. Wait 2 seconds and try again" in response.content.decode()


@pytest.mark.django_db
def test_delays_double_with_each_failure_and_stop_at_the_cap():
    make_user("lan")
    failures_before_each_wait, waits, failures = [], [], 0
    while len(waits) < 13:
        _, response = sign_in("lan", "wrong")
        code, seconds = refusal(response)
        if code == "throttled":
            failures_before_each_wait.append(failures)
            waits.append(seconds)
            with translation.override(django_settings.LANGUAGE_CODE):
                assert wait_text(seconds) in response.content.decode()
            move_time(seconds)
        else:
            failures += 1
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]
    assert failures_before_each_wait == list(range(3, 16)), "three free failures, then one per delay"
    with translation.override("en"):
        assert wait_text(64) == "2 minutes" and wait_text(900) == "15 minutes" and wait_text(1) == "1 second"


@pytest.mark.django_db
def test_guessing_from_many_addresses_slows_the_name_but_not_the_owners_own_address():
    make_user("lan")
    assert sign_in("lan", PASSWORD, address=OFFICE)[0]
    # A botnet guesses lan's password from a new address each time.
    bots = (f"192.0.2.{n}" for n in range(1, 200))
    failures = 0
    while failures < 20:
        _, response = sign_in("lan", "wrong", address=next(bots))
        code, seconds = refusal(response)
        if code == "throttled":
            move_time(seconds)
        else:
            failures += 1
    assert row("user", "lan").failures == 20
    # From yet another address, even the right password now waits: the name-wide delay, capped short.
    signed_in, response = sign_in("lan", PASSWORD, address=next(bots))
    assert not signed_in and wait_after(response) == django_settings.LOGIN_THROTTLE_USER_MAX_DELAY_SECONDS
    # From the office, where lan has signed in before, none of it applies; nor does a typo there count.
    assert refusal(sign_in("lan", "wrong", address=OFFICE)[1]) == ("invalid_login", None)
    assert row("user", "lan").failures == 20
    assert sign_in("lan", PASSWORD, address=OFFICE)[0]


@pytest.mark.django_db
def test_many_names_from_one_address_are_slowed_but_its_known_users_are_not():
    make_user("lan")
    make_user("minh")
    assert sign_in("lan", PASSWORD, address=OFFICE)[0]
    for n in range(20):
        code, _ = refusal(sign_in(f"guess{n}", "123456", address=OFFICE)[1])
        assert code == "invalid_login"
    # The address has used its room: a name not yet known there waits, right password or not.
    signed_in, response = sign_in("minh", PASSWORD, address=OFFICE)
    assert not signed_in and wait_after(response) == 1
    # A colleague who has signed in from this office before is not held back.
    assert sign_in("lan", PASSWORD, address=OFFICE)[0]
    # Nor is minh at home.
    assert sign_in("minh", PASSWORD, address=HOME)[0]


@pytest.mark.django_db
def test_a_user_name_differing_only_in_case_shares_the_count():
    make_user("lan")
    for name in ("lan", "LAN", "Lan"):
        sign_in(name, "wrong")
    assert wait_after(sign_in("lAn", "wrong")[1]) == 1


@pytest.mark.django_db
def test_failures_are_forgotten_after_a_quiet_day_and_old_rows_are_pruned():
    make_user("lan")
    for _ in range(5):
        sign_in("lan", "wrong", address=HOME)
    assert sign_in("lan", PASSWORD, address=OFFICE)[0]
    move_time(django_settings.LOGIN_THROTTLE_FORGET_SECONDS + 1)
    # A known sign-in older than remembered no longer counts either.
    LoginThrottle.objects.filter(username="lan", address=OFFICE).update(
        signed_in_at=F("signed_in_at")
        - datetime.timedelta(days=django_settings.LOGIN_THROTTLE_KNOWN_DAYS + 1)
    )
    assert LoginThrottle.objects.filter(address=HOME).exists()
    # The next failure anywhere prunes what is no longer needed.
    assert refusal(sign_in("minh", "wrong", address=OFFICE)[1]) == ("invalid_login", None)
    assert not LoginThrottle.objects.filter(address=HOME).exists()
    assert not LoginThrottle.objects.filter(username="lan").exists()
    # And the home address starts again with its free failures.
    assert refusal(sign_in("lan", "wrong", address=HOME)[1]) == ("invalid_login", None)
    assert row("pair", "lan", HOME).failures == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_attempts_cannot_all_slip_through_when_a_delay_ends(settings):
    """The attempts race for the key's row lock: one is checked, the rest meet its new delay.

    A slow hasher (an unknown name is hashed with the first one) keeps every check in flight at
    once; without the lock all of them would be checked against the expired delay."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    for _ in range(3):
        sign_in("ghost", "wrong")
    move_time(1)
    start, english = threading.Barrier(6), {django_settings.LANGUAGE_COOKIE_NAME: "en"}

    def attempt(_):
        start.wait()
        try:
            # Read the page, not response.context: the template signal is shared by the threads.
            page = sign_in("ghost", "wrong", **english)[1].content.decode()
            return "throttled" if "Too many failed logins" in page else "checked"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = sorted(pool.map(attempt, range(6)))
    assert codes == ["checked"] + ["throttled"] * 5
    assert row("pair", "ghost", OFFICE).failures == 4


# --- The client address behind a reverse proxy ---------------------------------------------


@pytest.mark.django_db
def test_forwarded_address_is_believed_only_from_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    make_user("lan")
    # Through our proxy: the client is what the proxy appended, whatever the client put before it.
    sign_in("lan", "wrong", address=PROXY, forwarded=f"1.1.1.1, {HOME}")
    assert row("pair", "lan", HOME).failures == 1
    # Through two of our proxies: the right-most hop that is not ours.
    sign_in("lan", "wrong", address=PROXY, forwarded=f"8.8.8.8, {HOME}, 10.9.9.9")
    assert row("pair", "lan", HOME).failures == 2
    # Straight from a client: its header is ignored.
    sign_in("lan", "wrong", address=OFFICE, forwarded=HOME)
    assert row("pair", "lan", OFFICE).failures == 1 and row("pair", "lan", HOME).failures == 2


@pytest.mark.django_db
def test_a_spoofed_header_does_not_give_a_fresh_count(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    make_user("lan")
    for n in range(3):
        sign_in("lan", "wrong", address=OFFICE, forwarded=f"192.0.2.{n}")
    assert wait_after(sign_in("lan", PASSWORD, address=OFFICE, forwarded="192.0.2.99")[1]) == 1
    # The same through our proxy, with forged hops on the left.
    for n in range(3):
        sign_in("lan", "wrong", address=PROXY, forwarded=f"192.0.2.{n}, {HOME}")
    assert wait_after(sign_in("lan", PASSWORD, address=PROXY, forwarded=f"192.0.2.99, {HOME}")[1]) == 1


FACTORY = RequestFactory()
HOPS = st.one_of(
    st.ip_addresses().map(str),
    st.sampled_from(
        ["10.0.0.2", "10.1.2.3", "unknown", "", " ", "[::1]:443", "1.2.3.4:80", "::ffff:1.2.3.4"]
    ),
    st.text(max_size=30),
)
HEADERS = st.one_of(st.text(max_size=200), st.lists(HOPS, max_size=30).map(", ".join))


@hypothesis_settings(max_examples=300, deadline=None)
@given(header=HEADERS, remote=st.sampled_from([PROXY, OFFICE, "fe80::1", "garbage", ""]))
def test_any_forwarded_header_gives_an_address_or_none_and_never_an_error(header, remote):
    with override_settings(TRUSTED_PROXIES=["10.0.0.0/8"]):
        request = FACTORY.post("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
        address = client_address(request)
    if remote in ("garbage", ""):
        assert address is None
    elif remote != PROXY:
        assert address == str(remote), "an untrusted client's header is ignored"
    else:
        hops = {str(parse_address(hop)) for hop in header.split(",")}
        assert address == PROXY or address in hops
        assert len(address) <= 45 and address_key(address)


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(header=HEADERS)
def test_a_malformed_forwarded_header_never_breaks_the_login_page(settings, header):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    client = Client(REMOTE_ADDR=PROXY)
    response = client.post(
        reverse("accounts:login"),
        {"username": "nobody", "password": "x"},
        headers={"X-Forwarded-For": header},
    )
    assert response.status_code == 200
    assert refusal(response)[0] in ("invalid_login", "throttled")


def test_a_misconfigured_trusted_proxy_is_reported(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "our proxy"]
    with pytest.raises(ImproperlyConfigured, match="our proxy"):
        client_address(FACTORY.get("/", REMOTE_ADDR=PROXY))
    assert [error.id for error in check_trusted_proxies()] == ["clientaddress.E001"]


def test_an_ipv6_client_is_counted_by_its_64_network():
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert address_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert address_key("not an address") == address_key(None) == ""


# --- Password reset ------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_answers_known_and_unknown_addresses_alike_and_mails_from_a_task(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    user = make_user("lan")
    user.email = "lan@example.vn"
    user.save()
    # Neither someone without a usable password (invited, not yet joined) nor an inactive user gets mail.
    invited, gone = make_user("moi"), make_user("cu")
    invited.email, gone.email, gone.is_active = "moi@example.vn", "cu@example.vn", False
    invited.set_unusable_password()
    invited.save()
    gone.save()
    pages = []
    for email in ("Lan@Example.vn", "nobody@example.vn", "moi@example.vn", "cu@example.vn"):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("accounts:password_reset"), {"email": email}, follow=True)
        assert response.redirect_chain == [(reverse("accounts:password_reset_done"), 302)]
        assert not [q["sql"] for q in queries if "accounts_user" in q["sql"]], "the request looks nobody up"
        assert mail.outbox == [], "the request sends no mail"
        assert DBTaskResult.objects.filter(args_kwargs__kwargs__email=email).count() == 1
        # The same page, but for the CSRF token, masked afresh on every page.
        pages.append(re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode()))
    assert len(set(pages)) == 1
    assert DBTaskResult.objects.count() == 4
    # The worker's turn: only the known address gets mail.
    for stored in DBTaskResult.objects.order_by("enqueued_at"):
        assert stored.task_path == send_password_reset.module_path
        send_password_reset.call(*stored.args_kwargs["args"], **stored.args_kwargs["kwargs"])
    assert [message.to for message in mail.outbox] == [["lan@example.vn"]]
    assert re.search(r"http://testserver/accounts/password/reset/\S+/", mail.outbox[0].body)


@pytest.mark.django_db
def test_a_malformed_address_is_refused_by_the_form_and_enqueues_nothing(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client.post(reverse("accounts:password_reset"), {"email": "not an address"})
    assert response.status_code == 200 and response.context["form"].errors["email"]
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_reset_links_use_the_configured_site_url_and_the_reset_signs_in(settings):
    settings.SITE_URL = "https://khuyencong.example.gov.vn"
    user = make_user("lan")
    user.email = "lan@example.vn"
    user.save()
    # Someone keeps the user-wide delay running on lan from addresses lan never used.
    LoginThrottle.objects.create(kind="user", username="lan", failures=30, last_failure_at=timezone.now())
    assert wait_after(sign_in("lan", PASSWORD, address=HOME)[1]) > 0
    client = Client(REMOTE_ADDR=HOME)
    client.post(reverse("accounts:password_reset"), {"email": "lan@example.vn"})  # immediate backend
    (message,) = mail.outbox
    link = re.search(r"https://khuyencong\.example\.gov\.vn(/accounts/password/reset/\S+/)", message.body)
    response = client.get(link.group(1), follow=True)
    client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "An0ther-phrase!", "new_password2": "An0ther-phrase!"},
    )
    assert client.session["_auth_user_id"] == str(user.pk), "the reset signs lan in"
    # And home is now a known address for lan: the name-wide delay no longer applies there.
    assert sign_in("lan", "An0ther-phrase!", address=HOME)[0]


# ------------------------------------------------------------------ a phone number typed any way
# An account made at sign-up by phone is named 0XXXXXXXXX (portal/signup.py); every spelling that
# sign-up accepts (khuyencong/phones.py) must sign in to it.

SUBSCRIBER = st.tuples(st.sampled_from("35789"), st.text("0123456789", min_size=8, max_size=8)).map(
    lambda t: t[0] + t[1]
)


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    number=SUBSCRIBER,
    sep=st.sampled_from(["", " ", ".", "-", "  "]),
    prefix=st.sampled_from(["0", "+84", "84", "0084", "+84 ", "+840", "(+84) "]),
)
def test_every_spelling_of_a_phone_that_sign_up_accepts_signs_in(number, sep, prefix):
    username = normalise_phone("0" + number)
    if not User.objects.filter(username=username).exists():
        User.objects.create_user(username=username, phone=username, password=PASSWORD)
    typed = prefix + sep.join([number[:3], number[3:6], number[6:]])
    assert normalise_phone(typed) == username  # sign-up would accept it, as this account
    signed_in, response = sign_in(f" {typed} ", PASSWORD)
    assert signed_in, response.context["form"].errors


@pytest.mark.django_db
def test_a_phone_typed_another_way_counts_against_the_same_name_in_the_throttle():
    User.objects.create_user(username="0912345678", phone="0912345678", password=PASSWORD)
    for typed in ["0912 345 678", "+84 912 345 678", "0912.345.678"]:
        signed_in, _response = sign_in(typed, "wrong")
        assert not signed_in
    assert row("user", username="0912345678").failures == 3
    assert not LoginThrottle.objects.filter(username__contains=" ").exists()


@pytest.mark.django_db
def test_a_user_name_that_looks_like_a_phone_is_still_that_user_name():
    User.objects.create_user(username="84912345678", password=PASSWORD)
    User.objects.create_user(username="0912345678", password="another-Password-9")
    assert sign_in("84912345678", PASSWORD)[0]


@pytest.mark.django_db
def test_an_account_holding_the_number_signs_in_with_it_when_it_is_the_only_one():
    User.objects.create_user(username="hoa", phone="0912345678", password=PASSWORD)
    assert sign_in("0912 345 678", PASSWORD)[0]
    User.objects.create_user(username="hoa2", phone="0912345678", password=PASSWORD)
    assert not sign_in("0912 345 678", PASSWORD)[0]  # two accounts share it: the number names neither


@pytest.mark.django_db
def test_the_login_page_speaks_of_phone_numbers_and_leads_to_sign_up():
    signed_in, response = sign_in("0912 000 111", "wrong")
    page = response.content.decode()
    assert not signed_in and refusal(response) == ("invalid_login", None)
    assert "Tên đăng nhập" not in page and "chữ hoa" not in page  # Django's words: user name, letter case
    assert 'href="/portal/signup/"' in page

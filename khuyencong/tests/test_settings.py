"""Production mode: the settings pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from khuyencong.settings import env_bool


def test_deploy_checks_are_clean_in_production_mode():
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is not part of a deployment.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "khuyencong.example.vn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("TRUE", True), (" False ", False), ("false", False), ("", True)]
)
def test_env_bool_reads_true_and_false_in_any_case(monkeypatch, value, expected):
    monkeypatch.setenv("KC_TEST_SWITCH", value)
    assert env_bool("KC_TEST_SWITCH", True) is expected


@pytest.mark.parametrize("value", ["1", "0", "yes", "on", "flase", "tru e"])
def test_env_bool_refuses_anything_else_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("KC_TEST_SWITCH", value)
    with pytest.raises(ImproperlyConfigured, match="KC_TEST_SWITCH"):
        env_bool("KC_TEST_SWITCH", False)


def test_a_mistyped_switch_stops_the_start():
    env = {**os.environ, "DJANGO_DEBUG": "flase"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """The figures' queries cost enough for PostgreSQL to JIT-compile them, which costs more than it
    saves at their size (settings.py); every connection of the app turns it off."""
    from django.db import connection

    assert connection.vendor == "postgresql"  # the suite runs on PostgreSQL (scripts/test.sh)
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)

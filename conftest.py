"""Shared fixtures: the named personas (docs/programme.md §5), a small registry, and Chromium.

Every test database is built by the real migrations, so the administrative units
(and their crosswalk) are there as in production.
"""

import os
import shutil

import pytest
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.test import Client

from khuyencong.accounts.models import Role, RoleAssignment, ScopeLevel, User
from khuyencong.geo.models import AdminUnit
from khuyencong.registry.models import ActivityType, CraftVillage, Establishment, Need

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD = "test-Pa55word!"
HUNG_YEN = 33
BAC_NINH = 24


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, since Playwright cannot download its own browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


def pytest_report_header(config):
    """Say which database and browser the run uses, so a CI log shows it."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    browser = shutil.which("chromium") or "no chromium found"
    return [
        f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('NAME')}",
        f"browser: {browser}",
    ]


@receiver(connection_created, dispatch_uid="khuyencong.tests.audit_maintenance")
def _audit_maintenance(sender, connection, **kwargs):
    """Transactional and browser tests end with Django's flush, a TRUNCATE of every table, which
    the audit table's trigger refuses outside maintenance mode (audit/migrations/0003). The test
    suite's own connections turn that mode on; it is set here and not in settings.py so that no
    production connection ever has it. test_audit_bypass.py turns it off to show the refusal."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET khuyencong.audit_maintenance = 'on'")


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return "live_server" in getattr(item, "fixturenames", ()) or bool(
        marker and marker.kwargs.get("transaction")
    )


def pytest_runtest_setup(item):
    """A transactional test in a module whose `demo` transaction is still open would wait for ever
    on rows that transaction holds (and then flush them); say so instead of hanging."""
    from django.db import connection

    if _is_transactional(item) and connection.connection is not None and connection.in_atomic_block:
        pytest.fail(
            f"{item.nodeid} is transactional but runs inside the open `demo` fixture's transaction: "
            "move it to a module that does not use `demo`.",
            pytrace=False,
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table, the reference data that the
    migrations loaded included; put it back, once the flush is done, for the tests after it."""
    result = yield
    # After the session's last test the test database is already dropped and the settings point
    # at the real one again: nothing needs the data then, and it must not go there.
    if nextitem is None:
        return result
    if _is_transactional(item):
        from django.apps import apps
        from pytest_django.plugin import blocking_manager_key

        from khuyencong.activities.legal_data import seed as seed_contest_rules
        from khuyencong.geo.loading import load_units
        from khuyencong.geo.models import UnitSuccession
        from khuyencong.plans.legal_data import seed as seed_rules
        from khuyencong.portal.legal_data import seed as seed_eligibility_rules
        from khuyencong.registry.legal_data import seed as seed_registry_rules
        from khuyencong.reports.legal_data import seed_duties, seed_targets

        with item.config.stash[blocking_manager_key].unblock():
            if not _restore_units():
                load_units(AdminUnit, UnitSuccession)
            seed_registry_rules(apps)
            seed_rules(apps)
            seed_contest_rules(apps)
            seed_duties(apps)
            seed_targets(apps)
            seed_eligibility_rules(apps)
    return result


# The units as the migrations loaded them, kept in tables Django does not know (so a flush leaves
# them): putting 24,000 rows back by SQL takes a tenth of the 3.5 s their loading takes.
UNIT_SNAPSHOTS = {
    "geo_adminunit": "kc_snapshot_adminunit",
    "geo_unitsuccession": "kc_snapshot_unitsuccession",
}


def _snapshot_units() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table, snapshot in UNIT_SNAPSHOTS.items():
            cursor.execute(f'DROP TABLE IF EXISTS "{snapshot}"')
            cursor.execute(f'CREATE TABLE "{snapshot}" AS TABLE "{table}"')


def _restore_units() -> bool:
    """The units put back from the snapshot after a flush; False where there is none (SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [UNIT_SNAPSHOTS["geo_adminunit"]])
        if cursor.fetchone()[0] is None:
            return False
        cursor.execute("SELECT EXISTS (SELECT 1 FROM geo_adminunit)")
        if cursor.fetchone()[0]:
            return True
        for table, snapshot in UNIT_SNAPSHOTS.items():
            cursor.execute(f'INSERT INTO "{table}" SELECT * FROM "{snapshot}"')
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM \"{table}\"))"
            )
    return True


def isolated_settings(folder) -> dict:
    """A cheap password hasher (hashing is not under test here), and media and private files in
    the folder given."""
    from django.conf import settings

    return {
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "MEDIA_ROOT": folder / "media",
        "STORAGES": {
            **settings.STORAGES,
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(folder / "private")},
            },
        },
    }


def isolate(settings, folder) -> None:
    """The test's settings made isolated (isolated_settings), and an empty cache (rate limits count
    per address across requests)."""
    from django.core.cache import cache

    cache.clear()
    for name, value in isolated_settings(folder).items():
        setattr(settings, name, value)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    isolate(settings, tmp_path)


def province(code: int) -> AdminUnit:
    return AdminUnit.objects.current().provinces().get(code=code)


def commune_named(name: str, province_code: int = HUNG_YEN) -> AdminUnit:
    return AdminUnit.objects.current().communes().get(name=name, province__code=province_code)


def legacy_commune(district: str, name: str, province_code: int = HUNG_YEN) -> AdminUnit:
    return (
        AdminUnit.objects.legacy()
        .communes()
        .get(name=name, parent__name=district, parent__parent__code=province_code)
    )


def make_user(
    username: str, role: str | None = None, level: str | None = None, unit=None, establishment=None
):
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username.title())
    if role:
        RoleAssignment.objects.create(
            user=user, role=role, scope_level=level, unit=unit, establishment=establishment
        )
    return user


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def hy_communes(db):
    return make_hy_communes()


@pytest.fixture
def registry(db, hy_communes):
    return make_registry(hy_communes)


@pytest.fixture
def personas(db, hy_communes, registry):
    return make_personas(hy_communes, registry)


def make_hy_communes() -> dict:
    """Two communes of today's Hưng Yên and one of Bắc Ninh."""
    return {
        "home": commune_named("Phường Phố Hiến"),
        "other": commune_named("Xã Tân Hưng"),
        "far": AdminUnit.objects.current()
        .communes()
        .filter(province__code=BAC_NINH)
        .order_by("code")
        .first(),
    }


def make_registry(hy_communes) -> dict:
    """A small registry: an establishment per commune, a craft village, a need each."""
    training = ActivityType.objects.get(code="1", effective_to__isnull=True)
    village = CraftVillage.objects.create(
        name="Làng nghề thử", craft="Mây tre đan", commune=hy_communes["home"]
    )
    records = {}
    for key, commune in hy_communes.items():
        est = Establishment.objects.create(
            name=f"Cơ sở {key}",
            legal_form=Establishment.LegalForm.HOUSEHOLD,
            commune=commune,
            tax_code={"home": "0900000001", "other": "0900000002", "far": "123456789012"}[key],
            craft_village=village if key == "home" else None,
        )
        Need.objects.create(
            establishment=est,
            commune=commune,
            activity_type=training,
            description="Đào tạo nghề",
            collected_by=Need.Collector.SURVEY,
        )
        records[key] = est
    records["village"] = village
    return records


def make_personas(hy_communes, registry) -> dict:
    """One user per role, scoped to Hưng Yên or its 'home' commune, plus outsiders."""
    hy = province(HUNG_YEN)
    bn = province(BAC_NINH)
    return {
        "admin": make_user("admin_vn", Role.ADMINISTRATOR, ScopeLevel.NATIONAL),
        "province_admin": make_user("admin_hy", Role.ADMINISTRATOR, ScopeLevel.PROVINCE, hy),
        "centre_staff": make_user("staff", Role.CENTRE_STAFF, ScopeLevel.PROVINCE, hy),
        "leader": make_user("leader", Role.LEADER, ScopeLevel.PROVINCE, hy),
        "finance": make_user("finance", Role.FINANCE_APPRAISER, ScopeLevel.PROVINCE, hy),
        "commune_officer": make_user(
            "officer", Role.COMMUNE_OFFICER, ScopeLevel.COMMUNE, hy_communes["home"]
        ),
        "other_officer": make_user(
            "officer2", Role.COMMUNE_OFFICER, ScopeLevel.COMMUNE, hy_communes["other"]
        ),
        "establishment_rep": make_user(
            "owner", Role.ESTABLISHMENT_REP, ScopeLevel.ESTABLISHMENT, establishment=registry["home"]
        ),
        "ministry": make_user("ministry", Role.MINISTRY_VIEWER, ScopeLevel.NATIONAL),
        "other_province_staff": make_user("staff_bn", Role.CENTRE_STAFF, ScopeLevel.PROVINCE, bn),
        "other_province_officer": make_user(
            "officer_bn", Role.COMMUNE_OFFICER, ScopeLevel.COMMUNE, hy_communes["far"]
        ),
        "outsider": make_user("outsider"),
    }


@pytest.fixture(scope="session", autouse=True)
def _demo_database(django_db_setup, django_db_blocker):
    """A copy of this worker's fresh test database, taken before any test runs (PostgreSQL copies a
    database only while nobody is connected to it, and the live server of the browser tests stays
    connected once started). The demo is loaded into the copy the first time a module asks for it,
    and every later module reads it there: loading takes about 25 s, copying about one. None on SQLite
    and where no test database was made."""
    from django.db import connection

    # Only over a test database pytest-django has made (a run of tests that need no database makes
    # none; then the `demo` fixture, if asked for, loads the demo where it is, as on SQLite).
    if connection.vendor != "postgresql" or not str(connection.settings_dict["NAME"]).startswith("test_"):
        yield None
        return
    state = {"name": f"{connection.settings_dict['NAME']}_demo", "loaded": False}
    with django_db_blocker.unblock():
        _snapshot_units()
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{state["name"]}"')
            cursor.execute(f'CREATE DATABASE "{state["name"]}" TEMPLATE "{connection.settings_dict["NAME"]}"')
    yield state
    with django_db_blocker.unblock():
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{state["name"]}" WITH (FORCE)')


class _OnDatabase:
    """The default connection pointed at another database of the same server, then back."""

    def __init__(self, name: str):
        from django.db import connection

        self.connection, self.name = connection, name

    def __enter__(self):
        self.connection.close()
        self.original = self.connection.settings_dict["NAME"]
        self.connection.settings_dict["NAME"] = self.name
        self._forget_ids()

    def __exit__(self, *exc):
        self.connection.close()
        self.connection.settings_dict["NAME"] = self.original
        self._forget_ids()

    @staticmethod
    def _forget_ids():
        """Content types are cached by id for the process: a browser test's flush gives the test
        database new ones, so the two databases' ids differ, and an audit entry written with the
        other database's id would point at nothing."""
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()


def _load_demo():
    import io

    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("load_demo", stdout=io.StringIO())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, _demo_database):
    """The demo (Hưng Yên 2015 and this year's plans) for all the tests of a module that ask for it.
    On PostgreSQL the module runs on the worker's demo copy (`_demo_database`), loaded once, inside a
    transaction rolled back after the module's last test; each test still runs in a savepoint of its
    own, so what one test changes, the next does not see, and the next module finds the demo as
    loaded. The tests after the module are back on the test database, as the migrations left it.
    Returns today's Hưng Yên. Transactional (browser) tests cannot use it: they see only what is
    committed in the test database."""
    import contextlib

    from django.db import transaction

    with django_db_blocker.unblock():
        place = _OnDatabase(_demo_database["name"]) if _demo_database else contextlib.nullcontext()
        with place:
            if _demo_database and not _demo_database["loaded"]:
                _load_demo()
                _demo_database["loaded"] = True
            outer = transaction.atomic()
            outer.__enter__()
            try:
                if not _demo_database:
                    _load_demo()
                yield AdminUnit.objects.current().provinces().get(code=HUNG_YEN)
            finally:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections(django_db_setup, django_db_blocker):
    """The session-long live server's thread keeps its own connection to the test database
    until the session ends, which is after the database should be dropped; close it first."""
    yield
    from django.db import connection
    from django.db.utils import OperationalError

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock():
        try:
            connection.ensure_connection()
        except OperationalError:
            # A run whose tests never touched the database (pytest -k on pure functions) made
            # no test database, and the one its settings name need not exist: nothing to close.
            return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND usename = current_user"
        )

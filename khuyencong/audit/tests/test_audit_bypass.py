"""Nobody bypasses the audit log: not Django admin, not TRUNCATE, not the application's own role.

Real PostgreSQL throughout. The application role (`khuyencong_app`, made by scripts/postgres.sh,
which `make test` runs) is granted its privileges with the real `grant_app_role` command on the
test database, and then connects to it as a second client.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.forms import MultiWidget
from django.utils import translation

from conftest import PASSWORD, commune_named, make_user
from khuyencong.accounts.models import Role, RoleAssignment, ScopeLevel, User
from khuyencong.audit.admin import ADMIN_NOTE
from khuyencong.audit.checks import every_admin_is_audited
from khuyencong.audit.log import HIDDEN
from khuyencong.audit.models import AuditEntry
from khuyencong.projects.models import Payment, Project
from khuyencong.projects.tests.conftest import M, running_project
from khuyencong.projects.tests.conftest import programme as programme  # the fixture, re-exported
from khuyencong.registry.models import Establishment, Need, ProductPhoto

APP_ROLE, APP_PASSWORD = "khuyencong_app", "khuyencong_app"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def superuser(db):
    user = make_user("root")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def root_client(client, superuser):
    client.force_login(superuser)
    return client


def kind() -> ContentType:
    """A content type that exists (a transactional test's flush gives them new ids)."""
    return ContentType.objects.get_for_model(AuditEntry)


def entries(action: str, obj) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action, object_id=str(obj.pk)))


def posted_back(response) -> dict:
    """What the admin's change page posts when saved unchanged: its form's and inlines' values."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            bound, value = form[name], form[name].value()
            if isinstance(field.widget, MultiWidget):
                for index, part in enumerate(field.widget.decompress(value)):
                    data[f"{bound.html_name}_{index}"] = "" if part is None else part
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = "" if value is None else value
    return data


# ---------------------------------------------------------------- Django admin


@pytest.mark.django_db
def test_admin_add_change_and_delete_write_the_log(root_client, superuser, registry):
    commune = commune_named("Phường Phố Hiến")
    data = {"name": "Cơ sở qua admin", "legal_form": "household", "commune": commune.pk}
    response = root_client.post(
        "/admin/registry/establishment/add/", {**data, "source": "manual", "workers": 5}
    )
    assert response.status_code == 302
    est = Establishment.objects.get(name="Cơ sở qua admin")
    [created] = entries("registry.establishment.created", est)
    assert created.actor == superuser and created.note == ADMIN_NOTE
    assert created.changes["name"] == [None, "Cơ sở qua admin"] and created.changes["workers"] == [None, "5"]
    assert est.created_by == superuser

    page = root_client.get(f"/admin/registry/establishment/{est.pk}/change/")
    response = root_client.post(
        f"/admin/registry/establishment/{est.pk}/change/", {**posted_back(page), "workers": "9"}
    )
    assert response.status_code == 302
    [updated] = entries("registry.establishment.updated", est)
    assert updated.actor == superuser and updated.note == ADMIN_NOTE
    assert updated.changes == {"workers": ["5", "9"]}

    need = Need.objects.create(
        establishment=est, commune=commune, activity_type=registry["home"].needs.get().activity_type
    )
    response = root_client.post(f"/admin/registry/establishment/{est.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Establishment.objects.filter(pk=est.pk).exists()
    [deleted] = entries("registry.establishment.deleted", est)
    assert deleted.actor == superuser and deleted.changes["name"] == ["Cơ sở qua admin", None]
    [cascaded] = entries("registry.need.deleted_with_parent", need)
    assert cascaded.actor == superuser and cascaded.note == ADMIN_NOTE


@pytest.mark.django_db
def test_a_bulk_delete_in_admin_logs_every_row_and_what_it_takes_with_it(root_client, superuser, registry):
    chosen = [registry["home"], registry["other"], registry["far"]]
    needs = [est.needs.get() for est in chosen]
    response = root_client.post(
        "/admin/registry/establishment/",
        {"action": "delete_selected", "_selected_action": [est.pk for est in chosen], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Establishment.objects.filter(pk__in=[est.pk for est in chosen]).exists()
    for est, need in zip(chosen, needs, strict=True):
        [deleted] = entries("registry.establishment.deleted", est)
        assert deleted.actor == superuser and deleted.note == ADMIN_NOTE
        assert deleted.changes["name"] == [est.name, None]
        assert len(entries("registry.need.deleted_with_parent", need)) == 1


@pytest.mark.django_db
def test_a_users_roles_groups_and_password_changed_in_admin_are_logged(root_client, superuser, hy_communes):
    member = make_user("member")
    # The admin's time input shows whole seconds, so a save through it would store them.
    member.date_joined = member.date_joined.replace(microsecond=0)
    member.save()
    editors = Group.objects.create(name="Biên tập")
    page = root_client.get(f"/admin/accounts/user/{member.pk}/change/")
    data = {
        **posted_back(page),
        "is_staff": "on",
        "groups": [str(editors.pk)],
        "role_assignments-TOTAL_FORMS": "1",
        "role_assignments-0-role": "commune_officer",
        "role_assignments-0-scope_level": "commune",
        "role_assignments-0-unit": str(hy_communes["home"].pk),
        "role_assignments-0-granted_at_0": "2026-01-05",
        "role_assignments-0-granted_at_1": "08:00:00",
    }
    response = root_client.post(f"/admin/accounts/user/{member.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    [updated] = entries("accounts.user.updated", member)
    assert updated.actor == superuser and updated.note == ADMIN_NOTE
    assert updated.changes == {"is_staff": ["False", "True"], "groups": [None, "Biên tập"]}
    grant = RoleAssignment.objects.get(user=member)
    assert grant.scope_level == ScopeLevel.COMMUNE
    [granted] = entries("accounts.roleassignment.created", grant)
    with translation.override("vi"):  # the admin spoke the default language
        assert granted.changes["role"] == [None, str(Role.COMMUNE_OFFICER.label)]
    assert granted.actor == superuser and granted.changes["unit"] == [None, str(hy_communes["home"])]

    response = root_client.post(
        f"/admin/accounts/user/{member.pk}/password/",
        {"password1": "An0ther-Pa55word!", "password2": "An0ther-Pa55word!", "set_usable_password": "true"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("An0ther-Pa55word!")
    changed = AuditEntry.objects.filter(action="accounts.user.updated", object_id=str(member.pk)).first()
    # That the password changed is in the log; the hash never is, there or anywhere else.
    assert changed.changes == {"password": [HIDDEN, HIDDEN]} and changed.actor == superuser
    assert not AuditEntry.objects.filter(changes__icontains=member.password.split("$")[-1]).exists()


@pytest.mark.django_db
def test_a_payment_cannot_be_added_changed_or_deleted_in_admin(root_client, personas, programme):
    project = running_project(programme, personas, 100 * M)
    payment = project.record_payment(personas["centre_staff"], "advance", 30 * M, programme["today"], "TU-1")
    url = f"/admin/projects/payment/{payment.pk}"
    assert root_client.get(f"{url}/change/").status_code == 200  # it may be looked at
    form = {
        "kind": "payment",
        "amount": "1",
        "paid_on": "2026-01-01",
        "voucher_number": "X",
        "project": project.pk,
    }
    assert root_client.post(f"{url}/change/", form).status_code == 403
    assert root_client.post(f"{url}/delete/", {"post": "yes"}).status_code == 403
    assert root_client.post("/admin/projects/payment/add/", form).status_code == 403
    response = root_client.post(
        "/admin/projects/payment/",
        {"action": "delete_selected", "_selected_action": [payment.pk], "post": "yes"},
    )
    assert Payment.objects.get(pk=payment.pk).amount == 30 * M and response.status_code in (200, 302)
    assert not AuditEntry.objects.filter(note=ADMIN_NOTE).exists()


@pytest.mark.django_db
def test_records_written_only_by_the_application_are_read_only_in_admin(root_client):
    for model in (
        "audit/auditentry",
        "projects/payment",
        "projects/projectevent",
        "projects/projectversion",
        "plans/batchadjustment",
        "geo/adminunit",
        "geo/unitsuccession",
    ):
        assert root_client.get(f"/admin/{model}/").status_code == 200
        assert root_client.get(f"/admin/{model}/add/").status_code == 403, model


@pytest.mark.django_db
def test_a_projects_status_cannot_be_changed_in_admin(root_client, superuser, personas, programme):
    project = running_project(programme, personas, 100 * M)
    page = root_client.get(f"/admin/projects/project/{project.pk}/change/")
    assert "status" not in page.context["adminform"].form.fields
    data = {**posted_back(page), "title": "Đề án sửa qua admin", "status": "closed", "approved_support": "1"}
    assert root_client.post(f"/admin/projects/project/{project.pk}/change/", data).status_code == 302
    changed = Project.objects.get(pk=project.pk)
    assert changed.title == "Đề án sửa qua admin"
    assert changed.status == project.status == "in_progress" and changed.approved_support == 100 * M
    # The application's stale-form check sees the admin's change as a change.
    assert changed.version == project.version + 1
    [updated] = entries("projects.project.updated", project)
    assert updated.changes == {"title": [project.title, "Đề án sửa qua admin"]} and updated.actor == superuser


@pytest.mark.django_db
def test_manage_py_check_refuses_an_admin_that_does_not_audit():
    assert every_admin_is_audited() == []
    admin.site.register(ProductPhoto, admin.ModelAdmin)
    try:
        assert [error.id for error in every_admin_is_audited()] == ["audit.E001"]
    finally:
        admin.site.unregister(ProductPhoto)


# ---------------------------------------------------------------- the database itself


@pytest.mark.django_db
def test_truncate_of_the_log_is_refused_even_for_the_owner_outside_maintenance():
    AuditEntry.objects.create(action="test.thing.done", content_type=kind(), object_id="1", object_repr="x")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_setting('khuyencong.audit_maintenance', true)")
        # The owner of the tables, in the test suite's maintenance mode (conftest.py).
        assert cursor.fetchone() == (connection.settings_dict["USER"], "on")
        # Check the entry's deferred foreign keys now: TRUNCATE refuses a table with pending ones.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with pytest.raises(DatabaseError, match="TRUNCATE is refused"), transaction.atomic():
            # SET LOCAL ends with this savepoint: the rest of the session keeps the test mode.
            cursor.execute("SET LOCAL khuyencong.audit_maintenance = 'off'")
            cursor.execute("TRUNCATE audit_auditentry")
        with pytest.raises(DatabaseError, match="TRUNCATE is refused"), transaction.atomic():
            cursor.execute("RESET khuyencong.audit_maintenance")
            cursor.execute("TRUNCATE audit_auditentry CASCADE")
        cursor.execute("SELECT current_setting('khuyencong.audit_maintenance', true)")
        assert cursor.fetchone() == ("on",)  # the test's own switch-offs ended with their savepoints
    assert AuditEntry.objects.filter(action="test.thing.done").exists()


def app_connection() -> psycopg.Connection:
    """A second client, logged in as the application role, on the test database."""
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        dbname=settings["NAME"],
        user=APP_ROLE,
        password=APP_PASSWORD,
        autocommit=True,
    )


@pytest.mark.django_db(transaction=True)
def test_the_application_role_reads_and_appends_to_the_log_and_nothing_more():
    call_command("grant_app_role", APP_ROLE)
    call_command("grant_app_role", APP_ROLE)  # again, after the next migrate: same result
    entry = AuditEntry.objects.create(
        action="test.thing.done", content_type=kind(), object_id="1", object_repr="x"
    )
    with app_connection() as app:
        assert app.execute("SELECT current_user").fetchone() == (APP_ROLE,)
        assert app.execute("SELECT action FROM audit_auditentry WHERE id = %s", [entry.pk]).fetchone() == (
            "test.thing.done",
        )
        app.execute(
            "INSERT INTO audit_auditentry (at, action, content_type_id, object_id, object_repr, changes, note)"
            " VALUES (now(), 'test.thing.appended', %s, '2', 'y', '{}', '')",
            [kind().pk],
        )
        refused = [
            f"UPDATE audit_auditentry SET action = 'rewritten' WHERE id = {entry.pk}",
            f"DELETE FROM audit_auditentry WHERE id = {entry.pk}",
            "TRUNCATE audit_auditentry",
            "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only",
            "DROP TRIGGER audit_entry_no_truncate ON audit_auditentry",
            "DROP TABLE audit_auditentry",
            "TRUNCATE django_session",
            "INSERT INTO django_migrations (app, name, applied) VALUES ('audit', '9999_x', now())",
        ]
        for statement in refused:
            # Refused by the privileges themselves (42501), not by a trigger the owner could drop.
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(statement)
        # The maintenance mode gives the application nothing: it has no TRUNCATE to begin with.
        app.execute("SET khuyencong.audit_maintenance = 'on'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            app.execute("TRUNCATE audit_auditentry")
        # Every other table is read and written as the application needs.
        assert app.execute("SELECT count(*) FROM geo_adminunit").fetchone()[0] > 10_000
        app.execute("INSERT INTO django_session VALUES ('k', 'data', now() + interval '1 day')")
        app.execute("UPDATE django_session SET session_data = 'other' WHERE session_key = 'k'")
        app.execute("DELETE FROM django_session WHERE session_key = 'k'")
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.thing.done"
    assert AuditEntry.objects.filter(action="test.thing.appended").exists()


APP_SCRIPT = """
from django.db import DatabaseError, connection
from khuyencong.audit.log import save_audited
from khuyencong.audit.models import AuditEntry
from khuyencong.geo.models import AdminUnit
from khuyencong.registry.models import Establishment

with connection.cursor() as cursor:
    cursor.execute("SELECT current_user")
    print("user", cursor.fetchone()[0])
commune = AdminUnit.objects.current().communes().filter(province__code=33).order_by("code").first()
est = Establishment(name="Cơ sở của vai ứng dụng", legal_form="household", commune=commune)
save_audited(est, None, note="app role")
entry = AuditEntry.objects.get(action="registry.establishment.created", object_id=str(est.pk))
print("entry", entry.pk, est.pk)
try:
    AuditEntry.objects.filter(pk=entry.pk).update(note="rewritten")
except DatabaseError as error:
    print("update refused:", str(error).splitlines()[0])
"""


@pytest.mark.django_db(transaction=True)
def test_the_application_works_connected_as_its_role():
    call_command("grant_app_role", APP_ROLE)
    settings = connection.settings_dict
    url = (
        f"postgres://{APP_ROLE}:{APP_PASSWORD}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        f"/{settings['NAME']}"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", APP_SCRIPT],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "DB_CONN_MAX_AGE": "0"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"user {APP_ROLE}"
    _, entry_pk, est_pk = lines[1].split()
    assert lines[2] == "update refused: permission denied for table audit_auditentry"
    entry = AuditEntry.objects.get(pk=entry_pk)
    assert entry.action == "registry.establishment.created" and entry.object_id == est_pk
    assert entry.note == "app role" and Establishment.objects.get(pk=est_pk).name == "Cơ sở của vai ứng dụng"


@pytest.mark.django_db
def test_grant_app_role_refuses_the_owner_and_unknown_roles():
    with pytest.raises(CommandError, match="owns the tables"):
        call_command("grant_app_role", connection.settings_dict["USER"])
    with pytest.raises(CommandError, match="no role"):
        call_command("grant_app_role", "nobody_here")
    with pytest.raises(CommandError, match="plain role name"):
        call_command("grant_app_role", 'x"; DROP TABLE audit_auditentry; --')


def test_a_password_hash_never_reaches_the_log():
    """The invitation view saves new users with save_audited too: the hash stays out of the log."""
    from khuyencong.audit.log import diff, snapshot

    user = User(username="x")
    user.set_password(PASSWORD)
    assert diff({}, snapshot(user))["password"] == [None, HIDDEN]

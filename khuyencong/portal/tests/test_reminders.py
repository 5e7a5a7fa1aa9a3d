"""Reminders before deadlines: sent once, at the right time, by a real worker process; a failed send
is retried without a duplicate (issue 12, "Must show")."""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from conftest import make_user
from khuyencong.accounts.models import Message
from khuyencong.accounts.permissions import Role, ScopeLevel
from khuyencong.plans.models import DeadlineRule
from khuyencong.portal import reminders
from khuyencong.projects.models import ProgressReport
from khuyencong.projects.tests.conftest import M, draft_project, running_project
from khuyencong.tests.workers import WORKER, worker_env

ROOT = Path(django_settings.BASE_DIR)
LOG = "REMINDER_TEST_LOG"


class Recorder:
    """A gateway that works: writes each message it is given to the file the test reads (outside our code)."""

    def send(self, message):
        with open(os.environ[LOG], "a", encoding="utf-8") as log:
            log.write(f"{message.channel} {message.address} {message.key}\n")


class GatewayDown:
    """A gateway that refuses every message."""

    def send(self, message):
        raise ConnectionError("gateway unreachable")


def run_worker(tmp_path: Path, **senders) -> str:
    """One `manage.py db_worker --batch` process on the test database: it runs what is queued and stops."""
    env = worker_env(
        EMAIL_SENDER=f"{__name__}.{senders.get('email', 'Recorder')}",
        SMS_SENDER=f"{__name__}.{senders.get('sms', 'Recorder')}",
        **{LOG: str(tmp_path / "sent.log")},
    )
    done = subprocess.run(WORKER, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def delivered(tmp_path: Path) -> list[str]:
    log = tmp_path / "sent.log"
    return log.read_text().splitlines() if log.exists() else []


@pytest.fixture
def owner(personas):
    user = personas["establishment_rep"]
    user.email, user.phone = "owner@example.vn", "0912345678"
    user.save()
    return user


@pytest.fixture
def in_progress(programme, personas, registry):
    """A national project in progress for the 'home' establishment: it owes a report every month."""
    return running_project(programme, personas, 100 * M, source="KCQG", applicant=registry["home"])


def report_due(project, on: datetime.date) -> datetime.date:
    """This month's report day, read from the rule in force (Circular 36/2013 Art. 23: the 25th)."""
    rule = DeadlineRule.find("monthly_report", project.source.kind, on, project.current_province_id)
    return rule.due_in_month(on.year, on.month)


def test_the_window_is_the_latest_number_of_days_the_day_falls_in():
    due = datetime.date(2026, 5, 20)
    days = [
        reminders.window(due, due - datetime.timedelta(days=n), (14, 3)) for n in (20, 15, 14, 5, 3, 0, -1)
    ]
    assert days == [None, None, 14, 14, 3, 3, None]


@pytest.mark.django_db(transaction=True)
def test_a_report_reminder_is_sent_once_at_the_right_time_by_a_real_worker(
    settings, owner, registry, in_progress, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    stranger = make_user(
        "stranger", Role.ESTABLISHMENT_REP, ScopeLevel.ESTABLISHMENT, establishment=registry["other"]
    )
    stranger.email = "stranger@example.vn"
    stranger.save()
    first = min(settings.REMINDER_DAYS_BEFORE["report"])
    widest = max(settings.REMINDER_DAYS_BEFORE["report"])
    due = report_due(in_progress, timezone.localdate().replace(day=1))
    ours = f"reminder:report:{in_progress.pk}:{due.isoformat()}:"

    # Before the window: nothing.
    reminders.daily_reminders.enqueue(on=(due - datetime.timedelta(days=widest + 1)).isoformat())
    run_worker(tmp_path)
    assert not Message.objects.filter(key__startswith=ours).exists()

    # In the window: one message on each of the owner's channels, delivered once.
    reminders.daily_reminders.enqueue(on=(due - datetime.timedelta(days=widest)).isoformat())
    output = run_worker(tmp_path)
    keys = sorted(Message.objects.filter(key__startswith=ours).values_list("key", flat=True))
    assert keys == [f"{ours}{widest}:{owner.pk}:{channel}" for channel in ("email", "in_app", "sms")], output
    assert sorted(line.split()[0] for line in delivered(tmp_path)) == ["email", "sms"]
    assert not Message.objects.filter(recipient=stranger).exists()  # another establishment's representative
    inbox = Message.objects.get(key=f"{ours}{widest}:{owner.pk}:in_app")
    assert inbox.link == f"/portal/projects/{in_progress.pk}/" and in_progress.title in inbox.body

    # Run again, the same day or later in the same window: still one.
    for days in (widest, widest - 1):
        reminders.daily_reminders.enqueue(on=(due - datetime.timedelta(days=days)).isoformat())
        run_worker(tmp_path)
    assert Message.objects.filter(key__startswith=ours).count() == 3
    assert len(delivered(tmp_path)) == 2

    # The last window brings its own reminder, once; a report sent stops the reminders.
    reminders.daily_reminders.enqueue(on=(due - datetime.timedelta(days=first)).isoformat())
    run_worker(tmp_path)
    assert Message.objects.filter(key__startswith=f"{ours}{first}:").count() == 3
    ProgressReport.objects.create(
        project=in_progress, month=due.replace(day=1), percent_done=50, text="Đang làm"
    )
    Message.objects.filter(key__startswith=f"{ours}{first}:").delete()
    reminders.daily_reminders.enqueue(on=due.isoformat())
    run_worker(tmp_path)
    assert not Message.objects.filter(key__startswith=f"{ours}{first}:").exists()


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_is_retried_by_the_worker_without_a_duplicate(settings, owner, in_progress, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    widest = max(settings.REMINDER_DAYS_BEFORE["report"])
    due = report_due(in_progress, timezone.localdate().replace(day=1))
    on = (due - datetime.timedelta(days=widest)).isoformat()
    sms = f"reminder:report:{in_progress.pk}:{due.isoformat()}:{widest}:{owner.pk}:sms"

    reminders.daily_reminders.enqueue(on=on)
    run_worker(tmp_path, sms="GatewayDown")
    message = Message.objects.get(key=sms)
    assert (message.status, message.attempts, message.last_error) == (
        Message.Status.PENDING,
        1,
        "gateway unreachable",
    )
    assert [line.split()[0] for line in delivered(tmp_path)] == ["email"]

    # The next day's run: the gateway is back, the message goes out once; the run after sends nothing.
    for _ in range(2):
        reminders.daily_reminders.enqueue(on=on)
        run_worker(tmp_path)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (Message.Status.SENT, 2, "")
    assert sorted(line.split()[0] for line in delivered(tmp_path)) == ["email", "sms"]
    assert Message.objects.filter(key__startswith="reminder:").count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_daily_run_schedules_itself_once_for_the_next_morning(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    call_command("schedule_reminders")
    call_command("schedule_reminders")  # idempotent: serve.sh runs it at every start
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_worker(tmp_path)
    waiting = DBTaskResult.objects.get(status="READY", task_path=reminders.daily_reminders.module_path)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert waiting.run_after.astimezone(datetime.UTC) == reminders.next_run(timezone.localdate()).astimezone(
        datetime.UTC
    )
    assert reminders.next_run(timezone.localdate()).date() == tomorrow
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1


def test_missing_papers_are_reminded_before_the_registration_deadline_of_the_rules(
    owner,
    programme,
    personas,
    registry,
):

    national = draft_project(programme, personas, 40 * M, source="KCQG", applicant=registry["home"])
    local = draft_project(programme, personas, 30 * M, source="KCĐP", applicant=registry["home"])
    for project in (national, local):
        project.dossier_items.filter(stage="application").first().review("rejected", personas["centre_staff"])
    due = reminders.registration_due(national, programme["today"])
    rule = DeadlineRule.find("registration", "national", due, national.current_province_id)
    assert (due.day, due.month, due.year) == (rule.day, rule.month, national.year - 1)
    assert reminders.registration_due(local, programme["today"]) is None  # no rule for local projects
    widest = max(settings_days("documents"))
    call_command("send_reminders", on=(due - datetime.timedelta(days=widest + 1)).isoformat())
    assert not Message.objects.filter(key__startswith="reminder:").exists()
    for _ in range(2):
        call_command("send_reminders", on=(due - datetime.timedelta(days=widest)).isoformat())
    sent = Message.objects.filter(key__startswith="reminder:documents:", channel="in_app")
    assert [m.key for m in sent] == [
        f"reminder:documents:{national.pk}:{due.isoformat()}:{widest}:{owner.pk}:in_app"
    ]


def test_the_end_of_the_work_brings_an_acceptance_reminder(owner, programme, personas, registry):
    today = programme["today"]
    end = today + datetime.timedelta(days=40)
    project = running_project(
        programme, personas, 20 * M, applicant=registry["home"], start_on=today, end_on=end
    )
    found = [d for d in reminders.due_on(end - datetime.timedelta(days=3)) if d.project == project]
    assert [(d.kind, d.due, d.days_before) for d in found] == [("acceptance", end, 3)]
    assert not [d for d in reminders.due_on(end - datetime.timedelta(days=20)) if d.project == project]


def test_papers_asked_for_are_reminded_before_the_day_the_centre_gave(owner, programme, personas, registry):
    staff, today = personas["centre_staff"], timezone.localdate()
    project = draft_project(programme, personas, 40 * M, source="KCĐP", applicant=registry["home"])
    project.submit(staff)
    project.start_appraisal(staff)
    due = today + datetime.timedelta(days=max(settings_days("documents")) + 5)
    project.request_documents(staff, "Bản chụp mờ", other="Bản vẽ mặt bằng", due_on=due)
    assert reminders.documents_due(project, today) == due
    days = min(settings_days("documents"))
    found = [d for d in reminders.due_on(due - datetime.timedelta(days=days)) if d.project == project]
    assert [(d.kind, d.due, d.days_before, d.missing) for d in found] == [
        ("documents", due, days, ("Bản vẽ mặt bằng",))
    ]


def settings_days(kind):
    return django_settings.REMINDER_DAYS_BEFORE[kind]

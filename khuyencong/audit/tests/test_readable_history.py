"""History and timeline in plain Vietnamese: labels for every action and field, dd/mm/yyyy, no codes."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from khuyencong.accounts.models import User
from khuyencong.audit import display
from khuyencong.audit.log import SKIPPED_FIELDS, history
from khuyencong.audit.models import AuditEntry
from khuyencong.documents.models import Document
from khuyencong.projects.models import Project, ProjectEvent
from khuyencong.projects.presenting import EVENT_LABELS
from khuyencong.registry.models import CraftVillage, Establishment, Need

# What a code looks like on a page: `appraisal_centre`, `registry.need.created`, `2015-03-01`.
RAW = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z]+\.[a-z_]+\b|\b\d{4}-\d{2}-\d{2}\b|\bTrue\b|\bFalse\b")


def visible_text(html: str) -> str:
    body = html.split("<main", 1)[1].split("</main>", 1)[0]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def our_models():
    return [m for m in apps.get_models() if m.__module__.startswith("khuyencong.")]


def test_every_field_of_every_model_has_a_label_of_its_own():
    """A verbose name given by the model, or one in display.EXTRA_FIELDS: never the field's code.
    (That each label has its Vietnamese translation is test_i18n's part.)"""
    for model in our_models():
        for field in model._meta.concrete_fields:
            if field.name in SKIPPED_FIELDS:
                continue
            own = isinstance(field.verbose_name, Promise)
            assert own or field.name in display.EXTRA_FIELDS, (model, field.name)


def test_values_read_as_a_person_writes_them():
    assert display.value_shown("projects.project.updated", "start_on", "2015-03-01") == "01/03/2015"
    assert (
        display.value_shown("audit.auditentry.updated", "at", "2015-03-01 09:05:00+07:00")
        == "01/03/2015 09:05"
    )
    assert display.value_shown("projects.project.updated", "approved_support", "150000000") == "150.000.000"
    with translation.override("en"):
        assert display.value_shown("registry.establishment.updated", "anything", "True") == "yes"


@pytest.mark.django_db
def test_no_code_is_visible_on_the_demo_records_history_and_timelines(demo):
    with translation.override("vi"):
        for entry in AuditEntry.objects.all():
            verb = entry.action.rsplit(".", 1)[-1]
            assert verb in display.VERBS, entry.action
    for action in ProjectEvent.objects.values_list("action", flat=True).distinct():
        assert action in EVENT_LABELS or action in display.VERBS, action
    client = Client()
    client.force_login(User.objects.get(username="canbo"))
    pages = [reverse("projects:timeline", args=[pk]) for pk in Project.objects.values_list("pk", flat=True)]
    pages += [
        reverse("registry:establishment_history", args=[pk])
        for pk in Establishment.objects.values_list("pk", flat=True)[:20]
    ]
    pages += [
        reverse("registry:need_detail", args=[pk]) for pk in Need.objects.values_list("pk", flat=True)[:10]
    ]
    pages += [
        reverse("registry:village_detail", args=[pk])
        for pk in CraftVillage.objects.values_list("pk", flat=True)[:5]
    ]
    pages += [
        reverse("documents:detail", args=[pk]) for pk in Document.objects.values_list("pk", flat=True)[:10]
    ]
    assert len(pages) > 10
    for url in pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code == 200, url
        # The demo's entries say they are sample data, naming the command that made them.
        text = visible_text(response.content.decode()).replace("manage.py load_demo", "")
        assert not RAW.findall(text), (url, RAW.findall(text))


@pytest.mark.django_db
def test_demo_timelines_begin_with_the_creation_and_end_with_the_last_thing_that_happened(demo):
    """Creating a file is one entry, dated as the demo's story says, not a change of its beneficiaries
    logged on the day the demo was loaded (which read "Đề án — đã sửa: Cơ sở thụ hưởng" after "Đã đóng")."""
    from khuyencong.projects.presenting import timeline

    canbo = User.objects.get(username="canbo")
    projects = list(Project.objects.all())
    assert projects
    for project in projects:
        items = timeline(project, canbo)
        assert items[0].text == str(EVENT_LABELS["created"]), (project, items[0].text)
        assert not [item for item in items if item.kind == "edit"], project
        closed = project.events.filter(to_status="closed").first()
        if closed:
            assert max(item.day for item in items) <= closed.happened_on, project
        created = history([project]).filter(action__endswith=".created").get()
        assert not history([project]).filter(action__endswith=".updated").exists(), project
        if project.beneficiaries.exists():
            assert "beneficiaries" in created.changes, project

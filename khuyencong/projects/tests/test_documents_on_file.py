"""A document put on a project's file is a timeline event and an audit entry written together, by the
model (issue 9, point 8): the demo goes through the same method, so its records are audited too."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from khuyencong.audit.models import AuditEntry
from khuyencong.projects.models import TransitionError
from khuyencong.projects.presenting import EVENT_LABELS, timeline

from .conftest import M, running_project

DAY = datetime.timedelta(days=1)


@pytest.mark.django_db
def test_a_document_on_the_file_is_dated_by_its_issue_and_audited(personas, programme):
    staff = personas["centre_staff"]
    project = running_project(programme, personas, 30 * M)
    status, version = project.status, project.version
    decision = programme["decision"]

    event = project.note_document(staff, decision)

    assert (event.action, event.decision, event.happened_on) == ("document", decision, decision.issued_on)
    assert event.reason == decision.summary and event.actor == staff
    entry = AuditEntry.objects.get(action="projects.project.document_noted", object_id=str(project.pk))
    assert entry.actor == staff and entry.changes == {"decision": [None, str(decision)]}
    project.refresh_from_db()
    assert (project.status, project.version) == (status, version)  # not a step: nothing else changes
    shown = [item for item in timeline(project, staff) if item.text == str(EVENT_LABELS["document"])]
    assert [(item.day, item.decision) for item in shown] == [(decision.issued_on, decision)]


@pytest.mark.django_db
def test_a_document_is_put_on_the_file_only_by_who_runs_it_and_never_dated_in_the_future(personas, programme):
    project = running_project(programme, personas, 30 * M)
    decision = programme["decision"]
    for who in ("establishment_rep", "commune_officer", "other_province_staff", "ministry", "outsider"):
        with pytest.raises(PermissionDenied):
            project.note_document(personas[who], decision)
    with pytest.raises(TransitionError):
        project.note_document(personas["centre_staff"], decision, on=programme["today"] + DAY)
    assert not project.events.filter(action="document").exists()
    assert not AuditEntry.objects.filter(action="projects.project.document_noted").exists()

"""Two people working on one project at once: neither update is lost."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from khuyencong.projects.models import Payment, Project, TransitionError

from .conftest import M, draft_project, running_project


def edit_data(project: Project, **changes) -> dict:
    data = {
        "title": project.title,
        "activity_type": project.activity_type_id,
        "support_item": project.support_item,
        "source": project.source_id,
        "year": project.year,
        "province": project.province_id,
        "commune": project.commune_id or "",
        "implementing_unit": project.implementing_unit,
        "applicant": project.applicant_id or "",
        "description": project.description,
        "support_amount": str(project.support_amount),
        "counterpart_amount": str(project.counterpart_amount),
        "total_amount": str(project.total_amount),
        "version": project.version,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_second_of_two_edits_made_on_the_same_copy_is_refused_and_shown_the_first(personas, programme):
    project = draft_project(programme, personas, 50 * M, 10 * M)
    first, second = Client(), Client()
    first.force_login(personas["centre_staff"])
    second.force_login(personas["centre_staff"])
    url = reverse("projects:edit", args=[project.pk])
    loaded = edit_data(project)  # both opened the form at this version

    response = first.post(url, {**loaded, "title": "Tên do người thứ nhất sửa"})
    assert response.status_code == 302
    response = second.post(url, {**loaded, "support_amount": "40000000", "total_amount": "50000000"})

    assert response.status_code == 409
    page = response.content.decode()
    assert "Tên do người thứ nhất sửa" in page  # the other person's change is shown
    project.refresh_from_db()
    assert project.title == "Tên do người thứ nhất sửa"
    assert project.support_amount == 50 * M  # the stale save wrote nothing

    # Having seen it, the second person saves again on the current version: both changes stand.
    current = edit_data(project, support_amount="40000000", total_amount="50000000")
    assert second.post(url, current).status_code == 302
    project.refresh_from_db()
    assert (project.title, project.support_amount) == ("Tên do người thứ nhất sửa", 40 * M)


@pytest.mark.django_db(transaction=True)
def test_two_accountants_paying_at_once_cannot_pass_the_approved_support(personas, programme):
    project = running_project(programme, personas, 100 * M)
    project.record_payment(personas["centre_staff"], "advance", 70 * M, programme["today"], "TU-1")
    start = threading.Barrier(2)
    outcomes = []

    def pay(voucher):
        try:
            start.wait()
            Project.objects.get(pk=project.pk).record_payment(
                personas["centre_staff"], "payment", 20 * M, programme["today"], voucher
            )
            outcomes.append("paid")
        except TransitionError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(f"TT-{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["paid", "refused"]
    assert Payment.objects.filter(project=project).count() == 2
    assert project.disbursed() == 90 * M

"""A project names several beneficiary establishments, chosen in the picker within the user's scope."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from khuyencong.audit.models import AuditEntry
from khuyencong.projects.models import Project, ProjectVersion

from .conftest import M, running_project
from .test_lifecycle_http import project_data

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def names(project) -> set[str]:
    return {link.establishment.name for link in project.beneficiary_links.select_related("establishment")}


def draft_data(programme, registry, others, **extra):
    data = project_data(
        programme,
        registry,
        title="Đào tạo nghề mây tre cho nhóm hộ",
        activity="1",
        item="",
        source="KCĐP",
        support=40 * M,
        counterpart=0,
        applicant=registry["home"],
    )
    data["other_beneficiaries"] = [e.pk for e in others]
    return {**data, **extra}


def test_staff_name_several_beneficiaries_on_a_draft_and_change_them_with_an_audited_edit(
    personas, programme, registry
):
    staff = client_for(personas["centre_staff"])
    response = staff.post(reverse("projects:create"), draft_data(programme, registry, [registry["other"]]))
    assert response.status_code == 302, response.content.decode()[-3000:]
    project = Project.objects.get(title="Đào tạo nghề mây tre cho nhóm hộ")
    assert names(project) == {"Cơ sở home", "Cơ sở other"}
    created = AuditEntry.objects.filter(object_id=str(project.pk), action="projects.project.created").get()
    assert created.changes["beneficiaries"] == ["", "Cơ sở home; Cơ sở other"]

    edit_page = staff.get(reverse("projects:edit", args=[project.pk])).content.decode()
    # The other beneficiary is shown as a chip that submits it again; the applicant is not repeated.
    assert f'name="other_beneficiaries" value="{registry["other"].pk}"' in edit_page
    assert f'name="other_beneficiaries" value="{registry["home"].pk}"' not in edit_page

    data = draft_data(programme, registry, [], version=project.version)
    assert staff.post(reverse("projects:edit", args=[project.pk]), data).status_code == 302
    assert names(project) == {"Cơ sở home"}
    entry = AuditEntry.objects.filter(object_id=str(project.pk), action="projects.project.updated").latest(
        "pk"
    )
    assert entry.changes["beneficiaries"] == ["Cơ sở home; Cơ sở other", "Cơ sở home"]


def test_an_establishment_outside_the_users_scope_cannot_be_named_and_nothing_is_saved(
    personas, programme, registry
):
    staff = client_for(personas["centre_staff"])
    response = staff.post(reverse("projects:create"), draft_data(programme, registry, [registry["far"]]))
    assert response.status_code == 400
    assert "Hãy chọn các cơ sở trong danh sách" in response.content.decode()
    assert not Project.objects.exists()

    # A commune's officer names only establishments of their commune.
    officer = client_for(personas["commune_officer"])
    response = officer.post(reverse("projects:create"), draft_data(programme, registry, [registry["other"]]))
    assert response.status_code in (400, 403)
    assert not Project.objects.exists()


def test_a_hostile_list_of_ids_is_refused_with_the_limit(personas, programme, registry):
    staff = client_for(personas["centre_staff"])
    ids = [str(n) for n in range(1, 600)]
    response = staff.post(
        reverse("projects:create"), {**draft_data(programme, registry, []), "other_beneficiaries": ids}
    )
    assert response.status_code == 400
    assert "Chỉ có thể nêu tối đa 500 cơ sở" in response.content.decode()
    response = staff.post(
        reverse("projects:create"),
        {**draft_data(programme, registry, []), "other_beneficiaries": ["1 OR 1=1"]},
    )
    assert response.status_code == 400
    assert not Project.objects.exists()


def test_a_leader_changes_beneficiaries_by_decision_through_the_picker(personas, programme, registry):
    project = running_project(programme, personas, 30 * M, applicant=registry["home"])
    project.replace_beneficiaries([registry["home"]])
    leader = client_for(personas["leader"])
    page = leader.get(reverse("projects:adjust", args=[project.pk])).content.decode()
    assert "scope=read" in page and f'name="beneficiaries" value="{registry["home"].pk}"' in page
    # The leader's picker searches what the leader may see (they apply for nobody).
    found = leader.get(reverse("registry:establishment_pick"), {"q": "co so other", "scope": "read"}).json()
    assert [row["id"] for row in found["results"]] == [registry["other"].pk]
    response = leader.post(
        reverse("projects:adjust", args=[project.pk]),
        {
            "kind": "beneficiary",
            "decision": programme["decision"].pk,
            "reason": "Bổ sung hộ tham gia",
            "on": programme["today"].isoformat(),
            "beneficiaries": [registry["home"].pk, registry["other"].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert names(project) == {"Cơ sở home", "Cơ sở other"}
    version = ProjectVersion.objects.get(project=project, kind="beneficiary")
    assert version.changes["beneficiaries"] == ["Cơ sở home", "Cơ sở home; Cơ sở other"]

"""Deleting a record others depend on says what depends on it, before anyone confirms; nothing is lost."""

import pytest
from django.test import Client
from django.urls import reverse

from khuyencong.projects.tests.conftest import M, running_project
from khuyencong.registry.models import Establishment


@pytest.mark.django_db
def test_an_establishment_a_project_names_cannot_be_deleted_and_the_page_names_the_project(
    personas, registry, programme
):
    est = registry["home"]
    project = running_project(
        programme, personas, 40 * M, applicant=est, title="Đề án máy sấy của cơ sở home"
    )
    client = Client()
    client.force_login(personas["centre_staff"])
    url = reverse("registry:establishment_delete", args=[est.pk])
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and project.title in body and "Không thể xóa" in body
    assert 'type="submit"' not in body.split("<main")[-1].split("Không thể xóa")[1]  # no button to press
    refused = client.post(url)
    assert refused.status_code == 409 and project.title in refused.content.decode()
    assert Establishment.objects.filter(pk=est.pk).exists()
    # One nothing depends on goes, after the confirmation.
    other = registry["other"]
    other_url = reverse("registry:establishment_delete", args=[other.pk])
    assert 'type="submit"' in client.get(other_url).content.decode()
    assert client.post(other_url).status_code == 302
    assert not Establishment.objects.filter(pk=other.pk).exists()

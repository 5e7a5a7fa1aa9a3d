"""Every registry URL and export, for every persona: out of scope means 403/404, never the data."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from khuyencong.registry.models import Need, Product

# Which of the fixture records each persona may read.
VISIBLE = {
    "admin": {"home", "other", "far"},
    "ministry": {"home", "other", "far"},
    "centre_staff": {"home", "other"},
    "leader": {"home", "other"},
    "finance": {"home", "other"},
    "commune_officer": {"home"},
    "other_officer": {"other"},
    "establishment_rep": {"home"},
    "other_province_staff": {"far"},
    "outsider": set(),
    "anonymous": set(),
}
RECORDS = ("home", "other", "far")


def record_urls(registry, key):
    est = registry[key]
    product = Product.objects.get_or_create(establishment=est, name=f"Sản phẩm {key}", group="other")[0]
    need = Need.objects.filter(establishment=est).first()
    get = [
        reverse("registry:establishment_detail", args=[est.pk]),
        reverse("registry:establishment_edit", args=[est.pk]),
        reverse("registry:establishment_delete", args=[est.pk]),
        reverse("registry:establishment_history", args=[est.pk]),
        reverse("registry:need_create", args=[est.pk]),
        reverse("registry:product_create", args=[est.pk]),
        reverse("registry:product_edit", args=[product.pk]),
        reverse("registry:product_delete", args=[product.pk]),
        reverse("registry:need_detail", args=[need.pk]),
    ]
    post = [
        reverse("registry:establishment_edit", args=[est.pk]),
        reverse("registry:establishment_delete", args=[est.pk]),
        reverse("registry:need_transition", args=[need.pk, "review"]),
        reverse("registry:need_transition", args=[need.pk, "decline"]),
        reverse("registry:certification_add", args=[product.pk]),
        reverse("registry:product_delete", args=[product.pk]),
        reverse("registry:need_create", args=[est.pk]),
    ]
    return est, get, post


def client_for(personas, name):
    client = Client()
    if name != "anonymous":
        client.force_login(personas[name])
    return client


def refused(response, secret: str) -> bool:
    body = response.content.decode(errors="ignore")
    return response.status_code in (302, 403, 404) and secret not in body


@pytest.mark.django_db
@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_out_of_scope_records_are_refused_on_every_url(personas, registry, persona):
    client = client_for(personas, persona)
    for key in RECORDS:
        if key in VISIBLE[persona]:
            continue
        est, get_urls, post_urls = record_urls(registry, key)
        for url in get_urls:
            response = client.get(url)
            assert refused(response, est.name), f"{persona} GET {url} → {response.status_code}"
        for url in post_urls:
            response = client.post(url, {"name": "Hacked", "reason": "x", "legal_form": "household"})
            assert refused(response, est.name), f"{persona} POST {url} → {response.status_code}"
        est.refresh_from_db()
        assert est.name == f"Cơ sở {key}"
        assert est.needs.get().status == Need.Status.NEW


@pytest.mark.django_db
@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_lists_and_exports_hold_only_records_in_scope(personas, registry, persona):
    client = client_for(personas, persona)
    list_urls = [reverse("registry:establishment_list"), reverse("registry:need_list")]
    for url in list_urls:
        response = client.get(url)
        body = response.content.decode()
        for key in RECORDS:
            if key not in VISIBLE[persona]:
                assert registry[key].name not in body, f"{persona} sees {key} on {url}"
    response = client.get(reverse("registry:establishment_export"))
    if persona in ("outsider", "anonymous"):
        assert response.status_code in (302, 403)
        return
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {registry[key].name for key in VISIBLE[persona]}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["leader", "finance", "ministry"])
def test_readers_cannot_change_what_they_can_see(personas, registry, persona):
    client = client_for(personas, persona)
    est, _get_urls, post_urls = record_urls(registry, "home")
    assert client.get(reverse("registry:establishment_detail", args=[est.pk])).status_code == 200
    assert client.get(reverse("registry:establishment_edit", args=[est.pk])).status_code == 403
    for url in post_urls:
        if "/needs/" in url and "/new/" not in url and persona == "leader":
            continue  # leaders review needs: that is their job
        response = client.post(url, {"name": "Hacked", "reason": "x"})
        assert response.status_code == 403, url
    est.refresh_from_db()
    assert est.name == "Cơ sở home"


@pytest.mark.django_db
def test_village_urls_follow_the_scope(personas, registry):
    village = registry["village"]
    detail = reverse("registry:village_detail", args=[village.pk])
    edit = reverse("registry:village_edit", args=[village.pk])
    for persona in ("other_officer", "other_province_staff", "outsider", "establishment_rep"):
        client = client_for(personas, persona)
        assert refused(client.get(detail), village.name)
        assert refused(client.get(edit), village.name)
    assert client_for(personas, "commune_officer").get(detail).status_code == 200
    assert client_for(personas, "commune_officer").get(edit).status_code == 403
    assert client_for(personas, "centre_staff").get(edit).status_code == 200


@pytest.mark.django_db
def test_personal_identification_number_is_masked_for_readers(personas, registry):
    far = registry["far"]  # its tax code is a 12-digit personal ID
    url = reverse("registry:establishment_detail", args=[far.pk])
    assert far.tax_code in client_for(personas, "admin").get(url).content.decode()
    body = client_for(personas, "ministry").get(url).content.decode()
    assert far.tax_code not in body
    assert far.tax_code[-4:] in body


@pytest.mark.django_db
def test_import_pages_are_for_centre_staff_only(personas):
    url = reverse("registry:import_upload")
    for persona in ("commune_officer", "establishment_rep", "leader", "ministry", "outsider"):
        assert client_for(personas, persona).get(url).status_code == 403
    assert client_for(personas, "anonymous").get(url).status_code == 302
    assert client_for(personas, "centre_staff").get(url).status_code == 200

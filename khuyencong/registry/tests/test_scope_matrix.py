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
    exports = {
        "registry:establishment_export": lambda row: row[1],
        "registry:need_export": lambda row: row[1],
    }
    for name, name_of in exports.items():
        response = client.get(reverse(name))
        if persona in ("outsider", "anonymous"):
            assert response.status_code in (302, 403)
            continue
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        names = {name_of(row) for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert names == {registry[key].name for key in VISIBLE[persona]}, name
    village_list = client.get(reverse("registry:village_list")).content.decode()
    village_seen = registry["village"].name in village_list
    assert village_seen is (
        persona not in ("establishment_rep", "outsider", "anonymous") and "home" in VISIBLE[persona]
    )
    village_export = client.get(reverse("registry:village_export"))
    if village_export.status_code == 200:
        village_in_scope = bool(VISIBLE[persona] & {"home"}) and persona != "establishment_rep"
        assert (registry["village"].name.encode() in _xlsx_text(village_export.content)) is village_in_scope


def _xlsx_text(content: bytes) -> bytes:
    sheet = load_workbook(io.BytesIO(content)).active
    return " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c).encode()


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
def test_an_import_is_private_to_whoever_uploaded_it(personas, registry, django_capture_on_commit_callbacks):
    from khuyencong.registry.tests.workbooks import workbook_bytes

    owner = client_for(personas, "centre_staff")
    upload = io.BytesIO(
        workbook_bytes([["Tên cơ sở", "Xã/Phường/Thị trấn"], ["Cơ sở bí mật", "Xã Không Có"]])
    )
    upload.name = "rieng.xlsx"
    with django_capture_on_commit_callbacks(execute=True):  # the import task is enqueued on commit
        job = owner.post(reverse("registry:import_upload"), {"file": upload}, follow=True).context["job"]
    job.refresh_from_db()
    urls = [
        reverse("registry:import_job", args=[job.pk]),
        reverse("registry:import_invalid_rows", args=[job.pk]),
    ]
    assert owner.get(urls[1]).status_code == 200
    for persona in ("other_province_staff", "leader", "commune_officer", "outsider", "anonymous"):
        client = client_for(personas, persona)
        for url in urls:
            assert client.get(url).status_code in (302, 403, 404), (persona, url)
        response = client.post(reverse("registry:import_confirm", args=[job.pk]))
        assert response.status_code in (302, 403, 404)
    job.refresh_from_db()
    assert job.status == "ready"


@pytest.mark.django_db
def test_import_pages_are_for_centre_staff_only(personas):
    url = reverse("registry:import_upload")
    for persona in ("commune_officer", "establishment_rep", "leader", "ministry", "outsider"):
        assert client_for(personas, persona).get(url).status_code == 403
    assert client_for(personas, "anonymous").get(url).status_code == 302
    assert client_for(personas, "centre_staff").get(url).status_code == 200

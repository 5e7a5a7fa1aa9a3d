"""Registering, editing and searching establishments; needs and their status flow."""

import pytest
from django.urls import reverse

from conftest import commune_named, legacy_commune
from khuyencong.registry.models import ActivityType, Establishment, Need


def form_data(commune, **extra):
    return {"name": "Cơ sở Mây tre Đông", "legal_form": "household", "commune": commune.pk, **extra}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tax_code", "valid"),
    [
        ("0900123456", True),
        ("0900123456-001", True),
        ("034090001234", True),
        ("09.00.123.456", True),
        ("09001234", False),
        ("0900123456-1", False),
        ("abc0123456", False),
        ("0900123456789", False),
        ("٠٩٠٠١٢٣٤٥٦", False),  # Arabic-Indic digits: the same code under another key
    ],
)
def test_tax_code_forms(personas, client, tax_code, valid):
    client.force_login(personas["centre_staff"])
    response = client.post(
        reverse("registry:establishment_create"), form_data(commune_named("Xã Tân Hưng"), tax_code=tax_code)
    )
    assert (response.status_code == 302) is valid
    if not valid:
        body = response.content.decode()
        assert 'id="id_tax_code_error"' in body and 'aria-invalid="true"' in body


@pytest.mark.django_db
def test_same_tax_code_is_refused_and_links_the_existing_record(personas, registry, client):
    client.force_login(personas["centre_staff"])
    response = client.post(
        reverse("registry:establishment_create"),
        form_data(commune_named("Xã Tân Hưng"), tax_code="0900000001"),
    )
    assert response.status_code == 400
    assert reverse("registry:establishment_detail", args=[registry["home"].pk]) in response.content.decode()
    assert Establishment.objects.filter(tax_code="0900000001").count() == 1


@pytest.mark.django_db
def test_same_name_in_same_commune_warns_and_can_be_overridden(personas, registry, client):
    client.force_login(personas["centre_staff"])
    data = form_data(registry["home"].commune, name="  cơ sở HOME ")
    response = client.post(reverse("registry:establishment_create"), data)
    assert response.status_code == 400 and "confirm_duplicate" in response.content.decode()
    response = client.post(reverse("registry:establishment_create"), {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Establishment.objects.filter(name_key="co so home").count() == 2


@pytest.mark.django_db
def test_commune_officer_registers_only_in_own_commune(personas, client):
    client.force_login(personas["commune_officer"])
    response = client.post(reverse("registry:establishment_create"), form_data(commune_named("Xã Tân Hưng")))
    assert (
        response.status_code == 400 and not Establishment.objects.filter(name="Cơ sở Mây tre Đông").exists()
    )
    response = client.post(
        reverse("registry:establishment_create"), form_data(commune_named("Phường Phố Hiến"))
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_legacy_commune_is_kept_and_shown_with_todays_unit(personas, client):
    client.force_login(personas["admin"])
    old = legacy_commune("Huyện Yên Mỹ", "Xã Liêu Xá")
    response = client.post(reverse("registry:establishment_create"), form_data(old))
    est = Establishment.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))
    assert est.commune == old and est.current_commune.name == "Xã Nguyễn Văn Linh"
    body = client.get(response.url).content.decode()
    assert "Huyện Yên Mỹ" in body and "Xã Nguyễn Văn Linh" in body


@pytest.mark.django_db
def test_search_without_diacritics_and_filters(personas, registry, client):
    client.force_login(personas["centre_staff"])
    Establishment.objects.create(
        name="Hợp tác xã Mây tre đan Phú Cường", legal_form="cooperative", commune=registry["home"].commune
    )
    url = reverse("registry:establishment_list")
    assert "Phú Cường" in client.get(url, {"q": "may tre phu cuong"}).content.decode()
    assert "Phú Cường" not in client.get(url, {"q": "may tre", "legal_form": "household"}).content.decode()
    body = client.get(url, {"has_needs": "yes"}).content.decode()
    assert "Cơ sở home" in body and "Phú Cường" not in body
    assert client.get(url, {"page": "abc", "province": "x", "has_needs": "<script>"}).status_code == 200


@pytest.mark.django_db
def test_need_status_flow_and_decline_reason(personas, registry, client):
    need = registry["home"].needs.get()
    client.force_login(personas["commune_officer"])
    assert client.post(reverse("registry:need_transition", args=[need.pk, "review"])).status_code == 403
    client.force_login(personas["centre_staff"])
    client.post(reverse("registry:need_transition", args=[need.pk, "close"]))
    need.refresh_from_db()
    assert need.status == Need.Status.NEW  # closing a new need is not allowed
    client.post(reverse("registry:need_transition", args=[need.pk, "review"]))
    response = client.post(reverse("registry:need_transition", args=[need.pk, "decline"]), {"reason": " "})
    assert response.status_code == 400
    client.post(
        reverse("registry:need_transition", args=[need.pk, "decline"]), {"reason": "Không đủ điều kiện"}
    )
    need.refresh_from_db()
    assert need.status == Need.Status.DECLINED and need.status_reason == "Không đủ điều kiện"


@pytest.mark.django_db
def test_establishment_rep_declares_a_need_and_edits_own_record(personas, registry, client):
    client.force_login(personas["establishment_rep"])
    est = registry["home"]
    training = ActivityType.objects.get(code="1", effective_to__isnull=True)
    response = client.post(
        reverse("registry:need_create", args=[est.pk]),
        {"activity_type": training.pk, "description": "Đào tạo 20 thợ", "collected_by": "self"},
    )
    assert response.status_code == 302
    assert est.needs.filter(description="Đào tạo 20 thợ", collected_by="self").exists()
    assert client.get(reverse("registry:establishment_create")).status_code == 200
    assert client.get(reverse("registry:establishment_edit", args=[est.pk])).status_code == 200


@pytest.mark.django_db
def test_product_photo_must_be_an_image(personas, registry, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(personas["centre_staff"])
    url = reverse("registry:product_create", args=[registry["home"].pk])
    fake = SimpleUploadedFile("anh.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = client.post(url, {"name": "Giỏ mây", "group": "handicraft", "photo": fake})
    assert response.status_code == 400 and not registry["home"].products.exists()
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    photo = SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png")
    response = client.post(url, {"name": "Giỏ mây", "group": "handicraft", "photo": photo})
    assert response.status_code == 302
    assert registry["home"].products.get().photos.count() == 1


@pytest.mark.django_db
def test_list_filters_by_commune_and_craft_village(personas, registry, client):
    client.force_login(personas["centre_staff"])
    url = reverse("registry:establishment_list")
    body = client.get(url, {"commune": registry["other"].current_commune_id}).content.decode()
    assert "Cơ sở other" in body and "Cơ sở home" not in body
    body = client.get(url, {"craft_village": registry["village"].pk}).content.decode()
    assert "Cơ sở home" in body and "Cơ sở other" not in body
    assert 'id="id_commune"' in body and "Làng nghề thử" in body


@pytest.mark.django_db
def test_filter_selects_keep_the_chosen_values(personas, registry, client):
    client.force_login(personas["admin"])
    hy = registry["home"].province
    body = client.get(
        reverse("registry:establishment_list"),
        {"province": hy.pk, "legal_form": "household", "has_needs": "yes"},
    ).content.decode()
    assert f'<option value="{hy.pk}" selected>{hy.name}</option>' in body
    assert '<option value="household" selected>' in body
    assert '<option value="yes" selected>' in body
    assert '<label for="id_province" class="form-label">' in body


@pytest.mark.django_db
def test_commune_officer_records_a_need_of_someone_not_registered(personas, registry, client):
    training = ActivityType.objects.get(code="1", effective_to__isnull=True)
    data = {
        "contact_name": "Bà Lê Thị Mơ",
        "contact_phone": "0912 345 678",
        "activity_type": training.pk,
        "description": "Học nghề đan cói",
        "collected_by": "commune_officer",
    }
    client.force_login(personas["commune_officer"])
    url = reverse("registry:need_create_contact")
    response = client.post(url, {**data, "commune": registry["other"].commune_id})
    assert response.status_code == 400 and not Need.objects.filter(contact_name="Bà Lê Thị Mơ").exists()
    response = client.post(url, {**data, "commune": registry["home"].commune_id})
    need = Need.objects.get(contact_name="Bà Lê Thị Mơ")
    assert response.status_code == 302 and need.establishment is None
    assert need.current_commune == registry["home"].current_commune
    assert "Bà Lê Thị Mơ" in client.get(reverse("registry:need_list")).content.decode()
    client.force_login(personas["other_officer"])
    assert "Bà Lê Thị Mơ" not in client.get(reverse("registry:need_list")).content.decode()
    assert client.get(reverse("registry:need_detail", args=[need.pk])).status_code == 404
    client.force_login(personas["ministry"])
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_the_product_form_saves_the_product_from_the_certification_page_too(personas, registry, client):
    """A refused certification shows the product page at the certification URL; its product form
    used to post there and fail on the certification's empty fields."""
    from khuyencong.registry.models import Product

    product = Product.objects.create(establishment=registry["home"], name="Chiếu cói", group="handicraft")
    client.force_login(personas["centre_staff"])
    page = client.post(reverse("registry:certification_add", args=[product.pk]), {"cert-kind": ""})
    assert page.status_code == 400
    assert f'action="{reverse("registry:product_edit", args=[product.pk])}"' in page.content.decode()


@pytest.mark.django_db
def test_a_need_costs_what_was_typed_the_vietnamese_way(personas, registry, client):
    # Django's own integer field read "150.000" as 150 đồng (a trailing ".000" taken for decimals).
    client.force_login(personas["establishment_rep"])
    est = registry["home"]
    training = ActivityType.objects.get(code="1", effective_to__isnull=True)
    url = reverse("registry:need_create", args=[est.pk])
    data = {"activity_type": training.pk, "collected_by": "self"}
    for typed, amount in [("150.000.000", 150_000_000), ("150.000", 150_000), ("1,5 tỷ", 1_500_000_000)]:
        response = client.post(url, {**data, "description": f"Cần {typed}", "estimated_cost": typed})
        assert response.status_code == 302, typed
        need = est.needs.get(description=f"Cần {typed}")
        assert need.estimated_cost == amount
    assert "1.500.000.000" in client.get(reverse("registry:need_detail", args=[need.pk])).content.decode()
    edit = client.get(reverse("registry:need_edit", args=[need.pk])).content.decode()
    assert 'value="1.500.000.000"' in edit
    # A refused amount comes back as typed, with why and an example.
    response = client.post(url, {**data, "description": "Máy dệt", "estimated_cost": "1.500 triệu"})
    page = response.content.decode()
    assert response.status_code == 400 and not est.needs.filter(description="Máy dệt").exists()
    assert 'value="1.500 triệu"' in page and "1.500.000.000" in page and "1.500.000" in page

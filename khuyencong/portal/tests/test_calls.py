"""Calls for proposals: public reading, the Centre's create and edit (audited), scope."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import BAC_NINH, HUNG_YEN, login, province
from khuyencong.accounts.permissions import PERMISSIONS, Can, Role
from khuyencong.audit.models import AuditEntry
from khuyencong.plans.models import FundingSource
from khuyencong.portal.calls import Call
from khuyencong.registry.models import ActivityType

pytestmark = pytest.mark.django_db


def make_call(
    title="Hỗ trợ máy móc 2026", code=HUNG_YEN, published=True, opens=-5, closes=20, types=("1", "3")
):
    today = timezone.localdate()
    call = Call.objects.create(
        province=province(code),
        title=title,
        description="Cơ sở nông thôn được hỗ trợ mua máy.",
        source=FundingSource.objects.get(code="KCĐP"),
        opens_on=today + datetime.timedelta(days=opens),
        closes_on=today + datetime.timedelta(days=closes),
        published=published,
    )
    call.activity_types.set(ActivityType.in_force().filter(code__in=types))
    return call


def test_manage_calls_is_held_by_centre_staff_and_leaders_only():
    assert PERMISSIONS[Can.MANAGE_CALLS] == {Role.CENTRE_STAFF, Role.LEADER}


def test_anonymous_reads_published_calls_open_first(client, personas):
    closed = make_call("Đã đóng", opens=-30, closes=-1)
    open_ = make_call("Đang mở")
    soon = make_call("Sắp mở", opens=3, closes=30)
    hidden = make_call("Nháp", published=False)
    page = client.get(reverse("portal:call_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert hidden.title not in text
    assert text.index(open_.title) < text.index(soon.title) < text.index(closed.title)
    assert client.get(reverse("portal:call_detail", args=[open_.pk])).status_code == 200
    assert client.get(reverse("portal:call_detail", args=[hidden.pk])).status_code == 404


def test_centre_staff_create_a_call_of_their_province_audited(client, personas):
    login(client, personas["centre_staff"])
    training = ActivityType.in_force().get(code="1")
    data = {
        "province": province(HUNG_YEN).pk,
        "title": "Đào tạo nghề 2026",
        "description": "Hộ kinh doanh được hỗ trợ mở lớp dạy nghề.",
        "source": FundingSource.objects.get(code="KCĐP").pk,
        "activity_types": [training.pk],
        "opens_on": "01/01/2026",
        "closes_on": "31/12/2026",
        "published": "on",
    }
    response = client.post(reverse("portal:call_create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    call = Call.objects.get(title="Đào tạo nghề 2026")
    assert list(call.activity_types.all()) == [training]
    entry = AuditEntry.objects.get(action="portal.call.created", object_id=str(call.pk))
    assert entry.changes["activity_types"]
    # Another province is not offered: refused with a message on the field, the text kept.
    data["province"] = province(BAC_NINH).pk
    data["title"] = "Tỉnh khác"
    response = client.post(reverse("portal:call_create"), data)
    assert response.status_code == 400
    assert "Tỉnh khác" in response.content.decode()
    assert not Call.objects.filter(title="Tỉnh khác").exists()


def test_edit_keeps_the_version_and_is_scoped(client, personas):
    call = make_call()
    url = reverse("portal:call_edit", args=[call.pk])
    login(client, personas["other_province_staff"])
    assert client.get(url).status_code == 403  # a published call is public; editing is its province's
    login(client, personas["commune_officer"])
    assert client.get(url).status_code == 403
    login(client, personas["leader"])
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "province": call.province_id,
        "title": "Tên mới",
        "description": call.description,
        "source": call.source_id,
        "activity_types": [t.pk for t in call.activity_types.all()],
        "opens_on": call.opens_on.strftime("%d/%m/%Y"),
        "closes_on": call.closes_on.strftime("%d/%m/%Y"),
        "published": "on",
        "version": call.version,
    }
    assert client.post(url, data).status_code == 302
    call.refresh_from_db()
    assert call.title == "Tên mới" and call.version == 2
    assert AuditEntry.objects.filter(object_id=str(call.pk), action__startswith="portal.call.").count() == 1
    # A stale copy is refused, not silently saved.
    data["title"] = "Cũ"
    assert client.post(url, data).status_code == 409
    call.refresh_from_db()
    assert call.title == "Tên mới"


def test_a_call_closing_before_it_opens_is_refused_on_the_field(client, personas):
    login(client, personas["centre_staff"])
    data = {
        "province": province(HUNG_YEN).pk,
        "title": "Sai ngày",
        "description": "x",
        "source": FundingSource.objects.get(code="KCĐP").pk,
        "activity_types": [ActivityType.in_force().get(code="1").pk],
        "opens_on": "31/12/2026",
        "closes_on": "01/01/2026",
    }
    response = client.post(reverse("portal:call_create"), data)
    assert response.status_code == 400
    assert not Call.objects.filter(title="Sai ngày").exists()


def test_a_signed_in_person_without_a_confirmed_establishment_is_told_why_they_cannot_apply_yet(
    client, personas, registry
):
    from conftest import make_user
    from khuyencong.portal.claims import Claim

    waiting = make_user("0987654321")
    Claim.make(waiting, establishment=registry["home"])
    call = make_call()
    client.force_login(waiting)
    page = client.get(reverse("portal:call_detail", args=[call.pk])).content.decode()
    assert 'id="not-yet"' in page and "Cơ sở home" in page
    assert reverse("portal:apply", args=[call.pk]) not in page

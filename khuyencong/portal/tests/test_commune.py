"""The commune officer's page and phone visit form: scope, the resend token, photo refusals."""

import datetime
import io
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from conftest import login
from khuyencong.projects.models import MonitoringVisit, VisitPhoto
from khuyencong.projects.tests.conftest import M, programme, running_project  # noqa: F401

pytestmark = pytest.mark.django_db


def png(name="xuong.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def project(programme, personas, registry):  # noqa: F811
    return running_project(
        programme, personas, 30 * M, commune=registry["home"].commune, title="Mô hình tại xã"
    )


def visit_data(token, **extra):
    return {
        "visited_on": timezone.localdate().strftime("%d/%m/%Y"),
        "visitors": "Cán bộ xã",
        "findings": "Máy đã lắp, đang chạy thử",
        "follow_up": "",
        "token": token,
        "latitude": "20.646123",
        "longitude": "106.051234",
        "position_accuracy": "12",
        **extra,
    }


def test_officer_sees_their_commune_with_a_visit_due(client, personas, registry, project):
    page = login(client, personas["commune_officer"]).get("/portal/commune/")
    assert page.status_code == 200
    text = page.content.decode()
    assert registry["home"].name in text
    assert registry["other"].name not in text
    assert f"/portal/commune/projects/{project.pk}/visit/" in text
    # After a recent visit, the project is no longer due.
    MonitoringVisit.objects.create(
        project=project, visited_on=timezone.localdate(), visitors="x", findings="y"
    )
    again = client.get("/portal/commune/").content.decode()
    assert text.count(f"/portal/commune/projects/{project.pk}/visit/") > again.count(
        f"/portal/commune/projects/{project.pk}/visit/"
    )


def test_visits_due_follow_the_setting(client, personas, project, settings):
    MonitoringVisit.objects.create(
        project=project,
        visited_on=timezone.localdate() - datetime.timedelta(days=10),
        visitors="x",
        findings="y",
    )
    officer = login(client, personas["commune_officer"])
    settings.VISIT_DUE_AFTER_DAYS = 30
    few = (
        officer.get("/portal/commune/")
        .content.decode()
        .count(f"/portal/commune/projects/{project.pk}/visit/")
    )
    settings.VISIT_DUE_AFTER_DAYS = 5
    more = (
        officer.get("/portal/commune/")
        .content.decode()
        .count(f"/portal/commune/projects/{project.pk}/visit/")
    )
    assert more == few + 1


def test_officer_cannot_choose_another_commune(client, personas, hy_communes):
    officer = login(client, personas["commune_officer"])
    assert officer.get(f"/portal/commune/?commune={hy_communes['other'].pk}").status_code == 404
    assert officer.get("/portal/commune/?commune=abc").status_code == 404


def test_centre_staff_choose_any_commune_of_their_province(client, personas, registry, hy_communes):
    staff = login(client, personas["centre_staff"])
    page = staff.get(f"/portal/commune/?commune={hy_communes['other'].pk}")
    assert page.status_code == 200
    assert registry["other"].name in page.content.decode()
    assert staff.get(f"/portal/commune/?commune={hy_communes['far'].pk}").status_code == 404


@pytest.mark.parametrize("persona", ["establishment_rep", "leader", "ministry", "outsider"])
def test_who_does_not_visit_cannot_see_the_commune_page(client, personas, persona):
    assert login(client, personas[persona]).get("/portal/commune/").status_code == 403


def test_another_communes_officer_gets_404_on_the_visit_form(client, personas, project):
    other = login(client, personas["other_officer"])
    assert other.get(f"/portal/commune/projects/{project.pk}/visit/").status_code == 404
    assert (
        other.post(f"/portal/commune/projects/{project.pk}/visit/", visit_data("a" * 32)).status_code == 404
    )
    assert not MonitoringVisit.objects.exists()


def test_a_resend_with_the_same_token_makes_one_visit(client, personas, project):
    officer = login(client, personas["commune_officer"])
    token = uuid.uuid4().hex
    url = f"/portal/commune/projects/{project.pk}/visit/"
    first = officer.post(url, {**visit_data(token), "photos": [png()]})
    assert first.status_code == 302, first.content.decode()[:2000]
    second = officer.post(url, {**visit_data(token), "photos": [png()]})
    assert second.status_code == 302
    visit = MonitoringVisit.objects.get(project=project)
    assert visit.client_token == token
    assert str(visit.latitude) == "20.646123" and visit.position_accuracy == 12
    assert VisitPhoto.objects.filter(visit=visit).count() == 1


def test_a_visit_without_position_is_accepted(client, personas, project):
    officer = login(client, personas["commune_officer"])
    data = visit_data(uuid.uuid4().hex, latitude="", longitude="", position_accuracy="")
    assert officer.post(f"/portal/commune/projects/{project.pk}/visit/", data).status_code == 302
    assert MonitoringVisit.objects.get(project=project).latitude is None


def test_a_refused_photo_is_named_and_the_text_kept(client, personas, project):
    officer = login(client, personas["commune_officer"])
    token = uuid.uuid4().hex
    fake = SimpleUploadedFile("hoa-don.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = officer.post(
        f"/portal/commune/projects/{project.pk}/visit/", {**visit_data(token), "photos": [png(), fake]}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "hoa-don.jpg" in text
    assert "Máy đã lắp, đang chạy thử" in text
    assert token in text
    assert not MonitoringVisit.objects.exists()
    # Sent again without the bad photo, with the same token: saved once.
    again = officer.post(
        f"/portal/commune/projects/{project.pk}/visit/", {**visit_data(token), "photos": [png()]}
    )
    assert again.status_code == 302
    assert MonitoringVisit.objects.filter(project=project).count() == 1


def test_a_bad_token_or_a_future_date_is_refused(client, personas, project):
    officer = login(client, personas["commune_officer"])
    url = f"/portal/commune/projects/{project.pk}/visit/"
    assert officer.post(url, visit_data("x")).status_code == 400
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    assert officer.post(url, visit_data(uuid.uuid4().hex, visited_on=tomorrow)).status_code == 400
    assert not MonitoringVisit.objects.exists()


def test_the_visit_form_asks_for_the_camera(client, personas, project):
    page = login(client, personas["commune_officer"]).get(f"/portal/commune/projects/{project.pk}/visit/")
    text = page.content.decode()
    assert 'accept="image/*"' in text and 'capture="environment"' in text and "multiple" in text


def test_centre_staff_come_back_to_the_commune_they_came_from_with_a_confirmation(
    client, personas, registry, project, hy_communes
):
    # The project is filed under another commune, and shows on the home commune's page through its
    # applicant (views_commune._commune_projects): staff open the visit from the home page.
    type(project).objects.filter(pk=project.pk).update(
        applicant=registry["home"], current_commune=hy_communes["other"]
    )
    home = registry["home"].current_commune_id
    staff = login(client, personas["centre_staff"])
    page = staff.get(f"/portal/commune/?commune={home}").content.decode()
    link = f"/portal/commune/projects/{project.pk}/visit/?commune={home}"
    assert link in page
    form = staff.get(link).content.decode()
    assert f'href="/portal/commune/?commune={home}"' in form  # "Cancel" goes back there too
    response = staff.post(link, visit_data(uuid.uuid4().hex), follow=True)
    assert response.redirect_chain[-1][0].startswith(f"/portal/commune/?commune={home}&")
    assert response.context["commune"].pk == home
    shown = [str(m) for m in response.context["messages"]]
    day = timezone.localdate().strftime("%d/%m/%Y")
    assert any("Mô hình tại xã" in m and day in m for m in shown), shown


def test_a_commune_outside_the_users_reach_is_not_where_they_are_sent(client, personas, project, hy_communes):
    officer = login(client, personas["commune_officer"])
    url = f"/portal/commune/projects/{project.pk}/visit/?commune={hy_communes['far'].pk}"
    response = officer.post(url, visit_data(uuid.uuid4().hex))
    assert response.status_code == 302
    assert str(hy_communes["far"].pk) not in response["Location"].split("&")[0]


def test_the_visit_form_gives_no_past_day_as_an_example(client, personas, project):
    page = login(client, personas["commune_officer"]).get(f"/portal/commune/projects/{project.pk}/visit/")
    hints = re.findall(
        r'(?:title|placeholder)="([^"]*)"|class="form-text[^"]*"[^>]*>([^<]*)<', page.content.decode()
    )
    text = " ".join(a + b for a, b in hints)
    assert not re.search(r"\d{1,2}/\d{1,2}/\d{4}", text), text


def test_the_forms_script_is_told_where_to_go_and_the_confirmation_waits_there(client, personas, project):
    officer = login(client, personas["commune_officer"])
    url = f"/portal/commune/projects/{project.pk}/visit/"
    response = officer.post(url, visit_data(uuid.uuid4().hex), headers={"X-Visit-Send": "1"})
    assert response.status_code == 204
    target = response["X-Location"]
    assert target.startswith("/portal/commune/?commune=")
    page = officer.get(target)
    assert "Mô hình tại xã" in " ".join(str(m) for m in page.context["messages"])


def test_the_commune_page_finds_an_establishment_typed_without_diacritics_never_by_part_of_a_personal_id(
    client, personas, registry
):
    home = registry["home"]
    home.name, home.tax_code = "Hộ kinh doanh Đỗ Thanh Quý", "001089012345"  # a personal ID
    home.save()
    client.force_login(personas["commune_officer"])
    found = client.get(reverse("portal:commune"), {"q": "do thanh quy"})
    assert [e.pk for e in found.context["establishments"]["page"]] == [home.pk]
    by_digits = client.get(reverse("portal:commune"), {"q": "0890123"})
    assert [e.pk for e in by_digits.context["establishments"]["page"]] == []


def test_each_list_of_the_commune_page_pages_by_itself_and_keeps_the_others_place(client, personas, registry):
    from khuyencong.registry.models import ActivityType, Need

    home = registry["home"]
    kind = ActivityType.objects.order_by("pk").first()
    Need.objects.bulk_create(
        Need(
            establishment=home,
            commune=home.commune,
            current_commune=home.current_commune,
            province=home.province,
            activity_type=kind,
            description=f"Nhu cầu số {n}",
            collected_by=Need.Collector.SURVEY,
        )
        for n in range(25)
    )
    client.force_login(personas["commune_officer"])
    first = client.get(reverse("portal:commune"))
    assert len(first.context["needs"]["page"]) == 20
    # The needs' "next" link moves the needs only; the establishments stay on the page they were on.
    link = re.search(r'href="\?([^"]*needs=2[^"]*)" rel="next"', first.content.decode())
    assert link and link.group(1).endswith("#needs")
    second = client.get(reverse("portal:commune") + "?page=1&" + link.group(1).split("#")[0])
    open_needs = Need.objects.filter(current_commune=home.current_commune, status__in=["new", "reviewed"])
    assert len(second.context["needs"]["page"]) == open_needs.count() - 20 > 0
    assert not {n.pk for n in second.context["needs"]["page"]} & {
        n.pk for n in first.context["needs"]["page"]
    }
    assert second.context["establishments"]["page"].number == 1
    assert "page=1" in second.context["needs"]["querystring"]

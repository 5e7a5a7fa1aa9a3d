"""Training screens over HTTP: Centre staff run a course from its project's page to its results, the
project's outputs follow the records, and trainees' personal data stays with those who may read it."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from conftest import legacy_commune, login
from khuyencong.activities.forms_training import ResultForm
from khuyencong.activities.models import Attendance, Course, CourseSession, Trainee
from khuyencong.activities.outputs import outputs_by_project
from khuyencong.audit.models import AuditEntry
from khuyencong.projects.tests.conftest import M, programme, running_project  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(programme, personas, hy_communes):  # noqa: F811
    return running_project(
        programme, personas, 50 * M, title="Đào tạo nghề mây tre đan", commune=hy_communes["home"]
    )


def day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def course_data(hy_communes, start, end, **extra) -> dict:
    return {
        "title": "Lớp mây tre đan xã Phố Hiến",
        "trade": "Mây tre đan",
        "venue": "Nhà văn hoá thôn 1",
        "venue_commune": hy_communes["home"].pk,
        "start_on": day(start),
        "end_on": day(end),
        "teachers": "Nguyễn Văn Thầy\nTrần Thị Cô",
        "planned_trainees": "30",
        **extra,
    }


def make_course(project, hy_communes, staff, **extra) -> Course:
    today = datetime.date.today()
    fields = {
        "project": project,
        "title": "Lớp thêu ren",
        "trade": "Thêu ren",
        "venue_commune": hy_communes["home"],
        "start_on": today - datetime.timedelta(days=20),
        "end_on": today - datetime.timedelta(days=1),
        "planned_trainees": 20,
        "created_by": staff,
    } | extra
    return Course.objects.create(**fields)


def make_trainee(course, name, commune, **extra) -> Trainee:
    return Trainee.objects.create(course=course, full_name=name, birth_year=1990, commune=commune, **extra)


# ------------------------------------------------------------------ the whole flow


def test_centre_staff_run_a_course_and_the_projects_outputs_count_its_records(
    client, personas, project, hy_communes
):
    staff = login(client, personas["centre_staff"])
    today = datetime.date.today()
    start, end = today - datetime.timedelta(days=10), today - datetime.timedelta(days=1)

    # The project's page offers the course.
    page = staff.get(f"/projects/{project.pk}/").content.decode()
    assert f"/activities/projects/{project.pk}/courses/new/" in page

    response = staff.post(
        f"/activities/projects/{project.pk}/courses/new/", course_data(hy_communes, start, end)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    course = Course.objects.get(project=project)
    assert response["Location"] == f"/activities/courses/{course.pk}/"
    assert course.current_venue_commune == hy_communes["home"]
    assert course.teacher_names == ["Nguyễn Văn Thầy", "Trần Thị Cô"]

    for name, another in (("Lê Thị Hoa", True), ("Phạm Văn Nam", False)):
        response = staff.post(
            f"/activities/courses/{course.pk}/trainees/new/",
            {
                "full_name": name,
                "sex": "female",
                "birth_year": "1995",
                "ethnicity": "Kinh",
                "commune": hy_communes["home"].pk,
                **({"next": "another"} if another else {}),
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        expected = (
            f"/activities/courses/{course.pk}/trainees/new/"
            if another
            else f"/activities/courses/{course.pk}/"
        )
        assert response["Location"] == expected
    hoa, nam = Trainee.objects.get(full_name="Lê Thị Hoa"), Trainee.objects.get(full_name="Phạm Văn Nam")

    response = staff.post(
        f"/activities/courses/{course.pk}/sessions/new/",
        {"held_on": day(start), "topic": "Khai giảng", "hours": "4"},
    )
    session = CourseSession.objects.get(course=course)
    assert response["Location"] == f"/activities/courses/sessions/{session.pk}/attendance/"
    form = staff.get(response["Location"]).content.decode()
    assert form.count("checked") == 2  # everyone present by default
    response = staff.post(response["Location"], {"present": [hoa.pk]})
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("trainee_id", "present")) == {hoa.pk: True, nam.pk: False}

    detail = staff.get(f"/activities/courses/{course.pk}/").content.decode()
    assert "Lê Thị Hoa" in detail and "1 / 1" in detail and "0 / 1" in detail

    results = f"/activities/courses/{course.pk}/results/"
    assert staff.get(results).status_code == 200
    response = staff.post(
        results,
        {
            f"t{hoa.pk}-row": "1",
            f"t{hoa.pk}-completed": "on",
            f"t{hoa.pk}-certificate_number": "CC-001",
            f"t{hoa.pk}-employed": "on",
            f"t{hoa.pk}-employed_at": "HTX mây tre Phú Vinh",
            f"t{nam.pk}-row": "1",
            f"t{nam.pk}-completed": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    hoa.refresh_from_db()
    assert (hoa.completed, hoa.certificate_number, hoa.employed_after_training) == (True, "CC-001", True)
    assert AuditEntry.objects.filter(action="activities.trainee.updated", object_id=str(hoa.pk)).exists()

    counts = outputs_by_project([project.pk])[project.pk]
    assert (counts["trainees"], counts["trainees_completed"], counts["employed_after_training"]) == (2, 2, 1)
    # The project's page shows the course with its counts, and the outputs.
    page = staff.get(f"/projects/{project.pk}/").content.decode()
    assert "Lớp mây tre đan xã Phố Hiến" in page and "2 / 30" in page


# ------------------------------------------------------------------ bad input: clear errors, nothing saved


def test_a_course_with_wrong_dates_or_places_is_refused_with_what_was_typed_kept(
    client, personas, project, hy_communes
):
    staff = login(client, personas["centre_staff"])
    today = datetime.date.today()
    url = f"/activities/projects/{project.pk}/courses/new/"

    response = staff.post(url, course_data(hy_communes, today, today - datetime.timedelta(days=3)))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Ngày kết thúc trước ngày bắt đầu" in text or "The end is before the start" in text
    assert "Lớp mây tre đan xã Phố Hiến" in text  # kept

    old = legacy_commune("Thành phố Hưng Yên", "Phường Lam Sơn")
    response = staff.post(url, course_data(hy_communes, today, today, venue_commune=old.pk))
    assert response.status_code == 400

    response = staff.post(
        url, course_data(hy_communes, today, today, planned_trainees="0", start_on="31/02/2025")
    )
    assert response.status_code == 400
    assert Course.objects.count() == 0


def test_a_session_outside_the_course_or_twice_on_a_day_is_refused(client, personas, project, hy_communes):
    course = make_course(project, hy_communes, personas["centre_staff"])
    staff = login(client, personas["centre_staff"])
    url = f"/activities/courses/{course.pk}/sessions/new/"
    response = staff.post(url, {"held_on": day(course.end_on + datetime.timedelta(days=1)), "hours": "4"})
    assert response.status_code == 400
    assert (
        staff.post(url, {"held_on": day(course.start_on), "topic": "Lý thuyết", "hours": "4"}).status_code
        == 302
    )
    response = staff.post(url, {"held_on": day(course.start_on), "topic": "Lý thuyết", "hours": "4"})
    assert response.status_code == 400
    assert course.sessions.count() == 1


def test_a_trainee_entered_twice_or_born_in_the_future_is_refused(client, personas, project, hy_communes):
    course = make_course(project, hy_communes, personas["centre_staff"])
    make_trainee(course, "Lê Thị Hoa", hy_communes["home"])
    staff = login(client, personas["centre_staff"])
    url = f"/activities/courses/{course.pk}/trainees/new/"
    response = staff.post(url, {"full_name": "  le thi  HOA ", "birth_year": "1990"})
    assert response.status_code == 400
    assert "1990" in response.content.decode()
    response = staff.post(
        url, {"full_name": "Trần Văn Bé", "birth_year": str(datetime.date.today().year + 1)}
    )
    assert response.status_code == 400
    assert course.trainees.count() == 1


def test_results_with_one_bad_row_save_nothing_and_say_which_row(client, personas, project, hy_communes):
    course = make_course(project, hy_communes, personas["centre_staff"])
    hoa = make_trainee(course, "Lê Thị Hoa", hy_communes["home"])
    nam = make_trainee(course, "Phạm Văn Nam", hy_communes["home"])
    staff = login(client, personas["centre_staff"])
    url = f"/activities/courses/{course.pk}/results/"
    response = staff.post(
        url,
        {
            f"t{hoa.pk}-row": "1",
            f"t{hoa.pk}-completed": "on",
            f"t{nam.pk}-row": "1",
            f"t{nam.pk}-certificate_number": "CC-9",  # a certificate without completing
        },
    )
    assert response.status_code == 400
    assert AuditEntry.objects.filter(action="activities.trainee.updated").count() == 0
    assert not Trainee.objects.filter(completed=True).exists()

    # The same certificate number twice: both rows marked, nothing saved.
    response = staff.post(
        url,
        {
            f"t{hoa.pk}-row": "1",
            f"t{hoa.pk}-completed": "on",
            f"t{hoa.pk}-certificate_number": "CC-1",
            f"t{nam.pk}-row": "1",
            f"t{nam.pk}-completed": "on",
            f"t{nam.pk}-certificate_number": "CC-1",
        },
    )
    assert response.status_code == 400
    assert response.content.decode().count("CC-1") >= 4  # each field kept, each row's error names it
    assert not Trainee.objects.filter(completed=True).exists()


def test_a_course_with_trainees_is_not_deleted_and_one_without_is(client, personas, project, hy_communes):
    course = make_course(project, hy_communes, personas["centre_staff"])
    trainee = make_trainee(course, "Lê Thị Hoa", hy_communes["home"])
    staff = login(client, personas["centre_staff"])
    assert staff.post(f"/activities/courses/{course.pk}/delete/").status_code == 409
    assert Course.objects.filter(pk=course.pk).exists()

    assert staff.get(f"/activities/trainees/{trainee.pk}/delete/").status_code == 200
    assert staff.post(f"/activities/trainees/{trainee.pk}/delete/").status_code == 302
    assert staff.post(f"/activities/courses/{course.pk}/delete/").status_code == 302
    assert not Course.objects.filter(pk=course.pk).exists()
    assert AuditEntry.objects.filter(action="activities.course.deleted").exists()


def test_editing_a_trainee_refuses_a_stale_copy(client, personas, project, hy_communes):
    course = make_course(project, hy_communes, personas["centre_staff"])
    trainee = make_trainee(course, "Lê Thị Hoa", hy_communes["home"])
    staff = login(client, personas["centre_staff"])
    url = f"/activities/trainees/{trainee.pk}/edit/"
    data = {"full_name": "Lê Thị Hoà", "birth_year": "1991", "version": "1"}
    assert staff.post(url, data).status_code == 302
    assert staff.post(url, data | {"full_name": "Lê Thị Hòa B"}).status_code == 409
    trainee.refresh_from_db()
    assert (trainee.full_name, trainee.birth_year, trainee.version) == ("Lê Thị Hoà", 1991, 2)


# ------------------------------------------------------------------ personal data


@pytest.fixture
def two_trainees(project, personas, hy_communes):
    course = make_course(project, hy_communes, personas["centre_staff"])
    home = make_trainee(course, "Học viên Phố Hiến", hy_communes["home"], completed=True)
    other = make_trainee(course, "Học viên Tân Hưng", hy_communes["other"])
    return course, home, other


def export_text(response) -> str:
    if response["Content-Type"].startswith("text/csv"):
        return "\n".join(
            ",".join(row) for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
        )
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return " ".join(
        str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None
    )


@pytest.mark.parametrize("persona", ["leader", "ministry", "finance"])
def test_roles_without_personal_data_see_a_courses_counts_never_its_trainees(
    client, personas, two_trainees, persona
):
    course, home, other = two_trainees
    reader = login(client, personas[persona])
    page = reader.get(f"/activities/courses/{course.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert home.full_name not in text and other.full_name not in text
    assert "/activities/trainees/" not in text
    for url in ("/activities/trainees/", "/activities/trainees/export/", "/activities/trainees/export.csv"):
        assert reader.get(url).status_code == 403, url
    for url in ("/activities/courses/export/", "/activities/courses/export.csv"):
        response = reader.get(url)
        assert response.status_code == 200
        exported = export_text(response)
        assert course.title in exported and home.full_name not in exported
    listed = reader.get("/activities/courses/").content.decode()
    assert course.title in listed and "2 / 20" in listed


def test_a_commune_officer_sees_only_the_trainees_of_the_commune(client, personas, two_trainees):
    course, home, other = two_trainees
    officer = login(client, personas["commune_officer"])
    text = officer.get(f"/activities/courses/{course.pk}/").content.decode()
    assert home.full_name in text and other.full_name not in text
    listed = officer.get("/activities/trainees/").content.decode()
    assert home.full_name in listed and other.full_name not in listed
    for url in ("/activities/trainees/export/", "/activities/trainees/export.csv"):
        exported = export_text(officer.get(url))
        assert home.full_name in exported and other.full_name not in exported
    # Seen, but not theirs to change.
    assert officer.get(f"/activities/trainees/{home.pk}/edit/").status_code == 403
    assert officer.get(f"/activities/trainees/{other.pk}/edit/").status_code == 404


def test_centre_staff_find_trainees_by_name_without_diacritics_and_export_them(
    client, personas, two_trainees
):
    course, home, other = two_trainees
    staff = login(client, personas["centre_staff"])
    listed = staff.get("/activities/trainees/", {"q": "pho hien"}).content.decode()
    assert home.full_name in listed and other.full_name not in listed
    listed = staff.get("/activities/trainees/", {"course": course.pk, "completed": "no"}).content.decode()
    assert other.full_name in listed and home.full_name not in listed
    exported = export_text(staff.get("/activities/trainees/export/", {"course": course.pk}))
    assert home.full_name in exported and other.full_name in exported


# ------------------------------------------------------------------ scale: queries do not grow with rows


def test_the_course_page_and_the_trainee_list_take_as_many_queries_for_many_trainees(
    client, personas, two_trainees
):
    course, _home, _other = two_trainees
    CourseSession.objects.create(course=course, held_on=course.start_on)
    staff = login(client, personas["centre_staff"])

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert staff.get(url).status_code == 200
        return captured

    urls = (f"/activities/courses/{course.pk}/", "/activities/trainees/", "/activities/courses/")
    before = [len(queries(url)) for url in urls]
    Trainee.objects.bulk_create(
        Trainee(course=course, full_name=f"Người {n}", name_key=f"nguoi {n}", birth_year=1980 + n % 20)
        for n in range(120)
    )
    after = [len(queries(url)) for url in urls]
    assert after == before
    listed = queries("/activities/trainees/")
    trainee_queries = [q["sql"] for q in listed if 'FROM "activities_trainee"' in q["sql"]]
    assert len(trainee_queries) == 1 and "COUNT(" not in trainee_queries[0]


# ------------------------------------------------------------------ the results row, for any input


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    completed=st.booleans(),
    certificate=st.text(alphabet="CS-12/đ \t", max_size=12),
    employed=st.booleans(),
    employed_at=st.text(alphabet="HTX Phú\n ", max_size=20),
)
def test_a_results_row_is_valid_exactly_when_it_is_consistent(completed, certificate, employed, employed_at):
    data = {"certificate_number": certificate, "employed_at": employed_at}
    if completed:
        data["completed"] = "on"
    if employed:
        data["employed"] = "on"
    form = ResultForm(data)
    consistent = (
        (not certificate.strip() or completed)
        and (not employed or completed)
        and (not employed_at.strip() or employed)
    )
    assert form.is_valid() == consistent, form.errors
    if consistent:
        assert form.cleaned_data["certificate_number"] == certificate.strip()

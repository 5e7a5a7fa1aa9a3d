"""Importing a course's trainee list: upload, preview, confirm, idempotent, the invalid rows.

Through the screens, as Centre staff do it, on the world of the scope matrix (khuyencong/tests/world.py):
"home" is a course of a Hưng Yên project.
"""

import io
import unicodedata
import zipfile

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from conftest import legacy_commune
from khuyencong.activities.models import Trainee, TraineeImport
from khuyencong.activities.tests.training_courses import build_courses
from khuyencong.activities.trainee_import import TraineeImporter
from khuyencong.audit.models import AuditEntry
from khuyencong.registry.tests.workbooks import as_file, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, registry, hy_communes):
    return build_courses(personas, registry, hy_communes)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def class_list(far_commune: str, *extra_rows) -> bytes:
    """A list as a Centre keeps it: a title, a heading over two rows ("Năm sinh" over "Nam" and
    "Nữ", "Địa chỉ" over "Xã/Phường" and "Tỉnh"), a trainee in a commune of before the reform, one
    from another province and one in a commune that does not exist (row 8)."""
    rows = [
        ["DANH SÁCH HỌC VIÊN LỚP ĐÀO TẠO NGHỀ MÂY TRE ĐAN NĂM 2015"] + [None] * 9,
        [None] * 10,
        [
            "STT",
            "Họ và tên",
            "Năm sinh",
            None,
            "Dân tộc",
            "Địa chỉ",
            None,
            "Kết quả",
            "Số CC",
            "Có việc làm sau đào tạo",
        ],
        [None, None, "Nam", "Nữ", None, "Xã/Phường", "Tỉnh", None, None, None],
        [1, "Nguyễn Thị Hằng", None, 1985, "Kinh", "Xã Tân Hưng", None, "Đạt", "01/2015/CC", "x"],
        [
            2,
            nfd("Trần Văn Bình  "),
            "15/03/1990",
            None,
            "Kinh",
            "Xã Liêu Xá",
            None,
            "Khá",
            "02/2015/CC",
            None,
        ],
        [3, "Lò Thị Mai", None, "1992", "Thái", far_commune, "Bắc Ninh", "Chưa đạt", None, None],
        [4, "Lê Văn Cường", "1988", None, "Kinh", "Xã Không Có", None, "Đạt", None, None],
        *extra_rows,
    ]
    merges = ["A1:J1", "C3:D3", "F3:G3", "A3:A4", "B3:B4", "E3:E4", "H3:H4", "I3:I4", "J3:J4"]
    return workbook_bytes(rows, merges)


def upload(client, course, data: bytes, name="danh-sach.xlsx", capture=None):
    file = io.BytesIO(data)
    file.name = name
    with capture(execute=True):
        return client.post(reverse("activities:trainee_import", args=[course.pk]), {"file": file})


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.personas["centre_staff"])
    return client


def send(client, course, data, capture, name="danh-sach.xlsx") -> TraineeImport:
    response = upload(client, course, data, name, capture)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = TraineeImport.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])
    page = client.get(response["Location"])
    assert page.status_code == 200
    job.page = page.content.decode()
    return job


def confirm(client, job, capture) -> TraineeImport:
    with capture(execute=True):
        response = client.post(reverse("activities:trainee_import_confirm", args=[job.course_id, job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    return job


def test_a_list_with_one_bad_row_is_previewed_then_imported_whole_and_a_second_import_changes_nothing(
    world, staff_client, django_capture_on_commit_callbacks, hy_communes
):
    course = world.courses["home"]
    before = set(course.trainees.values_list("pk", flat=True))
    data = class_list(hy_communes["far"].name)
    job = send(staff_client, course, data, django_capture_on_commit_callbacks)
    assert job.status == "ready", job.error
    assert job.counts == {"new": 3, "updated": 0, "unchanged": 0, "invalid": 1}
    # The bad row is reported with its number and the cell, in Vietnamese; nothing is written yet.
    assert job.invalid_preview == [{"row": 8, "reasons": [job.invalid_preview[0]["reasons"][0]]}]
    reason = job.invalid_preview[0]["reasons"][0]
    assert "F8" in reason and "Không Có" in reason
    assert "F8" in job.page and "Lê Văn Cường" not in job.page.split('id="valid-rows"')[-1]
    assert set(course.trainees.values_list("pk", flat=True)) == before

    # The invalid rows download as a workbook, with the reason beside the row as it was.
    download = staff_client.get(reverse("activities:trainee_import_invalid", args=[course.pk, job.pk]))
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Lê Văn Cường" in cells and 8 in cells and any("F8" in str(c) for c in cells)

    job = confirm(staff_client, job, django_capture_on_commit_callbacks)
    assert job.status == "done" and job.counts["new"] == 3
    added = {t.full_name: t for t in course.trainees.exclude(pk__in=before)}
    assert set(added) == {"Nguyễn Thị Hằng", "Trần Văn Bình", "Lò Thị Mai"}
    hang, binh, mai = added["Nguyễn Thị Hằng"], added["Trần Văn Bình"], added["Lò Thị Mai"]
    assert (hang.sex, hang.birth_year, hang.completed, hang.certificate_number) == (
        "female",
        1985,
        True,
        "01/2015/CC",
    )
    assert hang.employed_after_training and hang.commune == hy_communes["other"]
    assert (binh.sex, binh.birth_year, binh.ethnicity) == ("male", 1990, "Kinh")
    # A commune of before 1/7/2025 is kept as written and counted in today's commune.
    assert binh.commune == legacy_commune("Huyện Yên Mỹ", "Xã Liêu Xá")
    assert binh.current_commune == binh.commune.current_unit()
    # A trainee from another province is allowed.
    assert mai.commune == hy_communes["far"] and not mai.completed and mai.sex == "female"
    assert AuditEntry.objects.filter(action="activities.trainee.imported").count() == 3
    assert AuditEntry.objects.filter(action="activities.traineeimport.confirmed").count() == 1

    # The same file again: every valid row is already there as it is.
    again = send(staff_client, course, data, django_capture_on_commit_callbacks)
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 3, "invalid": 1}
    assert not again.importable
    refused = staff_client.post(reverse("activities:trainee_import_confirm", args=[course.pk, again.pk]))
    assert refused.status_code == 302
    assert course.trainees.count() == len(before) + 3


def test_a_changed_result_updates_the_trainee_and_an_empty_cell_blanks_nothing(
    world, staff_client, django_capture_on_commit_callbacks
):
    course = world.courses["home"]
    first = workbook_bytes(
        [
            ["Họ tên", "Giới tính", "Ngày sinh", "Dân tộc", "Hoàn thành"],
            ["Đặng Thị Ước", "Nữ", "02/01/1979", "Mường", ""],
        ]
    )
    confirm(
        staff_client,
        send(staff_client, course, first, django_capture_on_commit_callbacks),
        django_capture_on_commit_callbacks,
    )
    trainee = course.trainees.get(full_name="Đặng Thị Ước")
    version = trainee.version
    later = workbook_bytes(
        [
            ["HỌ VÀ TÊN", "NĂM SINH", "KẾT QUẢ", "SỐ CHỨNG CHỈ"],
            [nfd("đặng thị ước").title(), 1979, "Đạt", "07/CC"],
        ]
    )
    job = send(staff_client, course, later, django_capture_on_commit_callbacks)
    assert job.counts["updated"] == 1, job.invalid_preview
    confirm(staff_client, job, django_capture_on_commit_callbacks)
    trainee.refresh_from_db()
    assert (trainee.completed, trainee.certificate_number) == (True, "07/CC")
    assert trainee.ethnicity == "Mường" and trainee.sex == "female"  # not in the second list: kept
    assert trainee.version == version + 1
    entry = AuditEntry.objects.get(action="activities.trainee.import_updated", object_id=str(trainee.pk))
    assert set(entry.changes) >= {"completed", "certificate_number"}


# What each bad row is told: the message as the catalogue gives it (the words are the catalogue's).
BAD_ROWS = [
    (["Hoàng Văn Dũng", None, None, "Đạt", None], lambda: _("The year of birth is missing.")),
    (["Hoàng Văn Dũng", "x", "x", "Đạt", None], lambda: _("Both “Nam” and “Nữ” are marked.")),
    (
        ["Hoàng Văn Dũng", "1980", None, "Không đạt", "x"],
        lambda: _("Employed after training, but the trainee did not complete the course."),
    ),
    (["Hoàng Văn Dũng", "1980", None, "chờ thi lại", None], lambda: "D2"),
    (["Hoàng Văn Dũng", "1980", None, None, "có lẽ"], lambda: "E2"),
    (["Hoàng Văn Dũng", "ba", None, None, None], lambda: "B2"),
    (["", "1980", None, "Đạt", None], lambda: _("The trainee's name is missing.")),
]


@pytest.mark.parametrize(("row", "said"), BAD_ROWS)
def test_bad_rows_say_what_is_wrong_and_where(
    world, staff_client, django_capture_on_commit_callbacks, row, said
):
    course = world.courses["home"]
    heading = ["Họ và tên", "Nam", "Nữ", "Kết quả", "Có việc làm"]
    job = send(staff_client, course, workbook_bytes([heading, row]), django_capture_on_commit_callbacks)
    assert job.counts["invalid"] == 1 and job.invalid_preview[0]["row"] == 2
    reason = " ".join(job.invalid_preview[0]["reasons"])
    with translation.override(django_settings.LANGUAGE_CODE):
        assert said() in reason, reason


def test_the_same_trainee_twice_in_a_list_is_reported_once_and_an_establishment_is_linked_by_name(
    world, staff_client, django_capture_on_commit_callbacks
):
    course = world.courses["home"]
    data = workbook_bytes(
        [
            ["STT", "Họ và tên", "Năm sinh", "Cơ sở làm việc"],
            [1, "Vũ Văn Giang", 1975, "cơ sở HOME"],
            [2, "Vũ  Văn Giang", "1975", None],
            [3, "Vũ Thị Hoa", 1976, "Cơ sở không đăng ký"],
            [4, "Vũ Thị Lan", 1977, "0900000002"],
        ]
    )
    job = send(staff_client, course, data, django_capture_on_commit_callbacks)
    reasons = {item["row"]: " ".join(item["reasons"]) for item in job.invalid_preview}
    assert set(reasons) == {3, 4}
    assert "2" in reasons[3] and "D4" in reasons[4] and "không đăng ký" in reasons[4]
    confirm(staff_client, job, django_capture_on_commit_callbacks)
    assert course.trainees.get(full_name="Vũ Văn Giang").establishment == world.registry["home"]
    assert course.trainees.get(full_name="Vũ Thị Lan").establishment == world.registry["other"]


def test_hostile_and_wrong_files_are_refused_with_a_message_and_change_nothing(
    world, staff_client, django_capture_on_commit_callbacks
):
    course = world.courses["home"]
    count = Trainee.objects.count()
    # Not a workbook at all: refused by the form, before any job.
    response = upload(
        staff_client, course, b"%PDF-1.4 not a list", "danh-sach.xlsx", django_capture_on_commit_callbacks
    )
    assert response.status_code == 400 and "Excel" in response.content.decode()
    # A workbook whose part declares a DTD (where entity bombs live): the worker refuses it whole.
    buffer = io.BytesIO()
    plain = io.BytesIO(workbook_bytes([["Họ và tên", "Năm sinh"], ["A", 1980]]))
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "xl/workbook.xml":
                body = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + body.split(b"?>", 1)[-1]
            target.writestr(item, body)
    job = send(staff_client, course, buffer.getvalue(), django_capture_on_commit_callbacks)
    assert job.status == "failed" and "DTD" in job.error
    # A list without the columns a trainee needs names what it lacks.
    job = send(
        staff_client,
        course,
        workbook_bytes([["STT", "Họ và tên", "Dân tộc"], [1, "A", "Kinh"]]),
        django_capture_on_commit_callbacks,
    )
    assert job.status == "failed" and "Năm sinh" in job.error
    assert Trainee.objects.count() == count


def test_another_provinces_staff_cannot_reach_the_import_nor_its_rows(
    world, staff_client, django_capture_on_commit_callbacks, hy_communes
):
    job = send(staff_client, world.courses["home"], class_list("X"), django_capture_on_commit_callbacks)
    client = staff_client
    client.force_login(world.personas["other_province_staff"])
    for name in ("trainee_import_job", "trainee_import_invalid"):
        assert client.get(reverse(f"activities:{name}", args=[job.course_id, job.pk])).status_code == 404
    client.force_login(world.personas["leader"])
    assert client.get(reverse("activities:trainee_import", args=[job.course_id])).status_code == 403


HEADINGS = [
    ("full_name", ["Họ và tên", "Họ tên", "HỌ TÊN HỌC VIÊN", "Họ và tên HV"]),
    ("birth", ["Năm sinh", "Ngày sinh", "NS", "Ngày, tháng, năm sinh"]),
    ("sex", ["Giới tính", "Nam/Nữ", "GIỚI TÍNH"]),
    ("commune", ["Xã/Phường", "Xã", "Xã/Phường/Thị trấn"]),
]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    choice=st.tuples(*(st.sampled_from(h) for _k, h in HEADINGS)),
    form=st.sampled_from(["NFC", "NFD"]),
    pad=st.sampled_from(["", " ", "  ", "\n"]),
    title_rows=st.integers(0, 3),
    order=st.permutations(range(4)),
)
def test_any_heading_variant_in_any_order_imports_the_same_trainee(
    world, choice, form, pad, title_rows, order
):
    course = world.courses["other"]
    values = ["Bùi Thị Ngọc", "12/05/1991", "Nữ", "Xã Tân Hưng"]
    heading = [pad + unicodedata.normalize(form, choice[i]) + pad for i in order]
    rows = [[f"DANH SÁCH {n}"] for n in range(title_rows)] + [heading, [values[i] for i in order]]
    report, results = TraineeImporter(as_file(workbook_bytes(rows)), course=course).analyse()
    assert report.counts["new"] == 1, report.invalid and report.invalid[0].reasons
    row = results[0].values
    assert (row["full_name"], row["birth_year"], row["sex"]) == ("Bùi Thị Ngọc", 1991, "female")
    assert row["commune_id"] == world.courses["other"].venue_commune_id

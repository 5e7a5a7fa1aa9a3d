"""The establishment's pages: its projects in plain words, the papers missing, its messages (issue 12 item 5)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from khuyencong.accounts import outbox
from khuyencong.portal import plainwords
from khuyencong.projects.models import Status
from khuyencong.projects.tests.conftest import M, draft_project
from khuyencong.tests.samples import image_bytes, pdf_bytes


def png_file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/png")


def pdf_file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def projects(programme, personas, registry):
    ours = draft_project(programme, personas, 50 * M, applicant=registry["home"], title="Lò sấy chè")
    theirs = draft_project(
        programme, personas, 60 * M, applicant=registry["other"], title="Máy dệt của xã khác"
    )
    return {"ours": ours, "theirs": theirs}


def test_every_status_has_its_plain_sentence_and_next_step():
    assert set(plainwords.WORDS) == set(Status)
    for status in Status:
        meaning, _next, _who = plainwords.WORDS[status]
        assert str(meaning)


def test_the_representative_sees_only_the_establishments_own_projects(client, personas, projects):
    client.force_login(personas["establishment_rep"])
    page = client.get(reverse("portal:my_projects")).content.decode()
    assert "Lò sấy chè" in page and "Máy dệt của xã khác" not in page
    assert client.get(reverse("portal:my_project", args=[projects["theirs"].pk])).status_code == 404
    # Centre staff read the project elsewhere; this page is the establishment's own.
    client.force_login(personas["centre_staff"])
    assert client.get(reverse("portal:my_project", args=[projects["ours"].pk])).status_code == 404
    assert "Lò sấy chè" not in client.get(reverse("portal:my_projects")).content.decode()


def _ask_for_papers(staff, project, *, days=10):
    """The Centre returns one paper, then asks for it and for one the checklist does not name."""
    project.submit(staff)
    project.start_appraisal(staff)
    item = project.dossier_items.filter(stage="application").first()
    item.review("rejected", staff, note="Bản chụp bị mờ")
    due = timezone.localdate() + datetime.timedelta(days=days)
    project.request_documents(
        staff, "Cần bản chụp rõ nét", papers=[item], other="Bản vẽ mặt bằng nhà xưởng", due_on=due
    )
    return item, due


def test_a_request_for_papers_lists_exactly_what_was_asked_with_its_day(client, personas, projects):
    staff, project = personas["centre_staff"], projects["ours"]
    item, due = _ask_for_papers(staff, project)
    other = project.dossier_items.get(name="Bản vẽ mặt bằng nhà xưởng")
    assert other.status == "requested" and other.due_on == due and other.stage == "application"
    client.force_login(personas["establishment_rep"])
    response = client.get(reverse("portal:my_project", args=[project.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert str(plainwords.WORDS[Status.NEEDS_DOCUMENTS][0]) in page
    assert item.name in page and other.name in page and "Cần bản chụp rõ nét" in page
    # The deadline is the day the Centre gave, not the plan year's registration day.
    assert plainwords.explain(project, timezone.localdate()).deadline == due
    assert due.strftime("%d/%m/%Y") in page
    # Each paper is sent from this page; the acceptance's papers are not asked for yet.
    assert reverse("portal:my_paper_upload", args=[project.pk, other.pk]) in page
    for later in project.dossier_items.filter(stage="acceptance"):
        assert later.name not in page
    assert "needs_documents" not in page and "requested" not in page  # no raw codes


def test_a_paper_sent_from_the_status_page_and_the_application_sent_back(client, personas, projects):
    staff, project = personas["centre_staff"], projects["ours"]
    item, _due = _ask_for_papers(staff, project)
    other = project.dossier_items.get(name="Bản vẽ mặt bằng nhà xưởng")
    client.force_login(personas["establishment_rep"])
    upload = reverse("portal:my_paper_upload", args=[project.pk, other.pk])
    # A file that is not what it says is refused by that paper, with its name; nothing is saved.
    fake = SimpleUploadedFile("ban-ve.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = client.post(upload, {"file": fake})
    assert response.status_code == 400
    assert "ban-ve.png" in response.content.decode()
    other.refresh_from_db()
    assert other.status == "requested" and not other.file
    # A photo of the signed paper is taken, then the other paper as a PDF.
    assert client.post(upload, {"file": png_file("ban-ve.png")}).status_code == 302
    second = reverse("portal:my_paper_upload", args=[project.pk, item.pk])
    assert client.post(second, {"file": pdf_file("giay-dang-ky.pdf")}).status_code == 302
    page = client.get(reverse("portal:my_project", args=[project.pk])).content.decode()
    assert reverse("portal:my_project_send", args=[project.pk]) in page
    client.post(reverse("portal:my_project_send", args=[project.pk]))
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED


def test_someone_elses_project_takes_no_paper(client, personas, projects):
    theirs = projects["theirs"]
    item = theirs.dossier_items.filter(stage="application").first()
    client.force_login(personas["establishment_rep"])
    url = reverse("portal:my_paper_upload", args=[theirs.pk, item.pk])
    assert client.post(url, {"file": png_file("x.png")}).status_code == 404
    assert client.post(reverse("portal:my_project_send", args=[theirs.pk])).status_code == 404
    item.refresh_from_db()
    assert not item.file


def test_the_inbox_lists_newest_first_marks_read_and_the_badge_counts_the_unread(client, personas):
    owner = personas["establishment_rep"]
    for n in range(25):
        outbox.send(channel="in_app", recipient=owner, subject=f"Tin số {n:02d}", body="Nội dung")
    outbox.send(channel="in_app", recipient=personas["outsider"], subject="Tin của người khác", body="x")
    client.force_login(owner)
    home = client.get(reverse("home")).content.decode()
    assert ">25<" in home  # the badge
    first = client.get(reverse("portal:messages")).content.decode()
    assert first.index("Tin số 24") < first.index("Tin số 05") and "Tin số 04" not in first
    assert "Tin của người khác" not in first
    assert outbox.unread_count(owner) == 5  # the 20 shown are read now
    second = client.get(reverse("portal:messages"), {"page": "2"}).content.decode()
    assert "Tin số 04" in second and "Tin số 00" in second
    assert outbox.unread_count(owner) == 0
    assert client.get(reverse("portal:messages"), {"page": "x'"}).status_code == 200

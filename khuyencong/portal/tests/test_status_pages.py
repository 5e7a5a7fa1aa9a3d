"""The establishment's pages: its projects in plain words, the papers missing, its messages (issue 12 item 5)."""

import pytest
from django.urls import reverse

from khuyencong.accounts import outbox
from khuyencong.portal import plainwords
from khuyencong.projects.models import Status
from khuyencong.projects.tests.conftest import M, draft_project


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


def test_a_request_for_papers_shows_what_is_missing_with_a_link_to_send_it(client, personas, projects):
    staff, project = personas["centre_staff"], projects["ours"]
    project.submit(staff)
    project.start_appraisal(staff)
    item = project.dossier_items.filter(stage="application").first()
    item.review("rejected", staff, note="Bản chụp bị mờ")
    project.request_documents(staff, "Cần bản chụp rõ nét")
    client.force_login(personas["establishment_rep"])
    response = client.get(reverse("portal:my_project", args=[project.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert str(plainwords.WORDS[Status.NEEDS_DOCUMENTS][0]) in page
    assert item.name in page and "Bản chụp bị mờ" in page and "Cần bản chụp rõ nét" in page
    assert reverse("projects:dossier_upload", args=[project.pk, item.pk]) in page
    assert "needs_documents" not in page  # no raw codes


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

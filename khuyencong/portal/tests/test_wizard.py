"""The guided application: step by step, saved on the server, checked by the rules of its day."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as WordDocument

from conftest import login
from khuyencong.portal.applying import Application
from khuyencong.projects.models import Project
from khuyencong.tests.samples import pdf_bytes
from khuyencong.tests.wordfiles import texts

from .test_calls import make_call

pytestmark = pytest.mark.django_db

M = 1_000_000
PDF = pdf_bytes()


def step_url(application, step):
    return reverse("portal:application_step", args=[application.pk, step])


def started(client, personas, call=None):
    call = call or make_call()
    login(client, personas["establishment_rep"])
    response = client.post(reverse("portal:apply", args=[call.pk]))
    assert response.status_code == 302
    application = Application.objects.get(call=call)
    assert response["Location"] == step_url(application, "eligibility")
    return application


PROPOSAL = {
    "title": "Mua máy chẻ tre",
    "description": "Mua một máy, dạy 5 thợ",
    "place": "Xưởng thôn 3",
    "start_on": "01/03/2026",
    "end_on": "30/09/2026",
}


def through_budget(client, application, total="300", own="200", support="100"):
    assert client.post(step_url(application, "eligibility"), {"activity_type": "1"}).status_code == 302
    assert client.post(step_url(application, "proposal"), PROPOSAL).status_code == 302
    response = client.post(step_url(application, "budget"), {"total": total, "own": own, "support": support})
    assert response.status_code == 302, response.content.decode()[-3000:]
    application.refresh_from_db()
    return application


def test_a_representative_applies_step_by_step_and_submits(client, personas, registry):
    application = started(client, personas)
    assert application.establishment == registry["home"]
    application = through_budget(client, application)
    project = application.project
    assert project.status == Project.Status.DRAFT
    assert project.applicant == registry["home"]
    assert list(project.beneficiaries.all()) == [registry["home"]]
    assert (project.total_amount, project.counterpart_amount, project.support_amount) == (
        300 * M,
        200 * M,
        100 * M,
    )
    # Review: a paper is missing; sending is refused and says which.
    response = client.post(step_url(application, "review"), follow=True)
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    missing = project.missing_documents("application")
    assert missing and missing[0] in response.content.decode()
    for item in project.dossier_items.filter(stage="application", required=True):
        upload = SimpleUploadedFile("don.pdf", PDF, content_type="application/pdf")
        response = client.post(step_url(application, "documents"), {"item": item.pk, "file": upload})
        assert response.status_code == 302, response.content.decode()[-2000:]
    response = client.post(step_url(application, "review"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my_project", args=[project.pk])
    project.refresh_from_db()
    assert project.status == Project.Status.SUBMITTED


def test_each_step_resumes_on_another_device_and_back_is_allowed(client, personas, django_user_model):
    from django.test import Client

    application = started(client, personas)
    through_budget(client, application)
    other_device = login(Client(), personas["establishment_rep"])
    page = other_device.get(step_url(application, "proposal"))
    assert page.status_code == 200
    assert "Mua máy chẻ tre" in page.content.decode()
    assert "300" in other_device.get(step_url(application, "budget")).content.decode()
    # Starting again from the call resumes the same application.
    again = other_device.post(reverse("portal:apply", args=[application.call_id]))
    assert Application.objects.count() == 1
    assert again["Location"] == step_url(application, application.step)


def test_an_invalid_step_keeps_what_was_typed_and_says_where(client, personas):
    application = started(client, personas)
    client.post(step_url(application, "eligibility"), {"activity_type": "1"})
    bad = dict(PROPOSAL, end_on="01/01/2026")
    response = client.post(step_url(application, "proposal"), bad)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Mua máy chẻ tre" in text and "end_on" in text
    application.refresh_from_db()
    assert application.answers["proposal"]["title"] == "Mua máy chẻ tre"
    assert application.project is None
    # Budget that does not add up: refused on the total, typed values kept.
    client.post(step_url(application, "proposal"), PROPOSAL)
    response = client.post(step_url(application, "budget"), {"total": "300", "own": "100", "support": "100"})
    assert response.status_code == 400
    assert 'value="300"' in response.content.decode()


def test_the_cap_is_checked_live_and_again_on_post_by_the_rules_of_the_day(client, personas):
    """Machinery (activity 3): 300 triệu đồng in the rows in force today (Circular 28/2018, unchecked),
    200 triệu đồng for an application of 2015 (Joint Circular 26/2014 Art. 6.2.c)."""
    application = started(client, personas, make_call())
    client.post(step_url(application, "eligibility"), {"activity_type": "3"})
    client.post(step_url(application, "proposal"), PROPOSAL)
    typed = {"item": "machinery", "total": "1000", "own": "600", "support": "400"}
    live = client.get(reverse("portal:cap_check", args=[application.pk]), typed)
    assert live.status_code == 200
    text = live.content.decode()
    assert "300" in text and "Thông tư 28/2018/TT-BTC" in text
    response = client.post(step_url(application, "budget"), typed)
    assert response.status_code == 400
    assert "300" in response.content.decode()
    application.refresh_from_db()
    assert application.project.support_amount == 0  # not saved
    assert application.answers["budget"]["support"] == "400"  # kept as typed
    within = dict(typed, own="700", support="300")
    assert client.post(step_url(application, "budget"), within).status_code == 302
    application.refresh_from_db()
    assert application.project.support_amount == 300 * M
    assert application.project.support_item == "machinery"
    # The same application dated 2015 meets the 2015 cap: 300 is now over it.
    Application.objects.filter(pk=application.pk).update(eligibility_day=datetime.date(2015, 6, 1))
    live = client.get(reverse("portal:cap_check", args=[application.pk]), within)
    text = live.content.decode()
    assert "200" in text and "Thông tư liên tịch 26/2014/TTLT-BTC-BCT, Điều 6 khoản 2 điểm c" in text
    assert client.post(step_url(application, "budget"), within).status_code == 400


def test_uploads_refused_name_the_file_and_lose_nothing(client, personas, settings):
    settings.MAX_DOCUMENT_BYTES = 2048
    application = through_budget(client, started(client, personas))
    item = application.project.dossier_items.filter(stage="application").first()
    url = step_url(application, "documents")
    cases = [
        SimpleUploadedFile("ghi-chu.txt", b"just some text", content_type="text/plain"),
        SimpleUploadedFile("lon-qua.pdf", PDF + b"0" * 8192, content_type="application/pdf"),
        SimpleUploadedFile("anh-that.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="application/pdf"),
    ]
    for upload in cases:
        response = client.post(url, {"item": item.pk, "file": upload})
        assert response.status_code == 400
        assert upload.name in response.content.decode()
        item.refresh_from_db()
        assert not item.file
    application.refresh_from_db()
    assert application.answers["proposal"]["title"] == PROPOSAL["title"]
    assert application.project.support_amount == 100 * M


def test_scope_of_applications(client, personas, registry):
    application = started(client, personas)
    url = step_url(application, "eligibility")
    for who in ("other_officer", "commune_officer", "centre_staff", "other_province_staff", "outsider"):
        login(client, personas[who])
        assert client.get(url).status_code == 404, who
    # An officer cannot apply for an establishment.
    login(client, personas["commune_officer"])
    assert client.post(reverse("portal:apply", args=[application.call_id])).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.post(reverse("portal:apply", args=[application.call_id])).status_code == 302
    assert Application.objects.count() == 1


def test_a_closed_call_takes_no_application(client, personas):
    call = make_call(opens=-30, closes=-1)
    login(client, personas["establishment_rep"])
    client.post(reverse("portal:apply", args=[call.pk]))
    assert not Application.objects.exists()


def test_not_eligible_is_said_with_its_reason(client, personas):
    application = started(client, personas, make_call(types=("1", "10")))
    application.eligibility_day = application.eligibility_day.replace(year=2024)
    application.save()
    response = client.post(step_url(application, "eligibility"), {"activity_type": "10"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "15/10/2025" in text and "Nghị định 235/2025/NĐ-CP" in text
    application.refresh_from_db()
    assert application.step == "eligibility"


INTERNAL_NOTES = ("chưa xác định", "chưa đối chiếu", "not yet checked", "Chưa đọc được")


def at_budget(client, personas, activity="3"):
    application = started(client, personas, make_call())
    client.post(step_url(application, "eligibility"), {"activity_type": activity})
    client.post(step_url(application, "proposal"), PROPOSAL)
    return application


def test_before_a_total_is_typed_the_cap_says_what_it_is_made_of_never_zero(client, personas):
    """Machinery today: at most 50% of the cost and 300 triệu đồng (the rows in force, unchecked)."""
    application = at_budget(client, personas)
    for response in (
        client.get(step_url(application, "budget")),
        client.get(reverse("portal:cap_check", args=[application.pk]), {"item": "machinery"}),
        client.get(reverse("portal:cap_check", args=[application.pk]), {"item": "machinery", "total": ""}),
    ):
        text = response.content.decode()
        box = text[text.index('id="cap-check"') :]
        assert "<strong>0 " not in box and ">0 triệu" not in box, box[:600]
        if "machinery" in response.request["QUERY_STRING"]:
            assert "50%" in box and "300" in box, box[:600]


def test_the_applicant_reads_no_internal_note_of_a_rule(client, personas):
    application = at_budget(client, personas)
    typed = {"item": "machinery", "total": "1000", "own": "600", "support": "400"}
    pages = [
        client.get(step_url(application, "budget")),
        client.get(reverse("portal:cap_check", args=[application.pk]), typed),
        client.post(step_url(application, "budget"), typed),
        client.get(step_url(application, "eligibility")),
    ]
    for response in pages:
        text = response.content.decode()
        for note in INTERNAL_NOTES:
            assert note not in text, (note, response.request["PATH_INFO"])
    assert "Thông tư 28/2018/TT-BTC" in pages[1].content.decode()  # the text, in plain words


def test_a_budget_error_shows_once_by_its_field(client, personas):
    from django.utils.html import escape

    application = at_budget(client, personas)
    over = {"item": "machinery", "total": "1000", "own": "600", "support": "400"}
    wrong_sum = {"item": "machinery", "total": "1000", "own": "100", "support": "100"}
    for typed, field in ((over, "support"), (wrong_sum, "total")):
        response = client.post(step_url(application, "budget"), typed)
        assert response.status_code == 400
        (message,) = response.context["form"].errors[field]
        assert response.content.decode().count(escape(message)) == 1, message
        assert f'value="{typed[field]}"' in response.content.decode()  # kept as typed


def test_a_vietnamese_thousands_dot_is_read_in_the_budget(client, personas):
    application = at_budget(client, personas, activity="1")
    response = client.post(
        step_url(application, "budget"), {"total": "1.380", "own": "1.300", "support": "80"}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    application.refresh_from_db()
    assert application.project.total_amount == 1380 * M


def sent_application(client, personas):
    application = through_budget(client, started(client, personas))
    for item in application.project.dossier_items.filter(stage="application", required=True):
        upload = SimpleUploadedFile("don.pdf", PDF, content_type="application/pdf")
        client.post(step_url(application, "documents"), {"item": item.pk, "file": upload})
    assert client.post(step_url(application, "review")).status_code == 302
    application.project.refresh_from_db()
    assert application.project.status == Project.Status.SUBMITTED
    return application


def test_a_second_application_to_the_same_call_leads_to_the_one_sent(client, personas):
    application = sent_application(client, personas)
    mine = reverse("portal:my_project", args=[application.project_id])
    response = client.post(reverse("portal:apply", args=[application.call_id]))
    assert response.status_code == 302 and response["Location"] == mine
    assert Application.objects.count() == 1
    page = client.get(reverse("portal:call_detail", args=[application.call_id])).content.decode()
    assert mine in page
    assert reverse("portal:apply", args=[application.call_id]) not in page  # no "apply" button


def test_a_withdrawn_application_does_not_stop_a_new_one(client, personas):
    application = sent_application(client, personas)
    Project.objects.filter(pk=application.project_id).update(status=Project.Status.WITHDRAWN)
    response = client.post(reverse("portal:apply", args=[application.call_id]))
    assert Application.objects.count() == 2
    new = Application.objects.exclude(pk=application.pk).get()
    assert response["Location"] == step_url(new, "eligibility")


def test_each_paper_is_explained_with_an_example_and_the_pre_filled_ones_offered(client, personas):
    application = through_budget(client, started(client, personas))
    page = client.get(step_url(application, "documents"))
    text = page.content.decode()
    items = list(application.project.dossier_items.filter(stage="application", required=True))
    assert items
    for item in items:
        # From the row's data (plans.DossierRequirement).
        assert item.requirement.explanation and item.requirement.explanation in text
        assert item.requirement.example and item.requirement.example in text
    for kind in ("request-letter", "proposal", "estimate"):
        url = reverse("projects:paper", args=[application.project_id, kind])
        assert url in text, kind
        download = client.get(url)
        assert download.status_code == 200 and download["Content-Type"].endswith("document")
    for note in INTERNAL_NOTES:
        assert note not in text


def test_a_refused_upload_says_why_once_by_its_paper(client, personas):
    from django.utils.html import escape

    application = through_budget(client, started(client, personas))
    item = application.project.dossier_items.filter(stage="application").first()
    upload = SimpleUploadedFile("ghi-chu.txt", b"just some text", content_type="text/plain")
    response = client.post(step_url(application, "documents"), {"item": item.pk, "file": upload})
    assert response.status_code == 400
    (why,) = response.context["form"].errors["file"]
    assert response.content.decode().count(escape(why)) == 1


def lines(*rows, extra=1):
    """The budget's estimate lines as the page posts them: the rows typed, then empty ones."""
    data = {"lines-TOTAL_FORMS": str(len(rows) + extra), "lines-INITIAL_FORMS": "0"}
    for n, (content, amount) in enumerate(rows):
        data |= {f"lines-{n}-content": content, f"lines-{n}-amount": amount}
    return data


def test_the_estimates_lines_are_saved_in_order_and_empty_ones_left_out(client, personas):
    from khuyencong.projects import paperwork

    application = at_budget(client, personas, activity="1")
    typed = {"total": "300", "own": "200", "support": "100"} | lines(
        ("Máy chẻ tre", "250"), ("Dạy thợ", "50")
    )
    assert client.post(step_url(application, "budget"), typed).status_code == 302
    project = Project.objects.get(pk=Application.objects.get(pk=application.pk).project_id)
    assert [(line.content, line.amount) for line in project.cost_lines.all()] == [
        ("Máy chẻ tre", 250 * M),
        ("Dạy thợ", 50 * M),
    ]
    from khuyencong.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="projects.costline.created").count() == 2
    # Sent again with one line changed: the lines are replaced, not added to, and the removal is kept.
    typed = {"total": "300", "own": "200", "support": "100"} | lines(("Máy chẻ tre loại lớn", "300"))
    assert client.post(step_url(application, "budget"), typed).status_code == 302
    assert list(project.cost_lines.values_list("content", flat=True)) == ["Máy chẻ tre loại lớn"]
    assert AuditEntry.objects.filter(action="projects.costline.deleted").count() == 2
    estimate = "\n".join(texts(WordDocument(io.BytesIO(paperwork.to_docx(project, "estimate")))))
    assert "Máy chẻ tre loại lớn" in estimate and "Máy chẻ tre\n" not in estimate


def test_lines_that_do_not_make_the_total_are_refused_and_kept_as_typed(client, personas):
    application = at_budget(client, personas, activity="1")
    typed = {"total": "300", "own": "200", "support": "100"} | lines(
        ("Máy chẻ tre", "250"), ("Dạy thợ", "40")
    )
    response = client.post(step_url(application, "budget"), typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert "290" in page and "300" in page  # the lines' sum and the total, said in triệu đồng
    assert 'value="Dạy thợ"' in page and 'value="40"' in page
    application.refresh_from_db()
    assert not Project.objects.get(pk=application.project_id).cost_lines.exists()
    # A line with words and no amount, or an amount and no words, is said by its own box.
    typed = {"total": "300", "own": "200", "support": "100"} | lines(("Máy chẻ tre", ""), ("", "50"))
    form = client.post(step_url(application, "budget"), typed).context["form"]
    assert form.lines.forms[0].errors["amount"] and form.lines.forms[1].errors["content"]


def test_add_a_line_keeps_what_was_typed_and_shows_one_more_empty_line(client, personas):
    application = at_budget(client, personas, activity="1")
    typed = {"total": "300", "own": "", "support": "abc", "add_line": "1"} | lines(
        ("Máy chẻ tre", "250"), extra=0
    )
    response = client.post(step_url(application, "budget"), typed)
    assert response.status_code == 302 and response["Location"].endswith("?line=added#cost-lines")
    page = client.get(response["Location"].split("#")[0])
    assert page.status_code == 200
    form = page.context["form"]
    assert len(form.lines.forms) == 2 and not form.errors  # nothing is judged before it is sent
    text = page.content.decode()
    assert 'value="Máy chẻ tre"' in text and 'value="abc"' in text and 'value="300"' in text
    # On another device the draft comes back with the same line.
    assert Application.objects.get(pk=application.pk).answers["budget"]["lines-0-content"] == "Máy chẻ tre"


def test_a_draft_kept_before_the_lines_existed_still_opens(client, personas):
    application = at_budget(client, personas, activity="1")
    application.refresh_from_db()
    application.answers = {**application.answers, "budget": {"total": "300", "own": "200", "support": "100"}}
    application.save()
    page = client.get(step_url(application, "budget"))
    assert page.status_code == 200 and len(page.context["form"].lines.forms) == 3

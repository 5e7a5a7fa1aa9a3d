"""Each persona's home page lists what waits for them, in their scope, in a few queries."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from conftest import login
from khuyencong.projects.models import Milestone
from khuyencong.projects.tests import conftest as project_world
from khuyencong.projects.tests.conftest import appraise, draft_project, running_project

programme = project_world.programme  # the projects' fixture: this year's plans and batches in Hưng Yên

M = 1_000_000


def home_page(client, user) -> str:
    # In English, so that the lists are found by their msgids (test_i18n holds their Vietnamese).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = login(client, user).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, title: str) -> str:
    """The card of one list: from its heading to the end of its card."""
    heading = f">{title}</h3>"
    assert heading in page, title
    return page.split(heading, 1)[1].split("</section>", 1)[0]


@pytest.mark.django_db
def test_centre_staff_see_the_project_to_appraise_and_the_need_to_triage(client, personas, programme):
    project = draft_project(programme, personas, 100 * M, title="Đề án chờ thẩm định")
    project.submit(personas["centre_staff"])
    page = home_page(client, personas["centre_staff"])
    assert reverse("projects:detail", args=[project.pk]) in section(page, "Projects to appraise")
    assert "Cơ sở home" in section(page, "Needs to triage")


@pytest.mark.django_db
def test_centre_staff_see_the_approved_project_until_its_money_is_paid(client, personas, programme):
    project = running_project(programme, personas, 100 * M, title="Đề án chờ cấp tiền")
    staff, today = personas["centre_staff"], programme["today"]
    link = reverse("projects:detail", args=[project.pk])
    assert link in section(home_page(client, staff), "Approved projects with money to pay")
    project.record_payment(staff, "advance", 30 * M, today, "PC-01")
    assert link in section(home_page(client, staff), "Approved projects with money to pay")  # 70 M to go
    project.record_payment(staff, "payment", 70 * M, today, "PC-02")
    paid_up = section(home_page(client, staff), "Approved projects with money to pay")
    assert link not in paid_up and "No approved project waits for a payment." in paid_up


@pytest.mark.django_db
def test_the_finance_appraiser_sees_the_project_awaiting_their_appraisal(client, personas, programme):
    project = draft_project(programme, personas, 100 * M, source="KCĐP", title="Đề án cần Sở Tài chính")
    project.submit(personas["centre_staff"])
    project.start_appraisal(personas["centre_staff"])
    page = home_page(client, personas["finance"])
    assert "Đề án cần Sở Tài chính" in section(page, "Projects awaiting your finance appraisal")


@pytest.mark.django_db
def test_the_leader_sees_the_project_proposed_for_approval(client, personas, programme):
    project = appraise(draft_project(programme, personas, 100 * M, title="Đề án trình duyệt"), personas)
    page = home_page(client, personas["leader"])
    assert reverse("projects:detail", args=[project.pk]) in section(page, "Projects proposed for approval")
    assert "No project waits for acceptance." in section(page, "Acceptance to decide")  # says so


@pytest.mark.django_db
def test_overdue_milestones_wait_for_the_centre(client, personas, programme):
    project = running_project(programme, personas, 100 * M, title="Đề án chậm mốc")
    Milestone.objects.create(
        project=project, name="Lắp máy", due_on=programme["today"] - datetime.timedelta(days=3)
    )
    page = home_page(client, personas["centre_staff"])
    late = section(page, "Overdue")
    assert "Lắp máy" in late and "Đề án chậm mốc" in late


@pytest.mark.django_db
def test_the_commune_officer_sees_their_communes_needs_only(client, personas, registry):
    page = home_page(client, personas["commune_officer"])
    needs = section(page, "Your commune&#x27;s needs")
    assert reverse("registry:need_detail", args=[registry["home"].needs.get().pk]) in needs
    assert "Cơ sở home" in needs and "Cơ sở other" not in page


@pytest.mark.django_db
def test_the_representative_sees_their_application_in_words_and_what_is_missing(
    client, personas, programme, registry
):
    project = draft_project(programme, personas, 80 * M, applicant=registry["home"], title="Đề án của tôi")
    item = project.dossier_items.filter(stage="application").first()
    item.review("rejected", personas["centre_staff"], note="Thiếu chữ ký")
    page = home_page(client, personas["establishment_rep"])
    mine = section(page, "My applications")
    assert "Đề án của tôi" in mine
    assert "Not submitted yet" in mine  # the state in words, never its code
    assert item.name in mine.split("Still missing:", 1)[1]  # what is missing, by its name


@pytest.mark.django_db
def test_the_ministry_sees_the_provinces_execution(client, personas, programme):
    page = home_page(client, personas["ministry"])
    execution = section(page, f"Provinces&#x27; execution in {programme['today'].year}")
    assert "Tỉnh Hưng Yên" in execution
    # Each province links to its own plan page, not to the roll-up of all of them.
    hung_yen = programme["province"]
    assert reverse("reports:execution", args=[hung_yen.pk, programme["today"].year]) in execution


@pytest.mark.django_db
def test_a_list_longer_than_the_home_page_shows_links_to_all_of_it(client, personas, programme):
    """Six projects to pay, five shown: "See all" opens the project list of exactly those six."""
    from khuyencong import home

    staff = personas["centre_staff"]
    projects = [
        running_project(programme, personas, 10 * M, title=f"Đề án {n}") for n in range(home.SHOWN + 1)
    ]
    to_pay = section(home_page(client, staff), "Approved projects with money to pay")
    link = reverse("projects:list") + "?waiting=pay"
    assert f'href="{link}"' in to_pay
    listed = client.get(link).content.decode()
    assert all(reverse("projects:detail", args=[p.pk]) in listed for p in projects)
    for persona in ("centre_staff", "finance", "leader", "ministry", "province_admin"):
        assert all(queue.link for queue in home.queues_for(personas[persona])), persona


@pytest.mark.django_db
def test_a_province_administrator_sees_users_and_imports(client, personas):
    page = home_page(client, personas["province_admin"])
    assert reverse("accounts:user_detail", args=[personas["establishment_rep"].pk]) in section(page, "Users")
    assert reverse("accounts:user_detail", args=[personas["other_province_staff"].pk]) not in page
    assert "No import waits." in section(page, "Imports to finish")


@pytest.mark.django_db
def test_other_provinces_work_is_not_listed(client, personas, programme):
    project = draft_project(programme, personas, 100 * M, title="Đề án Hưng Yên")
    project.submit(personas["centre_staff"])
    page = home_page(client, personas["other_province_staff"])
    assert "Đề án Hưng Yên" not in page
    assert "No project waits for appraisal." in section(page, "Projects to appraise")


@pytest.mark.django_db
def test_a_user_without_a_role_is_told_so(client, personas):
    page = home_page(client, personas["outsider"])
    assert "Your account has no role yet" in page


@pytest.mark.django_db
def test_the_home_page_takes_a_few_queries_however_much_waits(
    client, personas, programme, django_assert_max_num_queries
):
    for number in range(12):
        draft_project(programme, personas, 10 * M, title=f"Đề án {number}").submit(personas["centre_staff"])
    login(client, personas["centre_staff"])
    with django_assert_max_num_queries(25):
        client.get(reverse("home"))


@pytest.mark.django_db
def test_a_plan_deadline_says_plainly_since_when_it_is_overdue(personas):
    """ "quá hạn từ 20/05/2026", not "quá hạn: hạn 20/05/2026"."""
    from django.utils import translation

    from khuyencong import home

    with translation.override("en"):
        queue = home.plan_deadlines_queue(personas["centre_staff"], datetime.date(2026, 5, 25))
    notes = [item.note for item in queue.items]
    assert notes[0].startswith("overdue since 20/05/2026 ("), notes
    assert notes[1].startswith("due on 15/06/2026 ("), notes

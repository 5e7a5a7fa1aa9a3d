"""Centre staff itemise a draft's estimate in đồng (projects/estimate.py, docs/self-service.md): the
lines must make the total, "add a line" keeps what was typed, a project past its draft is read only,
and every change is audited."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khuyencong.audit.models import AuditEntry
from khuyencong.projects import estimate
from khuyencong.projects.models import CostLine

from .conftest import M, draft_project, running_project

pytestmark = pytest.mark.django_db


def posted(*rows, extra=0, **more):
    data = {"lines-TOTAL_FORMS": str(len(rows) + extra), "lines-INITIAL_FORMS": "0", **more}
    for n, (content, amount) in enumerate(rows):
        data |= {f"lines-{n}-content": content, f"lines-{n}-amount": amount}
    return data


@pytest.fixture
def draft(programme, personas, registry):
    return draft_project(
        programme, personas, 100 * M, 60 * M, applicant=registry["home"], title="Máy vót nan"
    )


def test_centre_staff_itemise_a_draft_and_the_papers_list_the_lines(client, personas, draft):
    client.force_login(personas["centre_staff"])
    url = reverse("projects:estimate", args=[draft.pk])
    page = client.get(url)
    assert page.status_code == 200 and len(page.context["lines"].forms) == estimate.FIRST_LINES
    response = client.post(url, posted(("Máy vót nan", "120.000.000"), ("Dạy thợ", "40 triệu"), extra=1))
    assert response.status_code == 302
    assert [(line.content, line.amount) for line in draft.cost_lines.all()] == [
        ("Máy vót nan", 120 * M),
        ("Dạy thợ", 40 * M),
    ]
    assert AuditEntry.objects.filter(action="projects.costline.created").count() == 2
    detail = client.get(reverse("projects:detail", args=[draft.pk])).content.decode()
    assert "Máy vót nan: 120.000.000" in detail and url in detail
    # Shown again with the lines kept, and one empty line to add another.
    again = client.get(url)
    assert [form.initial.get("content") for form in again.context["lines"].forms] == [
        "Máy vót nan",
        "Dạy thợ",
        None,
    ]


def test_lines_that_do_not_make_the_total_are_refused_and_nothing_is_written(client, personas, draft):
    client.force_login(personas["centre_staff"])
    url = reverse("projects:estimate", args=[draft.pk])
    response = client.post(url, posted(("Máy vót nan", "120.000.000"), ("Dạy thợ", "30.000.000")))
    assert response.status_code == 400
    page = response.content.decode()
    assert "150.000.000" in page and "160.000.000" in page  # the lines' sum and the total
    assert 'value="Dạy thợ"' in page and 'value="30.000.000"' in page
    assert not draft.cost_lines.exists()


def test_add_a_line_keeps_what_was_typed_without_judging_it(client, personas, draft):
    client.force_login(personas["centre_staff"])
    url = reverse("projects:estimate", args=[draft.pk])
    response = client.post(url, posted(("Máy vót nan", "abc"), add_line="1"))
    assert response.status_code == 200
    lines = response.context["lines"]
    assert len(lines.forms) == 2 and not lines.is_bound
    assert 'value="abc"' in response.content.decode()
    assert not draft.cost_lines.exists()


def test_a_project_past_its_draft_shows_its_lines_and_takes_no_change(client, personas, programme, registry):
    project = running_project(programme, personas, 50 * M, applicant=registry["home"], title="Lò sấy")
    CostLine.objects.create(project=project, position=1, content="Lò sấy", amount=50 * M)
    client.force_login(personas["centre_staff"])
    url = reverse("projects:estimate", args=[project.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Lò sấy: 50.000.000" in page.content.decode()
    assert 'name="lines-TOTAL_FORMS"' not in page.content.decode()
    assert client.post(url, posted(("Khác", "50.000.000"))).status_code == 400
    assert list(project.cost_lines.values_list("content", flat=True)) == ["Lò sấy"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["", "  ", "Máy vót nan", "Dạy thợ", "Thuê xưởng "]),
            st.one_of(
                st.just(""),
                st.integers(min_value=0, max_value=10**10).map(str),
                st.sampled_from(["abc", "12x", "-5", "1,2,3"]),
            ),
        ),
        max_size=6,
    )
)
def test_any_lines_typed_are_taken_exactly_when_each_is_whole_or_empty(rows):
    """Hostile lines: words without an amount, an amount without words, amounts that are not money.
    The set is taken only when every line is whole or empty, and it keeps exactly the whole lines."""
    lines = estimate.line_set(estimate.DongLineForm, posted(*rows))

    def whole(content, amount):
        return bool(content.strip()) and amount.isdigit()

    def empty(content, amount):
        return not content.strip() and not amount

    assert lines.is_valid() == all(whole(c, a) or empty(c, a) for c, a in rows)
    if lines.is_valid():
        assert estimate.filled(lines) == [(c.strip(), int(a)) for c, a in rows if whole(c, a)]


def test_add_a_line_keeps_empty_lines_in_place_and_stops_at_the_most_with_a_word(client, personas, draft):
    client.force_login(personas["centre_staff"])
    url = reverse("projects:estimate", args=[draft.pk])
    # Three empty lines, then one typed below them: four come back, and a fifth, empty, to add.
    response = client.post(url, posted(("", ""), ("", ""), ("Dạy thợ", "40.000.000"), add_line="1"))
    assert [form.initial.get("content") for form in response.context["lines"].forms] == [
        "",
        "",
        "Dạy thợ",
        None,
    ]
    assert 'name="add_line"' in response.content.decode()
    most = [(f"Khoản {n}", "1.000") for n in range(estimate.MAX_LINES)]
    response = client.post(url, posted(*most[:-1], add_line="1"))
    assert len(response.context["lines"].forms) == estimate.MAX_LINES
    page = response.content.decode()
    assert 'name="add_line"' not in page and f"{estimate.MAX_LINES} dòng" in page

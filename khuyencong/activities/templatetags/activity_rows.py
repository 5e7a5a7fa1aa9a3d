"""Rows of the activities' long lists, each written by one call (as the registry's rows are:
fifty rows of a dozen lookups and filters each were most of the list's own rendering)."""

from django import template
from django.utils.html import format_html

register = template.Library()

TRAINEE_ROW = (
    "<tr>\n    <td>{}</td><td>{}</td>\n"
    '    <td class="d-none d-md-table-cell">{}</td>\n'
    '    <td class="d-none d-md-table-cell">{}</td>\n'
    '    <td><a href="{}{}/">{}</a></td>\n'
    "    <td>{}</td>\n"
    '    <td class="d-none d-md-table-cell">{}{}</td>\n  </tr>'
)


@register.simple_tag
def trainee_row(row: dict, course_url: str, sexes: dict, yes: str, no: str):
    """A row of the trainee list (a `.values()` dict); `course_url` is the courses' address prefix."""
    employed = row["employed_after_training"]
    return format_html(
        TRAINEE_ROW,
        row["full_name"],
        row["birth_year"],
        sexes.get(row["sex"]) or "—",
        row["current_commune__name"] or "—",
        course_url,
        row["course_id"],
        row["course__title"],
        yes if row["completed"] else no,
        yes if employed else no,
        format_html(" · {}", row["employed_at"]) if employed and row["employed_at"] else "",
    )

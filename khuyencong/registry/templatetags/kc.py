"""Small template filters of the registry pages."""

from django import template
from django.utils.html import format_html

from khuyencong import vnformat

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """mapping[key] in a template: `{{ labels|get_item:row.code }}`."""
    return mapping.get(key, "")


ESTABLISHMENT_ROW = (
    '<tr><td><a href="{}{}/">{}</a></td><td>{}</td><td>{}</td>'
    '<td class="d-none d-md-table-cell">{}</td><td class="d-none d-md-table-cell text-end">{}</td></tr>'
)


@register.simple_tag
def establishment_row(row: dict, list_url: str, legal_forms: dict):
    """A row of the registry list (a `.values()` dict) in one call: fifty rows of six lookups and
    filters each were most of the list's own rendering."""
    workers = row["workers"]
    return format_html(
        ESTABLISHMENT_ROW,
        list_url,
        row["id"],
        row["name"],
        legal_forms.get(row["legal_form"], ""),
        row["current_commune__name"] or "",
        row["trade"],
        "" if workers is None else workers,
    )


PROJECT_ROW = (
    '<tr>\n    <td class="text-nowrap"><a href="{}{}/">{}</a></td><td>{}</td><td>{}{}</td>\n'
    '    <td><span class="badge text-bg-secondary">{}</span></td>\n'
    '    <td class="text-end">{}</td>\n  </tr>'
)


@register.simple_tag
def project_row(row: dict, list_url: str, status_labels: dict, batch_word: str):
    """A row of the project list (a `.values()` dict) in one call, as `establishment_row`: the
    list's own rendering was mostly its fifty rows' lookups and filters."""
    batch = (
        format_html(
            " · {} {}", batch_word, vnformat.roman(row["batch__number"]) if row["batch__number"] else ""
        )
        if row["batch_id"]
        else ""
    )
    support = row["support_amount"] if row["approved_support"] is None else row["approved_support"]
    return format_html(
        PROJECT_ROW,
        list_url,
        row["id"],
        row["code"],
        row["title"],
        row["source__code"],
        batch,
        status_labels.get(row["status"], ""),
        vnformat.millions(support),
    )

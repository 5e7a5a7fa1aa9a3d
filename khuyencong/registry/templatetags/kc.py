"""Small template filters of the registry pages."""

from django import template
from django.utils.html import format_html

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

"""The figure cells of the roll-up's and the plan page's rows, formatted in one call per row.

The roll-up has a row per province and source (about seventy): six filters and their lookups per
row were a third of its rendering, so each row's cells are written here at once, in the same
markup and the same formats as the `money` filters. The plan page's batch rows likewise.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from khuyencong import vnformat

register = template.Library()

CELLS = (
    '<td data-col="planned">{}</td><td data-col="disbursed">{}</td><td data-col="percent">{}</td>'
    '<td data-col="previous">{}</td><td data-col="change">{}</td><td data-col="allocated">{}</td>'
)


@register.simple_tag
def rollup_cells(row):
    """Planned, disbursed, % disbursed, same period last year, change and allocated of a `PlaceRow`."""
    line, language = row.line, get_language()
    return format_html(
        CELLS,
        vnformat.millions(line.planned, language),
        vnformat.millions(line.disbursed, language),
        vnformat.percent(line.percent_disbursed, language),
        vnformat.millions(row.previous_disbursed, language),
        vnformat.percent(row.year_on_year, language, signed=True),
        vnformat.millions(line.allocated, language),
    )


LINE_CELLS = (
    '<td data-col="planned">{}</td><td data-col="disbursed">{}</td><td data-col="percent">{}</td>'
    '<td data-col="remaining">{}</td><td data-col="allocated">{}</td><td>{}</td><td>{}</td><td>{}</td>'
)


@register.simple_tag
def line_cells(line):
    """Planned, disbursed, % disbursed, remaining, allocated, advanced, paid and settled of a `Line`
    (a batch's or a source's total on the plan page)."""
    language = get_language()
    return format_html(
        LINE_CELLS,
        vnformat.millions(line.planned, language),
        vnformat.millions(line.disbursed, language),
        vnformat.percent(line.percent_disbursed, language),
        vnformat.millions(line.remaining, language),
        vnformat.millions(line.allocated, language),
        vnformat.millions(line.advanced, language),
        vnformat.millions(line.paid, language),
        vnformat.millions(line.settled, language),
    )

"""The dashboard's cells: amounts shown in triệu đồng (vnformat) and carried as numbers for the charts."""

from django import template
from django.utils.translation import get_language

from khuyencong import vnformat

register = template.Library()


@register.filter
def chart_millions(dong) -> str:
    """Whole đồng as a plain number of millions, for a chart to read (a dot, no grouping)."""
    return f"{(dong or 0) / 1_000_000:.6f}".rstrip("0").rstrip(".")


@register.filter
def tr(dong) -> str:
    """Whole đồng in triệu đồng as the pages write it ("12,5")."""
    return vnformat.millions(dong, get_language())

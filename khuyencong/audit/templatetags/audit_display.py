from django import template

from .. import display

register = template.Library()


@register.filter
def described(entry) -> str:
    return display.describe(entry.action)


@register.filter
def changes_shown(entry) -> list:
    return display.changes(entry)

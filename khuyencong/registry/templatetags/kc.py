"""Small template filters of the registry pages."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """mapping[key] in a template: `{{ labels|get_item:row.code }}`."""
    return mapping.get(key, "")

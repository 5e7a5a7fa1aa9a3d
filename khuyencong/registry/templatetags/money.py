"""Template filters for money and ratios, in the page's language: {{ amount|millions }}, {{ ratio|percent }}."""

from django import template

from khuyencong import vnformat

register = template.Library()


@register.filter
def millions(amount):
    return vnformat.millions(amount)


@register.filter
def dong(amount):
    return vnformat.dong(amount)


@register.filter
def count(number):
    """A count with the page's thousands separator: 1.380 people."""
    return vnformat.grouped(number or 0)


@register.filter
def percent(value):
    return vnformat.percent(value)


@register.filter
def signed_percent(value):
    return vnformat.percent(value, signed=True)


@register.filter
def roman(number):
    """Batches are numbered I, II, III."""
    return vnformat.roman(number) if number else ""


@register.filter
def phone(number):
    """A phone number grouped the Vietnamese way: 0912 345 678."""
    return vnformat.phone(number)

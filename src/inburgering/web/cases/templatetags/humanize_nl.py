"""Small display filters: numbers with the Dutch thousands separator, absolute values for day counts."""

from django import template

from inburgering import notatie

register = template.Library()


@register.filter
def getal(value) -> str:
    """1234567 as '1.234.567' (``inburgering.notatie``)."""
    return notatie.getal(int(value))


@register.filter
def absolute(value) -> int:
    return abs(int(value))

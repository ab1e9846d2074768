"""{{ amount|pounds }}: “£2.50” in English, “£2,50” in Polish; {{ n|count }}: “1,537” in English,
“1 537” in Polish (lib/numbers.py)."""

from django import template

from lib.numbers import count as format_count
from lib.numbers import pounds as format_pounds

register = template.Library()


@register.filter
def pounds(value):
    return format_pounds(value) if value is not None and value != "" else ""


@register.filter
def count(value):
    return format_count(value)

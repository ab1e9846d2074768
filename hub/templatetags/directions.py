"""{{ value|ltr }} keeps text that reads left to right in that order on a right-to-left page
(Urdu, Arabic): a postcode, an email or web address, an address written in English. Without
it, "NG7 2RD" or "info@group.org." can come out scrambled inside Arabic script. Phone numbers
are kept so by {{ number|phone }} itself (hub/templatetags/phones.py)."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def ltr(value):
    return format_html('<bdi dir="ltr">{}</bdi>', value) if value not in (None, "") else ""

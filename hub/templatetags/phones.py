"""{{ number|phone }} shows a phone number in its usual groupings, kept left to right on a
right-to-left page; {{ number|dial }} is the same number for a tel: link (hub.phones)."""

from django import template

from hub.phones import dial_phone, display_phone

from .directions import ltr

register = template.Library()


@register.filter
def phone(value):
    return ltr(display_phone(value)) if value else ""


@register.filter
def dial(value):
    return dial_phone(value) if value else ""

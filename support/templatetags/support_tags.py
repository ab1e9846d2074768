from django import template
from django.utils.translation import gettext as _

from lib.numbers import pounds as money
from support.kinds import ROLE_EXPLAINED, Role

register = template.Library()


@register.filter
def pounds(value):
    """50 → '£50', 49.5 → '£49.50'; no fee → 'No fee'."""
    if value is None:
        return _("No fee")
    return money(value)


@register.filter
def role_label(value):
    return Role(value).label if value in Role.values else ""


@register.filter
def role_explained(value):
    return ROLE_EXPLAINED.get(value, "")


@register.filter
def days_ago(value):
    from django.utils import timezone
    from django.utils.translation import ngettext

    days = (timezone.now() - value).days
    if days < 1:
        return _("today")
    return ngettext("%(n)s day ago", "%(n)s days ago", days) % {"n": days}

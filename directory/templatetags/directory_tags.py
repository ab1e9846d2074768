from django import template
from django.utils import formats
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from directory.recurrence import describe_occurrence, format_start
from lib.numbers import decimal_number

register = template.Library()


@register.filter
def meeting_when(value):
    """An aware date-time as 'Tuesday 8 December 2026, 7pm' in London time."""
    return format_start(value) if value else ""


@register.filter
def occurrence_when(value):
    """A meeting to come (recurrence.Occurrence): its day and time, and where it moved from."""
    return describe_occurrence(value) if value else ""


@register.filter
def miles(value):
    if value is None:
        return ""
    if value < 0.1:
        return _("less than 0.1 miles away")
    rounded = round(value, 1)
    # Plural forms need a whole number; 1.0 reads "1 mile", anything else "miles".
    plural = 1 if rounded == 1 else 2
    return ngettext("%(n)s mile away", "%(n)s miles away", plural) % {"n": decimal_number(rounded)}


@register.filter
def month_year(value):
    return formats.date_format(value, "YEAR_MONTH_FORMAT") if value else ""


@register.filter
def started(group):
    """When a group started: "2026" when only the year is known (Group.started_year_only),
    otherwise the month and year."""
    if not group.started_on:
        return ""
    if group.started_year_only:
        return str(group.started_on.year)
    return month_year(group.started_on)


@register.filter
def in_reader_language(group):
    """The group's name and own words for the reader of this page (Group.text_for)."""
    return group.text_for(get_language())

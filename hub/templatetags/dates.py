"""{{ value|time_of_day }}: a time as people read it in the page's language (lib/dates.py):
7pm in English, 19:00 in Polish. A day is {{ value|date:"WEEKDAY_DATE_FORMAT" }}."""

from django import template

from lib.dates import format_time

register = template.Library()


@register.filter
def time_of_day(value):
    return format_time(value) if value else ""

"""A day and a time of day as people read them, in the reader's language.

The formats are named per language in hub/formats/<language>/formats.py: in English a day is
“Wednesday 24 February 2027” and a time “7pm”, “10:30am” or “12 noon”; in Welsh “Dydd
Mercher 24 Chwefror 2027” and “7 y.h.”; in Polish “Środa, 24 lutego 2027” and “19:00”.
Templates use {{ value|date:"WEEKDAY_DATE_FORMAT" }} and {{ value|time_of_day }}.
"""

import datetime

from django.utils import formats
from django.utils.translation import gettext as _

# CLOCK_FORMAT's value (hub/formats/) for the UK's everyday style, 7pm, 10:30am, 12 noon,
# which no Django format letters write (Django's "P" writes "7 p.m."); any other value is a
# Django time format.
UK_CLOCK = "7pm"


def format_day(value: datetime.date) -> str:
    """Wednesday 24 February 2027."""
    return formats.date_format(value, "WEEKDAY_DATE_FORMAT")


def format_time(value: datetime.time) -> str:
    """A time of day: 7pm, 10:30am, 12 noon in English; 19:00 in Polish."""
    style = formats.get_format("CLOCK_FORMAT")
    if style != UK_CLOCK:
        return formats.time_format(value, style)
    if value.hour == 12 and value.minute == 0:
        return _("12 noon")
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.minute:
        return f"{hour}:{value.minute:02d}{suffix}"
    return f"{hour}{suffix}"

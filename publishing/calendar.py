"""iCalendar (.ics) files of a group's meetings."""

import datetime

from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar, Event, vRecur

from directory.recurrence import LONDON
from lib.urls import absolute_url


def group_calendar(group) -> tuple[str, str, bytes]:
    """(filename, mimetype, bytes) of a calendar holding each regular meeting of `group`.

    Each meeting is one recurring event in Europe/London time, so calendars keep it at
    the same local time when the clocks change.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Self Help Hub//Group meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", group.name)
    calendar.add("x-wr-timezone", "Europe/London")
    url = absolute_url(group.get_absolute_url())
    stamp = timezone.now()
    meetings = list(group.meetings.select_related("venue"))
    for meeting in meetings:
        rule = meeting.rule.to_ical()
        starts = meeting.next_dates(1)
        if rule is None or not starts:
            continue
        # Start the series at the next meeting: it is a real occurrence, so calendars
        # don't show a stray extra date, and the rhythm of "every n weeks" is kept.
        first = starts[0]
        event = Event()
        event.add("uid", f"{meeting.uuid}@selfhelphub")
        event.add("dtstamp", stamp)
        # With more than one regular meeting, say which one this is.
        event.add("summary", group.name if len(meetings) == 1 else f"{group.name}: {meeting.describe()}")
        event.add("dtstart", first)
        if meeting.end_time:
            event.add("dtend", datetime.datetime.combine(first.date(), meeting.end_time, tzinfo=LONDON))
        event.add("rrule", vRecur(rule))
        if meeting.venue:
            # What the public may see of the place (Venue.public_lines): a member's home is its area only.
            event.add("location", meeting.venue.public_address)
        elif meeting.online_details:
            event.add("location", meeting.online_details)
        description = [meeting.describe(), meeting.venue.address_note if meeting.venue else "", meeting.notes, url]
        event.add("description", "\n".join(part for part in description if part))
        event.add("url", url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return f"{slugify(group.name)}.ics", "text/calendar; charset=utf-8", calendar.to_ical()

"""iCalendar (.ics) files of a group's meetings."""

import datetime

from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar, Event, vRecur

from directory.recurrence import LONDON, next_starts
from lib.urls import absolute_url


def group_calendar(group) -> tuple[str, str, bytes]:
    """(filename, mimetype, bytes) of a calendar holding each regular meeting of `group`.

    Each meeting is one recurring event in Europe/London time, so calendars keep it at
    the same local time when the clocks change. A date the group cancelled is left out of
    the series (EXDATE); a date it moved is an event of its own overriding that one
    (RECURRENCE-ID), which Google, Apple and Microsoft calendars all follow (RDATE, the
    other way, is ignored by some).
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Self Help Hub//Group meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", group.name)
    calendar.add("x-wr-timezone", "Europe/London")
    url = absolute_url(group.get_absolute_url())
    stamp = timezone.now()
    meetings = list(group.meetings.select_related("venue").prefetch_related("changes"))
    for meeting in meetings:
        rule = meeting.rule.to_ical()
        changes = list(meeting.changes.all())
        first = _series_start(meeting, changes, stamp)
        if rule is None or first is None:
            continue
        # With more than one regular meeting, say which one this is.
        summary = group.name if len(meetings) == 1 else f"{group.name}: {meeting.describe()}"
        location = _location(meeting)
        description = "\n".join(part for part in [
            meeting.describe(), meeting.venue.address_note if meeting.venue else "", meeting.notes, url] if part)
        event = _event(meeting, stamp, summary, url)
        event.add("dtstart", first)
        if meeting.end_time:
            event.add("dtend", datetime.datetime.combine(first.date(), meeting.end_time, tzinfo=LONDON))
        event.add("rrule", vRecur(rule))
        cancelled = sorted(_regular_start(meeting, change.on_date) for change in changes
                           if change.cancelled and change.on_date >= first.date())
        if cancelled:
            event.add("exdate", cancelled)
        if location:
            event.add("location", location)
        event.add("description", description)
        calendar.add_component(event)
        for change in changes:
            if change.cancelled or change.on_date < first.date():
                continue
            moved = _event(meeting, stamp, summary, url)
            moved.add("recurrence-id", _regular_start(meeting, change.on_date))
            moved.add("dtstart", change.new_start)
            if change.new_end:
                moved.add("dtend", change.new_end)
            if change.new_place or location:
                moved.add("location", change.new_place or location)
            moved.add("description", "\n".join(part for part in [change.describe(), description] if part))
            calendar.add_component(moved)
    calendar.add_missing_timezones()
    return f"{slugify(group.name)}.ics", "text/calendar; charset=utf-8", calendar.to_ical()


def _series_start(meeting, changes, now) -> datetime.datetime | None:
    """Where the series starts: the next meeting at its regular time that is not cancelled
    (a real occurrence, so calendars show no stray extra date and the rhythm of "every n
    weeks" is kept), or earlier, a regular date already passed whose meeting moved to a
    day still to come."""
    cancelled = {change.on_date for change in changes if change.cancelled}
    regular = next_starts(meeting.rule, meeting.start_time, count=len(cancelled) + 1, after=now)
    starts = [start for start in regular if start.date() not in cancelled][:1]
    starts += [_regular_start(meeting, change.on_date) for change in changes
               if not change.cancelled and change.new_start >= now]
    return min(starts, default=None)


def _regular_start(meeting, day) -> datetime.datetime:
    return datetime.datetime.combine(day, meeting.start_time or datetime.time(0), tzinfo=LONDON)


def _event(meeting, stamp, summary, url) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uuid}@selfhelphub")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("url", url)
    return event


def _location(meeting) -> str:
    # What the public may see of the place (Venue.public_lines): a member's home is its area only.
    if meeting.venue:
        return meeting.venue.public_address
    return meeting.online_details or ""


def events_calendar(events, name: str, filename: str = "events") -> tuple[str, str, bytes]:
    """(filename, mimetype, bytes) of a calendar of one-off events (events.Event): one
    VEVENT each, at its Europe/London time, or for the whole day when it has no time. A
    cancelled event stays in, marked CANCELLED, so calendars that had it take it off."""
    calendar = Calendar()
    calendar.add("prodid", "-//Self Help Hub//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    stamp = timezone.now()
    for item in events:
        event = Event()
        event.add("uid", f"{item.uuid}@selfhelphub")
        event.add("dtstamp", stamp)
        event.add("summary", item.title)
        url = absolute_url(item.get_absolute_url())
        event.add("url", url)
        if item.starts():
            event.add("dtstart", item.starts())
            if item.ends():
                event.add("dtend", item.ends())
        else:
            event.add("dtstart", item.on_date)
            event.add("dtend", item.on_date + datetime.timedelta(days=1))
        event.add("location", item.location)
        event.add("description", "\n".join(part for part in [item.description, item.online_details, url] if part))
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return f"{slugify(filename) or 'events'}.ics", "text/calendar; charset=utf-8", calendar.to_ical()

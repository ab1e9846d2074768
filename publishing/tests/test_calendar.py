import datetime

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from directory.models import Group, Meeting
from directory.tests.factory import make_group

pytestmark = pytest.mark.django_db


def calendar_for(client, group):
    response = client.get(reverse("publishing:group-calendar", args=[group.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment;" in response["Content-Disposition"]
    return Calendar.from_ical(response.content)


@time_machine.travel(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC))
def test_each_regular_meeting_is_a_recurring_event_in_london_time(client):
    group = make_group(name="Stroke Club", meetings=[
        {"pattern": Meeting.Pattern.NTH_WEEKDAY, "weekday": 1, "week_of_month": 2},
        {"pattern": Meeting.Pattern.EVERY_N_WEEKS, "interval": 2, "weekday": 4,
         "starts_on": datetime.date(2026, 11, 20), "start_time": datetime.time(10, 30),
         "end_time": datetime.time(12), "attendance": Meeting.Attendance.ONLINE,
         "online_details": "On Zoom"},
    ])
    calendar = calendar_for(client, group)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    first, second = events
    assert first["SUMMARY"] == "Stroke Club: The second Tuesday of each month, 7pm to 9pm"
    assert second["SUMMARY"] == "Stroke Club: Every 2 weeks on Fridays, 10:30am to 12 noon"
    assert first.decoded("DTSTART").isoformat() == "2026-12-08T19:00:00+00:00"
    assert str(first.decoded("DTSTART").tzinfo) == "Europe/London"
    assert first["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=2TU"
    assert "NG1 5FW" in first["LOCATION"]
    assert second.decoded("DTSTART").isoformat() == "2026-12-04T10:30:00+00:00"
    assert second.decoded("DTEND").isoformat() == "2026-12-04T12:00:00+00:00"
    assert second["RRULE"].to_ical() == b"FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"
    assert second["LOCATION"] == "On Zoom"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert group.get_absolute_url() in first["DESCRIPTION"]


@time_machine.travel(datetime.datetime(2026, 3, 20, 12, tzinfo=datetime.UTC))
def test_the_calendar_keeps_the_local_time_across_the_clock_change(client):
    group = make_group(meetings=[{"pattern": Meeting.Pattern.WEEKLY, "weekday": 3}])  # Thursdays 7pm
    event = calendar_for(client, group).walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    assert start.isoformat() == "2026-03-26T19:00:00+00:00"
    # The recurrence, expanded in the event's own zone, is 7pm local after the change too.
    from dateutil.rrule import rrulestr

    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    assert rule[1].isoformat() == "2026-04-02T19:00:00+01:00"


def test_irregular_meetings_are_left_out(client):
    group = make_group(meetings=[{"pattern": Meeting.Pattern.IRREGULAR, "weekday": None,
                                  "start_time": None, "end_time": None}])
    assert calendar_for(client, group).walk("VEVENT") == []


@pytest.mark.parametrize(("status", "stage"), [
    (Group.Status.PENDING, Group.Stage.ACTIVE),
    (Group.Status.DECLINED, Group.Stage.ACTIVE),
    (Group.Status.PUBLISHED, Group.Stage.CLOSED),
])
def test_it_should_not_give_a_calendar_for_unlisted_or_closed_groups(client, status, stage):
    group = make_group(status=status, stage=stage)
    assert client.get(reverse("publishing:group-calendar", args=[group.slug])).status_code == 404


@time_machine.travel(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC))
def test_a_closing_group_s_calendar_stops_at_its_last_meeting(client):
    group = make_group(meetings=[{"pattern": Meeting.Pattern.WEEKLY, "weekday": 1,
                                  "ends_on": datetime.date(2026, 12, 15)}])
    event = calendar_for(client, group).walk("VEVENT")[0]
    assert event["RRULE"]["UNTIL"][0].isoformat() == "2026-12-15T23:59:59+00:00"


class TestOneDateChanged:
    """A cancelled date is left out of the series (EXDATE); a moved one overrides its date
    (RECURRENCE-ID), which calendar apps follow more widely than RDATE."""

    @pytest.fixture(autouse=True)
    def now(self, time_machine):
        time_machine.move_to(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False)

    @pytest.fixture
    def meeting(self):
        group = make_group(name="Widowed Friends", meetings=[{"weekday": 3}])  # Thursdays 7pm to 9pm
        return group.meetings.get()

    def test_a_cancelled_date_is_an_exdate_of_the_series(self, client, meeting):
        from directory.models import MeetingChange

        MeetingChange.objects.create(meeting=meeting, on_date=datetime.date(2026, 12, 24), note="holiday")
        text = client.get(reverse("publishing:group-calendar", args=[meeting.group.slug])).content.decode()
        assert "EXDATE;TZID=Europe/London:20261224T190000" in text
        assert "RECURRENCE-ID" not in text
        event = Calendar.from_ical(text).walk("VEVENT")[0]
        assert event.decoded("DTSTART").isoformat() == "2026-12-03T19:00:00+00:00"

    def test_when_the_next_date_is_cancelled_the_series_starts_at_the_one_after(self, client, meeting):
        from directory.models import MeetingChange

        MeetingChange.objects.create(meeting=meeting, on_date=datetime.date(2026, 12, 3))
        event = calendar_for(client, meeting.group).walk("VEVENT")[0]
        assert event.decoded("DTSTART").isoformat() == "2026-12-10T19:00:00+00:00"
        assert "EXDATE" not in event

    def test_a_moved_date_is_an_event_overriding_that_date(self, client, meeting):
        from directory.models import MeetingChange

        MeetingChange.objects.create(meeting=meeting, on_date=datetime.date(2026, 12, 10),
                                     new_date=datetime.date(2026, 12, 11), new_start_time=datetime.time(18, 30),
                                     new_place="Room 2, Central Library", note="the hall is being painted")
        text = client.get(reverse("publishing:group-calendar", args=[meeting.group.slug])).content.decode()
        assert "RECURRENCE-ID;TZID=Europe/London:20261210T190000" in text
        series, moved = Calendar.from_ical(text).walk("VEVENT")
        assert series["UID"] == moved["UID"]
        assert moved.decoded("DTSTART").isoformat() == "2026-12-11T18:30:00+00:00"
        assert "DTEND" not in moved  # a new start time with no end given: no end guessed
        assert moved["LOCATION"] == "Room 2, Central Library"
        assert "the hall is being painted" in moved["DESCRIPTION"]
        assert "EXDATE" not in series

    def test_quarterly_meetings_repeat_every_three_months(self, client):
        group = make_group(meetings=[{"pattern": Meeting.Pattern.NTH_WEEKDAY, "week_of_month": 1, "interval": 3,
                                      "starts_on": datetime.date(2026, 1, 1)}])
        event = calendar_for(client, group).walk("VEVENT")[0]
        assert event["RRULE"].to_ical() == b"FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU"
        assert event.decoded("DTSTART").date().isoformat() == "2027-01-05"

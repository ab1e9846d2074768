"""Meetings as HSDS schedules and back."""

import datetime

import pytest

from directory.recurrence import Pattern
from directory.tests.factory import make_group, make_meeting
from openreferral.schedules import ScheduleError, attendance, plans, to_schedule

pytestmark = pytest.mark.django_db


def one(schedule):
    found = plans(schedule)
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize(("schedule", "expected"), [
    ({"freq": "WEEKLY", "byday": "TU", "opens_at": "19:30"}, (Pattern.WEEKLY, 1, None, None)),
    ({"freq": "WEEKLY", "interval": 2, "byday": "MO", "dtstart": "2025-01-06", "opens_at": "10:00"},
     (Pattern.EVERY_N_WEEKS, 0, None, None)),
    ({"freq": "MONTHLY", "byday": "2TU", "opens_at": "14:00:00Z"}, (Pattern.NTH_WEEKDAY, 1, 2, None)),
    ({"freq": "MONTHLY", "byday": "-1FR", "opens_at": "18:00"}, (Pattern.LAST_WEEKDAY, 4, None, None)),
    ({"freq": "MONTHLY", "bymonthday": "15", "opens_at": "18:00"}, (Pattern.MONTHLY_DATE, None, None, 15)),
    ({"weekday": "Thursday", "opens_at": "19:00"}, (Pattern.WEEKLY, 3, None, None)),
    ({"weekday": 1, "opens_at": "19:00"}, (Pattern.WEEKLY, 0, None, None)),
    ({"weekday": "Thursday", "freq": "week", "interval": 1, "byday": "TH", "opens_at": "09:30"},
     (Pattern.WEEKLY, 3, None, None)),
])
def test_expressible_schedules_become_regular_meetings(schedule, expected):
    plan = one(schedule)
    assert (plan.pattern, plan.weekday, plan.week_of_month, plan.day_of_month) == expected


def test_several_days_become_several_meetings():
    found = plans({"freq": "MONTHLY", "byday": "2TH,4TH", "opens_at": "19:00", "closes_at": "21:00"})
    assert [(p.pattern, p.week_of_month) for p in found] == [(Pattern.NTH_WEEKDAY, 2), (Pattern.NTH_WEEKDAY, 4)]


@pytest.mark.parametrize("schedule", [
    {"freq": "MONTHLY", "byday": "5TU", "opens_at": "19:00", "description": "Fifth Tuesdays"},
    {"freq": "MONTHLY", "bymonthday": "31", "opens_at": "19:00", "description": "The 31st"},
    {"freq": "MONTHLY", "interval": 3, "byday": "1MO", "opens_at": "19:00", "description": "Quarterly"},
    {"freq": "WEEKLY", "interval": 2, "byday": "MO", "opens_at": "19:00", "description": "Fortnightly"},
    {"description": "Ring for dates"},
])
def test_what_no_pattern_can_express_is_kept_as_the_description(schedule):
    plan = one(schedule)
    assert plan.pattern == Pattern.IRREGULAR
    assert schedule["description"] in plan.notes


def test_a_regular_rule_without_a_time_keeps_its_words():
    plan = one({"freq": "WEEKLY", "byday": "TU"})
    assert plan.pattern == Pattern.IRREGULAR
    assert "FREQ=WEEKLY" in plan.notes


@pytest.mark.parametrize(("schedule", "field_name"), [
    ({"freq": "WEEKLY", "byday": "TU", "opens_at": "25:00"}, "opens_at"),
    ({"freq": "WEEKLY", "byday": "TU", "opens_at": "19:00", "closes_at": "18:00"}, "closes_at"),
    ({"freq": "WEEKLY", "byday": "XX", "opens_at": "19:00"}, "byday"),
    ({"freq": "MONTHLY", "byday": "0TU", "opens_at": "19:00"}, "byday"),
    ({"freq": "WEEKLY", "interval": 0, "byday": "TU", "opens_at": "19:00"}, "interval"),
    ({"freq": "HOURLY", "opens_at": "19:00"}, "freq"),
    ({"freq": "MONTHLY", "bymonthday": "40", "opens_at": "19:00"}, "bymonthday"),
    ({"freq": "WEEKLY", "byday": "TU", "dtstart": "2025-02-30", "opens_at": "19:00"}, "dtstart"),
    ({"freq": "WEEKLY", "byday": "TU", "dtstart": "2025-02-01", "valid_to": "2024-01-01", "opens_at": "19:00"},
     "valid_to"),
    ({"weekday": "Someday", "opens_at": "19:00"}, "weekday"),
])
def test_impossible_values_are_refused_with_the_field(schedule, field_name):
    with pytest.raises(ScheduleError) as error:
        plans(schedule)
    assert error.value.field == field_name


def test_the_end_date_is_read_from_until_or_valid_to():
    assert one({"freq": "WEEKLY", "byday": "TU", "opens_at": "19:00", "until": "2026-12-01"}).ends_on == (
        datetime.date(2026, 12, 1))
    assert one({"freq": "WEEKLY", "byday": "TU", "opens_at": "19:00", "valid_to": "2026-12-02"}).ends_on == (
        datetime.date(2026, 12, 2))


def test_attendance_comes_from_attending_type_and_the_kind_of_location():
    assert attendance("In person", False) == "in_person"
    assert attendance("Online via Zoom", None) == "online"
    assert attendance("", True) == "online"
    assert attendance("in person and online", False) == "both"
    assert attendance(None, None) == attendance("", False) == "in_person"


@pytest.mark.parametrize(("meeting", "expected"), [
    ({"pattern": "weekly", "weekday": 1}, {"freq": "WEEKLY", "byday": "TU", "interval": 1}),
    ({"pattern": "every_n_weeks", "interval": 3, "weekday": 0}, {"freq": "WEEKLY", "byday": "MO", "interval": 3}),
    ({"pattern": "nth_weekday", "weekday": 1, "week_of_month": 2}, {"freq": "MONTHLY", "byday": "2TU"}),
    ({"pattern": "last_weekday", "weekday": 4}, {"freq": "MONTHLY", "byday": "-1FR"}),
    ({"pattern": "monthly_date", "day_of_month": 15}, {"freq": "MONTHLY", "bymonthday": "15"}),
])
def test_meetings_become_rrule_schedules_that_read_back_the_same(meeting, expected):
    group = make_group(meetings=[])
    made = make_meeting(group, **meeting)
    schedule = to_schedule(made, group.uuid, str(made.uuid))
    assert {key: schedule[key] for key in expected} == expected
    assert (schedule["opens_at"], schedule["closes_at"], schedule["dtstart"]) == ("19:00", "21:00", "2025-01-07")
    back = one(schedule)
    assert (back.pattern, back.weekday, back.interval, back.week_of_month, back.day_of_month) == (
        made.pattern, made.weekday, made.interval, made.week_of_month, made.day_of_month)


def test_an_irregular_meeting_has_no_rule_and_keeps_its_notes():
    group = make_group(meetings=[])
    made = make_meeting(group, pattern="irregular", start_time=None, end_time=None, notes="Walks in summer")
    schedule = to_schedule(made, group.uuid, str(made.uuid))
    assert "freq" not in schedule and schedule["notes"] == "Walks in summer"
    assert one(schedule).notes == "Walks in summer"


def test_the_last_meeting_date_becomes_valid_to_and_until():
    group = make_group(meetings=[])
    made = make_meeting(group)
    made.ends_on = datetime.date(2026, 12, 15)
    schedule = to_schedule(made, group.uuid, str(made.uuid))
    assert schedule["valid_to"] == schedule["until"] == "2026-12-15"



@pytest.mark.parametrize(("opens_at", "closes_at", "expected"), [
    ("7:30am", "12:00 pm", (datetime.time(7, 30), datetime.time(12, 0))),
    ("9:00a", "5.30 p.m.", (datetime.time(9, 0), datetime.time(17, 30))),
    ("12:15AM", "noon", (datetime.time(0, 15), datetime.time(12, 0))),
    ("18:00", "midnight", (datetime.time(18, 0), datetime.time(23, 59))),
    ("19:00", "00:00", (datetime.time(19, 0), datetime.time(23, 59))),
    ("19:00", "24:00", (datetime.time(19, 0), datetime.time(23, 59))),
])
def test_times_are_read_as_people_write_them(opens_at, closes_at, expected):
    plan = one({"weekday": "Monday", "opens_at": opens_at, "closes_at": closes_at})
    assert (plan.start_time, plan.end_time) == expected


@pytest.mark.parametrize("value", ["13pm", "0am", "6:300pm", "9:00x"])
def test_a_twelve_hour_time_that_cannot_be_is_refused(value):
    with pytest.raises(ScheduleError):
        plans({"weekday": "Monday", "opens_at": value})


@pytest.mark.parametrize(("byday", "bymonthday", "pattern"), [
    ("1SA", None, Pattern.NTH_WEEKDAY), ("-1FR", None, Pattern.LAST_WEEKDAY), (None, "15", Pattern.MONTHLY_DATE)])
def test_a_meeting_every_few_months_with_a_first_date_keeps_its_pattern_and_months(byday, bymonthday, pattern):
    schedule = {"freq": "MONTHLY", "interval": 3, "dtstart": "2027-01-02", "opens_at": "10:30"}
    schedule.update({"byday": byday} if byday else {"bymonthday": bymonthday})
    plan = one(schedule)
    assert (plan.pattern, plan.interval, plan.starts_on) == (pattern, 3, datetime.date(2027, 1, 2))


def test_more_than_a_year_apart_is_kept_as_words():
    plan = one({"freq": "MONTHLY", "interval": 13, "byday": "1MO", "dtstart": "2027-01-04", "opens_at": "19:00"})
    assert plan.pattern == Pattern.IRREGULAR and "INTERVAL=13" in plan.notes

"""Meetings as HSDS schedules, and HSDS schedules as meetings.

Both ways use the iCalendar RRULE subset that HSDS 3 defines: `freq` (WEEKLY or MONTHLY),
`interval`, `byday` (`TU`, `2TU`, `-1FR`), `bymonthday`, `dtstart`, `opens_at`,
`closes_at`. A schedule that no meeting pattern can express (the 5th Tuesday, the 31st of
the month, several rules at once) becomes an irregular meeting that keeps the schedule's
description, so nothing is silently dropped. Impossible values (a 25th hour, a weekday
called XX, an interval of 0) are refused with a reason.

Times are clock times in Europe/London, as the meetings are; a trailing `Z` or offset
on an imported time is read as the local clock time the publisher meant. Imported times
may be written on the 12-hour clock (`7:30am`, `12:00 pm`, `noon`, `midnight`), and a
closing time of `00:00` or `24:00` is the end of the day.
"""

import datetime
import functools
import re
from dataclasses import dataclass

from django.utils.translation import get_language

from directory.recurrence import ICAL_DAYS, MAX_MONTHS_APART, Pattern, Rule, describe

from . import ids

ATTENDING = {"in_person": "in person", "online": "online", "both": "in person and online"}
DAY_NAMES = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}
BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
# 12-hour clock as people write it: 7:30am, 7.30 p.m., 12:00 PM, 9am, 9:00a.
TWELVE = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?(?:\s*m\.?)?$", re.IGNORECASE)
FREQ_WORDS = {"WEEK": "WEEKLY", "MONTH": "MONTHLY", "DAY": "DAILY", "YEAR": "YEARLY"}  # Outpost feeds: "week"
WORDS = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}


class ScheduleError(ValueError):
    def __init__(self, field_name, value, message):
        super().__init__(message)
        self.field = field_name
        self.value = value
        self.message = message


def to_schedule(meeting, group_uuid, service_at_location_id) -> dict:
    """One meeting as an HSDS schedule (empty fields left out by the caller)."""
    rule = meeting.rule
    ical = rule.to_ical() if meeting.pattern != Pattern.IRREGULAR else None
    schedule = {
        "id": ids.schedule_id(meeting.uuid),
        "service_id": str(group_uuid),
        "service_at_location_id": service_at_location_id,
        "description": describe(rule, meeting.start_time, meeting.end_time),
        "attending_type": ATTENDING.get(meeting.attendance),
        "notes": meeting.notes,
    }
    if ical:
        schedule["freq"] = ical["FREQ"]
        schedule["interval"] = ical.get("INTERVAL", 1)
        if "BYDAY" in ical:
            schedule["byday"] = ical["BYDAY"]
        if "BYMONTHDAY" in ical:
            schedule["bymonthday"] = str(ical["BYMONTHDAY"])
        schedule["dtstart"] = meeting.starts_on.isoformat()
        schedule["valid_from"] = meeting.starts_on.isoformat()
    ends_on = getattr(meeting, "ends_on", None)
    if ends_on:
        schedule["valid_to"] = ends_on.isoformat()
        schedule["until"] = ends_on.isoformat()
    if meeting.start_time:
        schedule["opens_at"] = meeting.start_time.strftime("%H:%M")
    if meeting.end_time:
        schedule["closes_at"] = meeting.end_time.strftime("%H:%M")
    if meeting.online_details:
        schedule["attributes"] = [{
            "id": ids.attribute_id(schedule["id"], "online-details"),
            "link_id": schedule["id"],
            "link_type": "online-details",
            "link_entity": "schedule",
            "taxonomy_term_id": ids.detail_term_id("online-details"),
            "value": meeting.online_details,
        }]
    return schedule


@dataclass
class MeetingPlan:
    """What one schedule becomes: one meeting per day it names."""

    pattern: str
    weekday: int | None = None
    interval: int = 1
    week_of_month: int | None = None
    day_of_month: int | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    notes: str = ""


def parse_time(value, field_name) -> datetime.time | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    text = WORDS.get(text.lower(), text)
    twelve = TWELVE.match(text)
    if twelve and 1 <= int(twelve[1]) <= 12:
        text = f"{int(twelve[1]) % 12 + (12 if twelve[3].lower() == 'p' else 0)}:{twelve[2] or '00'}"
    match = TIME.match(text)
    if not match:
        raise ScheduleError(field_name, value, "is not a time like 19:30 or 7:30pm")
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if hour == 24 and minute == 0:
        return datetime.time(23, 59)
    if hour > 23 or minute > 59 or second > 59:
        raise ScheduleError(field_name, value, "is not a possible time of day")
    return datetime.time(hour, minute)


def parse_date(value, field_name) -> datetime.date | None:
    if value in (None, ""):
        return None
    text = str(value).strip()[:10]
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ScheduleError(field_name, value, "is not a date like 2025-01-07") from None


def _weekday(value) -> int:
    """ORUK 1.0 `weekday`: a name (Monday, Mon) or a number (1 = Monday … 7 = Sunday)."""
    text = str(value).strip().lower()
    if text.isdigit() and 1 <= int(text) <= 7:
        return int(text) - 1
    if text in DAY_NAMES:
        return DAY_NAMES[text]
    if text.upper() in ICAL_DAYS:
        return ICAL_DAYS.index(text.upper())
    raise ScheduleError("weekday", value, "is not a day of the week")


def _int(value, field_name) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ScheduleError(field_name, value, "is not a whole number") from None
    if number != int(number):
        raise ScheduleError(field_name, value, "is not a whole number")
    return int(number)


def plans(schedule: dict) -> list[MeetingPlan]:
    """The meetings an HSDS schedule describes. Raises ScheduleError for impossible values."""
    start_time = parse_time(schedule.get("opens_at"), "opens_at")
    end_time = parse_time(schedule.get("closes_at"), "closes_at")
    if end_time == datetime.time(0) and start_time:  # closing at 00:00 (or midnight): the end of the day
        end_time = datetime.time(23, 59)
    if start_time and end_time and end_time <= start_time:
        raise ScheduleError("closes_at", schedule.get("closes_at"), "is not after opens_at")
    dtstart = parse_date(schedule.get("dtstart"), "dtstart")
    valid_from = parse_date(schedule.get("valid_from"), "valid_from")
    ends_on = parse_date(schedule.get("until"), "until") or parse_date(schedule.get("valid_to"), "valid_to")
    starts_on = dtstart or valid_from
    if starts_on and ends_on and ends_on < starts_on:
        raise ScheduleError("valid_to", ends_on.isoformat(), "is before the schedule starts")
    freq = str(schedule.get("freq") or "").strip().upper()
    freq = FREQ_WORDS.get(freq, freq)
    interval = _int(schedule.get("interval"), "interval")
    if interval is not None and interval < 1:
        raise ScheduleError("interval", schedule.get("interval"), "must be 1 or more")
    byday = [part.strip().upper() for part in str(schedule.get("byday") or "").split(",") if part.strip()]
    bymonthday = [part.strip() for part in str(schedule.get("bymonthday") or "").split(",") if part.strip()]
    if schedule.get("weekday") not in (None, "") and not byday:
        byday = [ICAL_DAYS[_weekday(schedule["weekday"])]]
        freq = freq or "WEEKLY"
    if freq and freq not in ("WEEKLY", "MONTHLY", "DAILY", "YEARLY"):
        raise ScheduleError("freq", schedule.get("freq"), "is not WEEKLY or MONTHLY")
    parsed_days = []
    for part in byday:
        match = BYDAY.match(part)
        if not match:
            raise ScheduleError("byday", schedule.get("byday"), "is not a list of days like TU or 2TU")
        nth = int(match[1]) if match[1] else None
        if nth is not None and (nth == 0 or not -5 <= nth <= 5):
            raise ScheduleError("byday", schedule.get("byday"), "has a week of the month that cannot be")
        parsed_days.append((nth, ICAL_DAYS.index(match[2])))
    month_days = []
    for part in bymonthday:
        day = _int(part, "bymonthday")
        if day == 0 or not -31 <= day <= 31:
            raise ScheduleError("bymonthday", schedule.get("bymonthday"), "is not a day of the month")
        month_days.append(day)

    common = {"starts_on": starts_on, "ends_on": ends_on, "start_time": start_time, "end_time": end_time,
              "notes": str(schedule.get("notes") or "").strip()}
    regular = []
    expressible = True
    # Every 2 to 12 months (quarterly: 3) is a pattern of its own, whose months the first
    # meeting sets (recurrence.MONTHLY_PATTERNS), so it needs the date of one; 0: not expressible.
    every = interval or 1
    months_apart = every if every == 1 or (every <= MAX_MONTHS_APART and starts_on) else 0
    if freq == "WEEKLY" and parsed_days and not month_days and all(n is None for n, _day in parsed_days):
        if every == 1:
            regular = [MeetingPlan(Pattern.WEEKLY, weekday=day, **common) for _n, day in parsed_days]
        elif every <= 12 and starts_on:
            regular = [MeetingPlan(Pattern.EVERY_N_WEEKS, weekday=day, interval=every, **common)
                       for _n, day in parsed_days]
        else:
            expressible = False
    elif freq == "MONTHLY" and parsed_days and not month_days and months_apart:
        for nth, day in parsed_days:
            if nth == -1:
                regular.append(MeetingPlan(Pattern.LAST_WEEKDAY, weekday=day, interval=months_apart, **common))
            elif nth is not None and 1 <= nth <= 4:
                regular.append(MeetingPlan(Pattern.NTH_WEEKDAY, weekday=day, week_of_month=nth,
                                           interval=months_apart, **common))
            else:
                expressible = False
    elif freq == "MONTHLY" and month_days and not parsed_days and months_apart:
        if all(1 <= day <= 28 for day in month_days):
            regular = [MeetingPlan(Pattern.MONTHLY_DATE, day_of_month=day, interval=months_apart, **common)
                       for day in month_days]
        else:
            expressible = False
    elif freq or parsed_days or month_days:
        expressible = False
    if regular and expressible and start_time:
        return regular
    # Irregular: keep the publisher's words so nothing is lost.
    description = str(schedule.get("description") or "").strip()
    if not expressible or (regular and not start_time):
        description = description or _rule_text(schedule)
    notes = common["notes"]
    if description and description != _irregular_text(get_language()):
        notes = f"{description} {notes}".strip() if notes and description not in notes else (notes or description)
    return [MeetingPlan(Pattern.IRREGULAR, **{**common, "notes": notes})]


@functools.cache
def _irregular_text(language) -> str:
    """What we write for an irregular meeting, which is no news when it comes back."""
    return str(describe(Rule(Pattern.IRREGULAR)))


def _rule_text(schedule) -> str:
    parts = [f"{key.upper()}={schedule[key]}" for key in ("freq", "interval", "byday", "bymonthday")
             if schedule.get(key) not in (None, "")]
    times = "–".join(str(schedule[key]) for key in ("opens_at", "closes_at") if schedule.get(key))
    return " ".join([";".join(parts), times]).strip()


def attendance(attending_type, location_is_virtual: bool | None) -> str:
    """in_person, online or both, from `attending_type` and the kind of location."""
    if not attending_type:  # nearly always: the kind of location decides
        return "online" if location_is_virtual else "in_person"
    text = str(attending_type or "").lower()
    online = any(word in text for word in ("online", "remote", "virtual", "video", "phone", "zoom"))
    in_person = any(word in text for word in ("person", "face", "venue", "site"))
    if location_is_virtual:
        return "both" if in_person else "online"
    if location_is_virtual is None:
        return "both" if in_person and online else ("online" if online else "in_person")
    return "both" if online else "in_person"

"""When meetings happen: recurrence rules and the next dates, in Europe/London time.

Dates are worked out as local calendar dates first and the local start time is then
attached in Europe/London, so a meeting at 7pm stays at 7pm either side of the clocks
changing (its UTC instant moves instead).
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from lib.dates import format_day, format_time

LONDON = ZoneInfo("Europe/London")
EVENING_STARTS = datetime.time(17, 0)
RRULE_DAYS = [rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU]
ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# How often a group meets, each as a whole phrase for translators, never glued from an
# ordinal word and a day name: in Welsh “the second Tuesday” is “yr ail ddydd Mawrth” and
# “the third” is “y trydydd dydd Mawrth” (the ordinal before or after, the day mutated), and
# Polish puts a day in a different case after “on”. The context says the phrase's role.
EVERY_WEEKDAY = [
    pgettext_lazy("meets every week", "Every Monday"),
    pgettext_lazy("meets every week", "Every Tuesday"),
    pgettext_lazy("meets every week", "Every Wednesday"),
    pgettext_lazy("meets every week", "Every Thursday"),
    pgettext_lazy("meets every week", "Every Friday"),
    pgettext_lazy("meets every week", "Every Saturday"),
    pgettext_lazy("meets every week", "Every Sunday"),
]
# After “Every 2 weeks”.
ON_WEEKDAYS = [
    pgettext_lazy("meets every few weeks", "on Mondays"),
    pgettext_lazy("meets every few weeks", "on Tuesdays"),
    pgettext_lazy("meets every few weeks", "on Wednesdays"),
    pgettext_lazy("meets every few weeks", "on Thursdays"),
    pgettext_lazy("meets every few weeks", "on Fridays"),
    pgettext_lazy("meets every few weeks", "on Saturdays"),
    pgettext_lazy("meets every few weeks", "on Sundays"),
]
# (week of the month, weekday): week 1 to 4, or -1 for the last in the month.
NTH_WEEKDAY_OF_EACH_MONTH = {
    (1, 0): pgettext_lazy("meets every month", "The first Monday of each month"),
    (1, 1): pgettext_lazy("meets every month", "The first Tuesday of each month"),
    (1, 2): pgettext_lazy("meets every month", "The first Wednesday of each month"),
    (1, 3): pgettext_lazy("meets every month", "The first Thursday of each month"),
    (1, 4): pgettext_lazy("meets every month", "The first Friday of each month"),
    (1, 5): pgettext_lazy("meets every month", "The first Saturday of each month"),
    (1, 6): pgettext_lazy("meets every month", "The first Sunday of each month"),
    (2, 0): pgettext_lazy("meets every month", "The second Monday of each month"),
    (2, 1): pgettext_lazy("meets every month", "The second Tuesday of each month"),
    (2, 2): pgettext_lazy("meets every month", "The second Wednesday of each month"),
    (2, 3): pgettext_lazy("meets every month", "The second Thursday of each month"),
    (2, 4): pgettext_lazy("meets every month", "The second Friday of each month"),
    (2, 5): pgettext_lazy("meets every month", "The second Saturday of each month"),
    (2, 6): pgettext_lazy("meets every month", "The second Sunday of each month"),
    (3, 0): pgettext_lazy("meets every month", "The third Monday of each month"),
    (3, 1): pgettext_lazy("meets every month", "The third Tuesday of each month"),
    (3, 2): pgettext_lazy("meets every month", "The third Wednesday of each month"),
    (3, 3): pgettext_lazy("meets every month", "The third Thursday of each month"),
    (3, 4): pgettext_lazy("meets every month", "The third Friday of each month"),
    (3, 5): pgettext_lazy("meets every month", "The third Saturday of each month"),
    (3, 6): pgettext_lazy("meets every month", "The third Sunday of each month"),
    (4, 0): pgettext_lazy("meets every month", "The fourth Monday of each month"),
    (4, 1): pgettext_lazy("meets every month", "The fourth Tuesday of each month"),
    (4, 2): pgettext_lazy("meets every month", "The fourth Wednesday of each month"),
    (4, 3): pgettext_lazy("meets every month", "The fourth Thursday of each month"),
    (4, 4): pgettext_lazy("meets every month", "The fourth Friday of each month"),
    (4, 5): pgettext_lazy("meets every month", "The fourth Saturday of each month"),
    (4, 6): pgettext_lazy("meets every month", "The fourth Sunday of each month"),
    (-1, 0): pgettext_lazy("meets every month", "The last Monday of each month"),
    (-1, 1): pgettext_lazy("meets every month", "The last Tuesday of each month"),
    (-1, 2): pgettext_lazy("meets every month", "The last Wednesday of each month"),
    (-1, 3): pgettext_lazy("meets every month", "The last Thursday of each month"),
    (-1, 4): pgettext_lazy("meets every month", "The last Friday of each month"),
    (-1, 5): pgettext_lazy("meets every month", "The last Saturday of each month"),
    (-1, 6): pgettext_lazy("meets every month", "The last Sunday of each month"),
}
# After “Every 3 months,”.
ON_NTH_WEEKDAY = {
    (1, 0): pgettext_lazy("meets every few months", "on the first Monday"),
    (1, 1): pgettext_lazy("meets every few months", "on the first Tuesday"),
    (1, 2): pgettext_lazy("meets every few months", "on the first Wednesday"),
    (1, 3): pgettext_lazy("meets every few months", "on the first Thursday"),
    (1, 4): pgettext_lazy("meets every few months", "on the first Friday"),
    (1, 5): pgettext_lazy("meets every few months", "on the first Saturday"),
    (1, 6): pgettext_lazy("meets every few months", "on the first Sunday"),
    (2, 0): pgettext_lazy("meets every few months", "on the second Monday"),
    (2, 1): pgettext_lazy("meets every few months", "on the second Tuesday"),
    (2, 2): pgettext_lazy("meets every few months", "on the second Wednesday"),
    (2, 3): pgettext_lazy("meets every few months", "on the second Thursday"),
    (2, 4): pgettext_lazy("meets every few months", "on the second Friday"),
    (2, 5): pgettext_lazy("meets every few months", "on the second Saturday"),
    (2, 6): pgettext_lazy("meets every few months", "on the second Sunday"),
    (3, 0): pgettext_lazy("meets every few months", "on the third Monday"),
    (3, 1): pgettext_lazy("meets every few months", "on the third Tuesday"),
    (3, 2): pgettext_lazy("meets every few months", "on the third Wednesday"),
    (3, 3): pgettext_lazy("meets every few months", "on the third Thursday"),
    (3, 4): pgettext_lazy("meets every few months", "on the third Friday"),
    (3, 5): pgettext_lazy("meets every few months", "on the third Saturday"),
    (3, 6): pgettext_lazy("meets every few months", "on the third Sunday"),
    (4, 0): pgettext_lazy("meets every few months", "on the fourth Monday"),
    (4, 1): pgettext_lazy("meets every few months", "on the fourth Tuesday"),
    (4, 2): pgettext_lazy("meets every few months", "on the fourth Wednesday"),
    (4, 3): pgettext_lazy("meets every few months", "on the fourth Thursday"),
    (4, 4): pgettext_lazy("meets every few months", "on the fourth Friday"),
    (4, 5): pgettext_lazy("meets every few months", "on the fourth Saturday"),
    (4, 6): pgettext_lazy("meets every few months", "on the fourth Sunday"),
    (-1, 0): pgettext_lazy("meets every few months", "on the last Monday"),
    (-1, 1): pgettext_lazy("meets every few months", "on the last Tuesday"),
    (-1, 2): pgettext_lazy("meets every few months", "on the last Wednesday"),
    (-1, 3): pgettext_lazy("meets every few months", "on the last Thursday"),
    (-1, 4): pgettext_lazy("meets every few months", "on the last Friday"),
    (-1, 5): pgettext_lazy("meets every few months", "on the last Saturday"),
    (-1, 6): pgettext_lazy("meets every few months", "on the last Sunday"),
}
# A date of the month, 1 to 28, as in “On the 3rd of each month”.
DATES_OF_THE_MONTH = [
    pgettext_lazy("date of the month", "1st"),
    pgettext_lazy("date of the month", "2nd"),
    pgettext_lazy("date of the month", "3rd"),
    pgettext_lazy("date of the month", "4th"),
    pgettext_lazy("date of the month", "5th"),
    pgettext_lazy("date of the month", "6th"),
    pgettext_lazy("date of the month", "7th"),
    pgettext_lazy("date of the month", "8th"),
    pgettext_lazy("date of the month", "9th"),
    pgettext_lazy("date of the month", "10th"),
    pgettext_lazy("date of the month", "11th"),
    pgettext_lazy("date of the month", "12th"),
    pgettext_lazy("date of the month", "13th"),
    pgettext_lazy("date of the month", "14th"),
    pgettext_lazy("date of the month", "15th"),
    pgettext_lazy("date of the month", "16th"),
    pgettext_lazy("date of the month", "17th"),
    pgettext_lazy("date of the month", "18th"),
    pgettext_lazy("date of the month", "19th"),
    pgettext_lazy("date of the month", "20th"),
    pgettext_lazy("date of the month", "21st"),
    pgettext_lazy("date of the month", "22nd"),
    pgettext_lazy("date of the month", "23rd"),
    pgettext_lazy("date of the month", "24th"),
    pgettext_lazy("date of the month", "25th"),
    pgettext_lazy("date of the month", "26th"),
    pgettext_lazy("date of the month", "27th"),
    pgettext_lazy("date of the month", "28th"),
]

class Pattern(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    EVERY_N_WEEKS = "every_n_weeks", _("Every few weeks")
    NTH_WEEKDAY = "nth_weekday", _("On a set week of the month (for example the 2nd Tuesday)")
    LAST_WEEKDAY = "last_weekday", _("On the last weekday of the month (for example the last Friday)")
    MONTHLY_DATE = "monthly_date", _("On the same date each month")
    IRREGULAR = "irregular", _("Not on a regular pattern: contact the group")


# Patterns tied to the month, which may also repeat every few months (every 2 months, every
# 3 months: quarterly). `interval` counts weeks for EVERY_N_WEEKS and months for these.
MONTHLY_PATTERNS = (Pattern.NTH_WEEKDAY, Pattern.LAST_WEEKDAY, Pattern.MONTHLY_DATE)
MAX_MONTHS_APART = 12


class RuleError(ValueError):
    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Rule:
    pattern: str
    interval: int = 1
    weekday: int | None = None
    week_of_month: int | None = None
    day_of_month: int | None = None
    starts_on: datetime.date = datetime.date(2020, 1, 1)
    ends_on: datetime.date | None = None

    def validate(self):
        needs_weekday = self.pattern in (
            Pattern.WEEKLY, Pattern.EVERY_N_WEEKS, Pattern.NTH_WEEKDAY, Pattern.LAST_WEEKDAY,
        )
        if self.pattern not in Pattern.values:
            raise RuleError("pattern", _("Choose how often the group meets."))
        if needs_weekday and (self.weekday is None or not 0 <= self.weekday <= 6):
            raise RuleError("weekday", _("Choose the day of the week the group meets."))
        if self.pattern == Pattern.EVERY_N_WEEKS and not 2 <= (self.interval or 0) <= 12:
            raise RuleError("interval", _("Enter a number of weeks between 2 and 12."))
        if self.pattern in MONTHLY_PATTERNS and not 1 <= (self.interval or 0) <= MAX_MONTHS_APART:
            raise RuleError("interval", _("Choose how many months apart the meetings are, from 1 to 12."))
        if self.pattern == Pattern.NTH_WEEKDAY and self.week_of_month not in (1, 2, 3, 4):
            raise RuleError("week_of_month", _("Choose the first, second, third or fourth week."))
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise RuleError("ends_on", _("The last meeting can’t be before the first one."))
        if self.pattern == Pattern.MONTHLY_DATE and not 1 <= (self.day_of_month or 0) <= 28:
            raise RuleError(
                "day_of_month",
                _("Enter a date between 1 and 28, so the group meets every month."),
            )

    @property
    def months_apart(self) -> int:
        """For a pattern tied to the month: 1 for every month, 3 for quarterly; else 0."""
        return (self.interval or 1) if self.pattern in MONTHLY_PATTERNS else 0

    def to_rrule_kwargs(self) -> dict | None:
        """Keyword arguments for dateutil's rrule; None when there is no pattern."""
        kwargs = self._rrule_kwargs()
        if kwargs is not None and self.months_apart > 1:
            kwargs["interval"] = self.months_apart
        return kwargs

    def _rrule_kwargs(self) -> dict | None:
        match self.pattern:
            case Pattern.WEEKLY:
                return {"freq": rrule.WEEKLY, "byweekday": RRULE_DAYS[self.weekday]}
            case Pattern.EVERY_N_WEEKS:
                return {"freq": rrule.WEEKLY, "interval": self.interval,
                        "byweekday": RRULE_DAYS[self.weekday]}
            case Pattern.NTH_WEEKDAY:
                return {"freq": rrule.MONTHLY,
                        "byweekday": RRULE_DAYS[self.weekday](self.week_of_month)}
            case Pattern.LAST_WEEKDAY:
                return {"freq": rrule.MONTHLY, "byweekday": RRULE_DAYS[self.weekday](-1)}
            case Pattern.MONTHLY_DATE:
                return {"freq": rrule.MONTHLY, "bymonthday": self.day_of_month}
        return None

    def to_ical(self) -> dict | None:
        """The same rule as an iCalendar RRULE value (a dict for the icalendar package)."""
        rule = self._ical_rule()
        if rule is not None and self.ends_on:
            # RFC 5545: with a zoned start, UNTIL is in UTC. The end of the last day will do.
            last = datetime.datetime.combine(self.ends_on, datetime.time(23, 59, 59), tzinfo=LONDON)
            rule["UNTIL"] = last.astimezone(datetime.UTC)
        return rule

    def _ical_rule(self) -> dict | None:
        rule = self._ical_pattern()
        if rule is not None and self.months_apart > 1:
            rule = {"FREQ": rule.pop("FREQ"), "INTERVAL": self.months_apart, **rule}
        return rule

    def _ical_pattern(self) -> dict | None:
        match self.pattern:
            case Pattern.WEEKLY:
                return {"FREQ": "WEEKLY", "BYDAY": ICAL_DAYS[self.weekday]}
            case Pattern.EVERY_N_WEEKS:
                return {"FREQ": "WEEKLY", "INTERVAL": self.interval, "BYDAY": ICAL_DAYS[self.weekday]}
            case Pattern.NTH_WEEKDAY:
                return {"FREQ": "MONTHLY", "BYDAY": f"{self.week_of_month}{ICAL_DAYS[self.weekday]}"}
            case Pattern.LAST_WEEKDAY:
                return {"FREQ": "MONTHLY", "BYDAY": f"-1{ICAL_DAYS[self.weekday]}"}
            case Pattern.MONTHLY_DATE:
                return {"FREQ": "MONTHLY", "BYMONTHDAY": self.day_of_month}
        return None


def next_dates(rule: Rule, count: int = 3, after: datetime.date | None = None) -> list[datetime.date]:
    """The next `count` meeting dates on or after `after` (today in London by default)."""
    try:
        rule.validate()
    except RuleError:
        return []
    kwargs = rule.to_rrule_kwargs()
    if kwargs is None:
        return []
    after = after or timezone.localdate(timezone=LONDON)
    start = datetime.datetime.combine(_start_near(rule, after), datetime.time())
    if rule.ends_on:
        kwargs["until"] = datetime.datetime.combine(rule.ends_on, datetime.time())
    dates = []
    for when in rrule.rrule(dtstart=start, **kwargs).xafter(
        datetime.datetime.combine(after, datetime.time()), count=count, inc=True,
    ):
        dates.append(when.date())
    return dates


def _start_near(rule: Rule, after: datetime.date) -> datetime.date:
    """A start for the series close to `after` that keeps its rhythm, so that finding the
    next dates doesn't walk through every meeting since the group began."""
    if after <= rule.starts_on:
        return rule.starts_on
    if rule.pattern in (Pattern.WEEKLY, Pattern.EVERY_N_WEEKS):
        period = 7 * (rule.interval if rule.pattern == Pattern.EVERY_N_WEEKS else 1)
        periods = (after - rule.starts_on).days // period
        return rule.starts_on + datetime.timedelta(days=periods * period)
    # Every few months: the months of the first meeting's rhythm (January, April, July...).
    every = rule.months_apart or 1
    months = (after.year - rule.starts_on.year) * 12 + after.month - rule.starts_on.month
    index = rule.starts_on.year * 12 + rule.starts_on.month - 1 + months // every * every
    return max(rule.starts_on, datetime.date(index // 12, index % 12 + 1, 1))


def next_starts(rule: Rule, start_time: datetime.time | None, count: int = 3,
                after: datetime.datetime | datetime.date | None = None) -> list[datetime.datetime]:
    """The next `count` meeting starts as aware Europe/London date-times.

    `after` may be an aware date-time (meetings that started before it are skipped) or a date.
    """
    start_time = start_time or datetime.time(0, 0)
    now = None
    if isinstance(after, datetime.datetime):
        now = after.astimezone(LONDON)
        after_date = now.date()
    else:
        after_date = after
        if after is None:
            now = timezone.now().astimezone(LONDON)
            after_date = now.date()
    starts = []
    for day in next_dates(rule, count + 1, after=after_date):
        start = datetime.datetime.combine(day, start_time, tzinfo=LONDON)
        if now is not None and start < now:
            continue
        starts.append(start)
    return starts[:count]


def is_meeting_date(rule: Rule, day: datetime.date) -> bool:
    """Whether the pattern has a meeting on `day` (one a coordinator may cancel or move)."""
    return next_dates(rule, 1, after=day) == [day]


@dataclass(frozen=True)
class Change:
    """One date of a series changed: cancelled (`to` is None), or moved to `to`, an aware
    Europe/London start, perhaps at another `place`."""

    on: datetime.date
    to: datetime.datetime | None = None
    note: str = ""
    place: str = ""

    @property
    def cancelled(self) -> bool:
        return self.to is None


@dataclass(frozen=True)
class Occurrence:
    """One meeting to come: at its regular time, or moved here from `moved_from`."""

    start: datetime.datetime
    moved_from: datetime.date | None = None
    note: str = ""
    place: str = ""


def upcoming(rule: Rule, start_time: datetime.time | None, count: int = 3, after=None,
             changes=()) -> list[Occurrence]:
    """The next `count` meetings with the one-off changes applied: a cancelled date is left
    out, a moved one comes at its new time (even when its regular date has passed)."""
    now = _now(after)
    changed = {change.on: change for change in changes}
    # Each change takes away at most one regular date, so this many always suffice.
    regular = next_starts(rule, start_time, count=count + len(changed), after=after)
    found = [Occurrence(start) for start in regular if start.date() not in changed]
    found += [Occurrence(change.to, moved_from=change.on, note=change.note, place=change.place)
              for change in changed.values()
              if change.to is not None and (now is None or change.to >= now)
              and (now is not None or change.to.date() >= after)]
    return sorted(found, key=lambda occurrence: occurrence.start)[:count]


def _now(after) -> datetime.datetime | None:
    """`after` as an aware London date-time; None when it is a date (next_starts' rule)."""
    if isinstance(after, datetime.datetime):
        return after.astimezone(LONDON)
    if after is None:
        return timezone.now().astimezone(LONDON)
    return None


def describe(rule: Rule, start_time=None, end_time=None) -> str:
    """In words: “Every Tuesday, 7pm to 9pm”, “The second Tuesday of each month, 2pm”."""
    try:
        rule.validate()
    except RuleError:
        return str(_("Contact the group for dates"))
    text = _when(rule)
    if text is None:
        return str(_("Not on a regular pattern: contact the group for dates"))
    if start_time and end_time:
        return _("%(when)s, %(start)s to %(end)s") % {
            "when": text, "start": format_time(start_time), "end": format_time(end_time)}
    if start_time:
        return _("%(when)s, %(start)s") % {"when": text, "start": format_time(start_time)}
    return text


def _when(rule: Rule) -> str | None:
    """The days of a valid rule in words, from the whole phrases above; None when irregular."""
    match rule.pattern:
        case Pattern.WEEKLY:
            return str(EVERY_WEEKDAY[rule.weekday])
        case Pattern.EVERY_N_WEEKS:
            return ngettext("Every %(n)s week %(days)s", "Every %(n)s weeks %(days)s", rule.interval) % {
                "n": rule.interval, "days": ON_WEEKDAYS[rule.weekday]}
        case Pattern.NTH_WEEKDAY | Pattern.LAST_WEEKDAY:
            week = rule.week_of_month if rule.pattern == Pattern.NTH_WEEKDAY else -1
            if rule.months_apart == 1:
                return str(NTH_WEEKDAY_OF_EACH_MONTH[week, rule.weekday])
            return _every_few_months(rule, ON_NTH_WEEKDAY[week, rule.weekday])
        case Pattern.MONTHLY_DATE:
            date = DATES_OF_THE_MONTH[rule.day_of_month - 1]
            if rule.months_apart == 1:
                return _("On the %(date)s of each month") % {"date": date}
            return _every_few_months(rule, pgettext("meets every few months", "on the %(date)s") % {"date": date})
    return None


def _every_few_months(rule: Rule, day) -> str:
    return ngettext("Every %(n)s month, %(day)s", "Every %(n)s months, %(day)s", rule.months_apart) % {
        "n": rule.months_apart, "day": day}


def format_start(value: datetime.datetime) -> str:
    """An aware date-time as “Tuesday 8 December 2026, 7pm” in London time (the day alone
    at midnight, which is how a meeting without a time is kept)."""
    local = value.astimezone(LONDON)
    if local.hour == 0 and local.minute == 0:
        return format_day(local.date())
    return _("%(day)s, %(time)s") % {"day": format_day(local.date()), "time": format_time(local.time())}


def describe_change(change: Change, start_time: datetime.time | None = None) -> str:
    """“No meeting on Wednesday 24 December 2026: holiday”; “The meeting on Tuesday 12 January
    2027 moves to Thursday 14 January 2027, 7pm, at Room 2: the hall is being painted”."""
    if change.cancelled:
        text = _("No meeting on %(day)s") % {"day": format_day(change.on)}
    else:
        text = _("The meeting on %(day)s moves to %(when)s") % {
            "day": format_day(change.on), "when": format_start(change.to)}
        if change.place:
            text = _("%(text)s, at %(place)s") % {"text": text, "place": change.place}
    if change.note:
        return _("%(text)s: %(note)s") % {"text": text, "note": change.note}
    return str(text)


def describe_occurrence(occurrence: Occurrence) -> str:
    """“Tuesday 8 December 2026, 7pm”, or for a moved meeting “Thursday 14 January 2027,
    7pm (moved from Tuesday 12 January 2027), at Room 2: the hall is being painted”."""
    text = format_start(occurrence.start)
    if occurrence.moved_from is None:
        return text
    if occurrence.moved_from != occurrence.start.astimezone(LONDON).date():
        text = _("%(when)s (moved from %(day)s)") % {"when": text, "day": format_day(occurrence.moved_from)}
    else:
        text = _("%(when)s (changed)") % {"when": text}
    if occurrence.place:
        text = _("%(text)s, at %(place)s") % {"text": text, "place": occurrence.place}
    if occurrence.note:
        text = _("%(text)s: %(note)s") % {"text": text, "note": occurrence.note}
    return str(text)

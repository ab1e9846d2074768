"""When meetings happen: recurrence rules and the next dates, in Europe/London time.

Dates are worked out as local calendar dates first and the local start time is then
attached in Europe/London, so a meeting at 7pm stays at 7pm either side of the clocks
changing (its UTC instant moves instead).
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.contrib.humanize.templatetags.humanize import ordinal
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LONDON = ZoneInfo("Europe/London")
EVENING_STARTS = datetime.time(17, 0)
RRULE_DAYS = [rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU]
ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_NAMES = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
             _("Saturday"), _("Sunday")]
DAY_NAMES_PLURAL = [_("Mondays"), _("Tuesdays"), _("Wednesdays"), _("Thursdays"), _("Fridays"),
                    _("Saturdays"), _("Sundays")]
ORDINALS = {
    1: pgettext_lazy("week of the month", "first"),
    2: pgettext_lazy("week of the month", "second"),
    3: pgettext_lazy("week of the month", "third"),
    4: pgettext_lazy("week of the month", "fourth"),
}


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
    """Plain English: “Every Tuesday, 7pm to 9pm”, “The 2nd Tuesday of the month, 2pm”."""
    try:
        rule.validate()
    except RuleError:
        return str(_("Contact the group for dates"))
    match rule.pattern:
        case Pattern.WEEKLY:
            text = _("Every %(day)s") % {"day": DAY_NAMES[rule.weekday]}
        case Pattern.EVERY_N_WEEKS:
            text = _("Every %(n)s weeks on %(day)s") % {
                "n": rule.interval, "day": DAY_NAMES_PLURAL[rule.weekday]}
        case Pattern.NTH_WEEKDAY if rule.months_apart > 1:
            text = _("Every %(n)s months, on the %(nth)s %(day)s") % {
                "n": rule.months_apart, "nth": ORDINALS[rule.week_of_month], "day": DAY_NAMES[rule.weekday]}
        case Pattern.NTH_WEEKDAY:
            text = _("The %(nth)s %(day)s of each month") % {
                "nth": ORDINALS[rule.week_of_month], "day": DAY_NAMES[rule.weekday]}
        case Pattern.LAST_WEEKDAY if rule.months_apart > 1:
            text = _("Every %(n)s months, on the last %(day)s") % {
                "n": rule.months_apart, "day": DAY_NAMES[rule.weekday]}
        case Pattern.LAST_WEEKDAY:
            text = _("The last %(day)s of each month") % {"day": DAY_NAMES[rule.weekday]}
        case Pattern.MONTHLY_DATE if rule.months_apart > 1:
            text = _("Every %(n)s months, on the %(day)s") % {
                "n": rule.months_apart, "day": ordinal(rule.day_of_month)}
        case Pattern.MONTHLY_DATE:
            text = _("On the %(day)s of each month") % {"day": ordinal(rule.day_of_month)}
        case _:
            return str(_("Not on a regular pattern: contact the group for dates"))
    if start_time and end_time:
        return _("%(when)s, %(start)s to %(end)s") % {
            "when": text, "start": format_time(start_time), "end": format_time(end_time)}
    if start_time:
        return _("%(when)s, %(start)s") % {"when": text, "start": format_time(start_time)}
    return str(text)


def format_day(value: datetime.date) -> str:
    """Wednesday 24 December 2026."""
    return formats.date_format(value, "l j F Y")


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


def format_time(value: datetime.time) -> str:
    """7pm, 10:30am, 12 noon: the way people write times in the UK."""
    if value.hour == 12 and value.minute == 0:
        return str(_("12 noon"))
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.minute:
        return f"{hour}:{value.minute:02d}{suffix}"
    return f"{hour}{suffix}"

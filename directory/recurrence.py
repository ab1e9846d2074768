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
from django.utils import timezone
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
        if self.pattern == Pattern.NTH_WEEKDAY and self.week_of_month not in (1, 2, 3, 4):
            raise RuleError("week_of_month", _("Choose the first, second, third or fourth week."))
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise RuleError("ends_on", _("The last meeting can’t be before the first one."))
        if self.pattern == Pattern.MONTHLY_DATE and not 1 <= (self.day_of_month or 0) <= 28:
            raise RuleError(
                "day_of_month",
                _("Enter a date between 1 and 28, so the group meets every month."),
            )

    def to_rrule_kwargs(self) -> dict | None:
        """Keyword arguments for dateutil's rrule; None when there is no pattern."""
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
    return max(rule.starts_on, after.replace(day=1))


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
        case Pattern.NTH_WEEKDAY:
            text = _("The %(nth)s %(day)s of each month") % {
                "nth": ORDINALS[rule.week_of_month], "day": DAY_NAMES[rule.weekday]}
        case Pattern.LAST_WEEKDAY:
            text = _("The last %(day)s of each month") % {"day": DAY_NAMES[rule.weekday]}
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


def format_time(value: datetime.time) -> str:
    """7pm, 10:30am, 12 noon: the way people write times in the UK."""
    if value.hour == 12 and value.minute == 0:
        return str(_("12 noon"))
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.minute:
        return f"{hour}:{value.minute:02d}{suffix}"
    return f"{hour}{suffix}"

"""Keeping listings current without staff doing the typing.

A listing counts from the day its group last confirmed it. After FRESHNESS_REMIND_DAYS the
coordinators get a reminder with a one-click confirm link; after a further
FRESHNESS_SECOND_REMINDER_DAYS, a second. If nobody confirms within FRESHNESS_STAFF_DAYS
of the second reminder, staff see it on the "needs checking" list. From
FRESHNESS_OUT_OF_DATE_DAYS after that it shows "may be out of date", and from
FRESHNESS_HIDE_DAYS after that it is hidden: no longer listed anywhere (search, lists, print,
the API: see visibility.py), though its page still answers. Nothing is ever deleted.

A listing its group has never confirmed (one imported without a date) has no clock to run
out: it is never reminded about or hidden, and shows "may be out of date" once as old as
that would be, counted from when it was added.

These are the rules; the scheduled job that sends the reminders is
`directory.services.send_reminders`.
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def days(name):
    """The setting `name`, a number of days, as a timedelta."""
    return datetime.timedelta(days=getattr(settings, name))


def out_of_date_age() -> datetime.timedelta:
    return (days("FRESHNESS_REMIND_DAYS") + days("FRESHNESS_SECOND_REMINDER_DAYS")
            + days("FRESHNESS_STAFF_DAYS") + days("FRESHNESS_OUT_OF_DATE_DAYS"))


def hidden_age() -> datetime.timedelta:
    return out_of_date_age() + days("FRESHNESS_HIDE_DAYS")


def hidden_before(today=None) -> datetime.date:
    today = today or timezone.localdate()
    return today - hidden_age()


def is_hidden(last_confirmed_on: datetime.date | None, cutoff: datetime.date) -> bool:
    """Hidden once last confirmed on or before the cut-off (hidden_before)."""
    return last_confirmed_on is not None and last_confirmed_on <= cutoff


def hidden_q(prefix: str = "", today=None) -> Q:
    """is_hidden as a query. (Search asks the same in SQL: search._residual.)"""
    return Q(**{f"{prefix}last_confirmed_on__lte": hidden_before(today)})


class State:
    FRESH = "fresh"
    REMINDED = "reminded"
    NEEDS_CHECKING = "needs_checking"
    OUT_OF_DATE = "out_of_date"
    HIDDEN = "hidden"

    LABELS = {
        FRESH: _("Up to date: no reminder due yet"),
        REMINDED: _("Reminder sent, waiting for the group"),
        NEEDS_CHECKING: _("Needs checking by staff"),
        OUT_OF_DATE: _("Shown as “may be out of date”"),
        HIDDEN: _("Hidden from search"),
    }


def state_of(group, today=None) -> str:
    today = today or timezone.localdate()
    if is_hidden(group.last_confirmed_on, hidden_before(today)):
        return State.HIDDEN
    age = today - (group.last_confirmed_on or group.created_at.date())
    if age >= out_of_date_age():
        return State.OUT_OF_DATE
    if group.reminders_sent >= 2 and group.last_reminder_at and (
            timezone.now() - group.last_reminder_at >= days("FRESHNESS_STAFF_DAYS")):
        return State.NEEDS_CHECKING
    if group.reminders_sent:
        return State.REMINDED
    return State.FRESH

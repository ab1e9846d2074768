"""Keeping listings current without staff doing the typing.

A listing counts from the day its group last confirmed it. After FRESHNESS_REMIND_DAYS the
coordinators get a reminder with a one-click confirm link; after a further
FRESHNESS_SECOND_REMINDER_DAYS, a second. If nobody confirms within FRESHNESS_STAFF_DAYS
of the second reminder, staff see it on the "needs checking" list. From
FRESHNESS_OUT_OF_DATE_DAYS after that it shows "may be out of date", and from
FRESHNESS_HIDE_DAYS after that it leaves search. Nothing is ever deleted.

These are the rules; the scheduled job that sends the reminders is
`directory.services.send_reminders`.
"""

import datetime

from django.conf import settings
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
    confirmed = group.last_confirmed_on or group.created_at.date()
    age = today - confirmed
    if age >= hidden_age():
        return State.HIDDEN
    if age >= out_of_date_age():
        return State.OUT_OF_DATE
    if group.reminders_sent >= 2 and group.last_reminder_at and (
            timezone.now() - group.last_reminder_at >= days("FRESHNESS_STAFF_DAYS")):
        return State.NEEDS_CHECKING
    if group.reminders_sent:
        return State.REMINDED
    return State.FRESH

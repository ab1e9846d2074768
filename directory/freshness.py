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
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _days(name):
    return datetime.timedelta(days=getattr(settings, name))


def out_of_date_age() -> datetime.timedelta:
    return (_days("FRESHNESS_REMIND_DAYS") + _days("FRESHNESS_SECOND_REMINDER_DAYS")
            + _days("FRESHNESS_STAFF_DAYS") + _days("FRESHNESS_OUT_OF_DATE_DAYS"))


def hidden_age() -> datetime.timedelta:
    return out_of_date_age() + _days("FRESHNESS_HIDE_DAYS")


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
            timezone.now() - group.last_reminder_at >= _days("FRESHNESS_STAFF_DAYS")):
        return State.NEEDS_CHECKING
    if group.reminders_sent:
        return State.REMINDED
    return State.FRESH


def send_reminders(now=None) -> dict:
    """Scheduled job: first and second reminders, and the hand-over to staff."""
    from .models import Group, GroupChange
    from .services import absolute_url, confirm_token, email_coordinators, record

    now = now or timezone.now()
    today = timezone.localdate(now)
    # Hidden listings are reminded too: confirming brings them back.
    reachable = Group.objects.reachable().filter(coordinators__isnull=False).distinct()
    first_due = reachable.filter(reminders_sent=0, last_confirmed_on__lte=today - _days("FRESHNESS_REMIND_DAYS"))
    second_due = reachable.filter(reminders_sent=1, last_reminder_at__lte=now - _days("FRESHNESS_SECOND_REMINDER_DAYS"))
    staff_due = reachable.filter(reminders_sent=2, last_reminder_at__lte=now - _days("FRESHNESS_STAFF_DAYS")).exclude(
        history__action=GroupChange.Action.NEEDS_CHECKING, history__at__gte=F("last_reminder_at"))
    counts = {"first_reminders": 0, "second_reminders": 0, "passed_to_staff": 0}
    for key, groups in (("first_reminders", first_due), ("second_reminders", second_due)):
        for group in groups:
            with transaction.atomic():
                group.reminders_sent += 1
                group.last_reminder_at = now
                group.save(update_fields=["reminders_sent", "last_reminder_at"])
                email_coordinators(group, "freshness-reminder", {
                    "second": group.reminders_sent == 2,
                    "days": settings.CONFIRM_LINK_DAYS,
                    "public_url": absolute_url(group.get_absolute_url()),
                    "manage_url": absolute_url(reverse("directory:manage", args=[group.slug])),
                    "confirm_url": absolute_url(reverse("directory:confirm-from-email", args=[confirm_token(group)])),
                })
                record(group, None, GroupChange.Action.REMINDER_SENT,
                       note=str(_("Second reminder") if group.reminders_sent == 2 else _("First reminder")))
            counts[key] += 1
    for group in staff_due:
        record(group, None, GroupChange.Action.NEEDS_CHECKING)
        counts["passed_to_staff"] += 1
    return counts

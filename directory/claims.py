"""Claim your listing: staff invite the groups the self-help team keeps to take them on.

A claim is a coordinator invitation (services.invite: an Invitation bound to the address it
went to, accepted once through its emailed link) sent by staff to the group's own public
email address. Accepting it makes the person the group's coordinator and asks them to
confirm the listing; from then on the whole listing is the group's word, which an import
never overwrites (openreferral.ownership). Claims not yet accepted are reminded once after
a week and once after a month (send_claim_reminders, a scheduled job).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.limits import Limit
from lib.urls import absolute_url
from outbox.models import OutboxMessage
from outbox.notify import notify

from . import services
from .models import Group, Invitation

# Site-wide: claims go to addresses nobody here has spoken to yet, so a day's mail stays
# small enough not to get the site's mail treated as unwanted.
CLAIMS = Limit(
    "claim", lambda: settings.CLAIMS_PER_DAY, lambda: 1440,
    gettext_lazy("%(allowed)s claim invitations have been sent today, which is as many as the site sends in a "
                 "day. Send the rest tomorrow."),
)
SITE = "site"

# How many groups the staff's page offers at a time.
SHOWN = 100

# Reminders: once after a week, once after a month, each counted from when the claim was sent.
REMINDER_AFTER = [datetime.timedelta(days=7), datetime.timedelta(days=30)]


def _waiting_claims():
    return Invitation.objects.filter(claim=True, accepted_at__isnull=True)


def refused_q() -> Q:
    """The mail server refused the claim's address for good: it answered a message to that
    address, written since the claim, with a permanent refusal (OutboxMessage status
    "refused", an SMTP 5xx to the recipient). A server that was merely down does not count:
    the address may well work."""
    return Q(Exists(OutboxMessage.objects.filter(
        status=OutboxMessage.Status.REFUSED, recipients__iexact=OuterRef("email"),
        created_at__gte=OuterRef("created_at"))))


def claim_waiting() -> Exists:
    """Whether a group (the outer query's) has a claim not yet accepted."""
    return Exists(_waiting_claims().filter(group=OuterRef("pk")))


def claimable():
    """Groups kept by the team that staff may send a claim to: with a public email, and
    no claim already waiting."""
    return services.kept_by_team().exclude(email="").exclude(claim_waiting())


def is_claimed(group) -> bool:
    """Whether someone from the group has taken the listing on by accepting a claim."""
    return group.invitations.filter(claim=True, accepted_at__isnull=False).exists()


def send_claims(groups, user) -> tuple[list[Group], list[tuple[Group, str]]]:
    """Send a claim to each of `groups` that is still claimable; returns the groups sent to
    and the groups not sent to, each with why."""
    sent, refused = [], []
    allowed = set(claimable().filter(pk__in=[group.pk for group in groups]).values_list("pk", flat=True))
    for group in groups:
        if group.pk not in allowed:
            refused.append((group, _("Someone from the group is on the directory, a claim is already waiting, or "
                                     "it has no public email address.")))
            continue
        try:
            with transaction.atomic():
                if CLAIMS.claim(SITE) is None:
                    refused.append((group, CLAIMS.refusal()))
                    continue
                services.invite(group, user, group.email, claim=True)
        except services.NotAllowed as error:
            refused.append((group, str(error)))
        else:
            sent.append(group)
    return sent, refused


def claims():
    """Every claim, newest first, each with `refused`: whether the mail server refused it."""
    return (Invitation.objects.filter(claim=True).select_related("group", "invited_by")
            .annotate(refused=refused_q()).order_by("-created_at", "-pk"))


def send_claim_reminders(now=None) -> dict:
    """Scheduled job: remind each claim not yet accepted once after a week and once after a
    month. A withdrawn claim is deleted, so it is never reminded; nor is a claim whose
    address the mail server refused, or one whose group has someone on the hub by now."""
    now = now or timezone.now()
    counts = {"claim_reminders": 0}
    waiting = (_waiting_claims().filter(reminders_sent__lt=len(REMINDER_AFTER),
                                        created_at__lte=now - REMINDER_AFTER[0])
               .exclude(refused_q()).select_related("group"))
    kept = set(services.kept_by_team().filter(pk__in=waiting.values("group_id")).values_list("pk", flat=True))
    for claim in waiting:
        if claim.group_id not in kept:
            continue
        # The reminder due now; one missed (the job not run for a while) is not sent late.
        due = sum(1 for after in REMINDER_AFTER if claim.created_at <= now - after)
        if claim.reminders_sent >= due:
            continue
        with transaction.atomic():
            # Only the run that moves the count sends the email, so each reminder goes once.
            moved = Invitation.objects.filter(pk=claim.pk, reminders_sent=claim.reminders_sent,
                                              accepted_at__isnull=True).update(reminders_sent=due,
                                                                               last_reminder_at=now)
            if not moved:
                continue
            notify([claim.email], "claim-reminder", {
                "group": claim.group, "days": settings.INVITATION_DAYS, "last": due == len(REMINDER_AFTER),
                # A fresh link: the first may have stopped working (INVITATION_DAYS).
                "url": absolute_url(reverse("directory:accept-invitation",
                                            args=[services.INVITATION_LINK.make(claim)])),
                "public_url": absolute_url(claim.group.get_absolute_url()),
            })
        counts["claim_reminders"] += 1
    return counts

"""Asking, confirming, emailing and ending subscriptions: the one way each is done.

Every email to a subscriber goes through `email_subscriber`, which refuses an unconfirmed
subscription (double opt-in: only the confirmation goes before) and puts the one-click
unsubscribe link in the message and in its `List-Unsubscribe` headers (RFC 2369, and
RFC 8058's `List-Unsubscribe-Post` for the mail programs that unsubscribe with a POST).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts import limits
from lib.languages import reading_language
from lib.links import OneTimeLink
from lib.urls import absolute_url
from outbox.models import OutboxMessage
from outbox.notify import later, notify

from .forms import bulletin_consent_text, consent_text
from .models import Subscription


class Refused(Exception):
    """The request can't be taken; the text says why and what to do instead."""


class NotConfirmed(Exception):
    """Only the confirmation may be sent to an address that has not confirmed."""


# The confirmation link works once (confirming sets confirmed_at, which it covers) and for
# SUBSCRIPTION_CONFIRM_DAYS, as long as an unconfirmed subscription is kept.
CONFIRM_LINK = OneTimeLink(
    "subscriptions.confirm", lambda: datetime.timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS),
    state=lambda subscription: [subscription.email, subscription.confirmed_at],
)


def unsubscribe_url(subscription) -> str:
    return absolute_url(reverse("subscriptions:unsubscribe", args=[subscription.token]))


def unsubscribe_headers(subscription) -> dict:
    return {"List-Unsubscribe": f"<{unsubscribe_url(subscription)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def email_subscriber(subscription, template: str, context: dict, confirming: bool = False) -> int:
    """Email one subscriber through the outbox, with the unsubscribe link (as `unsubscribe_url`
    in the template and in the headers). Before confirming, only the confirmation goes."""
    if not (confirming or subscription.is_confirmed):
        raise NotConfirmed(subscription.pk)
    with translation.override(subscription.language or settings.LANGUAGE_CODE):  # its links too
        return notify([subscription.email], template,
                      {**context, "unsubscribe_url": unsubscribe_url(subscription)},
                      headers=unsubscribe_headers(subscription), language=subscription.language or None)


# The confirmation email of each kind (templates/emails/<name>-subject.txt and -body.txt).
CONFIRMATION_EMAIL = {Subscription.Kind.INTEREST: "subscription-confirm",
                      Subscription.Kind.BULLETIN: "bulletin-confirm"}


def _choices(kind, data: dict, point) -> tuple[dict, dict]:
    """(what makes the subscription the one asked for, what it may change when asked again)."""
    latitude, longitude = point if point else (None, None)
    if kind == Subscription.Kind.INTEREST:
        return ({"subject": data["subject"], "district": data["place"]},
                {"latitude": latitude, "longitude": longitude, "miles": data["miles"]})
    # The bulletin: one per address, its choices those of the last time it was asked for.
    return ({}, {"district": data.get("place") or "", "latitude": latitude, "longitude": longitude,
                 "miles": data["miles"], "frequency": data["frequency"]})


def _confirmation_context(subscription) -> dict:
    context = {
        "confirm_url": absolute_url(reverse("subscriptions:confirm", args=[CONFIRM_LINK.make(subscription)])),
        "days": settings.SUBSCRIPTION_CONFIRM_DAYS, "district": subscription.district, "miles": subscription.miles,
    }
    if subscription.is_bulletin:
        return {**context, "follows": later(subscription.describe), "consent": later(bulletin_consent_text)}
    return {**context, "subject": subscription.subject.label, "consent": later(consent_text)}


@transaction.atomic
def ask(data: dict, point: tuple[float, float] | None, visitor: str = "",
        kind: str = Subscription.Kind.INTEREST) -> Subscription | None:
    """Someone asks to subscribe: to the interest list ("I'd join a group about <subject>
    near <place>") or to the bulletin (the team's news and new groups, `kind` BULLETIN).

    Counted per visitor (a refusal says so: Refused). The confirmation is emailed unless the
    address has had SUBSCRIPTION_EMAILS_PER_DAY today, or is already confirmed for the same
    thing; the page reads the same either way, so it never tells whether an address asked
    before. Asking again before confirming takes the new choices and sends the link again;
    a confirmed subscription is changed by nobody but its subscriber (unsubscribe, ask
    again). Returns the subscription asked for, or None when nothing was sent."""
    if visitor:
        try:
            limits.SUBSCRIPTIONS_FROM_ADDRESS.take(visitor)
        except limits.LimitReached as error:
            raise Refused(str(error)) from None
    key, choices = _choices(kind, data, point)
    subscription, made = Subscription.objects.get_or_create(
        email=data["email"], kind=kind, **key, defaults={**choices, "language": reading_language()})
    if subscription.is_confirmed:
        return None
    if not made:
        for name, value in choices.items():
            setattr(subscription, name, value)
        subscription.save(update_fields=list(choices))
    if subscription.is_bulletin:
        subscription.subjects.set(data.get("subjects") or [])
    if limits.SUBSCRIPTION_EMAILS.claim(subscription.email) is None:
        return None
    email_subscriber(subscription, CONFIRMATION_EMAIL[kind], _confirmation_context(subscription), confirming=True)
    return subscription


def find_to_confirm(token: str) -> Subscription | None:
    return CONFIRM_LINK.find(token, Subscription.objects.select_related("subject"))


def confirm(subscription) -> None:
    subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=["confirmed_at"])


def find_to_unsubscribe(token: str) -> Subscription | None:
    if not isinstance(token, str) or len(token) > 64:
        return None
    return Subscription.objects.select_related("subject").filter(token=token).first()


@transaction.atomic
def unsubscribe(subscription) -> None:
    """Delete the subscription, its address with it, and any email to it still waiting to go."""
    header = unsubscribe_headers(subscription)["List-Unsubscribe"]
    waiting = OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED, recipients=subscription.email)
    for message in waiting:
        if message.headers.get("List-Unsubscribe") == header:
            message.delete()
    subscription.delete()


def purge(now=None) -> dict:
    """Scheduled job: delete subscriptions not confirmed within SUBSCRIPTION_CONFIRM_DAYS, the
    life of their link. (A confirmed one is deleted when its subscriber unsubscribes.)"""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS)
    deleted, _ = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    return {"deleted": deleted}

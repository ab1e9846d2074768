"""Sending, answering and forgetting messages to the self-help team and listing problems."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import limits
from accounts.roles import staff_members
from directory.services import email_coordinators, has_active_coordinator
from lib.urls import absolute_url
from outbox.notify import later, notify

from .forms import consent_text
from .models import Enquiry, ListingProblem


class Refused(Exception):
    """The message can't be taken; the text says why and what to do instead."""


def _take(limit, *key):
    try:
        limit.take(*key)
    except limits.LimitReached as error:
        raise Refused(str(error)) from None


def _tell_staff(template, context) -> int:
    """Staff are emailed a link and what kind of message it is: never what was written or who wrote it."""
    return notify(staff_members().values_list("email", flat=True), template, context)


@transaction.atomic
def send_enquiry(data: dict, address: str = "") -> Enquiry:
    """Someone writes to the self-help team (the contact form). Counted per visitor, inside the
    same transaction, so that a refusal or a failure saves and sends nothing."""
    if address:
        _take(limits.ENQUIRIES_FROM_ADDRESS, address)
    enquiry = Enquiry.objects.create(
        topic=data["topic"], message=data["message"].strip(), name=data.get("name", "").strip(),
        reply_by=data["reply_by"], reply_to=data.get("reply_to", ""), good_times=data.get("good_times", "").strip(),
        introduction_reference=data.get("introduction_reference", ""), consent_text=consent_text(),
    )
    _tell_staff("enquiry-new", {"topic": later(enquiry.get_topic_display),
                                "url": absolute_url(reverse("enquiries:staff-enquiry", args=[enquiry.reference]))})
    return enquiry


@transaction.atomic
def report_problem(group, data: dict, address: str = "") -> ListingProblem:
    """Someone says a group's listing is wrong. Staff are told, and the group's coordinators
    when it has any (a group kept by the self-help team has nobody else to tell)."""
    if not group.is_reachable:
        raise Refused(_("This listing is no longer on the directory."))
    if address:
        _take(limits.LISTING_PROBLEMS_FROM_ADDRESS, address)
    _take(limits.LISTING_PROBLEMS_TO_GROUP, group.pk)
    problem = ListingProblem.objects.create(group=group, kind=data["kind"], details=data.get("details", "").strip(),
                                            email=data.get("email") or "")
    context = {"group": group, "kind": later(problem.get_kind_display)}
    if has_active_coordinator(group):
        email_coordinators(group, "listing-problem", {
            **context, "url": absolute_url(reverse("enquiries:group-problems", args=[group.slug]))})
    _tell_staff("listing-problem-staff", {
        **context, "kept_by_team": not has_active_coordinator(group),
        "url": absolute_url(reverse("enquiries:staff-problem", args=[problem.pk]))})
    return problem


def answer(record, user, note: str = "") -> None:
    """Mark an enquiry or a listing problem answered (dealt with), by whom, with a note."""
    record.answered_at = timezone.now()
    record.answered_by = user
    record.note = note.strip()
    record.save(update_fields=["answered_at", "answered_by", "note"])


def purge(now=None) -> dict:
    """Scheduled job: delete messages to the team and listing problems on the introductions'
    schedule: INTRODUCTION_RETENTION_DAYS after they were answered, and never later than
    INTRODUCTION_MAX_DAYS after they were sent, answered or not. Nothing of them is kept."""
    now = now or timezone.now()
    answered_before = now - datetime.timedelta(days=settings.INTRODUCTION_RETENTION_DAYS)
    sent_before = now - datetime.timedelta(days=settings.INTRODUCTION_MAX_DAYS)
    deleted = 0
    for model in (Enquiry, ListingProblem):
        due = model.objects.filter(answered_at__lte=answered_before) | model.objects.filter(
            created_at__lte=sent_before)
        deleted += due.delete()[0]
    return {"deleted": deleted}

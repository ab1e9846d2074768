"""Making, answering and forgetting introductions."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import limits
from directory.models import Group
from directory.services import email_coordinators, has_active_coordinator
from lib.links import OneTimeLink
from lib.urls import absolute_url

from .models import Direction, Introduction, IntroductionCount, Outcome
from .permissions import group_takes_introductions


class Refused(Exception):
    """The introduction can't be taken; the message says why and what to do instead."""


def consent_text(group) -> str:
    return _(
        "I agree that %(group)s may see the name, contact details, good times, preferred language, need for an "
        "interpreter and message I give here, to get in touch with me. They are deleted %(days)s days after the "
        "group closes the request, and never kept longer than %(most)s days."
    ) % {"group": group.name, "days": settings.INTRODUCTION_RETENTION_DAYS, "most": settings.INTRODUCTION_MAX_DAYS}


def accepts_introductions(group) -> bool:
    return group_takes_introductions(group)


def no_introductions_reason(group) -> str:
    """Why a group takes no request to be contacted, in the words the person reads."""
    if not has_active_coordinator(group):
        return _("Nobody from this group is on the directory at the moment, so it can’t be asked to get in "
                 "touch: please contact it directly using the details below.")
    if group.contact_route != Group.ContactRoute.DIRECT and not group.is_listed:
        return _("This group has not confirmed its listing for a long time, so nobody may see a request sent "
                 "here: please contact it directly using the details below.")
    return _("This group asks people to contact it directly. Its details are below.")


def _check_limits(group, address):
    """Refuse a request past the limits (accounts.limits) or when the group has too many waiting."""
    try:
        if address:
            limits.INTRODUCTIONS_FROM_ADDRESS.check(address)
        limits.INTRODUCTIONS_TO_GROUP.check(group.pk)
    except limits.LimitReached as error:
        raise Refused(str(error)) from None
    if Introduction.objects.filter(group=group, outcome=Outcome.NEW).count() >= settings.INTRODUCTIONS_OPEN_PER_GROUP:
        raise Refused(_("This group has many requests waiting for an answer. Please contact it directly using "
                        "the details on this page."))


def ask_group_to_contact(group, data, address="", nonce=None) -> tuple[Introduction, bool]:
    """A person asks the group to get in touch. Returns (introduction, created); the same
    form sent twice gives the first introduction back rather than a second."""
    if nonce:
        existing = Introduction.objects.filter(form_nonce=nonce, group=group).first()
        if existing:
            return existing, False
    if not accepts_introductions(group):
        raise Refused(no_introductions_reason(group))
    _check_limits(group, address)
    try:
        with transaction.atomic():
            introduction = Introduction.objects.create(
                group=group, direction=Direction.GROUP_CONTACTS, made_by=Introduction.MadeBy.PERSON,
                name=data["name"].strip(), contact_method=data["contact_method"], contact_value=data["contact_value"],
                good_times=data.get("good_times", "").strip(), message=data.get("message", "").strip(),
                **_language_need(data), consent_text=consent_text(group), form_nonce=nonce,
            )
            _count(group, address)
            _tell_coordinators(introduction)
    except IntegrityError:  # the same form sent twice at the same moment
        return Introduction.objects.get(form_nonce=nonce), False
    return introduction, True


def introduce_for_client(group, practitioner, data) -> Introduction:
    if not group.is_reachable:
        raise Refused(_("This group is not taking new members through the directory."))
    group_contacts = data["direction"] == Direction.GROUP_CONTACTS
    if group_contacts and not has_active_coordinator(group):
        raise Refused(_("Nobody from this group is on the directory at the moment, so it can’t be asked to get "
                        "in touch: give your client its details instead."))
    if group_contacts and group.contact_route != Group.ContactRoute.DIRECT and not group.is_listed:
        raise Refused(_("This group has not confirmed its listing for a long time, so it can’t be asked to get "
                        "in touch: give your client its details instead."))
    if group_contacts and not accepts_introductions(group):
        raise Refused(_("This group asks people to contact it directly: give your client its details instead."))
    if group_contacts:
        _check_limits(group, "")
    agreed_at = timezone.make_aware(datetime.datetime.combine(data["agreed_on"], datetime.time(12)))
    with transaction.atomic():
        introduction = Introduction.objects.create(
            group=group, direction=data["direction"], made_by=Introduction.MadeBy.PRACTITIONER,
            practitioner=practitioner, name=data.get("name", ""), contact_method=data.get("contact_method", ""),
            contact_value=data.get("contact_value", ""), good_times=data.get("good_times", ""),
            message=data.get("message", ""), **_language_need(data), agreed_how=data["agreed_how"],
            consented_at=agreed_at,
            consent_text=_("Agreed %(how)s by the person, recorded by their practitioner.") % {
                "how": Introduction.AgreedHow(data["agreed_how"]).label.lower()},
            # The person contacting the group needs no answer from it.
            outcome=Outcome.NEW if group_contacts else Outcome.CLOSED,
            outcome_at=None if group_contacts else timezone.now(),
        )
        if group_contacts:
            _count(group, "")
            _tell_coordinators(introduction)
    return introduction


def _language_need(data) -> dict:
    """The language the person prefers and whether they would like an interpreter, as the
    forms give them (introductions.forms.LanguageNeedForm); nothing when not asked."""
    return {"language": data.get("language"), "language_other": (data.get("language_other") or "").strip(),
            "interpreter": data.get("interpreter") or ""}


def _count(group, address):
    if address:
        limits.INTRODUCTIONS_FROM_ADDRESS.count(address)
    limits.INTRODUCTIONS_TO_GROUP.count(group.pk)


def _tell_coordinators(introduction, template="introduction-new"):
    """Email without personal details: just a link to the inbox."""
    group = introduction.group
    email_coordinators(group, template, {"url": absolute_url(reverse("introductions:inbox", args=[group.slug]))})


def record_outcome(introduction, outcome: str):
    introduction.outcome = outcome
    introduction.outcome_at = timezone.now()
    introduction.save(update_fields=["outcome", "outcome_at"])


def nudge_and_escalate(now=None) -> dict:
    """Scheduled job: unanswered introductions are nudged once, then shown to staff."""
    now = now or timezone.now()
    counts = {"nudged": 0, "escalated": 0}
    waiting = Introduction.objects.filter(outcome=Outcome.NEW, direction=Direction.GROUP_CONTACTS)
    for introduction in waiting.filter(nudged_at__isnull=True,
                                       created_at__lte=now - datetime.timedelta(days=settings.INTRODUCTION_NUDGE_DAYS)
                                       ).select_related("group"):
        _tell_coordinators(introduction, template="introduction-nudge")
        Introduction.objects.filter(pk=introduction.pk).update(nudged_at=now)
        counts["nudged"] += 1
    counts["escalated"] = waiting.filter(
        escalated_at__isnull=True, created_at__lte=now - datetime.timedelta(days=settings.INTRODUCTION_ESCALATE_DAYS),
    ).update(escalated_at=now)
    return counts


def purge(now=None) -> dict:
    """Scheduled job: delete personal details on time, keeping only counts.

    Details go INTRODUCTION_RETENTION_DAYS after the group closes the request (or records
    an outcome), and never later than INTRODUCTION_MAX_DAYS after it was sent.
    """
    now = now or timezone.now()
    due = Introduction.objects.filter(
        outcome_at__lte=now - datetime.timedelta(days=settings.INTRODUCTION_RETENTION_DAYS),
    ).exclude(outcome=Outcome.NEW) | Introduction.objects.filter(
        created_at__lte=now - datetime.timedelta(days=settings.INTRODUCTION_MAX_DAYS))
    deleted = 0
    for introduction in due.distinct().iterator():
        forget(introduction)
        deleted += 1
    return {"deleted": deleted}


@transaction.atomic
def forget(introduction, outcome=None):
    """Delete an introduction's details, keeping only its count: the one way an
    introduction is deleted (on time, withdrawn by the person, or erased on request)."""
    count, _created = IntroductionCount.objects.select_for_update().get_or_create(
        group_id=introduction.group_id, month=introduction.created_at.date().replace(day=1),
        direction=introduction.direction, made_by=introduction.made_by, outcome=outcome or introduction.outcome,
    )
    IntroductionCount.objects.filter(pk=count.pk).update(count=F("count") + 1)
    introduction.outcome = count.outcome  # as counted, for the erasure log (hub/erasures.py)
    introduction.delete()


# The person's private link to withdraw their request. It works until the details would
# be deleted anyway, and once: withdrawing deletes the record it points at.
WITHDRAW_LINK = OneTimeLink(
    "introductions.withdraw", lambda: datetime.timedelta(days=settings.INTRODUCTION_MAX_DAYS),
    state=lambda introduction: [introduction.reference, introduction.created_at],
)


def withdraw_url(introduction) -> str:
    return reverse("introductions:withdraw", args=[WITHDRAW_LINK.make(introduction)])


def find_for_withdrawal(token: str) -> Introduction | None:
    return WITHDRAW_LINK.find(token, Introduction.objects.select_related("group"))


@transaction.atomic
def withdraw(introduction) -> bool:
    """The person takes their request back: the details go at once, and the group's
    coordinators are told by reference only, so they can delete anything they noted.
    False when it had already gone (the same link used twice at once)."""
    introduction = Introduction.objects.select_for_update().select_related("group").filter(
        pk=introduction.pk).first()
    if introduction is None:
        return False
    group, reference = introduction.group, introduction.reference
    forget(introduction, outcome=Outcome.WITHDRAWN)
    email_coordinators(group, "introduction-withdrawn", {
        "reference": reference, "url": absolute_url(reverse("introductions:inbox", args=[group.slug]))})
    return True


def normalise_reference(text: str) -> str:
    """A reference as people type it (any case, with or without the hyphen) as it is stored."""
    code = "".join(character for character in (text or "").upper() if character.isalnum())
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else ""


def reference_summary(reference: str) -> dict | None:
    """What staff may see of a request when the person quotes its reference to them (on the
    contact form): the group, when it was sent and whether the group has answered. Never the
    details the person gave the group. None once the request has been deleted."""
    introduction = Introduction.objects.select_related("group").filter(reference=reference).first()
    if introduction is None:
        return None
    return {"reference": introduction.reference, "group": introduction.group, "sent": introduction.created_at,
            "outcome": introduction.get_outcome_display(), "answered": introduction.outcome != Outcome.NEW}


@transaction.atomic
def erase(reference: str) -> bool:
    """Staff erase an introduction on the person's request, by its reference alone. What
    remains is what the retention purge leaves: a count with the outcome it had."""
    introduction = Introduction.objects.select_for_update().filter(reference=reference).first()
    if introduction is None:
        return False
    forget(introduction)
    return True

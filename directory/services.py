"""Workflows across a group, its coordinators, its history and email."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import Category, Coordinator, Group, GroupChange, Invitation, Language

# Fields whose changes the history records and staff can undo.
TRACKED = [
    "name", "summary", "who_for", "description", "newcomers", "women_only", "family_welcome",
    "run_by", "affiliation", "contact_role", "email", "phone", "website", "contact_route",
    "professionals_rule", "started_on", "stage", "paused_until", "stage_note", "status",
    "run_with_professional_support",
]
TRACKED_MANY = {"categories": (Category, "slug"), "languages": (Language, "code")}


class NotAllowed(Exception):
    """A step the rules don't allow; the message says why, plainly."""


def snapshot(group) -> dict:
    """The tracked values of a group, as JSON-friendly values."""
    values = {}
    for name in TRACKED:
        value = getattr(group, name)
        values[name] = value.isoformat() if isinstance(value, datetime.date) else value
    if group.pk:
        for name, (_model, key) in TRACKED_MANY.items():
            values[name] = sorted(getattr(group, name).values_list(key, flat=True))
    return values


def record(group, user, action, before=None, after=None, note="", undoes=None) -> GroupChange | None:
    changes = {}
    if before is not None and after is not None:
        changes = {name: [before.get(name), after.get(name)] for name in after if before.get(name) != after.get(name)}
        if not changes and action == GroupChange.Action.EDITED:
            return None
    return GroupChange.objects.create(
        group=group, user=user if user and user.is_authenticated else None,
        action=action, changes=changes, note=note, undoes=undoes,
    )


def email_coordinators(group, template, context):
    recipients = list(group.coordinators.values_list("user__email", flat=True))
    if not recipients:
        return
    context = {"group": group, "site_name": settings.SITE_NAME, **context}
    send_mail(
        render_to_string(f"emails/{template}-subject.txt", context).strip(),
        render_to_string(f"emails/{template}-body.txt", context),
        None, recipients,
    )


@transaction.atomic
def submit_listing(user, details_form, characteristics_form, meeting_form) -> Group:
    group = details_form.save(commit=False)
    group.status = Group.Status.PENDING
    group.slug = unique_slug(group.name)
    characteristics_form.apply(group)
    group.save()
    details_form.save_m2m()
    meeting_form.save_for(group)
    Coordinator.objects.create(group=group, user=user)
    record(group, user, GroupChange.Action.SUBMITTED)
    return group


def unique_slug(name: str) -> str:
    from django.utils.text import slugify

    base = slugify(name)[:140] or "group"
    slug, number = base, 2
    while Group.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _stored(group) -> dict:
    # A bound ModelForm has already copied its data onto the instance; compare with the row.
    return snapshot(Group.objects.get(pk=group.pk))


@transaction.atomic
def save_details(group, user, form) -> GroupChange | None:
    """Edits publish at once on a listed group, and are recorded."""
    before = _stored(group)
    form.save()
    group.refresh_from_db()
    return record(group, user, GroupChange.Action.EDITED, before, snapshot(group))


@transaction.atomic
def roll_back(change: GroupChange, user) -> GroupChange:
    """Put back the values a recorded edit replaced."""
    if not change.can_roll_back:
        raise NotAllowed(_("This change can’t be undone: it may have been undone already."))
    group = Group.objects.select_for_update().get(pk=change.group_id)
    before = snapshot(group)
    for name, (old, _new) in change.changes.items():
        if name in TRACKED_MANY:
            model, key = TRACKED_MANY[name]
            getattr(group, name).set(model.objects.filter(**{f"{key}__in": old or []}))
        elif name in TRACKED:
            field = Group._meta.get_field(name)
            setattr(group, name, field.to_python(old))
    group.save()
    when = formats.date_format(timezone.localtime(change.at), "j F Y, H:i")
    return record(group, user, GroupChange.Action.ROLLED_BACK, before, snapshot(group),
                  note=_("Undid the change of %(when)s") % {"when": when}, undoes=change)


@transaction.atomic
def confirm(group, user=None) -> GroupChange:
    group.last_confirmed_on = timezone.localdate()
    group.last_confirmed_by = user if user and user.is_authenticated else None
    group.reminders_sent = 0
    group.last_reminder_at = None
    group.save(update_fields=["last_confirmed_on", "last_confirmed_by", "reminders_sent", "last_reminder_at",
                              "updated_at"])
    return record(group, user, GroupChange.Action.CONFIRMED)


@transaction.atomic
def review(group, user, decision: str, message: str) -> GroupChange:
    if group.status not in (Group.Status.PENDING, Group.Status.DRAFT):
        raise NotAllowed(_("This listing has already been reviewed."))
    before = snapshot(group)
    if decision in ("approve", "approve_supported"):
        group.status = Group.Status.PUBLISHED
        group.run_with_professional_support = decision == "approve_supported"
        group.last_confirmed_on = timezone.localdate()
        action, template = GroupChange.Action.APPROVED, "listing-approved"
    elif decision == "changes":
        group.status = Group.Status.DRAFT
        action, template = GroupChange.Action.CHANGES_REQUESTED, "listing-changes"
    else:
        group.status = Group.Status.DECLINED
        action, template = GroupChange.Action.DECLINED, "listing-declined"
    group.save()
    change = record(group, user, action, before, snapshot(group), note=message)
    email_coordinators(group, template, {
        "message": message, "url": absolute_url(reverse("directory:manage", args=[group.slug])),
        "public_url": absolute_url(group.get_absolute_url()),
    })
    return change


@transaction.atomic
def resubmit(group, user) -> GroupChange:
    if group.status != Group.Status.DRAFT:
        raise NotAllowed(_("This listing is not waiting for changes."))
    group.status = Group.Status.PENDING
    group.save(update_fields=["status", "updated_at"])
    return record(group, user, GroupChange.Action.SUBMITTED)


@transaction.atomic
def change_stage(group, user, form) -> GroupChange | None:
    before = _stored(group)
    form.save()
    return record(group, user, GroupChange.Action.STAGE_CHANGED, before, snapshot(group))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite(group, user, email: str) -> Invitation:
    email = email.strip().lower()
    if group.coordinators.filter(user__email__iexact=email).exists():
        raise NotAllowed(_("%(email)s already helps coordinate this group.") % {"email": email})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        group=group, email=email, token_hash=_token_hash(token), invited_by=user,
        expires_at=timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS),
    )
    record(group, user, GroupChange.Action.COORDINATOR_INVITED, note=email)
    context = {"group": group, "site_name": settings.SITE_NAME, "days": settings.INVITATION_DAYS,
               "url": absolute_url(reverse("directory:accept-invitation", args=[token]))}
    send_mail(
        render_to_string("emails/coordinator-invitation-subject.txt", context).strip(),
        render_to_string("emails/coordinator-invitation-body.txt", context),
        None, [email],
    )
    return invitation


def find_invitation(token: str) -> Invitation | None:
    invitation = Invitation.objects.select_related("group").filter(token_hash=_token_hash(token)).first()
    return invitation if invitation and invitation.is_usable else None


@transaction.atomic
def accept_invitation(invitation: Invitation, user) -> Coordinator:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise NotAllowed(_("This invitation has expired or has already been used."))
    coordinator, _created = Coordinator.objects.get_or_create(group=invitation.group, user=user)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record(invitation.group, user, GroupChange.Action.COORDINATOR_JOINED)
    return coordinator


@transaction.atomic
def step_down(group, user) -> None:
    """A coordinator leaves. The last one may leave only once the group has closed, so a
    group never depends on one person without anyone knowing."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    mine = group.coordinators.filter(user=user)
    if not mine.exists():
        raise NotAllowed(_("You are not a coordinator of this group."))
    if group.coordinators.count() == 1 and group.stage != Group.Stage.CLOSED:
        raise NotAllowed(_(
            "You are the group’s only coordinator. Invite someone to take over first, or, if the group "
            "has ended, mark it as closed."
        ))
    mine.delete()
    record(group, user, GroupChange.Action.COORDINATOR_LEFT)


# One-click confirmation from the reminder email: signed, expiring, and good for one use,
# because the signed value includes the state that confirming changes.
CONFIRM_SALT = "directory.confirm-listing"


def confirm_token(group) -> str:
    state = [group.pk, group.last_confirmed_on.isoformat() if group.last_confirmed_on else "",
             group.reminders_sent]
    return signing.dumps(state, salt=CONFIRM_SALT, compress=True)


def group_for_confirm_token(token: str) -> Group | None:
    try:
        group_id, confirmed, reminders = signing.loads(
            token, salt=CONFIRM_SALT, max_age=datetime.timedelta(days=settings.CONFIRM_LINK_DAYS))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    group = Group.objects.filter(pk=group_id).exclude(stage=Group.Stage.CLOSED).first()
    if group is None:
        return None
    current = group.last_confirmed_on.isoformat() if group.last_confirmed_on else ""
    if current != confirmed or group.reminders_sent != reminders:
        return None  # already used: confirming changed the group
    return group


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path

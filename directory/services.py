"""Workflows across a group, its coordinators, its history and email."""

import datetime
import decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts import limits
from accounts.roles import active_coordinators, coordinator_q, is_staff, staff_members
from lib.dates import format_day, format_time
from lib.links import OneTimeLink
from lib.urls import absolute_url
from outbox.notify import notify

from . import freshness, recurrence
from .models import (
    Category,
    Coordinator,
    Group,
    GroupChange,
    GroupTranslation,
    Invitation,
    Language,
    Meeting,
    MeetingChange,
    last_day_q,
)

# Fields whose changes the history records and staff can undo.
TRACKED = [
    "name", "summary", "who_for", "description", "newcomers", "women_only", "family_welcome",
    "run_by", "affiliation", "contact_role", "email", "phone", "website", "contact_route",
    "professionals_rule", "started_on", "stage", "paused_until", "stage_note", "status",
    "run_with_professional_support", "cost", "cost_amount", "cost_covers", "bring_someone", "first_visit",
    "open_to_groups", "looking_for_coordinator", "looking_for_volunteers",
]
TRACKED_MANY = {"categories": (Category, "slug"), "languages": (Language, "code")}


class NotAllowed(Exception):
    """A step the rules don't allow; the message says why, plainly."""


def snapshot(group) -> dict:
    """The tracked values of a group, as JSON-friendly values."""
    values = {}
    for name in TRACKED:
        value = getattr(group, name)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, decimal.Decimal):
            value = str(value)  # JSON has no decimals; "2.50" reads back exactly
        values[name] = value
    if group.pk:
        for name, (_model, key) in TRACKED_MANY.items():
            values[name] = sorted(getattr(group, name).values_list(key, flat=True))
    return values


def record(group, user, action, before=None, after=None, note="", undoes=None) -> GroupChange | None:
    changes = {}
    if before is not None and after is not None:
        changes = {name: [before.get(name), after.get(name)] for name in after if before.get(name) != after.get(name)}
        if not changes and action in (GroupChange.Action.EDITED, GroupChange.Action.MEETING_CHANGED):
            return None
    return GroupChange.objects.create(
        group=group, user=user if user and user.is_authenticated else None,
        action=action, changes=changes, note=note, undoes=undoes,
    )


def email_coordinators(group, template, context) -> int:
    """Email each of the group's coordinators (see outbox.notify); the context gets `group`."""
    addresses = active_coordinators(group).values_list("user__email", flat=True)
    return notify(addresses, template, {"group": group, **context})


def has_active_coordinator(group) -> bool:
    """Whether someone on the hub reads the group's requests. A group without one is kept
    by the self-help team: it stays listed, but nobody would read a request, so it takes none
    (introductions.services.accepts_introductions)."""
    return active_coordinators(group).exists()


def kept_by_team():
    """Reachable groups kept by the self-help team, for staff to look after: nobody active on
    the hub speaks for them (the same rule as `has_active_coordinator`, as a query)."""
    return Group.objects.reachable().exclude(
        Exists(Coordinator.objects.filter(group=OuterRef("pk")).filter(coordinator_q("user__"))))


def tell_staff_group_is_kept(group) -> int:
    """A reachable group has just lost the last coordinator who counted (they left, were
    taken off, closed their account, were switched off or made staff): email the staff once,
    on that change, so that someone looks after it until somebody from the group takes it on.
    Called by directory.signals, which sees every way a coordinator goes."""
    if not group.is_reachable:
        return 0
    return notify(staff_members().values_list("email", flat=True), "group-kept-by-team", {
        "group": group,
        "url": absolute_url(reverse("directory:coordinators", args=[group.slug])),
        "list_url": absolute_url(reverse("directory:kept")),
    })


@transaction.atomic
def submit_listing(user, details_form, characteristics_form, meeting_form) -> Group:
    group = details_form.save(commit=False)
    group.status = Group.Status.PENDING
    group.slug = unique_slug(group.name)
    characteristics_form.apply(group)
    group.save()
    details_form.save_m2m()
    meeting_form.save_for(group)
    # Staff may enter a listing for a group; the group's own people join by invitation.
    if may_coordinate(user):
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


def translation_snapshot(group, language: str) -> dict:
    """A group's words in one language other than its own, as the history records them
    ("translation.<language>.<field>"; empty when it has none)."""
    found = group.translations.filter(language=language).first()
    return {GroupChange.translation_key(language, name): getattr(found, name) if found else ""
            for name in GroupChange.TRANSLATION_FIELDS}


@transaction.atomic
def save_translation(group, user, form) -> GroupChange | None:
    """A group's words in another language: added or changed, published at once like the
    rest of a listing's details, and recorded."""
    language = form.instance.language
    before = translation_snapshot(group, language)
    form.save()
    return record(group, user, GroupChange.Action.EDITED, before, translation_snapshot(group, language))


@transaction.atomic
def remove_translation(group, user, translation: GroupTranslation) -> GroupChange | None:
    before = translation_snapshot(group, translation.language)
    translation.delete()
    return record(group, user, GroupChange.Action.EDITED, before, translation_snapshot(group, translation.language))


def _put_back_translation(group, language: str, values: dict) -> None:
    """Give the group's words in `language` these values (the others as they are); with no
    description, it has none in that language."""
    found = group.translations.filter(language=language).first()
    current = {name: getattr(found, name) if found else "" for name in GroupChange.TRANSLATION_FIELDS}
    current.update({name: value or "" for name, value in values.items()})
    if not current["description"]:
        group.translations.filter(language=language).delete()
        return
    translation = found or GroupTranslation(group=group, language=language)
    for name, value in current.items():
        setattr(translation, name, value)
    translation.save()


def meeting_snapshot(meeting) -> dict:
    """What a meeting's history compares, in the words the public page uses (the keys are
    GroupChange.MEETING_LABELS): "Every Tuesday" → "Every 3 months, on the first Tuesday"."""
    if meeting is None:
        return {}
    venue = meeting.venue if meeting.venue_id else None
    times = ""
    if meeting.start_time:
        times = format_time(meeting.start_time)
        if meeting.end_time:
            times = _("%(start)s to %(end)s") % {"start": times, "end": format_time(meeting.end_time)}
    return {
        "pattern": recurrence.describe(meeting.rule),
        "time": times,
        "attendance": str(meeting.get_attendance_display()),
        "place": ", ".join(part for part in [venue.name, venue.address_1, venue.town, venue.postcode] if part)
        if venue else "",
        "access": ", ".join(str(feature) for feature in venue.access_features) if venue else "",
        "transport": venue.transport if venue else "",
        "online_details": meeting.online_details,
        "starts_on": format_day(meeting.starts_on) if meeting.starts_on else "",
        "ends_on": format_day(meeting.ends_on) if meeting.ends_on else "",
        "notes": meeting.notes,
    }


def stored_meeting(meeting) -> Meeting | None:
    """The meeting as saved (a bound form has already copied its data onto the instance)."""
    if meeting is None or not meeting.pk:
        return None
    return Meeting.objects.select_related("venue").get(pk=meeting.pk)


@transaction.atomic
def save_meeting(group, user, form, meeting=None) -> GroupChange | None:
    """Save a meeting from its form and record what changed ("before → after"). Saving a
    meeting unchanged records nothing (None). One-off changes to dates the new pattern no
    longer has are dropped with it."""
    before = meeting_snapshot(stored_meeting(meeting))
    saved = form.save_for(group)
    after = meeting_snapshot(stored_meeting(saved))
    if meeting is None:
        return record(group, user, GroupChange.Action.MEETING_ADDED, note=saved.describe())
    change = record(group, user, GroupChange.Action.MEETING_CHANGED, before, after, note=saved.describe())
    rule = saved.rule
    for one_date in saved.changes.all():
        if not recurrence.is_meeting_date(rule, one_date.on_date):
            one_date.delete()
    return change


@transaction.atomic
def change_one_date(meeting, user, form) -> MeetingChange:
    """Cancel or move one date of a meeting, from MeetingChangeForm; recorded in the history."""
    change = form.save(commit=False)
    change.meeting = meeting
    change.save()
    forget_past_meeting_changes()
    record(meeting.group, user, GroupChange.Action.MEETING_CHANGED,
           note=_("One date: %(change)s") % {"change": change.describe()})
    return change


@transaction.atomic
def undo_one_date(change: MeetingChange, user) -> None:
    """Put a cancelled or moved date back as usual."""
    description = change.describe()
    change.delete()
    record(change.meeting.group, user, GroupChange.Action.MEETING_CHANGED,
           note=_("One date back as usual (was: %(change)s)") % {"change": description})


def forget_past_meeting_changes(today=None) -> dict:
    """Scheduled job (also run whenever a date is changed): one-off changes whose dates have
    passed say nothing any more, so they are deleted (keep no more than is needed)."""
    today = today or timezone.localdate()
    past = MeetingChange.objects.exclude(last_day_q(today))
    deleted, _by_model = past.delete()
    return {"past meeting changes deleted": deleted}


@transaction.atomic
def roll_back(change: GroupChange, user) -> GroupChange:
    """Put back the values a recorded edit replaced."""
    if not change.can_roll_back:
        raise NotAllowed(_("This change can’t be undone: it may have been undone already."))
    group = Group.objects.select_for_update().get(pk=change.group_id)
    translations = {}  # language: {field: value before}
    for name in change.changes:
        if GroupChange.is_translation_key(name):
            _prefix, language, field = name.split(".", 2)
            translations.setdefault(language, {})[field] = change.changes[name][0]

    def state():
        values = snapshot(group)
        for language in translations:
            values.update(translation_snapshot(group, language))
        return values

    before = state()
    for language, values in translations.items():
        _put_back_translation(group, language, values)
    for name, (old, _new) in change.changes.items():
        if name in TRACKED_MANY:
            model, key = TRACKED_MANY[name]
            getattr(group, name).set(model.objects.filter(**{f"{key}__in": old or []}))
        elif name in TRACKED:
            field = Group._meta.get_field(name)
            setattr(group, name, field.to_python(old))
    group.save()
    when = formats.date_format(timezone.localtime(change.at), "DATETIME_FORMAT")
    return record(group, user, GroupChange.Action.ROLLED_BACK, before, state(),
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


# An invitation's link works once: accepting sets accepted_at, which the token covers.
INVITATION_LINK = OneTimeLink(
    "directory.invitation", lambda: datetime.timedelta(days=settings.INVITATION_DAYS),
    state=lambda invitation: [invitation.email, invitation.accepted_at],
)


def may_coordinate(user) -> bool:
    """Staff keep every listing, but a group's introductions and unpublished reflections are
    for the group alone, so a staff account never becomes one of its coordinators."""
    return not is_staff(user)


def check_may_coordinate(user) -> None:
    """Raise NotAllowed, saying why, if `user` may not become a coordinator."""
    if not may_coordinate(user):
        raise NotAllowed(_(
            "This is an intermediary staff account, and staff can’t coordinate a group: its introductions "
            "and reflections are for the group alone. Use an address that isn’t a staff account."))


def invite(group, user, email: str, claim: bool = False) -> Invitation:
    """Invite `email` to help coordinate `group`: an invitation, recorded, and emailed; a
    claim (directory.claims) is staff's invitation to the group's public address to take on
    a listing the team keeps.

    The group's daily allowance of invitations is taken before the address is looked up,
    and an address that may not coordinate (a staff account) is refused without saying
    why, so that the form cannot tell anyone who keeps a group, without limit, which
    addresses are staff accounts. The allowance is taken outside the transaction below, so
    a refused address still counts."""
    email = email.strip().lower()
    if group.coordinators.filter(user__email__iexact=email).exists():
        raise NotAllowed(_("%(email)s already helps coordinate this group.") % {"email": email})
    # A listing nobody has checked yet cannot send email to strangers through the site.
    if group.status != Group.Status.PUBLISHED:
        raise NotAllowed(_("You can invite others to help coordinate the group once the listing is on the directory."))
    try:
        limits.INVITATIONS.take(group.pk)
    except limits.LimitReached as error:
        raise NotAllowed(str(error)) from None
    account = get_user_model().objects.filter(email__iexact=email).first()
    if account is not None and not may_coordinate(account):
        raise NotAllowed(_("That address cannot be invited as a coordinator. Invite another address."))
    with transaction.atomic():
        invitation = Invitation.objects.create(group=group, email=email, invited_by=user, claim=claim)
        record(group, user, GroupChange.Action.COORDINATOR_INVITED,
               note=_("Claim sent to %(email)s") % {"email": email} if claim else email)
        notify([email], "claim-invitation" if claim else "coordinator-invitation", {
            "group": group, "days": settings.INVITATION_DAYS,
            "url": absolute_url(reverse("directory:accept-invitation", args=[INVITATION_LINK.make(invitation)])),
            "public_url": absolute_url(group.get_absolute_url()),
        })
    return invitation


def pending_invitations(group) -> list[Invitation]:
    """The group's invitations that can still be accepted, newest first, each with
    `expires_at`: when its link stops working (INVITATION_LINK's max_age; a claim's
    reminder carries a fresh link, directory.claims)."""
    max_age = INVITATION_LINK.max_age()
    since = timezone.now() - max_age
    invitations = list(group.invitations.filter(accepted_at__isnull=True)
                       .filter(Q(created_at__gt=since) | Q(last_reminder_at__gt=since))
                       .select_related("invited_by").order_by("-created_at", "-pk"))
    for invitation in invitations:
        invitation.expires_at = (invitation.last_reminder_at or invitation.created_at) + max_age
    return invitations


@transaction.atomic
def withdraw_invitation(group, user, invitation: Invitation) -> None:
    """Take back an invitation not yet accepted: deleting it makes its emailed link find
    nothing, so the link stops working at once."""
    invitation = group.invitations.select_for_update().filter(pk=invitation.pk, accepted_at__isnull=True).first()
    if invitation is None:
        raise NotAllowed(_("This invitation has already been accepted or withdrawn."))
    invitation.delete()


def resend_invitation(group, user, invitation: Invitation) -> Invitation:
    """Email an invitation not yet accepted again, with a fresh link (the first may be lost
    or about to stop working). It counts against the group's daily invitations, as a new
    one would, so resending cannot send unlimited email either."""
    invitation = group.invitations.filter(pk=invitation.pk, accepted_at__isnull=True).first()
    if invitation is None:
        raise NotAllowed(_("This invitation has already been accepted or withdrawn."))
    try:
        limits.INVITATIONS.take(group.pk)
    except limits.LimitReached as error:
        raise NotAllowed(str(error)) from None
    with transaction.atomic():
        # The page counts the link's days from here (pending_invitations).
        invitation.last_reminder_at = timezone.now()
        invitation.save(update_fields=["last_reminder_at"])
        record(group, user, GroupChange.Action.COORDINATOR_INVITED,
               note=_("Invitation sent again to %(email)s") % {"email": invitation.email})
        notify([invitation.email], "claim-invitation" if invitation.claim else "coordinator-invitation", {
            "group": group, "days": settings.INVITATION_DAYS,
            "url": absolute_url(reverse("directory:accept-invitation", args=[INVITATION_LINK.make(invitation)])),
            "public_url": absolute_url(group.get_absolute_url()),
        })
    return invitation


def find_invitation(token: str) -> Invitation | None:
    """The invitation an emailed link is for, while it can still be accepted."""
    return INVITATION_LINK.find(token, Invitation.objects.select_related("group"))


@transaction.atomic
def accept_invitation(invitation: Invitation, user) -> Coordinator:
    """Only the account with the address the invitation went to can accept it: a forwarded
    link does not make someone else a coordinator."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise NotAllowed(_("This invitation has already been used."))
    if not invitation.is_for(user):
        raise NotAllowed(_(
            "This invitation was sent to another email address. Sign in with the address it was sent to."))
    check_may_coordinate(user)
    group = invitation.group
    # The coordinators already there are told, so nobody joins a group unnoticed; the email
    # names nobody, and links to the page that lists the coordinators.
    email_coordinators(group, "coordinator-joined", {
        "url": absolute_url(reverse("directory:coordinators", args=[group.slug])),
    })
    coordinator, _created = Coordinator.objects.get_or_create(group=group, user=user)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record(group, user, GroupChange.Action.COORDINATOR_JOINED)
    return coordinator


def may_step_down(group, user) -> bool:
    """Whether `user` may leave the group's coordinators now. The last one may leave only once
    the group has closed, or while it says it is looking for a new coordinator: then everyone
    knows, the self-help team keeps the listing (`kept_by_team`; staff are emailed by
    directory.signals) and it takes no requests until someone takes it on."""
    if not group.coordinators.filter(user=user).exists():
        return False
    return (group.coordinators.count() > 1 or group.stage == Group.Stage.CLOSED
            or group.looking_for_coordinator)


@transaction.atomic
def step_down(group, user) -> None:
    """A coordinator leaves (`may_step_down` says when the last one may)."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    mine = group.coordinators.filter(user=user)
    if not mine.exists():
        raise NotAllowed(_("You are not a coordinator of this group."))
    if not may_step_down(group, user):
        raise NotAllowed(_(
            "You are the group’s only coordinator. Invite someone to take over first, or say the group is "
            "looking for a new coordinator, or, if the group has ended, mark it as closed."
        ))
    mine.delete()
    record(group, user, GroupChange.Action.COORDINATOR_LEFT)


@transaction.atomic
def remove_coordinator(group, user, coordinator: Coordinator) -> None:
    """A coordinator takes another off the group (someone who has moved on, or should never
    have joined). Leaving oneself is `step_down`, so one coordinator always remains."""
    # Under the group's lock, so two coordinators taking each other off at once leave one.
    group = Group.objects.select_for_update().get(pk=group.pk)
    if not group.coordinators.filter(user=user).exists():
        raise NotAllowed(_("You are not a coordinator of this group."))
    target = group.coordinators.exclude(user=user).select_related("user").filter(pk=coordinator.pk).first()
    if target is None:
        raise NotAllowed(_("Choose another coordinator of this group to remove."))
    target.delete()
    record(group, user, GroupChange.Action.COORDINATOR_REMOVED, note=target.user.email)
    # The person taken off is told, so nobody loses access to a group without knowing.
    notify([target.user.email], "coordinator-removed", {
        "group": group, "public_url": absolute_url(group.get_absolute_url()),
    })


@transaction.atomic
def end_coordinatorships(user) -> list[Group]:
    """An account made staff stops coordinating every group (staff never read a group's
    introductions or reflections): its places go, the history says so, and the co-coordinators
    left are told. Returns the groups it coordinated. Called by directory.signals when an
    account becomes staff, whichever way (the admin, a command, the shell)."""
    groups = []
    for place in user.coordinating.select_related("group").order_by("group__name"):
        group = place.group
        place.delete()
        record(group, user, GroupChange.Action.COORDINATOR_LEFT, note=_("Made intermediary staff"))
        email_coordinators(group, "coordinator-made-staff", {
            "url": absolute_url(reverse("directory:coordinators", args=[group.slug])),
        })
        groups.append(group)
    return groups


# One-click confirmation from the reminder email. Confirming sets last_confirmed_on and
# starts the count of reminders again, which the token covers, so the link works once;
# a second reminder's link replaces the first's.
CONFIRM_LINK = OneTimeLink(
    "directory.confirm-listing", lambda: datetime.timedelta(days=settings.CONFIRM_LINK_DAYS),
    state=lambda group: [group.last_confirmed_on, group.reminders_sent],
)


def confirm_token(group) -> str:
    return CONFIRM_LINK.make(group)


def group_for_confirm_token(token: str) -> Group | None:
    return CONFIRM_LINK.find(token, Group.objects.exclude(stage=Group.Stage.CLOSED))


def send_reminders(now=None) -> dict:
    """Scheduled job: first and second reminders, and the hand-over to staff (see freshness.py)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = freshness.days
    # Hidden listings are reminded too: confirming brings them back. Only groups with an
    # active coordinator, since a reminder nobody receives is not one.
    reachable = Group.objects.reachable().filter(coordinator_q("coordinators__user__")).distinct()
    first_due = reachable.filter(reminders_sent=0, last_confirmed_on__lte=today - days("FRESHNESS_REMIND_DAYS"))
    second_due = reachable.filter(reminders_sent=1, last_reminder_at__lte=now - days("FRESHNESS_SECOND_REMINDER_DAYS"))
    staff_due = reachable.filter(reminders_sent=2, last_reminder_at__lte=now - days("FRESHNESS_STAFF_DAYS")).exclude(
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

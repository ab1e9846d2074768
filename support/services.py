"""Workflows of the support exchange. Each is one transaction: nothing is half-saved.

Email goes through outbox.notify, written in the same transaction.
"""

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_practitioner
from directory.models import Group
from directory.services import email_coordinators
from lib.dates import format_day, format_time
from lib.urls import absolute_url
from outbox.notify import later, notify

from . import contacts
from .models import (
    AgencyGroup,
    Arrangement,
    ArrangementEvent,
    Match,
    Side,
    SupportRequest,
    TalkBooking,
    TalkNote,
    VisitRequest,
)
from .permissions import group_takes_requests

# A review is at most this far ahead, so the group always gets the chance to look again.
LONGEST_REVIEW_DAYS = 366
# Groups often meet once a month: a team asking for a talk gives them at least this long.
TALK_REPLY_DAYS = 28


class NotAllowed(Exception):
    """A step the rules don't allow; the message says why, plainly."""


# Rules written once: forms show these messages beside the field, services refuse with them.


def check_future(day: datetime.date | None, what: str) -> None:
    if day is not None and day <= timezone.localdate():
        raise NotAllowed(_("%(what)s must be after today.") % {"what": what})


def check_review_date(day: datetime.date) -> None:
    check_future(day, _("The review date"))
    if day > timezone.localdate() + datetime.timedelta(days=LONGEST_REVIEW_DAYS):
        raise NotAllowed(_("Choose a review date within a year, so you both look at it again."))


def check_group_takes_requests(group) -> None:
    if not group_takes_requests(group):
        raise NotAllowed(_("This group’s listing is kept by the self-help team: nobody from the group is on the "
                           "directory at the moment, so nobody would receive a request sent here. Contact the group "
                           "through its public details."))


def check_visit_allowed(group) -> None:
    if not group.takes_professional_visitors:
        raise NotAllowed(_("This group’s meetings are for members only, so it doesn’t take requests from "
                           "professionals to come along. Please respect that."))
    if not group.is_reachable:
        raise NotAllowed(_("This group isn’t meeting, so it can’t take visitors."))
    check_group_takes_requests(group)


def check_meeting_day(group, day) -> None:
    """A visit is asked for a day the group meets, when its meetings' dates are known."""
    days = group.meeting_days()
    if days and day not in days:
        raise NotAllowed(_("Choose one of the days the group meets."))


# Email: every word worded while the email is written, in its reader's language. So a
# subject and a message are `later(lambda: ...)`, with the choice labels, dates and contact
# lines made inside the lambda (outbox.notify).


def _email_person(user, subject, message, url) -> None:
    if not (user and user.is_active and user.email):
        return
    notify([user.email], "support-notice", {"subject": subject, "message": message, "url": absolute_url(url)})


def _email_group(group, subject, message, url) -> None:
    """Tells a group's coordinators, naming the group first: a coordinator may run several."""
    email_coordinators(group, "support-notice", {"subject": _named(group, subject), "message": message,
                                                 "url": absolute_url(url)})


def _named(group, subject):
    return later(lambda: _("%(group)s: %(subject)s") % {"group": group.name, "subject": subject})


def _side_label(arrangement_or_agency) -> str:
    agency = getattr(arrangement_or_agency, "agency", arrangement_or_agency)
    return agency.name if agency else _("the practitioner")


# Requests and matches


@transaction.atomic
def post_request(group, user, form) -> SupportRequest:
    support_request = form.save(commit=False)
    support_request.group = group
    support_request.created_by = user
    support_request.save()
    return support_request


@transaction.atomic
def close_request(support_request, user) -> None:
    support_request = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
    if not support_request.is_open:
        raise NotAllowed(_("This request is already closed."))
    support_request.status = SupportRequest.Status.CLOSED
    support_request.closed_at = timezone.now()
    support_request.save(update_fields=["status", "closed_at"])
    support_request.matches.filter(status__in=[Match.Status.WAITING_FOR_GROUP, Match.Status.WAITING_FOR_PRACTITIONER]
                                   ).update(status=Match.Status.CLOSED, answered_at=timezone.now())


def _new_match(support_request, practitioner, made_by, status, offer=None, role="", message="") -> Match:
    if not support_request.is_open:
        raise NotAllowed(_("This request is no longer open."))
    if not is_practitioner(practitioner):
        raise NotAllowed(_("This person is no longer working with groups here."))
    if offer is not None and offer.agency_id != practitioner.team.agency_id:
        raise NotAllowed(_("That offer belongs to another organisation."))
    try:
        with transaction.atomic():
            return Match.objects.create(request=support_request, practitioner=practitioner, offer=offer, role=role,
                                        message=message, made_by=made_by, status=status)
    except IntegrityError:
        raise NotAllowed(_("%(name)s has already been put forward for this request.")
                         % {"name": practitioner}) from None


@transaction.atomic
def group_asks(support_request, practitioner, message="") -> Match:
    """The group asks a suggested practitioner whether they could help."""
    match = _new_match(support_request, practitioner, Match.MadeBy.GROUP, Match.Status.WAITING_FOR_PRACTITIONER,
                       message=message)
    _email_person(practitioner,
                  later(lambda: _("%(group)s asks if you could help") % {"group": support_request.group.name}),
                  later(lambda: _("%(group)s is looking for: %(kind)s. They would like to know if you could help. "
                                  "Please answer on your support page.")
                        % {"group": support_request.group.name, "kind": support_request.get_kind_display()}),
                  reverse("support:mine"))
    return match


@transaction.atomic
def practitioner_offers(support_request, practitioner, role, offer=None, message="") -> Match:
    check_group_takes_requests(support_request.group)
    match = _new_match(support_request, practitioner, Match.MadeBy.PRACTITIONER, Match.Status.WAITING_FOR_GROUP,
                       offer=offer, role=role, message=message)
    _email_group(support_request.group, later(lambda: _("Someone has offered to help")),
                 later(lambda: _("%(name)s of %(agency)s has offered to help with: %(kind)s. You decide whether to "
                                 "take it up.") % {"name": practitioner, "agency": practitioner.team.agency.name,
                                                   "kind": support_request.get_kind_display()}),
                 support_request.get_absolute_url())
    return match


@transaction.atomic
def staff_suggests(support_request, practitioner, offer=None, message="") -> Match:
    """Staff broker a match. A published offer already says yes, so it goes to the group;
    otherwise the practitioner is asked first."""
    if offer is not None:
        match = _new_match(support_request, practitioner, Match.MadeBy.STAFF, Match.Status.WAITING_FOR_GROUP,
                           offer=offer, message=message)
        _email_group(support_request.group, later(lambda: _("A suggestion for your request")),
                     later(lambda: _("Our staff suggest %(offer)s for your request: %(kind)s. You decide whether to "
                                     "take it up.") % {"offer": offer.title,
                                                       "kind": support_request.get_kind_display()}),
                     support_request.get_absolute_url())
        return match
    match = _new_match(support_request, practitioner, Match.MadeBy.STAFF, Match.Status.WAITING_FOR_PRACTITIONER,
                       message=message)
    _email_person(practitioner, later(lambda: _("Could you help a group?")),
                  later(lambda: _("Our staff think you could help %(group)s with: %(kind)s. Please answer on your "
                                  "support page.") % {"group": support_request.group.name,
                                                      "kind": support_request.get_kind_display()}),
                  reverse("support:mine"))
    return match


@transaction.atomic
def answer_match(match, side: str, yes: bool, role="") -> Match:
    match = Match.objects.select_for_update().select_related("request__group").get(pk=match.pk)
    if side == "practitioner" and match.status == Match.Status.WAITING_FOR_PRACTITIONER:
        match.status = Match.Status.WAITING_FOR_GROUP if yes else Match.Status.DECLINED
        if yes and role:
            match.role = role
    elif side == "group" and match.status == Match.Status.WAITING_FOR_GROUP and not yes:
        match.status = Match.Status.DECLINED
    else:
        raise NotAllowed(_("This has already been answered."))
    match.answered_at = timezone.now()
    match.save(update_fields=["status", "role", "answered_at"])
    if side == "practitioner" and yes:
        _email_group(match.request.group, later(lambda: _("Someone can help")),
                     later(lambda: _("%(name)s says they can help with: %(kind)s. You decide whether to take it up.")
                           % {"name": match.practitioner, "kind": match.request.get_kind_display()}),
                     match.request.get_absolute_url())
    return match


@transaction.atomic
def accept(support_request, user, practitioner, agreed, role, review_on, offer=None, match=None) -> Arrangement:
    """The group accepts: only now does help become an arrangement."""
    support_request = SupportRequest.objects.select_for_update().select_related("group").get(pk=support_request.pk)
    if not support_request.is_open:
        raise NotAllowed(_("This request has already been arranged or closed."))
    check_review_date(review_on)
    if not is_practitioner(practitioner):
        raise NotAllowed(_("This person is no longer working with groups here. Choose someone else."))
    if match is not None:
        match = Match.objects.select_for_update().get(pk=match.pk)
        if match.status != Match.Status.WAITING_FOR_GROUP:
            raise NotAllowed(_("This has already been answered."))
    profile = getattr(practitioner, "support_profile", None)
    arrangement = Arrangement.objects.create(
        group=support_request.group, request=support_request, offer=offer, agency=practitioner.team.agency,
        practitioner=practitioner, kind=support_request.kind, agreed=agreed.strip(), role=role,
        limits=profile.limits if profile else "", review_on=review_on,
    )
    ArrangementEvent.objects.create(arrangement=arrangement, user=user, side=Side.GROUP,
                                    action=ArrangementEvent.Action.MADE, review_on=review_on)
    support_request.status = SupportRequest.Status.ARRANGED
    support_request.closed_at = timezone.now()
    support_request.save(update_fields=["status", "closed_at"])
    now = timezone.now()
    if match is not None:
        match.status, match.answered_at = Match.Status.ACCEPTED, now
        match.save(update_fields=["status", "answered_at"])
    support_request.matches.filter(status__in=[Match.Status.WAITING_FOR_GROUP, Match.Status.WAITING_FOR_PRACTITIONER]
                                   ).update(status=Match.Status.CLOSED, answered_at=now)
    contact = contacts.of_group(arrangement.group)
    _email_person(practitioner,
                  later(lambda: _("%(group)s has agreed an arrangement with you") % {"group": arrangement.group.name}),
                  later(lambda: _("%(group)s has accepted your help with: %(kind)s. What you agreed and the review "
                                  "date are on the arrangement’s page.")
                        % {"group": arrangement.group.name, "kind": arrangement.get_kind_display()}
                        + "\n\n" + contact.as_text()),
                  arrangement.get_absolute_url())
    return arrangement


# Arrangements: reviewed, renewed, changed or ended — ending is not a failure.


def _live_arrangement(arrangement) -> Arrangement:
    arrangement = Arrangement.objects.select_for_update().get(pk=arrangement.pk)
    if not arrangement.is_active:
        raise NotAllowed(_("This arrangement has already ended."))
    return arrangement


@transaction.atomic
def renew(arrangement, user, review_on) -> Arrangement:
    arrangement = _live_arrangement(arrangement)
    check_review_date(review_on)
    arrangement.review_on, arrangement.reminded_for = review_on, None
    arrangement.save(update_fields=["review_on", "reminded_for"])
    ArrangementEvent.objects.create(arrangement=arrangement, user=user, side=Side.GROUP,
                                    action=ArrangementEvent.Action.RENEWED, review_on=review_on)
    return arrangement


@transaction.atomic
def change(arrangement, user, agreed, role, review_on) -> Arrangement:
    arrangement = _live_arrangement(arrangement)
    check_review_date(review_on)
    arrangement.agreed, arrangement.role = agreed.strip(), role
    arrangement.review_on, arrangement.reminded_for = review_on, None
    arrangement.save(update_fields=["agreed", "role", "review_on", "reminded_for"])
    ArrangementEvent.objects.create(arrangement=arrangement, user=user, side=Side.GROUP,
                                    action=ArrangementEvent.Action.CHANGED, review_on=review_on)
    _email_person(arrangement.practitioner,
                  later(lambda: _("%(group)s has changed your arrangement") % {"group": arrangement.group.name}),
                  later(lambda: _("%(group)s has changed what you agreed. The new terms are on the arrangement’s "
                                  "page.") % {"group": arrangement.group.name}),
                  arrangement.get_absolute_url())
    return arrangement


@transaction.atomic
def end(arrangement, user, side: str, note="") -> Arrangement:
    arrangement = _live_arrangement(arrangement)
    arrangement.status, arrangement.ended_at = Arrangement.Status.ENDED, timezone.now()
    arrangement.save(update_fields=["status", "ended_at"])
    ArrangementEvent.objects.create(arrangement=arrangement, user=user, side=side,
                                    action=ArrangementEvent.Action.ENDED, note=note.strip())
    subject = later(lambda: _("An arrangement has ended"))
    message = later(lambda: _("The arrangement for %(kind)s between %(group)s and %(agency)s has ended. Thank you "
                              "both: support changing or ending is a normal part of how groups work.") % {
        "kind": arrangement.get_kind_display(), "group": arrangement.group.name,
        "agency": _side_label(arrangement)})
    if side == Side.GROUP:
        _email_person(arrangement.practitioner, subject, message, arrangement.get_absolute_url())
    else:
        _email_group(arrangement.group, subject, message, arrangement.get_absolute_url())
    return arrangement


def send_review_reminders(today: datetime.date | None = None) -> dict:
    """Scheduled job: email a group's coordinators once when an arrangement's review date
    arrives. Safe to run often: each review date is announced once."""
    today = today or timezone.localdate()
    sent = 0
    due = (Arrangement.objects.filter(status=Arrangement.Status.ACTIVE, review_on__lte=today)
           .select_related("group", "agency"))
    for arrangement in due:
        if arrangement.reminded_for == arrangement.review_on:
            continue
        with transaction.atomic():
            # Claim the reminder first, so two runs at once send it only once.
            claimed = (Arrangement.objects.filter(pk=arrangement.pk).exclude(reminded_for=arrangement.review_on)
                       .update(reminded_for=arrangement.review_on))
            if not claimed:
                continue
            email_coordinators(arrangement.group, "support-review-due", {
                "arrangement": arrangement, "agency": later(_side_label, arrangement),
                "url": absolute_url(arrangement.get_absolute_url()),
            })
        sent += 1
    return {"review_reminders": sent}


# Visits: the group decides who comes to its meetings.


@transaction.atomic
def ask_to_visit(group, practitioner, date, purpose) -> VisitRequest:
    group = Group.objects.select_for_update().get(pk=group.pk)
    check_visit_allowed(group)
    check_future(date, _("The date"))
    check_meeting_day(group, date)
    if VisitRequest.objects.filter(group=group, practitioner=practitioner,
                                   status__in=[VisitRequest.Status.ASKED, VisitRequest.Status.OTHER_DATE]).exists():
        raise NotAllowed(_("You have already asked this group. Please wait for their answer."))
    visit = VisitRequest.objects.create(group=group, practitioner=practitioner, agency=practitioner.team.agency,
                                        date=date, purpose=purpose.strip())
    _email_group(group, later(lambda: _("A professional asks to come to a meeting")),
                 later(lambda: _("%(name)s of %(agency)s would like to come to your meeting on %(date)s. It is your "
                                 "choice: you can say yes, suggest another date, or say no without giving a reason.")
                       % {"name": practitioner, "agency": visit.agency.name, "date": format_day(date)}),
                 visit.get_absolute_url())
    return visit


@transaction.atomic
def answer_visit(visit, decision: str, other_date=None, message="") -> VisitRequest:
    visit = VisitRequest.objects.select_for_update().select_related("group").get(pk=visit.pk)
    if visit.status != VisitRequest.Status.ASKED:
        raise NotAllowed(_("This request has already been answered."))
    if decision == "accept":
        check_future(visit.date, _("The date asked for"))
        visit.status = VisitRequest.Status.ACCEPTED
    elif decision == "other_date":
        check_future(other_date, _("The other date"))
        visit.status, visit.other_date = VisitRequest.Status.OTHER_DATE, other_date
    else:
        visit.status = VisitRequest.Status.DECLINED
    visit.group_message, visit.answered_at = message.strip(), timezone.now()
    visit.save(update_fields=["status", "other_date", "group_message", "answered_at"])
    contact = contacts.of_group(visit.group) if visit.status == VisitRequest.Status.ACCEPTED else None

    def answer():
        text = _("%(group)s has answered: %(answer)s.") % {"group": visit.group.name,
                                                           "answer": visit.get_status_display()}
        return text + "\n\n" + contact.as_text() if contact else text

    _email_person(visit.practitioner,
                  later(lambda: _("%(group)s has answered your request to visit") % {"group": visit.group.name}),
                  later(answer), visit.get_absolute_url())
    return visit


@transaction.atomic
def respond_to_visit(visit, action: str) -> VisitRequest:
    """The practitioner takes the group's other date, or withdraws."""
    visit = VisitRequest.objects.select_for_update().select_related("group").get(pk=visit.pk)
    if action == "take_other_date" and visit.status == VisitRequest.Status.OTHER_DATE:
        check_future(visit.other_date, _("The other date"))
        visit.date, visit.status = visit.other_date, VisitRequest.Status.ACCEPTED
        contact = contacts.of_practitioner(visit.practitioner)
        _email_group(visit.group, later(lambda: _("A visit is agreed")),
                     later(lambda: _("%(name)s will come to your meeting on %(date)s, the date you suggested.")
                           % {"name": visit.practitioner, "date": format_day(visit.date)}
                           + "\n\n" + contact.as_text()),
                     visit.get_absolute_url())
    elif action == "withdraw" and visit.status in (VisitRequest.Status.ASKED, VisitRequest.Status.OTHER_DATE,
                                                   VisitRequest.Status.ACCEPTED):
        visit.status = VisitRequest.Status.WITHDRAWN
    else:
        raise NotAllowed(_("This request can’t be changed now."))
    visit.save(update_fields=["date", "status"])
    return visit


@transaction.atomic
def call_off_visit(visit, message="") -> VisitRequest:
    """The group calls off a visit it agreed to (or the other date it suggested): at any
    time, without a reason. The practitioner is told kindly."""
    visit = VisitRequest.objects.select_for_update().select_related("group").get(pk=visit.pk)
    if not visit.can_be_called_off:
        raise NotAllowed(_("This visit can’t be called off now: look at it again."))
    visit.status = VisitRequest.Status.CALLED_OFF
    if message.strip():
        visit.group_message = message.strip()
    visit.save(update_fields=["status", "group_message"])
    _email_person(visit.practitioner,
                  _named(visit.group, later(lambda: _("your visit on %(date)s is called off")
                                            % {"date": format_day(visit.date)})),
                  later(lambda: _("%(group)s has decided not to have a visitor at its meeting on %(date)s. Groups "
                                  "decide who comes to their meetings and can change their minds without giving a "
                                  "reason, so there is nothing you need to do. Thank you for your interest in the "
                                  "group: you can still tell people about it.")
                        % {"group": visit.group.name, "date": format_day(visit.date)}),
                  visit.get_absolute_url())
    return visit


# Talks, both ways: nothing is fixed until both sides have agreed.


@transaction.atomic
def propose_talk(*, group, agency, contact, date, user, side, talk_wanted=None, talk_offer=None, place="",
                 note="", start_time=None, online=False) -> TalkBooking:
    check_future(date, _("The date"))
    source = talk_wanted or talk_offer
    if talk_offer is not None:
        check_group_takes_requests(group)
    if not source.is_open:
        raise NotAllowed(_("This is no longer open."))
    booking = TalkBooking.objects.create(
        talk_wanted=talk_wanted, talk_offer=talk_offer, group=group, agency=agency, contact=contact, date=date,
        start_time=start_time, place=place.strip(), online=online, fee=source.fee, group_agreed=side == Side.GROUP,
        agency_agreed=side == Side.PRACTITIONER,
    )
    if note.strip():
        TalkNote.objects.create(booking=booking, side=side, user=user, text=note.strip())
    _tell_other_side(booking, side, later(lambda: _("A talk has been suggested")),
                     later(lambda: _("“%(title)s” on %(date)s (%(where)s): please say whether it suits you.")
                           % {"title": booking.title, "date": format_day(date),
                              "where": talk_time_and_place(booking)}))
    return booking


def _tell_other_side(booking, side, subject, message) -> None:
    if side == Side.GROUP:
        contact = booking.contact
        if contact and contact.team_id and contact.team.agency_id == booking.agency_id:
            _email_person(contact, _named(booking.group, subject), message, booking.get_absolute_url())
    else:
        _email_group(booking.group, subject, message, booking.get_absolute_url())


@transaction.atomic
def act_on_booking(booking, user, side: str, action: str, date=None, note="", start_time=None, place="",
                   online=False) -> TalkBooking:
    """Either side agrees (saying when it starts and where, or online), suggests another
    date, says no, or calls a fixed talk off. A change of date, time or place needs the
    other side's agreement again, and is written into the talk's messages."""
    booking = TalkBooking.objects.select_for_update().get(pk=booking.pk)
    mine, theirs = ("group_agreed", "agency_agreed") if side == Side.GROUP else ("agency_agreed", "group_agreed")
    changes = []
    if action == "agree" and booking.status == TalkBooking.Status.PROPOSED:
        check_future(booking.date, _("The date"))
        place = place.strip()
        if (start_time, place, online) != (booking.start_time, booking.place, booking.online):
            booking.start_time, booking.place, booking.online = start_time, place, online
            setattr(booking, theirs, False)
            changes.append(_("When and where: %(where)s") % {"where": talk_time_and_place(booking)})
        if not booking.time_and_place_known:
            raise NotAllowed(_("Say when the talk starts and where it is (or that it is online) before agreeing."))
        setattr(booking, mine, True)
        if booking.group_agreed and booking.agency_agreed:
            booking.status = TalkBooking.Status.FIXED
        fixed = booking.status == TalkBooking.Status.FIXED
        subject = later(lambda: _("A talk is fixed") if fixed else _("A talk was agreed"))
    elif action == "other_date" and booking.status in (TalkBooking.Status.PROPOSED, TalkBooking.Status.FIXED):
        check_future(date, _("The other date"))
        booking.date, booking.status = date, TalkBooking.Status.PROPOSED
        setattr(booking, mine, True)
        setattr(booking, theirs, False)
        changes.append(_("Suggested another date: %(date)s") % {"date": format_day(date)})
        subject = later(lambda: _("Another date is suggested for a talk"))
    elif action == "decline" and booking.status == TalkBooking.Status.PROPOSED:
        booking.status = TalkBooking.Status.DECLINED
        subject = later(lambda: _("A talk is not going ahead"))
    elif action == "cancel" and booking.status == TalkBooking.Status.FIXED:
        booking.status = TalkBooking.Status.CANCELLED
        subject = later(lambda: _("A talk has been called off"))
    else:
        raise NotAllowed(_("This can’t be done now: the talk has changed. Look at it again."))
    booking.save(update_fields=["date", "start_time", "place", "online", "status", "group_agreed", "agency_agreed"])
    text = "\n".join([*changes, note.strip()]).strip()
    if text:
        TalkNote.objects.create(booking=booking, side=side, user=user, text=text)
    # Once fixed, each side may reach the other: the one told gets the contact of the side that agreed.
    agreeing = None
    if booking.status == TalkBooking.Status.FIXED:
        agreeing = contacts.of_group(booking.group) if side == Side.GROUP else contacts.of_practitioner(user)

    def message():
        text = _("“%(title)s” on %(date)s (%(where)s): %(status)s.") % {
            "title": booking.title, "date": format_day(booking.date), "where": talk_time_and_place(booking),
            "status": booking.get_status_display()}
        return text + "\n\n" + agreeing.as_text() if agreeing else text

    _tell_other_side(booking, side, subject, later(message))
    return booking


def talk_time_and_place(booking) -> str:
    """“7pm, Ward 3 seminar room”, “7pm, online”, or what is still to be agreed."""
    where = _("online (the link is sent later)") if booking.online else booking.place or _("place to be agreed")
    when = format_time(booking.start_time) if booking.start_time else _("time to be agreed")
    return _("%(when)s, %(where)s") % {"when": when, "where": where}


# An agency's own list of groups relevant to its service.


def add_to_agency_list(agency, group, user, note="") -> AgencyGroup:
    entry, _created = AgencyGroup.objects.get_or_create(agency=agency, group=group,
                                                        defaults={"added_by": user, "note": note.strip()})
    return entry

"""Pages both sides use: a request, an arrangement, a visit and a talk, each showing what the
reader's side may see and do ("group", "practitioner" or "staff", from permissions.py);
and the offers and talks everyone signed in may browse."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.models import Group
from directory.services import kept_by_team
from lib.forms import form_data
from lib.refusals import refusal_as_message

from .. import contacts, matching, services
from ..forms import (
    BookingActionForm,
    CallOffVisitForm,
    EndForm,
    MatchReplyForm,
    OfferHelpForm,
    OfferSearchForm,
    ProposeTalkForm,
    VisitAnswerForm,
    VisitResponseForm,
    error_text,
)
from ..kinds import Role, roles_offered
from ..models import Side, TalkBooking, TalkOffer, TalkWanted, VisitRequest
from ..permissions import (
    agency_of,
    arrangement_for,
    arrangement_to_end,
    booking_for,
    booking_to_act_on,
    group_takes_requests,
    in_agency,
    match_for,
    may_propose_talk,
    offer_for,
    owns_talk,
    profile_of,
    request_for,
    sees_every_booking,
    talk_offer_for,
    talk_wanted_for,
    visit_for,
    visit_to_act_on,
    visit_to_call_off,
)

# Offers


@login_required
def offers(request):
    form = OfferSearchForm(request.GET or None)
    results, searched = [], bool(request.GET)
    if form.is_valid():
        data = form.cleaned_data
        results = matching.search_offers(kind=data["kind"], point=form.point, within=data["within"] or 10,
                                          people=data["people"], step_free=data["step_free"])
    elif not form.is_bound:
        results = matching.search_offers()
    return render(request, "support/offers.html", {
        "form": form, "results": results, "searched": searched,
        "can_offer": agency_of(request.user) is not None,
    }, status=400 if form.is_bound and not form.is_valid() else 200)


@login_required
def offer_detail(request, pk):
    offer, may_change = offer_for(request, pk)
    contact = offer.current_contact
    return render(request, "support/offer.html", {
        "offer": offer, "can_change": may_change, "contact": contact,
        "profile": profile_of(contact) if contact else None,
        "groups": Group.objects.coordinated_by(request.user).order_by("name"),
        "in_agency": in_agency(request.user, offer.agency_id),
    })


# Requests


@login_required
def request_detail(request, pk):
    support_request, side = request_for(request, pk)
    context = {"support_request": support_request, "side": side, "group": support_request.group}
    if side in ("group", "staff"):
        offer_suggestions, people = matching.suggestions(support_request)
        context.update({
            "matches": support_request.matches.select_related("practitioner__team__agency", "offer")
            .order_by("status", "created_at"),
            "offer_suggestions": offer_suggestions, "people": people,
            "arrangements": support_request.arrangements.all(),
        })
    else:
        user_profile = profile_of(request.user)
        context.update({
            "my_match": support_request.matches.filter(practitioner=request.user).first(),
            "miles": user_profile.miles_to(support_request) if user_profile else None,
            "kept_by_team": not group_takes_requests(support_request.group),
            # Until they have a profile the form offers every role; sending it asks for one.
            "help_form": OfferHelpForm(
                roles=roles_offered(user_profile, support_request.kind) if user_profile else (),
                offers=agency_of(request.user).support_offers.live().filter(kind=support_request.kind)),
        })
    return render(request, "support/request.html", context)


@login_required
@require_POST
def match_reply(request, pk):
    """Yes or no to a suggestion, from the group or from the practitioner put forward."""
    match, side = match_for(request, pk)
    back = match.request if side == "group" else "support:mine"
    roles = None
    if side == "practitioner":
        profile = profile_of(request.user)
        roles = profile.roles if profile else Role.values
    form = MatchReplyForm(request.POST, roles=roles)
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect(back)
    yes = form.cleaned_data["answer"] == "yes"
    with refusal_as_message(request, services.NotAllowed):
        services.answer_match(match, side, yes, role=form.cleaned_data["role"])
        messages.success(request, _("Thank you: the group decides next.") if yes
                         else _("Saved. Thank you for letting them know."))
    return redirect(back)


# Arrangements


@login_required
def arrangement_detail(request, pk):
    arrangement, side = arrangement_for(request, pk)
    return render(request, "support/arrangement.html", {
        "arrangement": arrangement, "side": side, "group": arrangement.group,
        "events": arrangement.events.select_related("user"),
        "their_contact": contacts.for_side(side, arrangement.group, arrangement.practitioner)
        if arrangement.is_active else None,
        "show_request_note": side != "practitioner" and arrangement.request is not None,
    })


@login_required
def end(request, pk):
    arrangement, side = arrangement_to_end(request, pk)
    if not arrangement.is_active:
        messages.info(request, _("This arrangement has already ended."))
        return redirect(arrangement)
    form = EndForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        with refusal_as_message(request, services.NotAllowed):
            services.end(arrangement, request.user, Side.GROUP if side == "group" else Side.PRACTITIONER,
                         form.cleaned_data["note"])
            messages.success(request, _("The arrangement has ended. Thank you: ending is a normal part of how "
                                        "support works."))
        return redirect(arrangement)
    return render(request, "support/end.html", {"arrangement": arrangement, "form": form, "side": side})


# Visits


@login_required
def visit_detail(request, pk):
    """The group answers (accept, another date, no); the practitioner takes the other date
    or withdraws; staff can look."""
    if request.method == "POST":
        visit, side = visit_to_act_on(request, pk)
        if side == "practitioner":
            form = VisitResponseForm(request.POST)
            if form.is_valid():
                with refusal_as_message(request, services.NotAllowed):
                    services.respond_to_visit(visit, form.cleaned_data["action"])
                    messages.success(request, _("Saved."))
            else:
                messages.error(request, error_text(form))
            return redirect(visit)
        form = VisitAnswerForm(request.POST)
        if form.is_valid():
            with refusal_as_message(request, services.NotAllowed):
                services.answer_visit(visit, form.cleaned_data["decision"], form.cleaned_data["other_date"],
                                      form.cleaned_data["message"])
                messages.success(request, _("Your answer has been sent."))
            return redirect(visit)
    else:
        visit, side = visit_for(request, pk)
        form = VisitAnswerForm() if side == "group" else None
    if visit.status != VisitRequest.Status.ASKED:
        form = None
    their_contact = contacts.for_side(side, visit.group, visit.practitioner) \
        if visit.status == VisitRequest.Status.ACCEPTED else None
    return render(request, "support/visit.html", {"visit": visit, "side": side, "form": form, "group": visit.group,
                                                  "their_contact": their_contact})


@login_required
def visit_call_off(request, pk):
    """The group calls off a visit it agreed to, at any time, after a page that asks it to confirm."""
    visit = visit_to_call_off(request, pk)
    if not visit.can_be_called_off:
        messages.info(request, _("This visit isn’t going ahead, so there is nothing to call off."))
        return redirect(visit)
    form = CallOffVisitForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        with refusal_as_message(request, services.NotAllowed):
            services.call_off_visit(visit, form.cleaned_data["message"])
            messages.success(request, _("The visit is called off, and %(name)s has been told.")
                             % {"name": visit.practitioner})
        return redirect(visit)
    return render(request, "support/visit_call_off.html", {"visit": visit, "form": form, "group": visit.group},
                  status=400 if form.errors else 200)


# Talks, both ways


@login_required
def talks(request):
    today = timezone.localdate()
    wanted = (TalkWanted.objects.filter(is_open=True).filter(Q(reply_by__isnull=True) | Q(reply_by__gte=today))
              .select_related("agency", "team"))
    return render(request, "support/talks.html", {
        "wanted": wanted,
        # A talk from a group kept by the self-help team could never be arranged: nobody would read the date.
        "offered": TalkOffer.objects.filter(is_open=True, group__in=Group.objects.reachable())
        .exclude(group__in=kept_by_team()).select_related("group"),
        "is_practitioner": agency_of(request.user) is not None,
    })


def _proposed(request, form, sent_message, **booking):
    """A date proposed for a talk from its page, by either side: the booking's page once
    sent; None to show the page again, with the form's errors or the refusal."""
    if form is None:
        raise PermissionDenied
    if form.is_valid():
        with refusal_as_message(request, services.NotAllowed):
            # The form's fields are the proposal's own: the date, the place and a note, and
            # the group when a coordinator of several groups chooses one.
            proposed = services.propose_talk(**form.cleaned_data, user=request.user, **booking)
            messages.success(request, sent_message)
            return redirect(proposed)
    return None


@login_required
def talk_wanted_detail(request, pk):
    """A group's coordinators offer to give a talk an agency asks for."""
    talk, side = talk_wanted_for(request, pk)
    groups = Group.objects.coordinated_by(request.user).reachable().order_by("name")
    form = ProposeTalkForm(form_data(request), groups=groups) if may_propose_talk(talk, groups) else None
    if request.method == "POST":
        sent = _proposed(request, form, _("Sent. Nothing is fixed until they agree too."),
                         agency=talk.agency, contact=talk.posted_by, side=Side.GROUP, talk_wanted=talk)
        if sent:
            return sent
    bookings = talk.bookings.select_related("group") if sees_every_booking(talk, side) else \
        talk.bookings.filter(group__in=groups)
    return render(request, "support/talk_wanted.html", {"talk": talk, "form": form, "ours": owns_talk(talk, side),
                                                        "bookings": bookings})


@login_required
def talk_offer_detail(request, pk):
    """A practitioner proposes a date for a talk a group offers."""
    talk, side = talk_offer_for(request, pk)
    agency = agency_of(request.user)
    form = ProposeTalkForm(form_data(request)) if may_propose_talk(talk, agency) else None
    if request.method == "POST":
        sent = _proposed(request, form, _("Sent. Nothing is fixed until the group agrees too."),
                         group=talk.group, agency=agency, contact=request.user, side=Side.PRACTITIONER,
                         talk_offer=talk)
        if sent:
            return sent
    bookings = talk.bookings.select_related("agency") if sees_every_booking(talk, side) else \
        talk.bookings.filter(agency=agency) if agency else TalkBooking.objects.none()
    return render(request, "support/talk_offer.html", {"talk": talk, "form": form, "ours": owns_talk(talk, side),
                                                       "bookings": bookings,
                                                       "kept_by_team": not group_takes_requests(talk.group)})


OTHER_DATE_IDS = "other_%s"


@login_required
def booking_detail(request, pk):
    """Agreeing a talk's date: either side agrees, suggests another date, says no or calls it off."""
    form = None
    if request.method == "POST":
        booking, side = booking_to_act_on(request, pk)
        # The two forms on the page share field names; the other-date form's ids differ.
        form = BookingActionForm(request.POST, auto_id=OTHER_DATE_IDS if request.POST.get("action") == "other_date"
                                 else "id_%s")
        if form.is_valid():
            data = form.cleaned_data
            if data["action"] == "cancel" and not request.POST.get("confirmed"):
                # Calling a fixed talk off is asked once more, with room for a message.
                return render(request, "support/booking_call_off.html", {"booking": booking, "form": form,
                                                                         "group": booking.group})
            with refusal_as_message(request, services.NotAllowed):
                services.act_on_booking(booking, request.user, Side.GROUP if side == "group" else Side.PRACTITIONER,
                                        data["action"], data["date"], data["note"], start_time=data["start_time"],
                                        place=data["place"], online=data["online"])
                messages.success(request, _("Saved. The other side has been told."))
            return redirect(booking)
    else:
        booking, side = booking_for(request, pk)
    agreed_by_me = booking.group_agreed if side == "group" else booking.agency_agreed
    initial = {"start_time": booking.start_time, "place": booking.place, "online": booking.online}
    other_date_form = form if form is not None and form.auto_id == OTHER_DATE_IDS else \
        BookingActionForm(auto_id=OTHER_DATE_IDS)
    if form is None or form is other_date_form:
        form = BookingActionForm(initial=initial)
    return render(request, "support/booking.html", {
        "booking": booking, "side": side, "form": form, "other_date_form": other_date_form,
        "forms": [form, other_date_form], "forms_have_errors": bool(form.errors or other_date_form.errors),
        "agreed_by_me": agreed_by_me, "notes": booking.notes.select_related("user"), "group": booking.group,
        "time_and_place": services.talk_time_and_place(booking),
        "their_contact": contacts.for_side(side, booking.group, booking.contact)
        if booking.status == TalkBooking.Status.FIXED else None,
    }, status=400 if request.method == "POST" else 200)

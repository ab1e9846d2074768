"""A group's own support pages: what it asks for, what it agrees, its visits and talks.
Its coordinators act; staff may look at some of them (see permissions.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import practitioners
from lib.dates import format_day
from lib.forms import form_data
from lib.refusals import refusal_as_message

from .. import contacts, services
from ..forms import (
    AcceptForm,
    AskPractitionerForm,
    GroupContactForm,
    RequestForm,
    ReviewForm,
    TalkOfferForm,
    error_text,
)
from ..kinds import KINDS, Role, roles_for, roles_taken
from ..models import Arrangement, GroupSupportContact, Match, Offer, Side, SupportRequest, TalkWanted
from ..permissions import (
    arrangement_to_review,
    group_for_coordinator,
    group_for_support,
    profile_of,
    request_for_group,
    talk_offer_to_close,
)
from .base import as_int


@login_required
def group_support(request, slug):
    group, side = group_for_support(request, slug)
    requests = group.support_requests.annotate(
        waiting=Count("matches", filter=Q(matches__status=Match.Status.WAITING_FOR_GROUP)))
    arrangements = group.support_arrangements.select_related("agency", "practitioner")
    return render(request, "support/group.html", {
        "group": group, "is_coordinator": side == "group",
        "open_requests": requests.filter(status=SupportRequest.Status.OPEN),
        "past_requests": requests.exclude(status=SupportRequest.Status.OPEN)[:20],
        "arrangements": arrangements.filter(status=Arrangement.Status.ACTIVE).order_by("review_on"),
        "ended": arrangements.filter(status=Arrangement.Status.ENDED)[:20],
        "contact": contacts.of_group(group),
    })


def _default_place(group) -> str:
    meeting = group.meetings.filter(venue__isnull=False).select_related("venue").first()
    if meeting is None:
        return ""
    # A member's home is offered as its district only: the request is seen by practitioners.
    return meeting.venue.district if meeting.venue.at_home else meeting.venue.postcode


@login_required
def ask(request, slug):
    group = group_for_coordinator(request, slug)
    initial = {"place": _default_place(group)}
    if request.GET.get("kind") in KINDS:
        initial["kind"] = request.GET["kind"]
    form = RequestForm(form_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        support_request = services.post_request(group, request.user, form)
        messages.success(request, _("Your request is saved. Below is what we can suggest now; staff will look "
                                    "for more."))
        return redirect(support_request)
    return render(request, "support/ask.html", {"group": group, "form": form})


@login_required
@require_POST
def close_request(request, pk):
    support_request = request_for_group(request, pk)
    with refusal_as_message(request, services.NotAllowed):
        services.close_request(support_request, request.user)
        messages.success(request, _("The request is closed."))
    return redirect("support:group", support_request.group.slug)


@login_required
def accept(request, pk):
    """The group accepts an offer or a practitioner who has said yes. It sees their roles
    and limits first, and writes down what it agrees."""
    support_request = request_for_group(request, pk)
    match = offer = None
    if "match" in request.GET:
        match = get_object_or_404(support_request.matches.select_related("practitioner__team", "offer"),
                                  pk=as_int(request.GET["match"]), status=Match.Status.WAITING_FOR_GROUP)
        practitioner, offer = match.practitioner, match.offer
    else:
        offer = get_object_or_404(Offer.objects.live().select_related("agency"), pk=as_int(request.GET.get("offer")),
                                  kind=support_request.kind)
        practitioner = offer.current_contact
        if practitioner is None:
            messages.error(request, _("Nobody answers for this offer at the moment. Our staff will follow it up."))
            return redirect(support_request)
    if not support_request.is_open:
        messages.info(request, _("This request has already been arranged or closed."))
        return redirect(support_request)
    practitioner_profile = profile_of(practitioner)
    roles = roles_taken(practitioner_profile, support_request.kind)
    initial = {}
    if match and match.role:
        initial["role"] = match.role
    elif offer:
        initial["role"] = next((r for r in roles_for(offer.kind) if r in roles), None)
    if offer:
        initial["agreed"] = "\n".join(part for part in [offer.title, offer.times, offer.cost] if part)
    form = AcceptForm(form_data(request), roles=roles, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_as_message(request, services.NotAllowed):
            arrangement = services.accept(support_request, request.user, practitioner, form.cleaned_data["agreed"],
                                          form.cleaned_data["role"], form.cleaned_data["review_on"], offer=offer,
                                          match=match)
            messages.success(request, _("Agreed. The arrangement is below, with its review date. You can end it "
                                        "at any time."))
            return redirect(arrangement)
        return redirect(support_request)
    return render(request, "support/accept.html", {
        "support_request": support_request, "group": support_request.group, "form": form, "offer": offer,
        "match": match, "practitioner": practitioner, "profile": practitioner_profile,
    })


@login_required
@require_POST
def ask_practitioner(request, pk, user_id):
    support_request = request_for_group(request, pk)
    practitioner = get_object_or_404(practitioners(), pk=user_id)
    form = AskPractitionerForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect(support_request)
    with refusal_as_message(request, services.NotAllowed):
        services.group_asks(support_request, practitioner, form.cleaned_data["message"])
        messages.success(request, _("We have asked %(name)s. You’ll see their answer here.") % {"name": practitioner})
    return redirect(support_request)


@login_required
def review(request, pk):
    arrangement = arrangement_to_review(request, pk)
    if not arrangement.is_active:
        messages.info(request, _("This arrangement has already ended."))
        return redirect(arrangement)
    practitioner_profile = profile_of(arrangement.practitioner) if arrangement.practitioner else None
    form = ReviewForm(form_data(request), roles=practitioner_profile.roles if practitioner_profile else Role.values,
                      initial={"agreed": arrangement.agreed, "role": arrangement.role})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_as_message(request, services.NotAllowed):
            if data["decision"] == "renew":
                services.renew(arrangement, request.user, data["review_on"])
                messages.success(request, _("Kept going. The next review is on %(date)s.")
                                 % {"date": format_day(data["review_on"])})
            elif data["decision"] == "change":
                services.change(arrangement, request.user, data["agreed"], data["role"], data["review_on"])
                messages.success(request, _("Changed. The other side has been told."))
            else:
                services.end(arrangement, request.user, Side.GROUP, data["note"])
                messages.success(request, _("The arrangement has ended. Ending is a normal part of how support "
                                            "works, and you can ask for support again at any time."))
        return redirect(arrangement)
    return render(request, "support/review.html", {"arrangement": arrangement, "form": form,
                                                   "group": arrangement.group})


@login_required
def group_visits_talks(request, slug):
    group, side = group_for_support(request, slug)
    return render(request, "support/group_visits_talks.html", {
        "group": group, "is_coordinator": side == "group",
        "visits": group.visit_requests.select_related("practitioner", "agency")[:50],
        "bookings": group.talk_bookings.select_related("agency", "talk_wanted", "talk_offer")
        .order_by("-date")[:50],
        "talk_offers": group.talk_offers.all(),
        "talks_wanted": TalkWanted.objects.filter(is_open=True).count(),
    })


@login_required
def group_contact(request, slug):
    """How professionals reach the group once something is agreed: the coordinators choose."""
    group = group_for_coordinator(request, slug)
    form = GroupContactForm(form_data(request), instance=GroupSupportContact.objects.filter(group=group).first())
    if request.method == "POST" and form.is_valid():
        contact = form.save(commit=False)
        contact.group = group
        contact.save()
        messages.success(request, _("Saved. Professionals see these details only once something is agreed."))
        return redirect("support:group", group.slug)
    return render(request, "support/group_contact.html", {
        "group": group, "form": form, "current": contacts.of_group(group),
    }, status=400 if form.errors else 200)


@login_required
def talk_offer_new(request, slug):
    group = group_for_coordinator(request, slug)
    form = TalkOfferForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        talk = form.save(commit=False)
        talk.group, talk.created_by = group, request.user
        talk.save()
        messages.success(request, _("Your offer of a talk is published for professionals."))
        return redirect(talk)
    return render(request, "support/talk_offer_form.html", {"form": form, "group": group})


@login_required
@require_POST
def talk_offer_close(request, pk):
    talk = talk_offer_to_close(request, pk)
    talk.is_open = not talk.is_open
    talk.save(update_fields=["is_open"])
    messages.success(request, _("Open again.") if talk.is_open else _("Closed: it is no longer shown."))
    return redirect(talk)

"""Practitioners and their agencies: their page and profile, the agency's list of groups,
offers, offering help, asking to visit, and asking groups for talks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.models import Group
from lib.forms import form_data
from lib.refusals import refusal_as_message

from .. import matching, services
from ..forms import (
    AgencyGroupForm,
    GroupLookupForm,
    OfferActiveForm,
    OfferForm,
    OfferHelpForm,
    ProfileForm,
    TalkWantedForm,
    VisitForm,
    error_text,
)
from ..kinds import Role, roles_offered
from ..models import AgencyGroup, Arrangement, Match, TalkBooking, VisitRequest
from ..permissions import (
    in_agency,
    offer_to_answer_for,
    offer_to_change,
    practitioner_may_see,
    profile_of,
    request_for_practitioner,
    require_practitioner,
    talk_wanted_to_close,
)


@login_required
def mine(request):
    agency = require_practitioner(request)
    user = request.user
    profile = profile_of(user)
    matches = Match.objects.filter(practitioner=user).select_related("request__group", "offer")
    asked = list(matches.filter(status=Match.Status.WAITING_FOR_PRACTITIONER))
    for match in asked:
        match.answer_roles = [(role, Role(role).label) for role in roles_offered(profile, match.request.kind)
                              if role in Role.values]
        # The group's note is on the request's page, unless the group asked that only staff see it.
        match.request_readable = practitioner_may_see(user, match.request)
    return render(request, "support/mine.html", {
        "agency": agency, "profile": profile, "asked": asked,
        "offered": matches.filter(status=Match.Status.WAITING_FOR_GROUP),
        "near": matching.requests_near(profile) if profile else [],
        "arrangements": Arrangement.objects.filter(Q(practitioner=user) | Q(agency=agency),
                                                   status=Arrangement.Status.ACTIVE).select_related("group"),
        "visits": VisitRequest.objects.filter(practitioner=user).select_related("group")[:50],
        "bookings": TalkBooking.objects.filter(agency=agency, status__in=[TalkBooking.Status.PROPOSED,
                                                                          TalkBooking.Status.FIXED])
        .select_related("group", "talk_wanted", "talk_offer"),
    })


@login_required
def profile(request):
    require_practitioner(request)
    instance = profile_of(request.user)
    form = ProfileForm(form_data(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.user = request.user
        saved.save()
        form.save_m2m()
        messages.success(request, _("Your profile is saved. Groups see your roles and limits before they agree "
                                    "anything."))
        return redirect("support:mine")
    return render(request, "support/profile.html", {"form": form, "new": instance is None})


@login_required
def agency(request):
    agency = require_practitioner(request)
    lookup = GroupLookupForm(request.GET or None)
    found = []
    if lookup.is_valid() and lookup.cleaned_data["q"].strip():
        found = (Group.objects.reachable().filter(name__icontains=lookup.cleaned_data["q"].strip())
                 .exclude(agency_lists__agency=agency).order_by("name")[:20])
    offers = agency.support_offers.select_related("contact__team").order_by("-is_active", "title")
    return render(request, "support/agency.html", {
        "agency": agency,
        "teams": agency.teams.prefetch_related("members"),
        "offers": offers,
        "groups": AgencyGroup.objects.filter(agency=agency).select_related("group", "added_by"),
        "lookup": lookup, "found": found, "searched": bool(request.GET.get("q", "").strip()),
        "talks": agency.talks_wanted.all(),
        "arrangements": agency.support_arrangements.filter(status=Arrangement.Status.ACTIVE)
        .select_related("group", "practitioner"),
    })


@login_required
@require_POST
def agency_add_group(request):
    agency = require_practitioner(request)
    form = AgencyGroupForm(request.POST, groups=Group.objects.reachable())
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect("support:agency")
    group = form.cleaned_data["group"]
    services.add_to_agency_list(agency, group, request.user, form.cleaned_data["note"])
    messages.success(request, _("%(group)s is on your organisation’s list.") % {"group": group.name})
    return redirect("support:agency")


@login_required
@require_POST
def agency_remove_group(request, pk):
    agency = require_practitioner(request)
    entry = get_object_or_404(AgencyGroup, pk=pk, agency=agency)
    entry.delete()
    messages.success(request, _("%(group)s is no longer on your organisation’s list.") % {"group": entry.group.name})
    return redirect("support:agency")


# Offers


@login_required
def offer_edit(request, pk=None):
    if pk is None:
        agency = require_practitioner(request)
        offer = None
    else:
        offer = offer_to_change(request, pk)
        agency = offer.agency
    user_profile = profile_of(request.user)
    if pk is None and user_profile is None:
        messages.info(request, _("First say where you work and what you can do: then you can publish offers."))
        return redirect("support:profile")
    # Staff changing an agency's offer are not held to their own area.
    form = OfferForm(form_data(request), instance=offer,
                     profile=user_profile if in_agency(request.user, agency.pk) else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            if offer is None:
                saved.agency, saved.team, saved.contact = agency, request.user.team, request.user
            saved.save()
        messages.success(request, _("Your offer is published. Groups near it can find it."))
        return redirect(saved)
    return render(request, "support/offer_form.html", {"form": form, "offer": offer})


@login_required
@require_POST
def offer_withdraw(request, pk):
    offer = offer_to_change(request, pk)
    form = OfferActiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect(offer)
    offer.is_active = form.cleaned_data["active"]
    offer.save(update_fields=["is_active", "updated_at"])
    messages.success(request, _("The offer is published again.") if offer.is_active
                     else _("The offer is withdrawn. Arrangements already agreed carry on."))
    return redirect(offer)


@login_required
@require_POST
def offer_take_on(request, pk):
    """Anyone in the agency can answer for an offer, so it outlasts the person who wrote it."""
    offer = offer_to_answer_for(request, pk)
    offer.contact, offer.team = request.user, request.user.team
    offer.save(update_fields=["contact", "team", "updated_at"])
    messages.success(request, _("You now answer for “%(offer)s”.") % {"offer": offer.title})
    return redirect(offer)


# Requests


@login_required
@require_POST
def offer_help(request, pk):
    support_request = request_for_practitioner(request, pk)
    agency = require_practitioner(request)
    user_profile = profile_of(request.user)
    if user_profile is None:
        messages.error(request, _("First say what roles you can take, on your profile."))
        return redirect("support:profile")
    form = OfferHelpForm(request.POST, roles=user_profile.roles,
                         offers=agency.support_offers.live().filter(kind=support_request.kind))
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect(support_request)
    with refusal_as_message(request, services.NotAllowed):
        services.practitioner_offers(support_request, request.user, form.cleaned_data["role"],
                                     form.cleaned_data["offer"], form.cleaned_data["message"])
        messages.success(request, _("Thank you. The group has been told, and decides whether to take it up."))
    return redirect(support_request)


# Visits: "invitation" and "guest"


@login_required
def visit_ask(request, slug):
    require_practitioner(request)
    group = get_object_or_404(Group.objects.reachable(), slug=slug)
    refusal = None
    try:
        services.check_visit_allowed(group)
    except services.NotAllowed as error:
        refusal = str(error)
    form = VisitForm(form_data(request), days=group.meeting_days()) if refusal is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        # A refusal here is shown in the page itself (with 400), beside the meetings.
        try:
            visit = services.ask_to_visit(group, request.user, form.cleaned_data["date"], form.cleaned_data["purpose"])
        except services.NotAllowed as error:
            refusal = str(error)
        else:
            messages.success(request, _("Your request has been sent to the group. They decide, and may say no: "
                                        "please respect their answer."))
            return redirect(visit)
    status = 400 if request.method == "POST" and (refusal or form.errors) else 200
    return render(request, "support/visit_ask.html", {"group": group, "form": form, "refusal": refusal},
                  status=status)


# Talks an agency asks for


@login_required
def talk_wanted_new(request):
    agency = require_practitioner(request)
    form = TalkWantedForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        talk = form.save(commit=False)
        talk.agency, talk.team, talk.posted_by = agency, request.user.team, request.user
        talk.save()
        messages.success(request, _("Posted. Groups can now offer to give this talk."))
        return redirect(talk)
    return render(request, "support/talk_wanted_form.html", {"form": form})


@login_required
@require_POST
def talk_wanted_close(request, pk):
    talk = talk_wanted_to_close(request, pk)
    talk.is_open = False
    talk.save(update_fields=["is_open"])
    messages.success(request, _("Closed: groups can no longer offer this talk."))
    return redirect(talk)

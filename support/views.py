"""Pages of the support exchange. Who may see what is decided in permissions.py; the
steps themselves are in services.py. Each view: form → service → message → redirect."""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.models import Group
from directory.permissions import is_coordinator, is_staff, require_staff

from . import matching, services
from .forms import (
    AcceptForm,
    BookingActionForm,
    EndForm,
    GroupLookupForm,
    OfferForm,
    OfferHelpForm,
    OfferSearchForm,
    ProfileForm,
    ProposeTalkForm,
    RequestForm,
    ReviewForm,
    TalkOfferForm,
    TalkWantedForm,
    VisitAnswerForm,
    VisitForm,
)
from .kinds import KINDS, Role, roles_for
from .models import (
    AgencyGroup,
    Arrangement,
    Match,
    Offer,
    Side,
    SupportRequest,
    TalkBooking,
    TalkOffer,
    TalkWanted,
    VisitRequest,
)
from .permissions import (
    agency_of,
    arrangement_for,
    booking_for,
    group_for_coordinator,
    group_for_support,
    in_agency,
    match_for,
    offer_to_change,
    profile_of,
    request_for,
    request_for_group,
    request_for_practitioner,
    request_for_staff,
    require_practitioner,
    visit_for,
)

REVIEW_SOON_DAYS = 14


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _posted(request):
    """The submitted data, or None: a form sent empty is still checked (and its errors shown)."""
    return request.POST if request.method == "POST" else None


def _refuse(request, error, target):
    messages.error(request, str(error))
    return redirect(target)


# Practitioners: their page, profile and agency


@login_required
def mine(request):
    agency = require_practitioner(request)
    user = request.user
    profile = profile_of(user)
    matches = Match.objects.filter(practitioner=user).select_related("request__group", "offer")
    asked = list(matches.filter(status=Match.Status.WAITING_FOR_PRACTITIONER))
    for match in asked:
        # The roles this person takes that this kind of help needs, else any they take.
        mine_roles = profile.roles if profile else list(roles_for(match.request.kind))
        chosen = [r for r in mine_roles if r in roles_for(match.request.kind)] or mine_roles
        match.answer_roles = [(role, Role(role).label) for role in chosen if role in Role.values]
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
    form = ProfileForm(_posted(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.user = request.user
        saved.save()
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
    group = get_object_or_404(Group.objects.reachable(), pk=_int(request.POST.get("group")))
    services.add_to_agency_list(agency, group, request.user, request.POST.get("note", "")[:200])
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
    offer = get_object_or_404(Offer.objects.select_related("agency", "team", "contact__team"), pk=pk)
    mine = in_agency(request.user, offer.agency_id) or is_staff(request.user)
    if not offer.is_active and not mine:
        raise Http404
    contact = offer.current_contact
    return render(request, "support/offer.html", {
        "offer": offer, "can_change": mine, "contact": contact,
        "profile": profile_of(contact) if contact else None,
        "groups": Group.objects.coordinated_by(request.user).order_by("name"),
        "in_agency": in_agency(request.user, offer.agency_id),
    })


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
    form = OfferForm(_posted(request), instance=offer,
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
    offer.is_active = request.POST.get("active") == "1"
    offer.save(update_fields=["is_active", "updated_at"])
    messages.success(request, _("The offer is published again.") if offer.is_active
                     else _("The offer is withdrawn. Arrangements already agreed carry on."))
    return redirect(offer)


@login_required
@require_POST
def offer_take_on(request, pk):
    """Anyone in the agency can answer for an offer, so it outlasts the person who wrote it."""
    offer = get_object_or_404(Offer, pk=pk)
    if not in_agency(request.user, offer.agency_id):
        raise PermissionDenied if is_staff(request.user) else Http404
    offer.contact, offer.team = request.user, request.user.team
    offer.save(update_fields=["contact", "team", "updated_at"])
    messages.success(request, _("You now answer for “%(offer)s”.") % {"offer": offer.title})
    return redirect(offer)


# A group's requests


@login_required
def group_support(request, slug):
    group = group_for_support(request, slug)
    requests = group.support_requests.annotate(
        waiting=Count("matches", filter=Q(matches__status=Match.Status.WAITING_FOR_GROUP)))
    arrangements = group.support_arrangements.select_related("agency", "practitioner")
    return render(request, "support/group.html", {
        "group": group, "is_coordinator": is_coordinator(request.user, group),
        "open_requests": requests.filter(status=SupportRequest.Status.OPEN),
        "past_requests": requests.exclude(status=SupportRequest.Status.OPEN)[:20],
        "arrangements": arrangements.filter(status=Arrangement.Status.ACTIVE).order_by("review_on"),
        "ended": arrangements.filter(status=Arrangement.Status.ENDED)[:20],
    })


def _default_place(group) -> str:
    meeting = group.meetings.filter(venue__isnull=False).select_related("venue").first()
    return meeting.venue.postcode if meeting else ""


@login_required
def ask(request, slug):
    group = group_for_coordinator(request, slug)
    initial = {"place": _default_place(group)}
    if request.GET.get("kind") in KINDS:
        initial["kind"] = request.GET["kind"]
    form = RequestForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        support_request = services.post_request(group, request.user, form)
        messages.success(request, _("Your request is saved. Below is what we can suggest now; staff will look "
                                    "for more."))
        return redirect(support_request)
    return render(request, "support/ask.html", {"group": group, "form": form})


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
        agency = agency_of(request.user)
        mine = support_request.matches.filter(practitioner=request.user).first()
        user_profile = profile_of(request.user)
        context.update({
            "my_match": mine,
            "miles": user_profile.miles_to(support_request) if user_profile else None,
            "help_form": OfferHelpForm(
                roles=[r for r in (user_profile.roles if user_profile else []) if r in roles_for(support_request.kind)]
                or (user_profile.roles if user_profile else []),
                offers=agency.support_offers.live().filter(kind=support_request.kind)),
        })
    return render(request, "support/request.html", context)


@login_required
@require_POST
def close_request(request, pk):
    support_request = request_for_group(request, pk)
    try:
        services.close_request(support_request, request.user)
        messages.success(request, _("The request is closed."))
    except services.NotAllowed as error:
        messages.error(request, str(error))
    return redirect("support:group", support_request.group.slug)


@login_required
def accept(request, pk):
    """The group accepts an offer or a practitioner who has said yes. It sees their roles
    and limits first, and writes down what it agrees."""
    support_request = request_for_group(request, pk)
    match = offer = None
    if "match" in request.GET:
        match = get_object_or_404(support_request.matches.select_related("practitioner__team", "offer"),
                                  pk=_int(request.GET["match"]), status=Match.Status.WAITING_FOR_GROUP)
        practitioner, offer = match.practitioner, match.offer
    else:
        offer = get_object_or_404(Offer.objects.live().select_related("agency"), pk=_int(request.GET.get("offer")),
                                  kind=support_request.kind)
        practitioner = offer.current_contact
        if practitioner is None:
            messages.error(request, _("Nobody answers for this offer at the moment. Our staff will follow it up."))
            return redirect(support_request)
    if not support_request.is_open:
        messages.info(request, _("This request has already been arranged or closed."))
        return redirect(support_request)
    practitioner_profile = profile_of(practitioner)
    roles = practitioner_profile.roles if practitioner_profile else list(roles_for(support_request.kind))
    initial = {}
    if match and match.role:
        initial["role"] = match.role
    elif offer:
        initial["role"] = next((r for r in roles_for(offer.kind) if r in roles), None)
    if offer:
        initial["agreed"] = "\n".join(part for part in [offer.title, offer.times, offer.cost] if part)
    form = AcceptForm(_posted(request), roles=roles, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            arrangement = services.accept(support_request, request.user, practitioner, form.cleaned_data["agreed"],
                                          form.cleaned_data["role"], form.cleaned_data["review_on"], offer=offer,
                                          match=match)
        except services.NotAllowed as error:
            return _refuse(request, error, support_request)
        messages.success(request, _("Agreed. The arrangement is below, with its review date. You can end it at "
                                    "any time."))
        return redirect(arrangement)
    return render(request, "support/accept.html", {
        "support_request": support_request, "group": support_request.group, "form": form, "offer": offer,
        "match": match, "practitioner": practitioner, "profile": practitioner_profile,
    })


@login_required
@require_POST
def ask_practitioner(request, pk, user_id):
    support_request = request_for_group(request, pk)
    practitioner = get_object_or_404(get_user_model(), pk=user_id, is_active=True, team__isnull=False)
    try:
        services.group_asks(support_request, practitioner, request.POST.get("message", "")[:2000])
        messages.success(request, _("We have asked %(name)s. You’ll see their answer here.") % {"name": practitioner})
    except services.NotAllowed as error:
        messages.error(request, str(error))
    return redirect(support_request)


@login_required
@require_POST
def offer_help(request, pk):
    support_request = request_for_practitioner(request, pk)
    agency = agency_of(request.user)
    user_profile = profile_of(request.user)
    if user_profile is None:
        return _refuse(request, _("First say what roles you can take, on your profile."), "support:profile")
    form = OfferHelpForm(request.POST, roles=user_profile.roles,
                         offers=agency.support_offers.live().filter(kind=support_request.kind))
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect(support_request)
    try:
        services.practitioner_offers(support_request, request.user, form.cleaned_data["role"],
                                     form.cleaned_data["offer"], form.cleaned_data["message"])
        messages.success(request, _("Thank you. The group has been told, and decides whether to take it up."))
    except services.NotAllowed as error:
        messages.error(request, str(error))
    return redirect(support_request)


@login_required
@require_POST
def broker(request, pk):
    """Staff put an offer or a practitioner forward for a request."""
    support_request = request_for_staff(request, pk)
    offer = None
    if request.POST.get("offer"):
        offer = get_object_or_404(Offer.objects.live(), pk=_int(request.POST["offer"]), kind=support_request.kind)
        practitioner = offer.current_contact
        if practitioner is None:
            return _refuse(request, _("Nobody answers for that offer at the moment."), support_request)
    else:
        practitioner = get_object_or_404(get_user_model(), pk=_int(request.POST.get("practitioner")),
                                         is_active=True, team__isnull=False)
    try:
        services.staff_suggests(support_request, practitioner, offer, request.POST.get("message", "")[:2000])
        messages.success(request, _("Suggested. The group decides.") if offer
                         else _("We have asked %(name)s first.") % {"name": practitioner})
    except services.NotAllowed as error:
        messages.error(request, str(error))
    return redirect(support_request)


@login_required
@require_POST
def match_reply(request, pk):
    match, side = match_for(request, pk)
    answer = request.POST.get("answer")
    if answer not in ("yes", "no"):
        return _refuse(request, _("Choose yes or no."), match.request if side == "group" else "support:mine")
    yes = answer == "yes"
    role = request.POST.get("role", "")
    if side == "practitioner" and yes:
        profile = profile_of(request.user)
        if role not in Role.values or (profile and role not in profile.roles):
            return _refuse(request, _("Choose the role you could take."), "support:mine")
    try:
        services.answer_match(match, side, yes, role=role)
        messages.success(request, _("Thank you: the group decides next.") if yes
                         else _("Saved. Thank you for letting them know."))
    except services.NotAllowed as error:
        messages.error(request, str(error))
    if side == "group":
        return redirect(match.request)
    return redirect("support:mine")


# Arrangements


@login_required
def arrangement_detail(request, pk):
    arrangement, side = arrangement_for(request, pk)
    return render(request, "support/arrangement.html", {
        "arrangement": arrangement, "side": side, "group": arrangement.group,
        "events": arrangement.events.select_related("user"),
        "show_request_note": side != "practitioner" and arrangement.request is not None,
    })


@login_required
def review(request, pk):
    arrangement, side = arrangement_for(request, pk)
    if side != "group":
        raise PermissionDenied
    if not arrangement.is_active:
        messages.info(request, _("This arrangement has already ended."))
        return redirect(arrangement)
    practitioner_profile = profile_of(arrangement.practitioner) if arrangement.practitioner else None
    form = ReviewForm(_posted(request), roles=practitioner_profile.roles if practitioner_profile else Role.values,
                      initial={"agreed": arrangement.agreed, "role": arrangement.role})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "renew":
                services.renew(arrangement, request.user, data["review_on"])
                messages.success(request, _("Kept going. The next review is on %(date)s.")
                                 % {"date": data["review_on"].strftime("%d/%m/%Y")})
            elif data["decision"] == "change":
                services.change(arrangement, request.user, data["agreed"], data["role"], data["review_on"])
                messages.success(request, _("Changed. The other side has been told."))
            else:
                services.end(arrangement, request.user, Side.GROUP, data["note"])
                messages.success(request, _("The arrangement has ended. Ending is a normal part of how support "
                                            "works, and you can ask for support again at any time."))
        except services.NotAllowed as error:
            messages.error(request, str(error))
        return redirect(arrangement)
    return render(request, "support/review.html", {"arrangement": arrangement, "form": form,
                                                   "group": arrangement.group})


@login_required
def end(request, pk):
    arrangement, side = arrangement_for(request, pk)
    if side == "staff":
        raise PermissionDenied
    if not arrangement.is_active:
        messages.info(request, _("This arrangement has already ended."))
        return redirect(arrangement)
    form = EndForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.end(arrangement, request.user, Side.GROUP if side == "group" else Side.PRACTITIONER,
                         form.cleaned_data["note"])
            messages.success(request, _("The arrangement has ended. Thank you: ending is a normal part of how "
                                        "support works."))
        except services.NotAllowed as error:
            messages.error(request, str(error))
        return redirect(arrangement)
    return render(request, "support/end.html", {"arrangement": arrangement, "form": form, "side": side})


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
    form = VisitForm(_posted(request)) if refusal is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            visit = services.ask_to_visit(group, request.user, form.cleaned_data["date"], form.cleaned_data["purpose"])
        except services.NotAllowed as error:
            refusal = str(error)
        else:
            messages.success(request, _("Your request has been sent to the group. They decide, and may say no: "
                                        "please respect their answer."))
            return redirect(visit)
    meetings = [(m, m.next_dates(3)) for m in group.meetings.select_related("venue")]
    status = 400 if request.method == "POST" and refusal else 200
    return render(request, "support/visit_ask.html", {"group": group, "form": form, "refusal": refusal,
                                                      "meetings": meetings}, status=status)


@login_required
def visit_detail(request, pk):
    visit, side = visit_for(request, pk)
    form = VisitAnswerForm(_posted(request)) if side == "group" and visit.status == VisitRequest.Status.ASKED \
        else None
    if request.method == "POST":
        if side == "group" and form is not None:
            if form.is_valid():
                try:
                    services.answer_visit(visit, form.cleaned_data["decision"], form.cleaned_data["other_date"],
                                          form.cleaned_data["message"])
                    messages.success(request, _("Your answer has been sent."))
                except services.NotAllowed as error:
                    messages.error(request, str(error))
                return redirect(visit)
        elif side == "practitioner":
            try:
                services.respond_to_visit(visit, request.POST.get("action", ""))
                messages.success(request, _("Saved."))
            except services.NotAllowed as error:
                messages.error(request, str(error))
            return redirect(visit)
        else:
            raise PermissionDenied
    return render(request, "support/visit.html", {"visit": visit, "side": side, "form": form, "group": visit.group})


@login_required
def group_visits_talks(request, slug):
    group = group_for_support(request, slug)
    return render(request, "support/group_visits_talks.html", {
        "group": group, "is_coordinator": is_coordinator(request.user, group),
        "visits": group.visit_requests.select_related("practitioner", "agency")[:50],
        "bookings": group.talk_bookings.select_related("agency", "talk_wanted", "talk_offer")
        .order_by("-date")[:50],
        "talk_offers": group.talk_offers.all(),
        "talks_wanted": TalkWanted.objects.filter(is_open=True).count(),
    })


# Talks, both ways


@login_required
def talks(request):
    today = timezone.localdate()
    wanted = (TalkWanted.objects.filter(is_open=True).filter(Q(reply_by__isnull=True) | Q(reply_by__gte=today))
              .select_related("agency", "team"))
    return render(request, "support/talks.html", {
        "wanted": wanted,
        "offered": TalkOffer.objects.filter(is_open=True, group__in=Group.objects.reachable())
        .select_related("group"),
        "is_practitioner": agency_of(request.user) is not None,
    })


@login_required
def talk_wanted_new(request):
    agency = require_practitioner(request)
    form = TalkWantedForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        talk = form.save(commit=False)
        talk.agency, talk.team, talk.posted_by = agency, request.user.team, request.user
        talk.save()
        messages.success(request, _("Posted. Groups can now offer to give this talk."))
        return redirect(talk)
    return render(request, "support/talk_wanted_form.html", {"form": form})


@login_required
def talk_wanted_detail(request, pk):
    talk = get_object_or_404(TalkWanted.objects.select_related("agency", "team"), pk=pk)
    ours = in_agency(request.user, talk.agency_id)
    groups = Group.objects.coordinated_by(request.user).filter(status=Group.Status.PUBLISHED).order_by("name")
    form = ProposeTalkForm(_posted(request), groups=groups) if groups and talk.is_open else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                booking = services.propose_talk(
                    group=form.cleaned_data["group"], agency=talk.agency, contact=talk.posted_by,
                    date=form.cleaned_data["date"], user=request.user, side=Side.GROUP, talk_wanted=talk,
                    place=form.cleaned_data["place"], note=form.cleaned_data["note"])
            except services.NotAllowed as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Sent. Nothing is fixed until they agree too."))
                return redirect(booking)
    bookings = talk.bookings.select_related("group") if ours or is_staff(request.user) else \
        talk.bookings.filter(group__in=groups)
    return render(request, "support/talk_wanted.html", {"talk": talk, "form": form, "ours": ours,
                                                        "bookings": bookings})


@login_required
@require_POST
def talk_wanted_close(request, pk):
    talk = get_object_or_404(TalkWanted, pk=pk)
    if not in_agency(request.user, talk.agency_id):
        raise PermissionDenied
    talk.is_open = False
    talk.save(update_fields=["is_open"])
    messages.success(request, _("Closed: groups can no longer offer this talk."))
    return redirect(talk)


@login_required
def talk_offer_new(request, slug):
    group = group_for_coordinator(request, slug)
    form = TalkOfferForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        talk = form.save(commit=False)
        talk.group, talk.created_by = group, request.user
        talk.save()
        messages.success(request, _("Your offer of a talk is published for professionals."))
        return redirect(talk)
    return render(request, "support/talk_offer_form.html", {"form": form, "group": group})


@login_required
def talk_offer_detail(request, pk):
    talk = get_object_or_404(TalkOffer.objects.select_related("group"), pk=pk)
    ours = is_coordinator(request.user, talk.group)
    if not (talk.group.is_reachable or ours or is_staff(request.user)):
        raise Http404
    agency = agency_of(request.user)
    form = ProposeTalkForm(_posted(request)) if agency and talk.is_open else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                booking = services.propose_talk(
                    group=talk.group, agency=agency, contact=request.user, date=form.cleaned_data["date"],
                    user=request.user, side=Side.PRACTITIONER, talk_offer=talk, place=form.cleaned_data["place"],
                    note=form.cleaned_data["note"])
            except services.NotAllowed as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Sent. Nothing is fixed until the group agrees too."))
                return redirect(booking)
    bookings = talk.bookings.select_related("agency") if ours or is_staff(request.user) else \
        talk.bookings.filter(agency=agency) if agency else TalkBooking.objects.none()
    return render(request, "support/talk_offer.html", {"talk": talk, "form": form, "ours": ours,
                                                       "bookings": bookings})


@login_required
@require_POST
def talk_offer_close(request, pk):
    talk = get_object_or_404(TalkOffer, pk=pk)
    if not is_coordinator(request.user, talk.group):
        raise PermissionDenied if is_staff(request.user) else Http404
    talk.is_open = not talk.is_open
    talk.save(update_fields=["is_open"])
    messages.success(request, _("Open again.") if talk.is_open else _("Closed: it is no longer shown."))
    return redirect(talk)


@login_required
def booking_detail(request, pk):
    booking, side = booking_for(request, pk)
    form = None
    if request.method == "POST":
        if side == "staff":
            raise PermissionDenied
        form = BookingActionForm(request.POST)
        if form.is_valid():
            try:
                services.act_on_booking(booking, request.user, Side.GROUP if side == "group" else Side.PRACTITIONER,
                                        form.cleaned_data["action"], form.cleaned_data["date"],
                                        form.cleaned_data["note"])
                messages.success(request, _("Saved. The other side has been told."))
                return redirect(booking)
            except services.NotAllowed as error:
                messages.error(request, str(error))
                return redirect(booking)
    agreed_by_me = booking.group_agreed if side == "group" else booking.agency_agreed
    return render(request, "support/booking.html", {
        "booking": booking, "side": side, "form": form or BookingActionForm(), "agreed_by_me": agreed_by_me,
        "notes": booking.notes.select_related("user"), "group": booking.group,
    }, status=400 if form is not None else 200)


# Staff


@login_required
def staff(request):
    """Open requests by age and area, unmatched first; arrangements due for review."""
    require_staff(request)
    today = timezone.localdate()
    open_requests = (SupportRequest.objects.filter(status=SupportRequest.Status.OPEN).select_related("group")
                     .annotate(put_forward=Count("matches", filter=Q(matches__status__in=[
                         Match.Status.WAITING_FOR_GROUP, Match.Status.WAITING_FOR_PRACTITIONER]))))
    areas = sorted({label for label in open_requests.values_list("area_label", flat=True) if label})
    area = request.GET.get("area", "")
    if area in areas:
        open_requests = open_requests.filter(area_label=area)
    rows = sorted(open_requests, key=lambda item: (item.put_forward > 0, item.created_at))
    due = (Arrangement.objects.filter(status=Arrangement.Status.ACTIVE,
                                      review_on__lte=today + datetime.timedelta(days=REVIEW_SOON_DAYS))
           .select_related("group", "agency", "practitioner").order_by("review_on"))
    return render(request, "support/staff.html", {
        "rows": rows, "areas": areas, "area": area if area in areas else "", "due": due, "today": today,
        "unmatched": sum(1 for row in rows if not row.put_forward),
        "offers_without_contact": [offer for offer in Offer.objects.live().select_related("contact__team", "agency")
                                   if offer.current_contact is None],
    })


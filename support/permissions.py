"""Who may see and do what in the support exchange: decided here, and nowhere else.

- A group's requests, arrangements, visits and talks are seen by its coordinators, by
  the other party, and by staff. Anyone else signed in gets "not found".
- Practitioners never see a request the group marked "only our staff": not in lists, not
  by its address, not even once staff have put them forward (they then see only what staff
  wrote to them). A request marked for the area is seen by practitioners whose area covers
  it while it is open, and by a practitioner who has been put forward for it.
- Only the group decides: asking, accepting, reviewing and answering a visit are for its
  coordinators. Staff can see and broker, but not agree on a group's behalf ("forbidden").
- What an agency offers, and its arrangements and talks, belong to the agency: every
  practitioner in it may act for them, so nothing is lost when someone moves on.
- Offers and talks are shown to everyone signed in; changing, closing or answering for
  them is for their agency or group ("forbidden" for anyone else who can see them).
- A practitioner or agency sends a group nothing (a visit, a date for a talk it offers,
  help for its request) unless someone on the hub would read it: a group kept by the
  self-help team is reached through its public details instead (`group_takes_requests`).
- Signed-out visitors are sent to sign in (by `login_required` on every view).

The roles (staff, coordinator, practitioner, agency member) are defined in
accounts/roles.py; "not found" against "forbidden" follows the rule in the README's
architecture section. Each `*_for` function answers (object, side), side being "group",
"practitioner" (the practitioner or their agency), "staff", or for pages everyone signed
in may read, "other".
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import agency_of, in_agency, is_coordinator, is_practitioner, is_staff
from directory.models import Group
from directory.permissions import group_for_coordinators
from directory.services import has_active_coordinator

from .models import (
    Arrangement,
    Match,
    Offer,
    PractitionerProfile,
    SupportRequest,
    TalkBooking,
    TalkOffer,
    TalkWanted,
    VisitRequest,
)

__all__ = ["agency_of", "in_agency", "is_coordinator", "is_practitioner", "is_staff"]


def profile_of(user):
    """A practitioner's roles, limits and area, or None until they have written them."""
    if not is_practitioner(user):
        return None
    try:
        return user.support_profile
    except PractitionerProfile.DoesNotExist:
        return None


def require_practitioner(request):
    """The practitioner's agency; 403 for anyone else signed in."""
    agency = agency_of(request.user)
    if agency is None:
        raise PermissionDenied
    return agency


def require_staff(request):
    if not is_staff(request.user):
        raise PermissionDenied


def _require_side(side, *allowed):
    if side not in allowed:
        raise PermissionDenied


def _side_of(user, group, practitioner_side: bool) -> str:
    """Which side of an arrangement, visit or talk booking someone is on: the group's
    coordinators ("group"), the practitioner or their agency ("practitioner"), or staff, who
    see it ("staff"); 404 for anyone else. A coordinator who is also the practitioner acts
    for the group."""
    if is_coordinator(user, group):
        return "group"
    if practitioner_side:
        return "practitioner"
    if is_staff(user):
        return "staff"
    raise Http404


def _either_side(found):
    """Acting on an arrangement, visit or talk booking is for its two sides: staff, who
    see it, get 403."""
    record, side = found
    _require_side(side, "group", "practitioner")
    return record, side


# Groups


def group_for_support(request, slug) -> tuple[Group, str]:
    """A group's support pages: its coordinators ("group") and staff ("staff"); 404 for anyone else."""
    group = get_object_or_404(Group, slug=slug)
    if is_coordinator(request.user, group):
        return group, "group"
    if is_staff(request.user):
        return group, "staff"
    raise Http404


def group_takes_requests(group) -> bool:
    """Whether a practitioner or agency may send this group a request: only while someone
    on the hub reads them. A group kept by the self-help team would never receive it, so
    nothing is offered and the step is refused (services.check_group_takes_requests)."""
    return has_active_coordinator(group)


def group_for_coordinator(request, slug) -> Group:
    """Asking for support or offering a talk: the group's coordinators only."""
    return group_for_coordinators(request, slug)


# Requests


def practitioner_may_see(user, support_request) -> bool:
    if support_request.visibility != SupportRequest.Visibility.AREA or not is_practitioner(user):
        return False
    if Match.objects.filter(request=support_request, practitioner=user).exists():
        return True
    profile = profile_of(user)
    return support_request.is_open and profile is not None and profile.covers(support_request)


def request_for(request, pk) -> tuple[SupportRequest, str]:
    support_request = get_object_or_404(SupportRequest.objects.select_related("group"), pk=pk)
    user = request.user
    if is_coordinator(user, support_request.group):
        return support_request, "group"
    if is_staff(user):
        return support_request, "staff"
    if practitioner_may_see(user, support_request):
        return support_request, "practitioner"
    raise Http404


def request_for_group(request, pk) -> SupportRequest:
    support_request, side = request_for(request, pk)
    _require_side(side, "group")
    return support_request


def request_for_staff(request, pk) -> SupportRequest:
    support_request, side = request_for(request, pk)
    _require_side(side, "staff")
    return support_request


def request_for_practitioner(request, pk) -> SupportRequest:
    support_request, side = request_for(request, pk)
    _require_side(side, "practitioner")
    return support_request


def match_for(request, pk) -> tuple[Match, str]:
    """Answering a suggestion: the group's coordinators or the practitioner put forward.
    Staff, who made or can see it, may not answer for either side (403)."""
    match = get_object_or_404(Match.objects.select_related("request__group", "practitioner"), pk=pk)
    if is_coordinator(request.user, match.request.group):
        return match, "group"
    if request.user.is_authenticated and match.practitioner_id == request.user.pk:
        return match, "practitioner"
    if is_staff(request.user):
        raise PermissionDenied
    raise Http404


# Arrangements


def arrangement_for(request, pk) -> tuple[Arrangement, str]:
    """The group's coordinators, the practitioner or anyone in their agency, and staff."""
    arrangement = get_object_or_404(
        Arrangement.objects.select_related("group", "agency", "practitioner", "offer"), pk=pk)
    user = request.user
    practitioner_side = user.is_authenticated and (
        arrangement.practitioner_id == user.pk or in_agency(user, arrangement.agency_id))
    return arrangement, _side_of(user, arrangement.group, practitioner_side)


def arrangement_to_review(request, pk) -> Arrangement:
    """Reviewing (renewing, changing, ending with a review) is the group's decision."""
    arrangement, side = arrangement_for(request, pk)
    _require_side(side, "group")
    return arrangement


def arrangement_to_end(request, pk) -> tuple[Arrangement, str]:
    """Either side may end an arrangement at any time; staff may not end it for them."""
    return _either_side(arrangement_for(request, pk))


# Visits


def visit_for(request, pk) -> tuple[VisitRequest, str]:
    visit = get_object_or_404(VisitRequest.objects.select_related("group", "practitioner"), pk=pk)
    user = request.user
    practitioner_side = user.is_authenticated and visit.practitioner_id == user.pk
    return visit, _side_of(user, visit.group, practitioner_side)


def visit_to_call_off(request, pk) -> VisitRequest:
    """Only the group calls off a visit: the practitioner withdraws instead, and staff
    may not do it for the group."""
    visit, side = visit_for(request, pk)
    _require_side(side, "group")
    return visit


def visit_to_act_on(request, pk) -> tuple[VisitRequest, str]:
    """The group answers a visit; the practitioner takes another date or withdraws. Staff
    see it but do neither."""
    return _either_side(visit_for(request, pk))


# Talks


def booking_for(request, pk) -> tuple[TalkBooking, str]:
    booking = get_object_or_404(
        TalkBooking.objects.select_related("group", "agency", "talk_wanted", "talk_offer"), pk=pk)
    return booking, _side_of(request.user, booking.group, in_agency(request.user, booking.agency_id))


def booking_to_act_on(request, pk) -> tuple[TalkBooking, str]:
    return _either_side(booking_for(request, pk))


def talk_wanted_for(request, pk) -> tuple[TalkWanted, str]:
    """A talk an agency asks for: every signed-in person may read it."""
    talk = get_object_or_404(TalkWanted.objects.select_related("agency", "team"), pk=pk)
    if in_agency(request.user, talk.agency_id):
        return talk, "practitioner"
    return talk, "staff" if is_staff(request.user) else "other"


def talk_wanted_to_close(request, pk) -> TalkWanted:
    talk, side = talk_wanted_for(request, pk)
    _require_side(side, "practitioner")
    return talk


def talk_offer_for(request, pk) -> tuple[TalkOffer, str]:
    """A talk a group offers: read by everyone signed in while the group is reachable; by
    its coordinators and staff whatever the group's state."""
    talk = get_object_or_404(TalkOffer.objects.select_related("group"), pk=pk)
    if is_coordinator(request.user, talk.group):
        return talk, "group"
    if is_staff(request.user):
        return talk, "staff"
    if not talk.group.is_reachable:
        raise Http404
    return talk, "practitioner" if is_practitioner(request.user) else "other"


def talk_offer_to_close(request, pk) -> TalkOffer:
    talk, side = talk_offer_for(request, pk)
    _require_side(side, "group")
    return talk


def may_propose_talk(talk, proposer) -> bool:
    """Whether a date may be proposed for this talk: it is open, and the proposer is there
    (for a talk an agency wants, the published groups the person coordinates; for a talk a
    group offers, the person's agency, and someone on the hub to read it for the group)."""
    if isinstance(talk, TalkOffer) and not group_takes_requests(talk.group):
        return False
    return bool(proposer) and talk.is_open


def owns_talk(talk, side) -> bool:
    """The agency that wants a talk, or the group that offers one."""
    return side == ("practitioner" if isinstance(talk, TalkWanted) else "group")


def sees_every_booking(talk, side) -> bool:
    """A talk's owners and staff see every booking of it; others only their own."""
    return owns_talk(talk, side) or side == "staff"


# Offers


def offer_for(request, pk) -> tuple[Offer, bool]:
    """(offer, may change it): a live offer is shown to everyone signed in; a withdrawn one
    only to its agency and staff (404 for anyone else)."""
    offer = get_object_or_404(Offer.objects.select_related("agency", "team", "contact__team"), pk=pk)
    may_change = in_agency(request.user, offer.agency_id) or is_staff(request.user)
    if not offer.is_active and not may_change:
        raise Http404
    return offer, may_change


def offer_to_change(request, pk) -> Offer:
    """Anyone in the offer's agency, or staff; others who can read it may not change it (403)."""
    offer, may_change = offer_for(request, pk)
    if not may_change:
        raise PermissionDenied
    return offer


def offer_to_answer_for(request, pk) -> Offer:
    """Taking an offer on as its contact: practitioners of its agency only, so it outlasts
    the person who wrote it. Staff and others who can read it are refused (403)."""
    offer, _may_change = offer_for(request, pk)
    if not in_agency(request.user, offer.agency_id):
        raise PermissionDenied
    return offer

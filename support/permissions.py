"""Who may see and do what in the support exchange: decided here, and nowhere else.

- A group's requests, arrangements, visits and talks are seen by its coordinators, by
  the other party, and by staff. Anyone else signed in gets "not found".
- Practitioners never see a request the group marked "only our staff": not in lists, not
  by its address, not even once staff have put them forward (they then see only what staff
  wrote to them). A request marked for the area is seen by practitioners whose area covers
  it while it is open, and by a practitioner who has been put forward for it.
- Only the group decides: accepting, reviewing and answering a visit are for its
  coordinators. Staff can see and broker, but not agree on a group's behalf ("forbidden").
- What an agency offers, and its arrangements and talks, belong to the agency: every
  practitioner in it may act for them, so nothing is lost when someone moves on.
- Signed-out visitors are sent to sign in (by `login_required` on every view).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from directory.models import Group
from directory.permissions import is_coordinator, is_staff

from .models import Arrangement, Match, Offer, PractitionerProfile, SupportRequest, TalkBooking, VisitRequest


def agency_of(user):
    """The agency a practitioner works for, or None."""
    if user.is_authenticated and user.is_active and user.team_id:
        return user.team.agency
    return None


def is_practitioner(user) -> bool:
    return agency_of(user) is not None


def profile_of(user):
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


def in_agency(user, agency_id) -> bool:
    agency = agency_of(user)
    return agency is not None and agency_id is not None and agency.pk == agency_id


# Groups


def group_for_support(request, slug) -> Group:
    """A group's support pages: its coordinators and staff; 404 for anyone else."""
    group = get_object_or_404(Group, slug=slug)
    if not (is_coordinator(request.user, group) or is_staff(request.user)):
        raise Http404
    return group


def group_for_coordinator(request, slug) -> Group:
    """Acting for a group: its coordinators only. Staff have a link but not the say (403)."""
    group = get_object_or_404(Group, slug=slug)
    if is_coordinator(request.user, group):
        return group
    if is_staff(request.user):
        raise PermissionDenied
    raise Http404


# Requests


def practitioner_may_see(user, support_request) -> bool:
    if support_request.visibility != SupportRequest.Visibility.AREA or not is_practitioner(user):
        return False
    if Match.objects.filter(request=support_request, practitioner=user).exists():
        return True
    profile = profile_of(user)
    return support_request.is_open and profile is not None and profile.covers(support_request)


def request_for(request, pk) -> tuple[SupportRequest, str]:
    """(request, side) with side "group", "staff" or "practitioner"; 404 with no link."""
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
    if side != "group":
        raise PermissionDenied
    return support_request


def request_for_staff(request, pk) -> SupportRequest:
    support_request, side = request_for(request, pk)
    if side != "staff":
        raise PermissionDenied
    return support_request


def request_for_practitioner(request, pk) -> SupportRequest:
    support_request, side = request_for(request, pk)
    if side != "practitioner":
        raise PermissionDenied
    return support_request


def match_for(request, pk) -> tuple[Match, str]:
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
    """(arrangement, side): the group's coordinators, the practitioner or anyone in their
    agency, and staff; 404 for anyone else."""
    arrangement = get_object_or_404(
        Arrangement.objects.select_related("group", "agency", "practitioner", "offer"), pk=pk)
    user = request.user
    if is_coordinator(user, arrangement.group):
        return arrangement, "group"
    if user.is_authenticated and (arrangement.practitioner_id == user.pk or in_agency(user, arrangement.agency_id)):
        return arrangement, "practitioner"
    if is_staff(user):
        return arrangement, "staff"
    raise Http404


# Visits


def visit_for(request, pk) -> tuple[VisitRequest, str]:
    visit = get_object_or_404(VisitRequest.objects.select_related("group", "practitioner"), pk=pk)
    user = request.user
    if is_coordinator(user, visit.group):
        return visit, "group"
    if user.is_authenticated and visit.practitioner_id == user.pk:
        return visit, "practitioner"
    if is_staff(user):
        return visit, "staff"
    raise Http404


# Talks


def booking_for(request, pk) -> tuple[TalkBooking, str]:
    booking = get_object_or_404(
        TalkBooking.objects.select_related("group", "agency", "talk_wanted", "talk_offer"), pk=pk)
    user = request.user
    if is_coordinator(user, booking.group):
        return booking, "group"
    if in_agency(user, booking.agency_id):
        return booking, "practitioner"
    if is_staff(user):
        return booking, "staff"
    raise Http404


# Offers


def offer_to_change(request, pk) -> Offer:
    """Anyone in the offer's agency, or staff; other signed-in people may read it but not
    change it (403)."""
    offer = get_object_or_404(Offer.objects.select_related("agency"), pk=pk)
    if in_agency(request.user, offer.agency_id) or is_staff(request.user):
        return offer
    raise PermissionDenied

"""Suggesting help for a request, by kind, role and distance.

Distances are worked out as the directory's are: a bounding box on indexed latitude and
longitude narrows the rows, then the great-circle distance decides. The hub only suggests;
the group decides.
"""

from dataclasses import dataclass

from accounts.roles import practitioner_q
from directory.geo import bounding_box, great_circle_miles
from directory.models import related_category_ids
from directory.visibility import listed_q

from .kinds import KINDS, Area, is_room, roles_for
from .models import Match, Offer, PractitionerProfile, SupportRequest

# Offers are suggested within this distance of where the group asked for help.
SUGGEST_WITHIN_MILES = 20
# The widest area a practitioner can say they cover (PractitionerProfile.radius_miles).
WIDEST_AREA_MILES = 100
# An offer may be placed a little beyond the edge of the practitioner's area, not far outside it.
OFFER_AREA_MARGIN_MILES = 5


@dataclass
class OfferSuggestion:
    offer: Offer
    miles: float
    contact: object
    profile: PractitionerProfile | None


@dataclass
class PractitionerSuggestion:
    profile: PractitionerProfile
    miles: float
    roles: list
    knows_subject: bool = False


def _box(queryset, latitude, longitude, miles):
    min_lat, max_lat, min_lon, max_lon = bounding_box(latitude, longitude, miles)
    return queryset.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))


def _profile(user):
    try:
        return user.support_profile
    except PractitionerProfile.DoesNotExist:
        return None


def offers_for(support_request, within=SUGGEST_WITHIN_MILES) -> list[OfferSuggestion]:
    """Live offers of the kind asked for, near the request, with someone to answer for them."""
    offers = _box(Offer.objects.live().filter(kind=support_request.kind), support_request.latitude,
                  support_request.longitude, within)
    if is_room(support_request.kind):
        if support_request.people:
            offers = offers.filter(capacity__gte=support_request.people)
        if support_request.needs_step_free:
            offers = offers.filter(step_free=True)
    found = []
    for offer in offers.select_related("agency", "contact__team", "contact__support_profile"):
        contact = offer.current_contact
        miles = great_circle_miles(support_request.latitude, support_request.longitude,
                                   offer.latitude, offer.longitude)
        if contact is not None and miles <= within:
            found.append(OfferSuggestion(offer, miles, contact, _profile(contact)))
    return sorted(found, key=lambda suggestion: (suggestion.miles, suggestion.offer.pk))


def practitioners_for(support_request, exclude_ids=()) -> list[PractitionerSuggestion]:
    """Practitioners who take a role this kind of help needs and whose area covers the request.
    For knowledge, speakers and training, those who know the group's subjects (or a subject
    above or below them) come first; a speaker is suggested only if they know it."""
    kind = KINDS.get(support_request.kind)
    wanted = set(roles_for(support_request.kind))
    subject_ids = related_category_ids(support_request.group.categories.all()) \
        if kind and kind.area == Area.KNOWLEDGE else set()
    profiles = _box(PractitionerProfile.objects.filter(practitioner_q("user__")),
                    support_request.latitude, support_request.longitude, WIDEST_AREA_MILES)
    found = []
    for profile in (profiles.select_related("user__team__agency").prefetch_related("subjects")
                    .exclude(user_id__in=list(exclude_ids))):
        roles = [role for role in profile.roles if role in wanted]
        miles = profile.miles_to(support_request)
        knows = bool(subject_ids & {subject.pk for subject in profile.subjects.all()})
        if roles and miles <= profile.radius_miles and (knows or not (kind and kind.on_subject)):
            found.append(PractitionerSuggestion(profile, miles, roles, knows))
    return sorted(found, key=lambda suggestion: (not suggestion.knows_subject, suggestion.miles,
                                                 suggestion.profile.pk))


def suggestions(support_request) -> tuple[list[OfferSuggestion], list[PractitionerSuggestion]]:
    """What the hub suggests for an open request, leaving out anyone already put forward or
    who has said no to it."""
    if not support_request.is_open:
        return [], []
    already = set(Match.objects.filter(request=support_request).exclude(status=Match.Status.CLOSED)
                  .values_list("practitioner_id", flat=True))
    offers = [s for s in offers_for(support_request) if s.contact.pk not in already]
    people = practitioners_for(support_request, exclude_ids=already | {s.contact.pk for s in offers})
    return offers, people


def requests_near(profile) -> list[tuple[SupportRequest, float]]:
    """Open requests a practitioner may see: from listed groups, marked for the area, and inside theirs."""
    requests = _box(SupportRequest.objects.filter(listed_q("group__"), status=SupportRequest.Status.OPEN,
                                                  visibility=SupportRequest.Visibility.AREA),
                    profile.latitude, profile.longitude, profile.radius_miles)
    found = [(item, profile.miles_to(item)) for item in requests.select_related("group")]
    return sorted([(item, miles) for item, miles in found if miles <= profile.radius_miles],
                  key=lambda pair: pair[0].created_at)


def search_offers(kind="", point=None, within=None, people=None, step_free=False) -> list[tuple[Offer, float | None]]:
    """Offers for the browse page: by kind, distance, size and access; nearest first."""
    offers = Offer.objects.live().select_related("agency", "contact__team")
    if kind:
        offers = offers.filter(kind=kind)
    if people:
        offers = offers.filter(capacity__gte=people)
    if step_free:
        offers = offers.filter(step_free=True)
    if point is None:
        return [(offer, None) for offer in offers[:200]]
    offers = _box(offers, point.latitude, point.longitude, within)
    found = [(offer, great_circle_miles(point.latitude, point.longitude, offer.latitude, offer.longitude))
             for offer in offers]
    return sorted([pair for pair in found if pair[1] <= within], key=lambda pair: (pair[1], pair[0].pk))[:200]

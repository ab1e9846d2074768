"""Helpers that make support-exchange records for tests, with sensible defaults."""

import datetime
import itertools

from django.utils import timezone

from accounts.models import Agency, Team
from directory.tests.factory import PLACES, make_user
from support.kinds import Role
from support.models import Offer, PractitionerProfile, SupportRequest, area_label

_numbers = itertools.count(1)


def _point(postcode):
    latitude, longitude, _town = PLACES[postcode]
    return {"place": postcode, "latitude": latitude, "longitude": longitude, "area_label": area_label(postcode)}


def make_agency(name=None, **kwargs):
    agency = Agency.objects.create(name=name or f"Agency {next(_numbers)}", **kwargs)
    Team.objects.create(agency=agency, name="Community team")
    return agency


def make_worker(email, agency=None, postcode="NG1 5FW", roles=(Role.RESOURCE_BUILDER,), radius=15,
                limits="I have safeguarding duties.\nDaytime only.", profile=True):
    """A practitioner in a team of `agency` (a new one if not given), with a profile."""
    agency = agency or make_agency()
    user = make_user(email, team=agency.teams.first())
    if profile:
        PractitionerProfile.objects.create(user=user, roles=[str(role) for role in roles], radius_miles=radius,
                                           limits=limits, **_point(postcode))
    return user


def make_offer(contact, kind="meeting_room", postcode="NG1 5FW", **kwargs):
    kwargs.setdefault("title", f"Room {next(_numbers)}")
    kwargs.setdefault("description", "A quiet room with tea and coffee.")
    if kind in ("meeting_room", "fundraising_place"):
        kwargs.setdefault("capacity", 20)
    return Offer.objects.create(agency=contact.team.agency, team=contact.team, contact=contact, kind=kind,
                                **_point(postcode), **kwargs)


def make_request(group, kind="meeting_room", postcode="NG1 5FW", **kwargs):
    kwargs.setdefault("visibility", SupportRequest.Visibility.AREA)
    return SupportRequest.objects.create(group=group, kind=kind, **_point(postcode), **kwargs)


def days(n) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)

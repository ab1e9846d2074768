"""Each role, defined once in accounts/roles.py: who holds it, and that signed-out visitors
and switched-off accounts hold none."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import roles
from accounts.models import Agency, Team
from directory.tests.factory import make_coordinator, make_group, make_practitioner, make_user

pytestmark = pytest.mark.django_db


def test_staff_are_staff_while_their_account_is_on():
    sam = make_user("sam@example.org", staff=True)
    assert roles.is_staff(sam)
    sam.is_active = False
    assert not roles.is_staff(sam)
    assert not roles.is_staff(make_user("alice@example.org"))
    assert not roles.is_staff(AnonymousUser())


def test_a_coordinator_is_one_of_that_groups_coordinators_only():
    group, other = make_group(name="Tinnitus Circle"), make_group(name="Other Group")
    alice = make_user("alice@example.org")
    make_coordinator(group, alice)
    assert roles.is_coordinator(alice, group)
    assert not roles.is_coordinator(alice, other)
    assert not roles.is_coordinator(make_user("sam@example.org", staff=True), group)  # staff keep, not coordinate
    assert not roles.is_coordinator(AnonymousUser(), group)
    alice.is_active = False
    assert not roles.is_coordinator(alice, group)


def test_a_practitioner_works_in_a_team_of_an_agency_and_acts_for_that_agency_only():
    pat = make_practitioner()
    agency = pat.team.agency
    other = Agency.objects.create(name="County CVS")
    assert roles.is_practitioner(pat) and pat.is_practitioner
    assert roles.agency_of(pat) == agency
    assert roles.in_agency(pat, agency.pk) and not roles.in_agency(pat, other.pk) and not roles.in_agency(pat, None)
    for nobody in (make_user("alice@example.org"), AnonymousUser()):
        assert not roles.is_practitioner(nobody) and roles.agency_of(nobody) is None
        assert not roles.in_agency(nobody, agency.pk)
    pat.is_active = False
    assert not roles.is_practitioner(pat) and not roles.in_agency(pat, agency.pk)


def test_the_query_finds_exactly_the_practitioners():
    team = Team.objects.create(agency=Agency.objects.create(name="City NHS Trust"), name="Stroke team")
    pat = make_user("pat@example.org", team=team)
    make_user("kim@example.org", team=team, is_active=False)
    make_user("alice@example.org")
    users = list(roles.practitioners())
    assert users == [pat]
    assert all(roles.is_practitioner(user) for user in users)

"""Agencies and teams: practitioners belong to a team in an agency; staff set them up in the admin."""

import pytest
from django.urls import reverse

from accounts.models import Agency, Team

pytestmark = pytest.mark.django_db


def test_a_practitioner_is_someone_in_a_team_of_an_agency(alice, pat):
    assert pat.is_practitioner and not alice.is_practitioner
    agency = Agency.objects.create(name="County CVS", kind=Agency.Kind.CVS)
    team = Team.objects.create(agency=agency, name="Community development")
    assert str(team) == "County CVS: Community development"
    assert agency.get_kind_display() == "Council for voluntary service (CVS)"


def test_agencies_default_to_other_and_list_every_kind_in_everyday_words():
    assert Agency.objects.create(name="Somewhere").kind == Agency.Kind.OTHER
    assert "NHS trust or service" in Agency.Kind.labels
    assert "National charity, local branch" in Agency.Kind.labels


def test_people_who_are_not_staff_cannot_use_the_admin(client, pat):
    client.force_login(pat)
    response = client.get(reverse("admin:accounts_agency_changelist"))
    assert response.status_code == 302

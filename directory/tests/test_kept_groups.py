"""A group with nobody on the hub is kept by the self-help team: its page says so and gives
its own public details; nothing anywhere offers to have the group contact someone, since
nobody would read the request; practitioners are given the details and a handout instead."""

import datetime
import re

import pytest
from django.urls import reverse

from directory.models import Group
from directory.tests.factory import make_coordinator, make_group
from introductions.models import Introduction
from publishing.tests import pdftools
from tests import matrix
from tests.matrix import ROLES

pytestmark = pytest.mark.django_db
people = matrix.people  # the shared fixture

ASK_WORDS = re.compile(r"ask (the group|it|them) to (contact|get in touch)", re.IGNORECASE)


@pytest.fixture
def kept():
    return make_group(name="Kept Stroke Club", slug="kept-stroke-club", contact_route=Group.ContactRoute.BOTH,
                      phone="0115 496 0101", email="club@example.org", contact_role="Group secretary")


def get_in_touch_link(group):
    return reverse("introductions:get-in-touch", args=[group.slug])


@pytest.mark.parametrize("role", ROLES)
def test_the_page_of_a_kept_group_says_so_and_gives_only_its_own_details_to_everyone(client, people, kept, role):
    response = matrix.check(client, people, role, kept.get_absolute_url(), [200] * len(ROLES))
    page = response.content.decode()
    assert "kept by the self-help team" in page
    assert "0115 496 0101" in page and "club@example.org" in page and "Group secretary" in page
    assert get_in_touch_link(kept) not in page
    assert not ASK_WORDS.search(page)


@pytest.mark.parametrize("role", ROLES)
def test_a_group_with_a_coordinator_still_offers_to_contact_people(client, people, role):
    group = people["group"]
    Group.objects.filter(pk=group.pk).update(contact_route=Group.ContactRoute.BOTH)
    page = matrix.check(client, people, role, group.get_absolute_url(), [200] * len(ROLES)).content.decode()
    assert get_in_touch_link(group) in page and "kept by the self-help team" not in page


def test_the_page_changes_as_soon_as_someone_from_the_group_joins(client, kept, alice):
    assert "kept by the self-help team" in client.get(kept.get_absolute_url()).content.decode()
    make_coordinator(kept, alice)
    page = client.get(kept.get_absolute_url()).content.decode()
    assert "kept by the self-help team" not in page and get_in_touch_link(kept) in page


def test_a_kept_group_is_never_said_to_have_confirmed_its_listing_itself(client, kept, alice):
    kept.last_confirmed_on = datetime.date(2026, 9, 1)
    kept.save()
    page = client.get(kept.get_absolute_url()).content.decode()
    assert "Last confirmed: September 2026" in page and "confirmed by the group" not in page
    make_coordinator(kept, alice)
    assert "Last confirmed by the group: September 2026" in client.get(kept.get_absolute_url()).content.decode()


def test_a_kept_group_without_public_details_says_to_go_along(client):
    group = make_group(name="Quiet Club", slug="quiet-club", contact_route=Group.ContactRoute.INTRODUCTION)
    page = client.get(group.get_absolute_url()).content.decode()
    assert "gives no contact details" in page and get_in_touch_link(group) not in page


def test_its_get_in_touch_address_gives_the_details_and_never_mentions_asking(client, kept):
    page = client.get(get_in_touch_link(kept)).content.decode()
    assert "0115 496 0101" in page and "kept by the self-help team" in page
    assert "<form" not in page.split('id="main-content"')[-1] and not ASK_WORDS.search(page)


def test_search_results_never_link_to_asking_a_kept_group(client, kept):
    page = client.get(reverse("directory:search"), {"q": "stroke"}).content.decode()
    assert "Kept Stroke Club" in page
    assert get_in_touch_link(kept) not in page and not ASK_WORDS.search(page)


class TestLeaflet:
    def leaflet_text(self, client, group):
        # The handout practitioners are offered: the leaflet, on one side of A4.
        response = client.get(reverse("publishing:group-leaflet", args=[group.slug]), {"size": "a4"})
        assert response.status_code == 200
        return " ".join(pdftools.text(response.content).split()), response.content

    def test_the_leaflet_of_a_kept_group_never_suggests_asking_it_to_get_in_touch(self, client, kept):
        text, body = self.leaflet_text(client, kept)
        assert "0115 496 0101" in text and "club@example.org" in text
        assert "kept by the self-help team" in text
        assert not ASK_WORDS.search(text)
        assert pdftools.info(body)["Pages"] == "1"

    def test_the_leaflet_of_a_kept_group_does_not_say_the_group_confirmed_it(self, client, kept):
        text, _body = self.leaflet_text(client, kept)
        assert "confirmed by the group" not in text and "Not yet confirmed." in text

    def test_the_leaflet_of_a_group_with_a_coordinator_still_does(self, client, kept, alice):
        make_coordinator(kept, alice)
        text, _body = self.leaflet_text(client, kept)
        assert ASK_WORDS.search(text) and "kept by the self-help team" not in text


class TestPractitioners:
    def page(self, client, group):
        return client.get(reverse("introductions:introduce", args=[group.slug])).content.decode()

    def test_they_are_not_offered_the_group_contacting_their_client(self, client, kept, pat):
        client.force_login(pat)
        page = self.page(client, kept)
        assert "The group gets in touch with my client" not in page
        assert 'value="group_contacts"' not in page
        assert "My client will get in touch with the group" in page
        # Nothing about the client would reach the group, so nothing is asked.
        assert 'name="contact_value"' not in page and 'name="name"' not in page

    def test_they_are_given_the_groups_public_details_and_a_handout_to_print(self, client, kept, pat):
        client.force_login(pat)
        page = self.page(client, kept)
        assert "kept by the self-help team" in page
        assert "0115 496 0101" in page and "club@example.org" in page and "Group secretary" in page
        assert reverse("publishing:group-leaflet", args=[kept.slug]) + "?size=a4" in page

    def test_a_request_for_the_group_to_contact_the_client_is_refused_with_a_reason(self, client, kept, pat):
        client.force_login(pat)
        response = client.post(reverse("introductions:introduce", args=[kept.slug]), {
            "direction": "group_contacts", "name": "Mukti", "contact_method": "phone",
            "contact_value": "07700 900123", "agreed_how": "in_person",
            "agreed_on": datetime.date.today().isoformat(), "consent": "on"})
        assert response.status_code == 200
        assert "give your client its details instead" in response.content.decode()
        assert not Introduction.objects.exists()

    def test_recording_that_the_client_will_get_in_touch_still_works(self, client, kept, pat):
        client.force_login(pat)
        response = client.post(reverse("introductions:introduce", args=[kept.slug]), {
            "direction": "person_contacts", "agreed_how": "in_person",
            "agreed_on": datetime.date.today().isoformat(), "consent": "on"})
        assert response.status_code == 302
        assert Introduction.objects.get().direction == "person_contacts"

    def test_with_a_coordinator_the_group_can_be_asked_again(self, client, kept, pat, alice):
        make_coordinator(kept, alice)
        client.force_login(pat)
        page = self.page(client, kept)
        assert 'value="group_contacts"' in page and "kept by the self-help team" not in page

"""A person deletes their own account: confirmed with their password; their groups pass
to the people who run them with them, or are kept by the self-help team; what a
practitioner did for their agency stays with the agency."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from directory.models import Group
from directory.tests.factory import PASSWORD, make_coordinator, make_group
from introductions.services import accepts_introductions
from support.models import Arrangement, Offer
from support.tests.factory import days, make_offer, make_worker

pytestmark = pytest.mark.django_db
URL = "accounts:delete-account"


def delete(client, user, password=PASSWORD):
    client.force_login(user)
    return client.post(reverse(URL), {"password": password})


def exists(user) -> bool:
    return get_user_model().objects.filter(pk=user.pk).exists()


class TestDeletingYourAccount:
    def test_the_page_says_what_happens_to_each_of_your_groups(self, client, alice, charlie):
        shared = make_group(name="Shared Club", slug="shared")
        make_coordinator(shared, alice)
        make_coordinator(shared, charlie)
        make_coordinator(make_group(name="Solo Club", slug="solo"), alice)
        client.force_login(alice)
        body = client.get(reverse(URL)).content.decode()
        assert "Shared Club" in body and "passes to the other people who run it" in body
        assert "Solo Club" in body and "kept by the self-help team" in body
        assert 'type="password"' in body and 'method="post"' in body

    def test_the_right_password_deletes_the_account_and_signs_out(self, client, alice):
        response = delete(client, alice)
        assert response.status_code == 302
        assert not exists(alice)
        assert "_auth_user_id" not in client.session
        assert "deleted" in client.get(response["Location"]).content.decode()

    @pytest.mark.parametrize("password", ["wrong", ""])
    def test_a_wrong_password_deletes_nothing_and_says_so(self, client, alice, password):
        response = delete(client, alice, password)
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
        assert exists(alice)

    def test_it_asks_for_a_post(self, client, alice):
        client.force_login(alice)
        client.get(reverse(URL), {"password": PASSWORD})
        assert exists(alice)

    def test_a_group_run_with_others_passes_to_them(self, client, alice, charlie):
        group = make_group(name="Shared Club", slug="shared")
        make_coordinator(group, alice)
        make_coordinator(group, charlie)
        delete(client, alice)
        assert list(group.coordinators.values_list("user__email", flat=True)) == ["charlie@example.org"]

    def test_a_group_run_alone_stays_listed_kept_by_the_team_and_takes_no_requests(self, client, alice):
        group = make_group(name="Solo Club", slug="solo", contact_route=Group.ContactRoute.BOTH)
        make_coordinator(group, alice)
        assert accepts_introductions(group)
        delete(client, alice)
        group.refresh_from_db()
        assert group.status == Group.Status.PUBLISHED and not group.coordinators.exists()
        assert Group.objects.reachable().filter(pk=group.pk).exists()
        assert not accepts_introductions(group)

    def test_a_practitioners_offers_and_arrangements_stay_with_their_agency(self, client):
        worker = make_worker("worker@example.org")
        agency = worker.team.agency
        offer = make_offer(worker)
        group = make_group(name="Carers Together", slug="carers-together")
        arrangement = Arrangement.objects.create(group=group, agency=agency, practitioner=worker, offer=offer,
                                                 kind="meeting_room", agreed="The room on Tuesdays",
                                                 role="resource_builder", limits="Daytime only", review_on=days(30))
        delete(client, worker)
        offer = Offer.objects.get(pk=offer.pk)
        arrangement = Arrangement.objects.get(pk=arrangement.pk)
        assert (offer.agency, offer.contact) == (agency, None)
        assert (arrangement.agency, arrangement.practitioner, arrangement.offer) == (agency, None, offer)

    def test_only_your_own_account_is_deleted(self, client, alice, charlie):
        delete(client, alice)
        assert exists(charlie)


def test_your_groups_page_links_to_it(client, alice):
    client.force_login(alice)
    assert f'href="{reverse(URL)}"' in client.get(reverse("directory:my-groups")).content.decode()

"""A request to be contacted goes only where somebody will receive it (Group.takes_introductions)."""

import datetime

import pytest
from django.urls import reverse

from directory import freshness
from directory.models import Group
from directory.tests.factory import make_coordinator, make_group, make_user
from introductions.models import Introduction

from .test_introductions import form_data

pytestmark = pytest.mark.django_db


def stale(group):
    """Confirmed so long ago that the freshness rules hide it from every listing."""
    Group.objects.filter(pk=group.pk).update(last_confirmed_on=freshness.hidden_before() - datetime.timedelta(days=1))
    group.refresh_from_db()
    return group


def nobody_on_the_hub(group):
    group.coordinators.all().delete()
    return group


class TestTheRule:
    def test_a_listed_group_that_lets_people_ask_and_has_a_coordinator_takes_requests(self, group):
        assert group.takes_introductions

    @pytest.mark.parametrize("change", [stale, nobody_on_the_hub])
    def test_a_stale_group_or_one_with_nobody_on_the_hub_takes_none(self, group, change):
        assert not change(group).takes_introductions

    def test_a_coordinator_whose_account_is_switched_off_does_not_count(self, group, alice):
        alice.is_active = False
        alice.save()
        assert not Group.objects.get(pk=group.pk).takes_introductions

    def test_a_group_asking_for_direct_contact_takes_none(self, alice):
        group = make_group(contact_route=Group.ContactRoute.DIRECT)
        make_coordinator(group, alice)
        assert not group.takes_introductions

    def test_a_list_of_groups_answers_the_same_without_a_query_per_group(self, group, django_assert_num_queries):
        kept = make_group(contact_route=Group.ContactRoute.BOTH)
        old = make_group(contact_route=Group.ContactRoute.INTRODUCTION)
        make_coordinator(old, make_user("olu@example.org"))
        stale(old)
        expected = {group.pk: True, kept.pk: False, old.pk: False}
        groups = list(Group.objects.filter(pk__in=expected).with_coordinator_on_hub())
        with django_assert_num_queries(0):
            answers = {g.pk: g.takes_introductions for g in groups}
        assert answers == expected
        assert {g.pk: Group.objects.get(pk=g.pk).takes_introductions for g in groups} == expected


class TestTheFormIsOfferedOnlyWhenSomeoneWillReceiveIt:
    @pytest.mark.parametrize(("change", "words"), [
        (nobody_on_the_hub, "nobody from the group is on the directory"),
        (stale, "has not confirmed its listing for a long time"),
    ])
    def test_the_page_offers_no_form_and_says_why(self, client, group, change, words):
        change(group)
        response = client.get(reverse("introductions:get-in-touch", args=[group.slug]))
        assert response.status_code == 200
        assert response.context["form"] is None
        page = response.content.decode()
        assert "Ask them to contact me" not in page
        assert words in page.lower()
        assert "0115 496 0101" in page

    @pytest.mark.parametrize(("change", "words"), [
        (nobody_on_the_hub, "Nobody from this group is on the directory"),
        (stale, "has not confirmed its listing for a long time"),
    ])
    def test_a_request_sent_anyway_is_refused_and_nothing_is_kept(self, client, group, change, words):
        data = form_data(client, group)
        change(group)
        response = client.post(reverse("introductions:get-in-touch", args=[group.slug]), data)
        assert response.status_code == 400
        assert words in response.content.decode()
        assert not Introduction.objects.exists()

    def test_a_practitioner_cannot_ask_a_stale_group_to_contact_their_client(self, client, group, pat):
        stale(group)
        client.force_login(pat)
        response = client.post(reverse("introductions:introduce", args=[group.slug]), {
            "direction": "group_contacts", "name": "Sam", "contact_method": "phone",
            "contact_value": "07700 900123", "agreed_how": "in_person",
            "agreed_on": datetime.date.today().isoformat(), "consent": "on"})
        assert response.status_code == 200
        assert not Introduction.objects.exists()

    def test_the_groups_page_offers_asking_only_when_the_group_takes_requests(self, client, group):
        page = client.get(group.get_absolute_url()).content.decode()
        assert "ask the group to contact you" in page
        stale(group)
        page = client.get(group.get_absolute_url()).content.decode()
        assert "ask the group to contact you" not in page
        assert reverse("introductions:get-in-touch", args=[group.slug]) in page


def test_the_leaflet_of_a_stale_group_does_not_suggest_asking_it(client, group):
    from publishing.tests import pdftools

    leaflet = reverse("publishing:group-leaflet", args=[group.slug])
    assert "ask the group to contact you on its web page" in pdftools.text(client.get(leaflet).content)
    stale(group)
    assert "ask the group" not in pdftools.text(client.get(leaflet).content)

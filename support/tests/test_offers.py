"""Practitioners' profiles and their agencies' offers: what they can do, where, and their
limits; offers belong to the agency and are found by kind and distance."""

import pytest
from django.urls import reverse

from directory.tests.factory import make_group
from support.models import AgencyGroup, Offer, PractitionerProfile
from support.tests.factory import days, make_agency, make_offer, make_worker

pytestmark = pytest.mark.django_db

ROOM = {"kind": "meeting_room", "title": "Room at Bulwell Health Centre", "description": "Seats 20, with a kitchen.",
        "place": "NG1 5FW", "capacity": "20", "step_free": "on", "cost": "Free", "times": "Weekday evenings"}


class TestProfile:
    def test_limits_are_a_list_and_an_offer_shows_its_own_terms_not_the_persons(self, client, alice):
        pat = make_worker("pat@example.org")
        client.force_login(pat)
        page = client.get(reverse("support:mine")).content.decode()
        assert "<li>I have safeguarding duties.</li>" in page and "<li>Daytime only.</li>" in page
        offer = make_offer(pat, times="Weekday evenings")
        client.force_login(alice)
        page = client.get(offer.get_absolute_url()).content.decode()
        assert "Weekday evenings" in page and "When it is available" in page
        assert "Daytime only." not in page

    def test_a_practitioner_says_their_roles_area_and_limits(self, client):
        user = make_worker("pat@example.org", profile=False)
        client.force_login(user)
        page = client.get(reverse("support:profile")).content.decode()
        assert "Finds practical things the group needs" in page  # every role explained in plain English
        from directory.models import Category

        stroke = Category.objects.get(slug="stroke-aphasia")
        client.post(reverse("support:profile"), {
            "roles": ["resource_builder", "bridge_builder"], "place": "nottingham", "radius_miles": "12",
            "limits": "I have safeguarding duties\n\n- I can’t hold members’ personal details\nDaytime only",
            "subjects": [stroke.pk], "contact_phone": "0115 496 0123", "contact_email": "Pat.Work@example.org"})
        profile = PractitionerProfile.objects.get()
        assert list(profile.subjects.all()) == [stroke]
        assert (profile.contact_phone, profile.contact_email) == ("0115 496 0123", "pat.work@example.org")
        assert profile.roles == ["resource_builder", "bridge_builder"]
        assert profile.place == "Nottingham" and round(profile.latitude, 1) == 53.0
        assert profile.limits_list == ["I have safeguarding duties", "I can’t hold members’ personal details",
                                       "Daytime only"]

    @pytest.mark.parametrize(("data", "message"), [
        ({"roles": []}, "Choose at least one role."),
        ({"roles": ["wizard"]}, "Select a valid choice"),
        ({"radius_miles": "0"}, "from 1 to 100 miles"),
        ({"radius_miles": "500"}, "from 1 to 100 miles"),
        ({"radius_miles": "far"}, "in whole miles"),
        ({"place": ""}, "Enter a postcode or town."),
        ({"place": "Nottinghm"}, "Did you mean Nottingham?"),
    ])
    def test_bad_profiles_are_refused(self, client, data, message):
        client.force_login(make_worker("pat@example.org", profile=False))
        response = client.post(reverse("support:profile"), {
            "roles": ["resource_builder"], "place": "NG1", "radius_miles": "10", **data})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not PractitionerProfile.objects.exists()

    def test_a_practitioner_needs_a_profile_before_publishing_an_offer(self, client):
        client.force_login(make_worker("pat@example.org", profile=False))
        response = client.get(reverse("support:offer-new"))
        assert response["Location"] == reverse("support:profile")


class TestPublishingOffers:
    def test_an_offer_belongs_to_the_agency(self, client, pat):
        client.force_login(pat)
        response = client.post(reverse("support:offer-new"), ROOM)
        offer = Offer.objects.get()
        assert response["Location"] == offer.get_absolute_url()
        assert (offer.agency, offer.team, offer.contact, offer.capacity) == (pat.team.agency, pat.team, pat, 20)

    @pytest.mark.parametrize(("data", "message"), [
        ({"capacity": ""}, "Enter how many people the room holds"),
        ({"capacity": "0"}, "from 1 to 1,000"),
        ({"capacity": "-10"}, "from 1 to 1,000"),
        ({"capacity": "100000"}, "from 1 to 1,000"),
        ({"capacity": "twenty"}, "like 12"),
        ({"available_until": days(-1).isoformat()}, "must be after today"),
        ({"place": "CM1 1SQ"}, "far outside the area you cover"),
        ({"place": "LE1 6AA"}, "far outside the area you cover"),
        ({"kind": ""}, "Choose what kind of help it is."),
        ({"title": ""}, "Enter a short title."),
    ])
    def test_impossible_offers_are_refused_with_a_clear_message(self, client, data, message):
        client.force_login(make_worker("pat@example.org", radius=10))
        response = client.post(reverse("support:offer-new"), {**ROOM, **data})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Offer.objects.exists()

    def test_just_beyond_the_edge_of_the_area_is_allowed(self, client):
        client.force_login(make_worker("pat@example.org", radius=10))  # Derby is 13 miles from Nottingham
        client.post(reverse("support:offer-new"), {**ROOM, "place": "DE1 1AA"})
        assert Offer.objects.get().place == "DE1 1AA"

    def test_capacity_is_dropped_for_help_that_is_not_a_room(self, client, pat):
        client.force_login(pat)
        client.post(reverse("support:offer-new"), {**ROOM, "kind": "printing", "title": "Photocopying"})
        assert Offer.objects.get().capacity is None

    def test_the_database_refuses_an_impossible_capacity_too(self, pat):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            make_offer(pat, capacity=0)

    def test_a_colleague_can_change_and_withdraw_an_offer_but_not_another_agency(self, client, pat):
        offer = make_offer(pat)
        colleague = make_worker("colleague@example.org", agency=pat.team.agency)
        client.force_login(colleague)
        client.post(reverse("support:offer-edit", args=[offer.pk]), {**ROOM, "title": "Renamed room"})
        offer.refresh_from_db()
        assert offer.title == "Renamed room" and offer.contact == pat
        client.post(reverse("support:offer-withdraw", args=[offer.pk]), {"active": "0"})
        assert not Offer.objects.get().is_active
        client.force_login(make_worker("stranger@example.org"))
        assert client.get(reverse("support:offer", args=[offer.pk])).status_code == 404  # withdrawn: hidden
        # A withdrawn offer is no longer theirs to see: "not found", as for its page.
        assert client.post(reverse("support:offer-withdraw", args=[offer.pk]), {"active": "1"}).status_code == 404

    def test_when_the_contact_moves_on_a_colleague_takes_the_offer_on(self, client, pat, sam):
        offer = make_offer(pat)
        pat.team = None
        pat.save()
        colleague = make_worker("colleague@example.org", agency=offer.agency)
        client.force_login(colleague)
        assert "Nobody at the moment" in client.get(reverse("support:agency")).content.decode()
        client.post(reverse("support:offer-take-on", args=[offer.pk]))
        offer.refresh_from_db()
        assert offer.current_contact == colleague
        client.force_login(sam)
        assert client.post(reverse("support:offer-take-on", args=[offer.pk])).status_code == 403


class TestBrowsingOffers:
    def test_groups_search_offers_by_kind_and_distance(self, client, pat, alice, group):
        near = make_offer(pat, title="Nottingham room")
        derby = make_offer(make_worker("dev@example.org", postcode="DE1 1AA"), title="Derby room",
                           postcode="DE1 1AA", capacity=50)
        make_offer(make_worker("ess@example.org", postcode="CM1 1SQ"), title="Essex room", postcode="CM1 1SQ")
        make_offer(make_worker("print@example.org"), kind="printing", title="Photocopier")
        client.force_login(alice)
        url = reverse("support:offers")
        response = client.get(url, {"kind": "meeting_room", "where": "NG1", "within": "20"})
        assert [offer for offer, _miles in response.context["results"]] == [near, derby]
        response = client.get(url, {"kind": "meeting_room", "where": "NG1", "within": "5"})
        assert [offer for offer, _miles in response.context["results"]] == [near]
        response = client.get(url, {"kind": "meeting_room", "where": "NG1", "within": "20", "people": "30"})
        assert [offer for offer, _miles in response.context["results"]] == [derby]
        assert len(client.get(url).context["results"]) == 4
        page = client.get(reverse("support:offer", args=[near.pk])).content.decode()
        assert f"{reverse('support:ask', args=[group.slug])}?kind=meeting_room" in page

    @pytest.mark.parametrize("query", [
        {"where": "Atlantis"}, {"within": "7000"}, {"kind": "rocket"}, {"people": "-1"}, {"people": "x"},
        {"where": "x" * 500},
    ])
    def test_junk_in_the_search_gives_a_message_not_an_error(self, client, query, alice):
        client.force_login(alice)
        response = client.get(reverse("support:offers"), query)
        assert response.status_code == 400
        assert "There is a problem" in response.content.decode()


class TestAgencyList:
    def test_the_agency_keeps_a_list_of_relevant_groups_that_outlasts_staff(self, client):
        agency = make_agency("City Stroke Service")
        pat = make_worker("pat@example.org", agency=agency)
        group = make_group(name="Stroke Club")
        client.force_login(pat)
        response = client.get(reverse("support:agency"), {"q": "stroke"})
        assert list(response.context["found"]) == [group]
        client.post(reverse("support:agency-add-group"), {"group": group.pk, "note": "Our patients go"})
        client.post(reverse("support:agency-add-group"), {"group": group.pk})  # twice is once
        assert AgencyGroup.objects.get().note == "Our patients go"
        pat.team = None
        pat.save()
        colleague = make_worker("colleague@example.org", agency=agency)
        client.force_login(colleague)
        assert "Stroke Club" in client.get(reverse("support:agency")).content.decode()
        other = make_worker("other@example.org")
        client.force_login(other)
        assert client.post(reverse("support:agency-remove-group", args=[AgencyGroup.objects.get().pk])
                           ).status_code == 404
        client.force_login(colleague)
        client.post(reverse("support:agency-remove-group", args=[AgencyGroup.objects.get().pk]))
        assert not AgencyGroup.objects.exists()

    def test_an_unlisted_group_or_junk_cannot_be_added(self, client, pat):
        client.force_login(pat)
        hidden = make_group(status="pending")
        for junk in (hidden.pk, "abc", ""):
            response = client.post(reverse("support:agency-add-group"), {"group": junk}, follow=True)
            assert response.redirect_chain[-1][0] == reverse("support:agency")
            page = response.content.decode()
            assert "That group is not in the directory." in page or "Choose a group to add." in page
        assert not AgencyGroup.objects.exists()

"""Groups ask for support; we suggest offers and people by kind, role and distance; the
group accepts, and only then is there an arrangement."""

import pytest
from django.core import mail
from django.urls import reverse

from support import matching
from support.kinds import Role
from support.models import Arrangement, ArrangementEvent, Match, SupportRequest
from support.tests.factory import days, make_offer, make_request, make_worker

pytestmark = pytest.mark.django_db


class TestAskingForSupport:
    def test_a_coordinator_asks_for_a_room_and_sees_suggestions(self, client, group, alice, pat):
        make_offer(pat, title="Room at the Health Centre", capacity=20, step_free=True)
        client.force_login(alice)
        response = client.get(reverse("support:ask", args=[group.slug]))
        assert 'value="NG1 5FW"' in response.content.decode()  # where the group meets
        response = client.post(reverse("support:ask", args=[group.slug]), {
            "kind": "meeting_room", "place": "ng1 5fw", "people": "12", "needs_step_free": "on",
            "visibility": "area", "note": "Tuesday evenings"})
        support_request = SupportRequest.objects.get()
        assert response["Location"] == support_request.get_absolute_url()
        assert (support_request.place, support_request.area_label, support_request.people) == ("NG1 5FW", "NG1", 12)
        page = client.get(support_request.get_absolute_url()).content.decode()
        assert "Room at the Health Centre" in page
        assert "I have safeguarding duties" in page  # limits shown before accepting

    @pytest.mark.parametrize(("data", "field", "message"), [
        ({"kind": ""}, "kind", "Choose what would help."),
        ({"kind": "a-spaceship"}, "kind", "Select a valid choice"),
        ({"place": "Atlantis"}, "place", "We couldn’t find “Atlantis”"),
        ({"place": "BT1 1AA"}, "place", "Northern Ireland"),
        ({"people": "0"}, "people", "from 1 to 1,000"),
        ({"people": "-3"}, "people", "from 1 to 1,000"),
        ({"people": "5000"}, "people", "from 1 to 1,000"),
        ({"people": "lots"}, "people", "like 12"),
        ({"visibility": "everyone"}, "visibility", "Select a valid choice"),
    ])
    def test_bad_input_is_refused_with_a_message_and_nothing_saved(self, client, group, alice, data, field, message):
        client.force_login(alice)
        post = {"kind": "meeting_room", "place": "NG1", "visibility": "area", **data}
        response = client.post(reverse("support:ask", args=[group.slug]), post)
        assert response.status_code == 200
        assert message in str(response.context["form"].errors[field])
        assert "There is a problem" in response.content.decode()
        assert response.content.decode().count("<title>Error:") == 1
        assert not SupportRequest.objects.exists()

    def test_people_are_ignored_for_help_that_is_not_a_room(self, client, group, alice):
        client.force_login(alice)
        client.post(reverse("support:ask", args=[group.slug]),
                    {"kind": "mediation", "place": "NG1", "people": "12", "visibility": "staff"})
        assert SupportRequest.objects.get().people is None


class TestSuggestions:
    def test_offers_match_by_kind_distance_size_and_access(self, group):
        near = make_worker("near@example.org")
        small = make_offer(near, title="Small room", capacity=6, step_free=True)
        stairs = make_offer(near, title="Upstairs room", capacity=30, step_free=False)
        good = make_offer(near, title="Good room", capacity=30, step_free=True)
        make_offer(near, kind="printing", title="Photocopier")
        far = make_worker("far@example.org", postcode="CM1 1SQ")
        make_offer(far, title="Essex room", postcode="CM1 1SQ", capacity=30, step_free=True)
        derby = make_offer(make_worker("derby@example.org", postcode="DE1 1AA"), title="Derby room",
                           postcode="DE1 1AA", capacity=30, step_free=True)
        found = matching.offers_for(make_request(group, people=12, needs_step_free=True))
        assert [s.offer for s in found] == [good, derby]  # nearest first; 13 miles is within 20
        assert small not in [s.offer for s in found] and stairs not in [s.offer for s in found]

    def test_practitioners_match_by_role_and_their_area(self, group):
        resource = make_worker("resource@example.org", roles=[Role.RESOURCE_BUILDER])
        make_worker("facilitator@example.org", roles=[Role.FACILITATOR])
        make_worker("essex@example.org", postcode="CM1 1SQ", roles=[Role.RESOURCE_BUILDER], radius=100)
        small_area = make_worker("derby@example.org", postcode="DE1 1AA", roles=[Role.RESOURCE_BUILDER], radius=5)
        wide_area = make_worker("wide@example.org", postcode="DE1 1AA", roles=[Role.RESOURCE_BUILDER], radius=20)
        offers, people = matching.suggestions(make_request(group, kind="funding_help"))
        assert offers == []
        assert [s.profile.user for s in people] == [resource, wide_area]
        assert small_area not in [s.profile.user for s in people]
        offers, people = matching.suggestions(make_request(group, kind="mediation"))
        assert [s.profile.user.email for s in people] == ["facilitator@example.org"]

    def test_a_speaker_is_suggested_only_on_a_subject_they_know_and_knowers_come_first_for_training(self, group):
        from directory.models import Category

        stroke = Category.objects.get(slug="stroke-aphasia")
        hearing = Category.objects.get(slug="tinnitus-hearing")
        group.categories.set([stroke])
        physio = make_worker("physio@example.org", roles=[Role.CO_EDUCATOR, Role.CAPACITY_BUILDER])
        physio.support_profile.subjects.set([stroke])
        audiologist = make_worker("audiologist@example.org", roles=[Role.CO_EDUCATOR, Role.CAPACITY_BUILDER])
        audiologist.support_profile.subjects.set([hearing])
        unsaid = make_worker("unsaid@example.org", roles=[Role.CO_EDUCATOR, Role.CAPACITY_BUILDER])
        offers, people = matching.suggestions(make_request(group, kind="speaker"))
        assert [(s.profile.user, s.knows_subject) for s in people] == [(physio, True)]
        # Training isn't about the group's subject, but someone who knows it comes first.
        offers, people = matching.suggestions(make_request(group, kind="training_confidentiality"))
        assert [s.profile.user for s in people][0] == physio
        assert {s.profile.user for s in people} == {physio, audiologist, unsaid}
        # A subject above the group's counts: a GP who knows "Health conditions" may speak to a tinnitus group.
        gp = make_worker("gp@example.org", roles=[Role.CO_EDUCATOR])
        gp.support_profile.subjects.set([Category.objects.get(slug="health-conditions")])
        group.categories.set([hearing])
        offers, people = matching.suggestions(make_request(group, kind="speaker"))
        assert [s.profile.user for s in people] == [audiologist, gp]

    def test_someone_who_moved_on_is_not_suggested_but_their_offer_stays_with_the_agency(self, group, pat):
        offer = make_offer(pat)
        pat.team = None
        pat.save()
        assert offer.agency.support_offers.get() == offer
        assert matching.offers_for(make_request(group)) == []
        colleague = make_worker("colleague@example.org", agency=offer.agency)
        offer.contact = colleague
        offer.save()
        assert [s.contact for s in matching.offers_for(make_request(group))] == [colleague]

    def test_someone_who_said_no_is_not_suggested_again(self, group, pat):
        support_request = make_request(group, kind="funding_help")
        Match.objects.create(request=support_request, practitioner=pat, made_by=Match.MadeBy.GROUP,
                             status=Match.Status.DECLINED)
        assert matching.suggestions(support_request) == ([], [])


class TestAccepting:
    def test_the_group_accepts_an_offer_and_an_arrangement_is_made(self, client, group, alice, pat):
        offer = make_offer(pat, title="Room at the Health Centre", times="Evenings", cost="Free")
        support_request = make_request(group)
        other = make_worker("other@example.org")
        Match.objects.create(request=support_request, practitioner=other, made_by=Match.MadeBy.PRACTITIONER,
                             status=Match.Status.WAITING_FOR_GROUP)
        client.force_login(alice)
        url = reverse("support:accept", args=[support_request.pk]) + f"?offer={offer.pk}"
        page = client.get(url).content.decode()
        assert "Daytime only" in page and "Room at the Health Centre\nEvenings\nFree" in page
        response = client.post(url, {"agreed": "The room on the second Tuesday", "role": "resource_builder",
                                     "review_on": days(90).isoformat()})
        arrangement = Arrangement.objects.get()
        assert response["Location"] == arrangement.get_absolute_url()
        assert (arrangement.practitioner, arrangement.agency, arrangement.offer) == (pat, pat.team.agency, offer)
        assert arrangement.limits == "I have safeguarding duties.\nDaytime only."
        assert arrangement.review_on == days(90)
        support_request.refresh_from_db()
        assert support_request.status == SupportRequest.Status.ARRANGED
        assert Match.objects.get(practitioner=other).status == Match.Status.CLOSED
        assert ArrangementEvent.objects.get().action == ArrangementEvent.Action.MADE
        assert mail.outbox[-1].to == ["pat@example.org"]

    @pytest.mark.parametrize(("review_on", "message"), [
        (days(-1), "must be after today"), (days(0), "must be after today"), (days(400), "within a year"),
        ("not a date", "Enter a date"),
    ])
    def test_a_review_date_in_the_past_or_too_far_away_is_refused(self, client, group, alice, review_on, message, pat):
        offer = make_offer(pat)
        support_request = make_request(group)
        client.force_login(alice)
        response = client.post(reverse("support:accept", args=[support_request.pk]) + f"?offer={offer.pk}", {
            "agreed": "A room", "role": "resource_builder", "review_on": str(review_on)})
        assert response.status_code == 200
        assert message in str(response.context["form"].errors["review_on"])
        assert not Arrangement.objects.exists()

    def test_a_role_the_practitioner_does_not_take_is_refused(self, client, group, alice):
        offer = make_offer(make_worker("pat@example.org", roles=[Role.RESOURCE_BUILDER]))
        support_request = make_request(group)
        client.force_login(alice)
        response = client.post(reverse("support:accept", args=[support_request.pk]) + f"?offer={offer.pk}", {
            "agreed": "A room", "role": "facilitator", "review_on": days(30).isoformat()})
        assert "role" in response.context["form"].errors
        assert not Arrangement.objects.exists()

    def test_an_offer_of_another_kind_cannot_be_accepted(self, client, group, alice, pat):
        offer = make_offer(pat, kind="printing")
        client.force_login(alice)
        response = client.get(reverse("support:accept", args=[make_request(group).pk]) + f"?offer={offer.pk}")
        assert response.status_code == 404

    def test_accepting_twice_makes_one_arrangement(self, client, group, alice, pat):
        offer = make_offer(pat)
        support_request = make_request(group)
        client.force_login(alice)
        url = reverse("support:accept", args=[support_request.pk]) + f"?offer={offer.pk}"
        data = {"agreed": "A room", "role": "resource_builder", "review_on": days(30).isoformat()}
        client.post(url, data)
        response = client.post(url, data, follow=True)
        assert Arrangement.objects.count() == 1
        assert "already been arranged or closed" in response.content.decode()

    def test_the_group_asks_a_practitioner_who_says_yes_then_the_group_accepts(self, client, group, alice):
        pat = make_worker("pat@example.org", roles=[Role.FACILITATOR, Role.CAPACITY_BUILDER])
        support_request = make_request(group, kind="mediation")
        client.force_login(alice)
        client.post(reverse("support:ask-practitioner", args=[support_request.pk, pat.pk]))
        match = Match.objects.get()
        assert match.status == Match.Status.WAITING_FOR_PRACTITIONER
        assert mail.outbox[-1].to == ["pat@example.org"]
        # Asking twice is refused kindly.
        response = client.post(reverse("support:ask-practitioner", args=[support_request.pk, pat.pk]), follow=True)
        assert "already been put forward" in response.content.decode()

        client.force_login(pat)
        client.post(reverse("support:match-reply", args=[match.pk]), {"answer": "yes", "role": "facilitator"})
        match.refresh_from_db()
        assert (match.status, match.role) == (Match.Status.WAITING_FOR_GROUP, "facilitator")

        client.force_login(alice)
        url = reverse("support:accept", args=[support_request.pk]) + f"?match={match.pk}"
        assert client.get(url).context["form"].initial["role"] == "facilitator"
        client.post(url, {"agreed": "Pat helps us talk it through", "role": "facilitator",
                          "review_on": days(60).isoformat()})
        arrangement = Arrangement.objects.get()
        assert arrangement.role == "facilitator"
        match.refresh_from_db()
        assert match.status == Match.Status.ACCEPTED

    def test_an_asked_practitioner_can_read_the_request_unless_the_group_kept_it_to_staff(self, client, group, alice):
        pat = make_worker("pat@example.org", roles=[Role.FACILITATOR])
        shown = make_request(group, kind="mediation", note="We keep talking over each other.")
        kept = make_request(group, kind="mediation", note="Private words for staff.",
                            visibility=SupportRequest.Visibility.STAFF)
        Match.objects.create(request=shown, practitioner=pat, made_by=Match.MadeBy.GROUP)
        Match.objects.create(request=kept, practitioner=pat, made_by=Match.MadeBy.STAFF)
        client.force_login(pat)
        page = client.get(reverse("support:mine")).content.decode()
        assert f'href="{shown.get_absolute_url()}"' in page
        assert f'href="{kept.get_absolute_url()}"' not in page and "Private words" not in page
        assert "We keep talking over each other." in client.get(shown.get_absolute_url()).content.decode()
        assert client.get(kept.get_absolute_url()).status_code == 404

    def test_a_practitioner_offers_help_and_the_group_says_no_thank_you(self, client, group, alice):
        pat = make_worker("pat@example.org", roles=[Role.BRIDGE_BUILDER])
        support_request = make_request(group, kind="getting_known")
        client.force_login(pat)
        response = client.post(reverse("support:offer-help", args=[support_request.pk]),
                               {"role": "bridge_builder", "message": "I could put your leaflets in our clinics."})
        assert response.status_code == 302
        match = Match.objects.get()
        assert match.status == Match.Status.WAITING_FOR_GROUP
        assert mail.outbox[-1].to == ["alice@example.org"]
        client.force_login(alice)
        assert "put your leaflets" in client.get(support_request.get_absolute_url()).content.decode()
        client.post(reverse("support:match-reply", args=[match.pk]), {"answer": "no"})
        match.refresh_from_db()
        assert match.status == Match.Status.DECLINED
        assert not Arrangement.objects.exists()

    def test_a_practitioner_cannot_offer_help_without_a_message(self, client, group):
        pat = make_worker("pat@example.org", roles=[Role.BRIDGE_BUILDER])
        support_request = make_request(group, kind="getting_known")
        client.force_login(pat)
        response = client.post(reverse("support:offer-help", args=[support_request.pk]),
                               {"role": "bridge_builder", "message": ""}, follow=True)
        assert "Write a short message to the group" in response.content.decode()
        assert not Match.objects.exists()

    def test_the_group_closes_a_request(self, client, group, alice):
        support_request = make_request(group)
        client.force_login(alice)
        client.post(reverse("support:close-request", args=[support_request.pk]))
        support_request.refresh_from_db()
        assert support_request.status == SupportRequest.Status.CLOSED
        response = client.post(reverse("support:close-request", args=[support_request.pk]), follow=True)
        assert "already closed" in response.content.decode()


class TestStaffBrokering:
    def test_staff_suggest_an_offer_to_the_group_and_ask_a_practitioner_first(self, client, group, pat, sam):
        offer = make_offer(pat)
        helper = make_worker("helper@example.org", roles=[Role.RESOURCE_BUILDER])
        support_request = make_request(group)
        client.force_login(sam)
        page = client.get(support_request.get_absolute_url()).content.decode()
        assert "Suggest it to the group" in page
        client.post(reverse("support:broker", args=[support_request.pk]), {"offer": offer.pk})
        client.post(reverse("support:broker", args=[support_request.pk]), {"practitioner": helper.pk})
        statuses = dict(Match.objects.values_list("practitioner__email", "status"))
        assert statuses == {"pat@example.org": Match.Status.WAITING_FOR_GROUP,
                            "helper@example.org": Match.Status.WAITING_FOR_PRACTITIONER}
        assert set(Match.objects.values_list("made_by", flat=True)) == {Match.MadeBy.STAFF}

    def test_staff_cannot_accept_for_the_group(self, client, group, pat, sam):
        offer = make_offer(pat)
        client.force_login(sam)
        response = client.post(reverse("support:accept", args=[make_request(group).pk]) + f"?offer={offer.pk}",
                               {"agreed": "A room", "role": "resource_builder", "review_on": days(30).isoformat()})
        assert response.status_code == 403
        assert not Arrangement.objects.exists()

    def test_staff_page_lists_unmatched_requests_first_then_oldest(self, client, group, pat, sam):
        import datetime

        from django.utils import timezone

        now = timezone.now()
        old_matched = make_request(group, created_at=now - datetime.timedelta(days=30))
        Match.objects.create(request=old_matched, practitioner=pat,
                             made_by=Match.MadeBy.STAFF, status=Match.Status.WAITING_FOR_GROUP)
        new_unmatched = make_request(group, kind="printing", created_at=now - datetime.timedelta(days=2))
        old_unmatched = make_request(group, kind="storage", postcode="CM1 1SQ",
                                     created_at=now - datetime.timedelta(days=10))
        make_request(group, kind="speaker", status=SupportRequest.Status.CLOSED)
        due = Arrangement.objects.create(group=group, kind="storage", agreed="Cupboard", role="resource_builder",
                                         review_on=days(3))
        Arrangement.objects.create(group=group, kind="storage", agreed="Later", role="resource_builder",
                                   review_on=days(60))
        client.force_login(sam)
        response = client.get(reverse("support:staff"))
        assert response.context["rows"] == [old_unmatched, new_unmatched, old_matched]
        assert list(response.context["due"]) == [due]
        assert response.context["areas"] == ["CM1", "NG1"]
        response = client.get(reverse("support:staff") + "?area=CM1")
        assert response.context["rows"] == [old_unmatched]
        assert client.get(reverse("support:staff") + "?area=<script>").status_code == 200


class TestLinks:
    def test_a_coordinators_group_page_leads_to_support(self, client, group, alice):
        client.force_login(alice)
        page = client.get(reverse("directory:manage", args=[group.slug])).content.decode()
        for name in ["support:ask", "support:group", "support:group-visits-talks"]:
            assert reverse(name, args=[group.slug]) in page

    def test_practitioners_and_staff_find_their_support_pages(self, client, group, alice, pat, sam):
        # alice makes the group one with someone on the hub: a group kept by the team takes no visits.
        client.force_login(pat)
        assert reverse("support:mine") in client.get(reverse("directory:my-groups")).content.decode()
        assert reverse("support:visit-ask", args=[group.slug]) in client.get(group.get_absolute_url()
                                                                             ).content.decode()
        client.force_login(sam)
        assert reverse("support:staff") in client.get(reverse("directory:my-groups")).content.decode()
        page = client.get(reverse("directory:manage", args=[group.slug])).content.decode()
        assert reverse("support:ask", args=[group.slug]) not in page

"""Coordinators keep their listings; staff review them. The URL × role matrix is in test_permissions.py."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from directory import search, services
from directory.models import Category, Coordinator, Group, GroupChange, Invitation, Meeting, Venue
from directory.search import Query
from directory.services import INVITATION_LINK, confirm_token
from directory.tests.factory import make_coordinator, make_group, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(alice, charlie, pat, sam):
    group = make_group(name="Tinnitus Circle", slug="tinnitus-circle")
    other = make_group(name="Other Group", slug="other-group")
    make_coordinator(group, alice)
    make_coordinator(other, charlie)
    return {"group": group, "other": other, "alice": alice, "charlie": charlie, "pat": pat, "sam": sam}


def listing_data(**overrides):
    data = {
        "group-name": "Beeston Twins Club", "group-summary": "Parents of twins meeting for coffee.",
        "group-who_for": "Parents and carers of twins and triplets.", "group-categories": [],
        "group-description": "We chat while the children play.", "group-newcomers": "Just come along.",
        "group-run_by": "Run by its members", "group-email": "twins@example.org",
        "group-contact_route": "direct", "group-professionals_rule": "invitation", "group-languages": [],
        "about-shares_experience": "yes", "about-mutual_support": "yes", "about-run_by_members": "yes",
        "about-free_to_come_and_go": "yes",
        "meeting-attendance": "in_person", "meeting-pattern": "weekly", "meeting-weekday": "2",
        "meeting-interval": "1", "meeting-starts_on": "2026-11-25", "meeting-start_time": "10:00",
        "meeting-end_time": "11:30", "meeting-venue_name": "Beeston Library",
        "meeting-venue_address_1": "1 Foster Avenue", "meeting-venue_town": "Beeston",
        "meeting-venue_postcode": "ng9 1aa", "meeting-step_free": "on",
    }
    data.update(overrides)
    return data


def send_listing(client, data):
    """Answer each step of the listing form from `data` (every step reads only its own
    fields), then send it: the page of the first step that refuses, or the sending's answer."""
    from directory.listing import STEPS

    for step in STEPS:
        url = reverse("directory:list-group") if step == STEPS[0] else reverse("directory:list-group-step",
                                                                               args=[step.slug])
        response = client.post(url, data)
        if response.status_code != 302:
            return response
    assert response["Location"] == reverse("directory:list-group-check")
    return client.post(reverse("directory:list-group-check"))


class TestListingAGroup:
    url = reverse("directory:list-group")

    def test_a_coordinator_lists_a_group_that_waits_for_review(self, client, people):
        from directory.models import Category

        client.force_login(people["pat"])
        twins = Category.objects.get(slug="twins-multiples")
        response = send_listing(client, listing_data(**{"group-categories": [twins.pk]}))
        assert response.status_code == 302
        group = Group.objects.get(name="Beeston Twins Club")
        assert group.status == Group.Status.PENDING
        assert Coordinator.objects.filter(group=group, user=people["pat"]).exists()
        venue = group.meetings.get().venue
        assert venue.postcode == "NG9 1AA" and venue.latitude and venue.step_free
        assert group.history.get().action == GroupChange.Action.SUBMITTED
        # Not public until approved.
        assert search.search(Query(words="twins")).total == 0
        client.logout()
        assert client.get(group.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize(("overrides", "message"), [
        ({"group-name": ""}, "Enter the name of the group."),
        ({"group-phone": "call me maybe"}, "Enter a UK phone number"),
        ({"meeting-venue_postcode": "XX99 9ZZ"}, "full UK postcode"),
        ({"meeting-venue_postcode": "BT1 1AA"}, "Northern Ireland postcodes aren’t in our postcode data"),
        ({"meeting-end_time": "09:00"}, "end time must be after"),
        ({"meeting-weekday": ""}, "day of the week"),
        ({"meeting-pattern": "monthly_date", "meeting-day_of_month": "31"}, "between 1 and 28"),
        ({"group-email": ""}, "at least one way to get in touch"),
        ({"about-run_by_members": ""}, "Say whether members run the group themselves."),
        ({"meeting-venue_town": ""}, "Enter the town or city where you meet."),
        ({"meeting-pattern": ""}, "Choose how often the group meets."),
    ])
    def test_bad_answers_are_explained_and_nothing_is_saved(self, client, people, overrides, message):
        from directory.models import Category

        client.force_login(people["pat"])
        data = listing_data(**{"group-categories": [Category.objects.get(slug="twins-multiples").pk]})
        data.update(overrides)
        before = (Group.objects.count(), Venue.objects.count(), Meeting.objects.count())
        response = send_listing(client, data)
        assert response.status_code == 200
        body = response.content.decode()
        assert message in body
        assert "There is a problem" in body and "<title>Error:" in body
        assert (Group.objects.count(), Venue.objects.count(), Meeting.objects.count()) == before

    def test_each_defining_question_left_unanswered_says_what_to_do_in_its_own_words(self, client, people):
        client.force_login(people["pat"])
        data = listing_data(**{"about-shares_experience": "", "about-mutual_support": "",
                               "about-run_by_members": "", "about-free_to_come_and_go": ""})
        body = send_listing(client, data).content.decode()
        for message in ["Say whether members share the experience the group is about.",
                        "Say whether you meet mainly to support each other.",
                        "Say whether members run the group themselves.",
                        "Say whether people can come and go freely."]:
            assert message in body
        assert "This field is required" not in body

    def test_after_a_form_error_focus_starts_on_the_error_summary(self, client, people):
        client.force_login(people["pat"])
        body = send_listing(client, listing_data(**{"group-name": ""})).content.decode()
        summary = re.search(r'<div class="error-summary"[^>]*>', body).group(0)
        assert 'tabindex="-1"' in summary and "autofocus" in summary
        assert body.count("autofocus") == 1  # nothing else on the page takes focus first

    def test_the_cost_and_the_newcomers_answers_are_saved_with_the_listing(self, client, people):
        from directory.models import Category

        client.force_login(people["pat"])
        twins = Category.objects.get(slug="twins-multiples")
        response = send_listing(client, listing_data(**{
            "group-categories": [twins.pk], "group-cost": "charge", "group-cost_amount": "2.50",
            "group-cost_covers": "the room and tea", "group-bring_someone": "yes",
            "group-first_visit": "get_in_touch"}))
        assert response.status_code == 302
        group = Group.objects.get(name="Beeston Twins Club")
        assert (group.cost, str(group.cost_amount), group.cost_covers) == ("charge", "2.50", "the room and tea")
        assert (group.bring_someone, group.first_visit) == ("yes", "get_in_touch")
        assert group.cost_text == "£2.50, towards the room and tea."

    @pytest.mark.parametrize(("overrides", "message"), [
        ({"group-cost": "charge"}, "Enter how much it costs, in pounds, like 2.50."),
        ({"group-cost": "charge", "group-cost_amount": "0"}, "Enter an amount of at least 1p"),
        ({"group-cost": "charge", "group-cost_amount": "five pounds"}, "Enter the amount in pounds, like 2.50."),
        ({"group-cost": "charge", "group-cost_amount": "2.505"}, "Enter pounds and pence, like 2.50."),
        ({"group-cost": "charge", "group-cost_amount": "2.50", "group-cost_covers": "x" * 201},
         "at most 200 characters"),
        ({"group-cost": "maybe"}, "Select a valid choice"),
    ])
    def test_a_cost_that_cannot_be_understood_is_asked_again(self, client, people, overrides, message):
        from directory.models import Category

        client.force_login(people["pat"])
        data = listing_data(**{"group-categories": [Category.objects.get(slug="twins-multiples").pk], **overrides})
        response = send_listing(client, data)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Group.objects.filter(name="Beeston Twins Club").exists()

    def test_an_amount_left_from_another_answer_is_dropped_when_the_group_is_free(self, client, people):
        from directory.models import Category

        client.force_login(people["pat"])
        send_listing(client, listing_data(**{
            "group-categories": [Category.objects.get(slug="twins-multiples").pk], "group-cost": "free",
            "group-cost_amount": "3", "group-cost_covers": "tea"}))
        group = Group.objects.get(name="Beeston Twins Club")
        assert (group.cost, group.cost_amount, group.cost_covers, group.cost_text) == ("free", None, "", "Free.")

    def test_a_meeting_at_a_members_home_is_kept_at_its_districts_centre(self, client, people):
        from directory.geo import outward_centroids
        from directory.models import Category

        client.force_login(people["pat"])
        send_listing(client, listing_data(**{
            "group-categories": [Category.objects.get(slug="twins-multiples").pk], "meeting-at_home": "on",
            "meeting-venue_name": "", "meeting-venue_address_1": "27 Larch Grove", "meeting-venue_town": "Beeston",
            "meeting-venue_postcode": "NG9 2QA"}))
        venue = Group.objects.get(name="Beeston Twins Club").meetings.get().venue
        assert venue.at_home and venue.address_1 == "27 Larch Grove" and venue.postcode == "NG9 2QA"
        assert (venue.latitude, venue.longitude) == outward_centroids()["NG9"]
        assert venue.public_lines == ["A member’s home", "Beeston NG9"]

    def test_a_professionally_led_group_is_not_refused_outright(self, client, people):
        from directory.models import Category

        client.force_login(people["pat"])
        data = listing_data(**{"group-categories": [Category.objects.get(slug="twins-multiples").pk],
                               "about-run_by_members": "no"})
        assert send_listing(client, data).status_code == 302
        client.force_login(people["sam"])
        assert "One or more answered “No”" in client.get(reverse("directory:review-queue")).content.decode()


class TestReview:
    def _pending(self, people):
        group = make_group(name="New Vertigo Group", slug="new-vertigo", status=Group.Status.PENDING)
        make_coordinator(group, people["alice"])
        return group

    def test_approving_lists_the_group_and_tells_the_coordinators(self, client, people):
        group = self._pending(people)
        client.force_login(people["sam"])
        response = client.post(reverse("directory:review-group", args=[group.slug]), {"decision": "approve"})
        assert response.status_code == 302
        group.refresh_from_db()
        assert group.status == Group.Status.PUBLISHED and group.last_confirmed_on
        assert search.search(Query(words="vertigo")).total == 1
        assert mail.outbox[-1].to == ["alice@example.org"] and "is now listed" in mail.outbox[-1].subject

    def test_each_coordinator_is_told_in_a_message_of_their_own_and_closed_accounts_are_not(self, client, people):
        group = self._pending(people)
        make_coordinator(group, make_user("bob@example.org"))
        make_coordinator(group, make_user("gone@example.org", is_active=False))
        client.force_login(people["sam"])
        client.post(reverse("directory:review-group", args=[group.slug]), {"decision": "approve"})
        assert sorted(message.to for message in mail.outbox) == [["alice@example.org"], ["bob@example.org"]]

    def test_each_coordinator_reads_the_approval_in_their_own_language_not_the_reviewers(self, people):
        group = self._pending(people)
        people["alice"].language = "cy"
        people["alice"].save(update_fields=["language"])
        make_coordinator(group, make_user("bob@example.org"))
        with translation.override("cy"):  # staff review on the Welsh pages
            services.review(group, people["sam"], "approve", "")

        welsh, english = (next(message for message in mail.outbox if message.to == [address])
                          for address in ("alice@example.org", "bob@example.org"))
        with translation.override("cy"):
            subject, greeting = gettext("%(name)s is now listed") % {"name": group.name}, gettext("Hello,")
        assert subject != "New Vertigo Group is now listed" and greeting != "Hello,"
        assert (welsh.subject, english.subject) == (subject, "New Vertigo Group is now listed")
        assert greeting in welsh.body and "Hello," not in welsh.body and "is now on" not in welsh.body
        assert english.body.startswith("Hello,\n\nThe listing for New Vertigo Group is now on")
        assert greeting not in english.body

    def test_approving_as_run_with_professional_support(self, client, people):
        group = self._pending(people)
        client.force_login(people["sam"])
        client.post(reverse("directory:review-group", args=[group.slug]), {"decision": "approve_supported"})
        group.refresh_from_db()
        assert group.run_with_professional_support
        assert "run with professional support" in client.get(group.get_absolute_url()).content.decode()

    def test_asking_for_changes_needs_a_message_which_the_group_then_sees(self, client, people):
        group = self._pending(people)
        client.force_login(people["sam"])
        url = reverse("directory:review-group", args=[group.slug])
        assert "Write a message" in client.post(url, {"decision": "changes"}).content.decode()
        client.post(url, {"decision": "changes", "message": "Please add a meeting time."})
        group.refresh_from_db()
        assert group.status == Group.Status.DRAFT
        client.force_login(people["alice"])
        page = client.get(reverse("directory:manage", args=[group.slug])).content.decode()
        assert "Please add a meeting time." in page
        client.post(reverse("directory:resubmit", args=[group.slug]))
        group.refresh_from_db()
        assert group.status == Group.Status.PENDING

    def test_declining_gives_the_reason(self, client, people):
        group = self._pending(people)
        client.force_login(people["sam"])
        client.post(reverse("directory:review-group", args=[group.slug]),
                    {"decision": "decline", "message": "This is a paid course."})
        group.refresh_from_db()
        assert group.status == Group.Status.DECLINED
        assert "This is a paid course." in mail.outbox[-1].body


class TestEditingAndHistory:
    def test_edits_publish_at_once_are_recorded_and_staff_can_undo_them(self, client, people):
        group = people["group"]
        client.force_login(people["alice"])
        url = reverse("directory:edit-details", args=[group.slug])
        form = client.get(url).context["form"]
        data = {name: value for name, value in form.initial.items() if value not in (None, "")}
        data["categories"] = [c.pk for c in group.categories.all()]
        data.update({"summary": "A new summary for ringing ears.", "email": "circle@example.org",
                     "contact_route": "direct", "professionals_rule": "invitation"})
        data.pop("languages", None)
        data = {k: v for k, v in data.items() if k != "started_on"}
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        group.refresh_from_db()
        assert group.summary == "A new summary for ringing ears."
        assert "ringing" in client.get(group.get_absolute_url()).content.decode()
        change = group.history.get(action=GroupChange.Action.EDITED)
        assert change.user == people["alice"]
        assert change.changes["summary"] == ["A friendly group.", "A new summary for ringing ears."]
        history = client.get(reverse("directory:history", args=[group.slug])).content.decode()
        assert "A new summary for ringing ears." in history and "Undo this change" not in history
        # Only staff can undo.
        assert client.post(reverse("directory:undo-change", args=[group.slug, change.pk])).status_code == 403
        client.force_login(people["sam"])
        client.post(reverse("directory:undo-change", args=[group.slug, change.pk]))
        group.refresh_from_db()
        assert group.summary == "A friendly group."
        assert group.history.filter(action=GroupChange.Action.ROLLED_BACK).exists()

    def test_a_venue_other_groups_use_is_never_changed_by_one_group(self, client, people):
        group, other = people["group"], people["other"]
        shared = other.meetings.first().venue
        meeting = group.meetings.first()
        meeting.venue = shared
        meeting.save()
        client.force_login(people["alice"])
        response = client.post(reverse("directory:edit-meeting", args=[group.slug, meeting.pk]), {
            "meeting-attendance": "in_person", "meeting-pattern": "weekly", "meeting-weekday": "1",
            "meeting-interval": "1", "meeting-starts_on": "2026-01-06", "meeting-start_time": "19:00",
            "meeting-venue_name": "Renamed Hall", "meeting-venue_address_1": "2 Road",
            "meeting-venue_town": "Nottingham", "meeting-venue_postcode": "NG1 5FW",
        })
        assert response.status_code == 302
        shared.refresh_from_db()
        meeting.refresh_from_db()
        assert shared.name != "Renamed Hall"
        assert meeting.venue.name == "Renamed Hall" and meeting.venue != shared


    def test_a_change_of_cost_is_recorded_and_staff_can_undo_it(self, client, people):
        group = people["group"]
        client.force_login(people["alice"])
        url = reverse("directory:edit-details", args=[group.slug])
        form = client.get(url).context["form"]
        data = {name: value for name, value in form.initial.items() if value not in (None, "")}
        data["categories"] = [c.pk for c in group.categories.all()]
        data.pop("languages", None)
        data.update({"cost": "charge", "cost_amount": "2.50", "cost_covers": "the room", "email": "c@example.org"})
        assert client.post(url, data).status_code == 302
        change = group.history.get(action=GroupChange.Action.EDITED)
        assert change.changes["cost_amount"] == [None, "2.50"]
        client.force_login(people["sam"])
        client.post(reverse("directory:undo-change", args=[group.slug, change.pk]))
        group.refresh_from_db()
        assert (group.cost, group.cost_amount, group.cost_covers) == ("", None, "")

    def test_a_meeting_that_moves_from_a_members_home_to_a_hall_is_placed_at_the_hall(self, client, people):
        from directory.geo import outward_centroids

        group = people["group"]
        meeting = group.meetings.first()
        url = reverse("directory:edit-meeting", args=[group.slug, meeting.pk])
        data = {"meeting-attendance": "in_person", "meeting-pattern": "weekly", "meeting-weekday": "1",
                "meeting-interval": "1", "meeting-starts_on": "2026-01-06", "meeting-start_time": "19:00",
                "meeting-venue_name": "", "meeting-venue_address_1": "2 Road",
                "meeting-venue_town": "Nottingham", "meeting-venue_postcode": "NG7 2RD", "meeting-at_home": "on"}
        client.force_login(people["alice"])
        assert client.post(url, data).status_code == 302
        venue = Meeting.objects.get(pk=meeting.pk).venue
        assert venue.at_home and (venue.latitude, venue.longitude) == outward_centroids()["NG7"]
        data.pop("meeting-at_home")
        data["meeting-venue_name"] = "Lenton Hall"
        assert client.post(url, data).status_code == 302
        venue.refresh_from_db()
        assert not venue.at_home and (venue.latitude, venue.longitude) != outward_centroids()["NG7"]


class TestConfirming:
    def test_one_click_confirm_from_the_group_page(self, client, people):
        group = people["group"]
        client.force_login(people["alice"])
        with time_machine.travel(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC)):
            client.post(reverse("directory:confirm", args=[group.slug]))
        group.refresh_from_db()
        assert group.last_confirmed_on == datetime.date(2026, 11, 22)
        assert group.last_confirmed_by == people["alice"]

    def test_the_emailed_link_works_once(self, client, people):
        group = people["group"]
        url = reverse("directory:confirm-from-email", args=[confirm_token(group)])
        assert client.get(url).status_code == 200
        assert client.post(url).status_code == 200
        group.refresh_from_db()
        assert group.history.filter(action=GroupChange.Action.CONFIRMED).count() == 1
        assert client.post(url).status_code == 400  # replayed

    def test_the_emailed_link_expires(self, client, people, settings):
        group = people["group"]
        url = reverse("directory:confirm-from-email", args=[confirm_token(group)])
        later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=settings.CONFIRM_LINK_DAYS + 1)
        with time_machine.travel(later):
            assert client.post(url).status_code == 400

    def test_a_tampered_link_is_refused(self, client, people):
        token = confirm_token(people["group"])
        response = client.post(reverse("directory:confirm-from-email", args=[token[:-2] + "xx"]))
        assert response.status_code == 400
        assert "This link no longer works" in response.content.decode()
        assert client.post(reverse("directory:confirm-from-email", args=["not-a-token"])).status_code == 400

    def test_a_link_made_for_another_purpose_is_refused(self, client, people):
        group = people["group"]
        Invitation.objects.create(pk=group.pk, group=group, email="bob@example.org")
        token = INVITATION_LINK.make(Invitation.objects.get(pk=group.pk))
        assert client.post(reverse("directory:confirm-from-email", args=[token])).status_code == 400
        assert not group.history.filter(action=GroupChange.Action.CONFIRMED).exists()


class TestCoordinators:
    def test_an_invitation_makes_a_new_coordinator_once(self, client, people):
        group = people["group"]
        client.force_login(people["alice"])
        client.post(reverse("directory:invite", args=[group.slug]), {"email": "bob@example.org"})
        link = re.search(r"http://[^/]+(/invitations/[^\s]+/)", mail.outbox[-1].body).group(1)
        bob = make_user("bob@example.org")
        client.force_login(bob)
        client.post(link)
        assert Coordinator.objects.filter(group=group, user=bob).exists()
        assert client.post(link).status_code == 400  # used

    def test_only_the_account_it_was_sent_to_can_accept_an_invitation(self, client, people):
        group = people["group"]
        client.force_login(people["alice"])
        client.post(reverse("directory:invite", args=[group.slug]), {"email": "Bob@Example.org"})
        link = re.search(r"http://[^/]+(/invitations/[^\s]+/)", mail.outbox[-1].body).group(1)
        client.force_login(people["charlie"])  # signed in, but not the person invited
        response = client.post(link)
        assert response.status_code == 403
        assert "This invitation is for another email address" in response.content.decode()
        assert not Coordinator.objects.filter(group=group, user=people["charlie"]).exists()
        with pytest.raises(services.NotAllowed):
            services.accept_invitation(Invitation.objects.get(), people["charlie"])
        bob = make_user("bob@example.org")
        client.force_login(bob)
        assert client.post(link).status_code == 302  # the address matches in any case
        assert Coordinator.objects.filter(group=group, user=bob).exists()

    def test_the_invitation_email_names_the_group_as_written(self, client, people):
        group = make_group(name="Tea & Talk", slug="tea-and-talk")
        make_coordinator(group, people["alice"])
        client.force_login(people["alice"])
        client.post(reverse("directory:invite", args=[group.slug]), {"email": "bob@example.org"})
        assert mail.outbox[-1].subject == "Will you help keep the listing for Tea & Talk?"
        assert mail.outbox[-1].to == ["bob@example.org"]

    def test_a_tampered_or_other_purpose_invitation_link_is_refused(self, client, people):
        group = people["group"]
        client.force_login(people["alice"])
        client.post(reverse("directory:invite", args=[group.slug]), {"email": "bob@example.org"})
        link = re.search(r"http://[^/]+(/invitations/[^\s]+/)", mail.outbox[-1].body).group(1)
        invitation = Invitation.objects.get()
        bob = make_user("bob@example.org")
        client.force_login(bob)
        group.pk = invitation.pk  # a confirm-listing token with the invitation's key
        for path in [link[:-3] + ("A" if link[-3] != "A" else "B") + "/",
                     reverse("directory:accept-invitation", args=[confirm_token(group)])]:
            response = client.post(path)
            assert response.status_code == 400
            assert "This invitation no longer works" in response.content.decode()
        assert not Coordinator.objects.filter(user=bob).exists()

    def test_an_invitation_expires(self, client, people, settings):
        group = people["group"]
        client.force_login(people["alice"])
        client.post(reverse("directory:invite", args=[group.slug]), {"email": "bob@example.org"})
        link = re.search(r"http://[^/]+(/invitations/[^\s]+/)", mail.outbox[-1].body).group(1)
        client.force_login(make_user("bob@example.org"))
        later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=settings.INVITATION_DAYS + 1)
        with time_machine.travel(later):
            assert client.post(link).status_code == 400
        assert group.coordinators.count() == 1

    def test_the_last_coordinator_cannot_leave_an_open_group(self, client, people):
        group = people["group"]
        client.force_login(people["alice"])
        response = client.post(reverse("directory:step-down", args=[group.slug]), follow=True)
        assert "only coordinator" in response.content.decode()
        assert group.coordinators.count() == 1
        bob = make_user("bob@example.org")
        make_coordinator(group, bob)
        client.post(reverse("directory:step-down", args=[group.slug]))
        assert list(group.coordinators.values_list("user__email", flat=True)) == ["bob@example.org"]

    def test_staff_cannot_invite_their_own_address_or_another_staff_account(self, client, people):
        group = people["group"]
        for inviter in (people["sam"], people["alice"]):
            client.force_login(inviter)
            response = client.post(reverse("directory:invite", args=[group.slug]), {"email": "Sam@Example.org"},
                                   follow=True)
            assert "That address cannot be invited as a coordinator" in response.content.decode()
        assert not Invitation.objects.exists() and not mail.outbox
        assert not group.history.filter(action=GroupChange.Action.COORDINATOR_INVITED).exists()

    def test_staff_cannot_accept_an_invitation_and_so_never_read_the_groups_introductions(self, client, people):
        """An invitation sent before the account was made staff still cannot make staff a coordinator."""
        group, sam = people["group"], people["sam"]
        link = reverse("directory:accept-invitation", args=[INVITATION_LINK.make(
            Invitation.objects.create(group=group, email=sam.email, invited_by=people["alice"]))])
        client.force_login(sam)
        assert "staff can’t coordinate a group" in client.get(link).content.decode()
        response = client.post(link)
        assert response.status_code == 403
        assert "staff can’t coordinate a group" in response.content.decode()
        assert not Coordinator.objects.filter(user=sam).exists()
        with pytest.raises(services.NotAllowed):
            services.accept_invitation(Invitation.objects.get(), sam)
        assert Invitation.objects.get().accepted_at is None
        assert client.get(reverse("introductions:inbox", args=[group.slug])).status_code == 403

    def test_staff_who_list_a_group_do_not_become_its_coordinator(self, client, people):
        from directory.models import Category

        client.force_login(people["sam"])
        twins = Category.objects.get(slug="twins-multiples")
        assert send_listing(client,
                           listing_data(**{"group-categories": [twins.pk]})).status_code == 302
        group = Group.objects.get(name="Beeston Twins Club")
        assert not group.coordinators.exists()
        assert client.get(reverse("directory:manage", args=[group.slug])).status_code == 200

    def test_the_other_coordinators_are_told_when_someone_joins(self, client, people):
        group, alice = people["group"], people["alice"]
        client.force_login(alice)
        client.post(reverse("directory:invite", args=[group.slug]), {"email": "bob@example.org"})
        link = re.search(r"http://[^/]+(/invitations/[^\s]+/)", mail.outbox[-1].body).group(1)
        mail.outbox.clear()
        client.force_login(make_user("bob@example.org"))
        client.post(link)
        assert [message.to for message in mail.outbox] == [["alice@example.org"]]
        assert mail.outbox[0].subject == "Someone new helps coordinate Tinnitus Circle"
        assert reverse("directory:coordinators", args=[group.slug]) in mail.outbox[0].body
        assert "bob" not in mail.outbox[0].body  # emails carry links, never personal details

    def test_a_coordinator_removes_another_coordinator_and_the_history_says_so(self, client, people):
        group, alice, charlie = people["group"], people["alice"], people["charlie"]
        row = make_coordinator(group, charlie)
        url = reverse("directory:remove-coordinator", args=[group.slug, row.pk])
        client.force_login(alice)
        assert url in client.get(reverse("directory:coordinators", args=[group.slug])).content.decode()
        response = client.post(url, follow=True)
        assert ("charlie@example.org no longer helps coordinate Tinnitus Circle, and has been told by email."
                in response.content.decode())
        assert list(group.coordinators.values_list("user__email", flat=True)) == ["alice@example.org"]
        change = group.history.get(action=GroupChange.Action.COORDINATOR_REMOVED)
        assert change.user == alice and change.note == "charlie@example.org"

    def test_a_coordinator_who_was_just_removed_cannot_remove_the_one_who_removed_them(self, people):
        group, alice, charlie = people["group"], people["alice"], people["charlie"]
        charlies_row = make_coordinator(group, charlie)
        alices_row = group.coordinators.get(user=alice)
        services.remove_coordinator(group, alice, charlies_row)
        with pytest.raises(services.NotAllowed):  # as when both press the button at once
            services.remove_coordinator(group, charlie, alices_row)
        assert list(group.coordinators.values_list("user__email", flat=True)) == ["alice@example.org"]

    def test_removing_a_coordinator_refuses_oneself_someone_not_in_the_group_and_staff(self, client, people):
        group, alice, charlie, sam = people["group"], people["alice"], people["charlie"], people["sam"]
        charlies_row = make_coordinator(group, charlie)
        client.force_login(alice)
        mine = group.coordinators.get(user=alice).pk
        other_group = people["other"].coordinators.get().pk
        for pk in (mine, other_group, 999999):
            url = reverse("directory:remove-coordinator", args=[group.slug, pk])
            assert client.get(url).status_code == 404 and client.post(url).status_code == 404
        with pytest.raises(services.NotAllowed):  # checked again in the domain
            services.remove_coordinator(group, alice, group.coordinators.get(user=alice))
        client.force_login(sam)  # who speaks for the group is the group's own business
        assert client.post(reverse("directory:remove-coordinator", args=[group.slug, charlies_row.pk])
                           ).status_code == 403
        assert group.coordinators.count() == 2
        assert not group.history.filter(action=GroupChange.Action.COORDINATOR_REMOVED).exists()


class TestLifeCycle:
    def test_closing_asks_where_members_can_go_and_the_closed_page_says_it(self, client, people):
        group = people["group"]
        client.force_login(people["alice"])
        url = reverse("directory:stage", args=[group.slug])
        response = client.post(url, {"stage": "closed", "stage_note": ""})
        assert "Say where members could go instead" in response.content.decode()
        client.post(url, {"stage": "closed", "stage_note": "Members meet at the Other Group now."})
        client.logout()
        page = client.get(group.get_absolute_url())
        assert page.status_code == 410
        assert "Members meet at the Other Group now." in page.content.decode()
        assert search.search(Query(words="tinnitus")).total == 0

    def test_a_paused_group_can_give_a_return_date_but_not_a_past_one(self, client, people):
        group = people["group"]
        client.force_login(people["alice"])
        url = reverse("directory:stage", args=[group.slug])
        assert "can’t be in the past" in client.post(
            url, {"stage": "paused", "paused_until": "2001-01-01"}).content.decode()
        client.post(url, {"stage": "paused", "paused_until": "2099-03-01", "stage_note": "Back in spring."})
        group.refresh_from_db()
        assert group.stage == Group.Stage.PAUSED and group.paused_until == datetime.date(2099, 3, 1)


def test_removing_a_meeting_asks_first(client, people):
    group = people["group"]
    meeting = group.meetings.first()
    client.force_login(people["alice"])
    url = reverse("directory:remove-meeting", args=[group.slug, meeting.pk])
    assert "Remove this meeting?" in client.get(url).content.decode()
    assert group.meetings.count() == 1
    client.post(url)
    assert group.meetings.count() == 0


def test_an_undone_change_cannot_be_undone_twice_and_stage_changes_can_be_undone(client, people):
    group = people["group"]
    client.force_login(people["alice"])
    client.post(reverse("directory:stage", args=[group.slug]),
                {"stage": "paused", "paused_until": "2099-03-01", "stage_note": "Back in spring."})
    change = group.history.get(action=GroupChange.Action.STAGE_CHANGED)
    history = client.get(reverse("directory:history", args=[group.slug])).content.decode()
    assert "Paused for now" in history and "Meetings start again on" in history  # readable names
    client.force_login(people["sam"])
    client.post(reverse("directory:undo-change", args=[group.slug, change.pk]))
    group.refresh_from_db()
    assert group.stage == Group.Stage.ACTIVE and group.paused_until is None
    response = client.post(reverse("directory:undo-change", args=[group.slug, change.pk]), follow=True)
    assert "can’t be undone" in response.content.decode()
    assert group.history.filter(action=GroupChange.Action.ROLLED_BACK).count() == 1


def test_saving_details_keeps_the_month_the_group_started(client, people):
    group = people["group"]
    Group.objects.filter(pk=group.pk).update(started_on=datetime.date(1987, 9, 1))
    group.refresh_from_db()
    from directory.manage_forms import GroupDetailsForm

    form = GroupDetailsForm(instance=group)
    data = {k: v for k, v in form.initial.items() if v not in (None, "") and k != "languages"}
    data["categories"] = [c.pk for c in group.categories.all()]
    data["email"] = "circle@example.org"
    bound = GroupDetailsForm(data, instance=group)
    assert bound.is_valid(), bound.errors
    bound.save()
    group.refresh_from_db()
    assert group.started_on == datetime.date(1987, 9, 1)


def test_saving_details_unchanged_keeps_a_phone_number_as_written_and_records_nothing(client, people):
    group = people["group"]
    Group.objects.filter(pk=group.pk).update(phone="0115 496 0247")
    group.refresh_from_db()
    from directory.manage_forms import GroupDetailsForm

    form = GroupDetailsForm(instance=group)
    data = {k: v for k, v in form.initial.items() if v not in (None, "") and k != "languages"}
    data["categories"] = [c.pk for c in group.categories.all()]
    bound = GroupDetailsForm(data, instance=group)
    assert bound.is_valid(), bound.errors
    assert not bound.has_changed() or "phone" not in bound.changed_data
    assert bound.cleaned_data["phone"] == "0115 496 0247"


def test_the_details_form_refuses_an_email_address_under_invalid_on_its_field(client, people):
    group = people["group"]
    from directory.manage_forms import GroupDetailsForm

    form = GroupDetailsForm(instance=group)
    data = {k: v for k, v in form.initial.items() if v not in (None, "") and k != "languages"}
    data["categories"] = [c.pk for c in group.categories.all()]
    data["email"] = "circle@club.invalid"
    bound = GroupDetailsForm(data, instance=group)
    assert not bound.is_valid()
    assert "cannot receive email" in bound.errors["email"][0]


class TestTheEditFormInSections:
    def test_every_detail_is_in_exactly_one_section(self):
        from directory.manage_forms import GroupDetailsForm

        names = [name for _title, fields in GroupDetailsForm.SECTIONS.values() for name in fields]
        assert sorted(names) == sorted(GroupDetailsForm().fields)

    def test_each_section_is_a_fieldset_with_a_legend_and_subjects_fold_under_their_heading(self, client, people):
        client.force_login(people["alice"])
        body = client.get(reverse("directory:edit-details", args=[people["group"].slug])).content.decode()
        for legend in ["About the group", "What the group is about", "How people get in touch",
                       "What newcomers ask"]:
            assert f'<fieldset class="form-section">\n    <legend>{legend}</legend>' in body
        headings = Category.objects.filter(parent__isnull=True, children__isnull=False).distinct().count()
        assert body.count("<details") == headings > 1
        assert "<details open><summary>" in body  # the group's own subject's heading is open

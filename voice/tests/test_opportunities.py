"""Opportunities: posting, who hears about them, and the three replies."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from directory.models import Group
from directory.tests.factory import make_coordinator, make_group
from insights import data
from voice import services
from voice.models import Feedback, Interest, Level, Opportunity, Preferences
from voice.tests.factory import make_opportunity, make_preferences

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(alice, charlie, pat, sam):
    diabetes = make_group(name="Diabetes Circle", slug="diabetes-circle", categories=["diabetes"])
    tinnitus = make_group(name="Tinnitus Friends", slug="tinnitus-friends", categories=["tinnitus-hearing"])
    make_coordinator(diabetes, alice)
    make_coordinator(tinnitus, charlie)
    return {"diabetes": diabetes, "tinnitus": tinnitus, "alice": alice, "charlie": charlie, "staff": sam, "pat": pat}


def opportunity_data(**overrides):
    data = {
        "title": "Help us improve the diabetes clinic", "kind": "consultation", "level": "formal",
        "description": "We are changing how appointments work and want groups' views.",
        "topics": [], "any_topic": "", "time_asked": "One meeting of about an hour", "fee": "50",
        "closes_on": (timezone.localdate() + datetime.timedelta(weeks=10)).isoformat(),
        "short_notice_reason": "", "contact": "Patient experience team, 0115 496 0000",
    }
    data.update(overrides)
    return data


class TestPosting:
    url = reverse("voice:new-opportunity")

    def test_staff_post_an_opportunity_and_groups_that_asked_hear_about_it(self, client, people):
        from directory.models import Category

        make_preferences(people["diabetes"], levels=[Level.FORMAL], topics=["health-conditions"])
        make_preferences(people["tinnitus"], levels=[Level.INDIVIDUAL], topics=["diabetes"])
        client.force_login(people["staff"])
        diabetes = Category.objects.get(slug="diabetes")
        response = client.post(self.url, opportunity_data(topics=[diabetes.pk]))
        opportunity = Opportunity.objects.get()
        assert response.status_code == 302 and response["Location"] == opportunity.get_absolute_url()
        page = client.get(response["Location"]).content.decode()
        assert "1 group that asked to hear about this has been told by email." in page
        assert opportunity.agency is None and opportunity.posted_by == people["staff"]
        assert opportunity.poster_name() == "Self Help Hub"
        # The diabetes group chose formal consultations on health conditions (which includes
        # diabetes); the tinnitus group chose a different level.
        assert [message.to for message in mail.outbox] == [["alice@example.org"]]
        assert "Help us improve the diabetes clinic" in mail.outbox[0].body
        assert f"/groups/diabetes-circle/have-your-say/{opportunity.uuid}/" in mail.outbox[0].body

    def test_a_practitioner_posts_for_their_agency(self, client, people):
        client.force_login(people["pat"])
        response = client.post(self.url, opportunity_data(any_topic="on"), follow=True)
        assert "No group has asked to hear about this yet, so nobody was emailed." in response.content.decode()
        opportunity = Opportunity.objects.get()
        assert opportunity.agency == people["pat"].team.agency
        assert opportunity.poster_name() == "City NHS Trust"

    @pytest.mark.parametrize(("overrides", "message"), [
        ({"title": ""}, "This field is required"),
        ({"topics": []}, "Choose at least one subject"),
        ({"closes_on": "2020-01-01"}, "must be after today"),
        ({"closes_on": "not a date"}, "Enter a valid date"),
        ({"fee": "-5"}, "can’t be less than £0"),
        ({"level": "summit"}, "Select a valid choice"),
    ])
    def test_bad_input_gets_a_clear_message_and_nothing_is_saved(self, client, people, overrides, message):
        client.force_login(people["staff"])
        data = opportunity_data(any_topic="on")
        data.update(overrides)
        if "topics" in overrides:
            data["any_topic"] = ""
        response = client.post(self.url, data)
        assert response.status_code == 200
        page = response.content.decode()
        assert "There is a problem" in page and message in page
        assert "<title>Error:" in page
        assert not Opportunity.objects.exists() and not mail.outbox

    def test_a_closing_date_under_8_weeks_away_needs_a_reason_shown_to_groups(self, client, people):
        client.force_login(people["staff"])
        soon = (timezone.localdate() + datetime.timedelta(weeks=4)).isoformat()
        response = client.post(self.url, opportunity_data(any_topic="on", closes_on=soon))
        assert "less than 8 weeks away" in response.content.decode()
        assert not Opportunity.objects.exists()
        reason = "The board decides in March; we only heard last week."
        client.post(self.url, opportunity_data(any_topic="on", closes_on=soon, short_notice_reason=reason))
        opportunity = Opportunity.objects.get()
        assert opportunity.is_short_notice
        make_preferences(people["diabetes"], levels=[Level.FORMAL], any_topic=True)
        client.force_login(people["alice"])
        page = client.get(reverse("voice:have-your-say", args=["diabetes-circle"])).content.decode()
        assert reason in page
        url = reverse("voice:group-opportunity", args=["diabetes-circle", opportunity.uuid])
        page = client.get(url).content.decode()
        assert reason in page

    def test_the_form_says_what_sending_it_does(self, client, people):
        client.force_login(people["staff"])
        new = client.get(self.url).content.decode()
        assert ">Post it</button>" in new and "Who it is for</legend>" in new
        opportunity = make_opportunity(posted_by=people["staff"])
        edit = client.get(reverse("voice:edit-opportunity", args=[opportunity.uuid])).content.decode()
        assert ">Save</button>" in edit and ">Post it</button>" not in edit

    def test_exactly_8_weeks_is_enough_notice(self):
        today = timezone.localdate()
        errors = Opportunity.clean_closing_date(today + datetime.timedelta(weeks=8), "", today, today)
        assert errors == {}
        errors = Opportunity.clean_closing_date(today + datetime.timedelta(days=55), "", today, today)
        assert "short_notice_reason" in errors

    def test_editing_keeps_the_notice_counted_from_when_it_was_posted(self, client, people):
        with time_machine.travel(timezone.now() - datetime.timedelta(weeks=6)):
            opportunity = make_opportunity(posted_by=people["staff"], created_at=timezone.now())
        client.force_login(people["staff"])
        url = reverse("voice:edit-opportunity", args=[opportunity.uuid])
        # The date is unchanged, though only 4 weeks are left: no reason is asked for.
        data = opportunity_data(any_topic="on", title="New title", closes_on=opportunity.closes_on.isoformat())
        assert client.post(url, data).status_code == 302
        opportunity.refresh_from_db()
        assert opportunity.title == "New title" and opportunity.any_topic
        assert not opportunity.topics.exists()  # "any subject" clears the subjects
        # Groups heard 6 weeks ago: moving it a week earlier still gives them 9 weeks, but 3
        # weeks earlier gives them only 7, so now a reason is needed.
        assert client.post(url, {**data, "closes_on": (opportunity.closes_on - datetime.timedelta(weeks=1))
                                 .isoformat()}).status_code == 302
        earlier = (opportunity.closes_on - datetime.timedelta(weeks=3)).isoformat()
        assert "less than 8 weeks away" in client.post(url, {**data, "closes_on": earlier}).content.decode()


class TestWhoHearsAboutIt:
    def test_a_group_hears_nothing_until_it_chooses(self, people):
        make_opportunity(topics=["diabetes"])
        assert not services.opportunities_for(people["diabetes"]).exists()

    @pytest.mark.parametrize(("levels", "topics", "any_topic", "found"), [
        ([Level.FORMAL], ["diabetes"], False, True),
        ([Level.FORMAL], ["health-conditions"], False, True),  # the parent includes its children
        ([Level.FORMAL], ["cancer"], False, False),  # a sibling does not
        ([Level.FORMAL], [], True, True),
        ([Level.INDIVIDUAL, Level.FORUM], ["diabetes"], False, False),
        ([], ["diabetes"], False, False),
    ])
    def test_levels_and_subjects(self, people, levels, topics, any_topic, found):
        opportunity = make_opportunity(topics=["diabetes"], level=Level.FORMAL)
        make_preferences(people["diabetes"], levels=levels, topics=topics, any_topic=any_topic)
        assert (opportunity in services.opportunities_for(people["diabetes"])) is found
        assert (people["diabetes"] in services.groups_reached(opportunity)) is found

    def test_a_general_opportunity_reaches_groups_that_chose_a_subject(self, people):
        general = make_opportunity(topics=[], any_topic=True)
        parent = make_opportunity(topics=["health-conditions"])
        make_preferences(people["diabetes"], topics=["diabetes"])
        assert set(services.opportunities_for(people["diabetes"])) == {general, parent}

    def test_closed_withdrawn_and_closed_groups_are_left_out(self, people):
        open_one = make_opportunity()
        make_opportunity(closes_on=timezone.localdate() - datetime.timedelta(days=1))
        make_opportunity(withdrawn_at=timezone.now())
        make_preferences(people["diabetes"])
        assert list(services.opportunities_for(people["diabetes"])) == [open_one]
        Group.objects.filter(pk=people["diabetes"].pk).update(stage=Group.Stage.CLOSED)
        people["diabetes"].refresh_from_db()
        assert not services.opportunities_for(people["diabetes"]).exists()
        assert not services.groups_reached(open_one).exists()

    def test_a_group_that_did_not_opt_in_cannot_open_it_by_its_address(self, client, people):
        opportunity = make_opportunity()
        make_preferences(people["tinnitus"], topics=["tinnitus-hearing"])
        client.force_login(people["charlie"])
        url = reverse("voice:group-opportunity", args=["tinnitus-friends", opportunity.uuid])
        assert client.get(url).status_code == 404
        assert client.post(reverse("voice:interested", args=["tinnitus-friends", opportunity.uuid])).status_code == 404
        page = client.get(reverse("voice:have-your-say", args=["tinnitus-friends"])).content.decode()
        assert opportunity.title not in page

    def test_choices_are_saved_and_checked(self, client, people):
        from directory.models import Category

        client.force_login(people["alice"])
        url = reverse("voice:preferences", args=["diabetes-circle"])
        response = client.post(url, {"levels": ["formal"]})
        assert "Choose at least one subject" in response.content.decode()
        response = client.post(url, {"topics": [Category.objects.get(slug="diabetes").pk]})
        assert "Choose at least one kind of opportunity" in response.content.decode()
        assert not Preferences.objects.exists()
        client.post(url, {"levels": ["formal", "forum"], "topics": [Category.objects.get(slug="diabetes").pk]})
        preferences = Preferences.objects.get()
        assert preferences.levels() == ["forum", "formal"] and not preferences.any_topic
        # Choosing nothing is always allowed: the group hears about nothing.
        assert client.post(url, {}).status_code == 302
        preferences.refresh_from_db()
        assert preferences.levels() == []


class TestReplies:
    @pytest.fixture
    def opportunity(self, people):
        make_preferences(people["diabetes"])
        return make_opportunity(posted_by=people["staff"])

    def url(self, name, opportunity, *extra):
        return reverse(name, args=["diabetes-circle", opportunity.uuid, *extra])

    def test_interested_shows_the_group_and_its_message_to_the_poster(self, client, people, opportunity):
        client.force_login(people["alice"])
        client.post(self.url("voice:interested", opportunity), {"message": "Email us at circle@example.org"})
        interest = Interest.objects.get()
        assert interest.group == people["diabetes"]
        client.force_login(people["staff"])
        page = client.get(opportunity.get_absolute_url()).content.decode()
        assert "Diabetes Circle" in page and "circle@example.org" in page

    def test_not_for_us_hides_it_and_records_no_reply(self, client, people, opportunity):
        client.force_login(people["alice"])
        client.post(self.url("voice:interested", opportunity), {"message": ""})
        response = client.post(self.url("voice:not-for-us", opportunity))
        assert response.status_code == 302
        assert not Interest.objects.exists() and not Feedback.objects.exists()
        assert opportunity not in services.opportunities_for(people["diabetes"])
        page = client.get(reverse("voice:have-your-say", args=["diabetes-circle"])).content.decode()
        assert "You said “not for us”" in page
        # The poster and staff see nothing about it: no name, no count.
        client.force_login(people["staff"])
        poster_page = client.get(opportunity.get_absolute_url()).content.decode()
        assert "Diabetes Circle" not in poster_page
        insight = client.get(reverse("insights:opportunities") + "?format=csv").content.decode()
        assert "Diabetes Circle" not in insight and "not for us" not in insight.lower()
        # The group can change its mind.
        client.force_login(people["alice"])
        client.post(self.url("voice:show-again", opportunity))
        assert opportunity in services.opportunities_for(people["diabetes"])

    def test_the_hidden_list_is_forgotten_once_it_closes(self, people, opportunity):
        services.not_for_us(people["diabetes"], opportunity)
        assert services.forget_hidden()["forgotten"] == 0
        assert services.forget_hidden(today=opportunity.closes_on + datetime.timedelta(days=1))["forgotten"] == 1
        assert Preferences.objects.get().hidden == []

    def test_anonymous_feedback_shows_only_the_subject_to_the_poster(self, client, people, opportunity):
        from directory.models import Category

        client.force_login(people["alice"])
        page = client.get(self.url("voice:feedback", opportunity)).content.decode()
        assert "a group for Diabetes" in page and "a group for Health conditions" in page
        health = Category.objects.get(slug="health-conditions")
        client.post(self.url("voice:feedback", opportunity),
                    {"text": "Evening appointments would help members who work.",
                     "shown_as": f"category-{health.pk}"})
        feedback = Feedback.objects.get()
        assert feedback.anonymous and feedback.described_as == "a group for Health conditions"
        assert feedback.group == people["diabetes"]  # the hub knows, so the group can change it

        for who in ("staff", "pat"):
            client.force_login(people[who])
            for url in [opportunity.get_absolute_url(), reverse("voice:posted"),
                        reverse("insights:opportunities"), reverse("insights:opportunities") + "?format=csv"]:
                response = client.get(url)
                assert "Diabetes Circle" not in response.content.decode(), (who, url)
        client.force_login(people["staff"])
        page = client.get(opportunity.get_absolute_url()).content.decode()
        assert "From a group for Health conditions" in page and "Evening appointments" in page

        # The group itself sees its own feedback and how it is shown.
        client.force_login(people["alice"])
        page = client.get(self.url("voice:group-opportunity", opportunity)).content.decode()
        assert "They see it as from “a group for Health conditions”" in page

    def test_named_feedback_shows_the_group(self, client, people, opportunity):
        client.force_login(people["alice"])
        client.post(self.url("voice:feedback", opportunity), {"text": "Good idea.", "shown_as": "named"})
        client.force_login(people["staff"])
        assert "From Diabetes Circle" in client.get(opportunity.get_absolute_url()).content.decode()

    def test_feedback_needs_words_and_a_valid_choice(self, client, people, opportunity):
        client.force_login(people["alice"])
        response = client.post(self.url("voice:feedback", opportunity), {"text": "", "shown_as": "category-99999"})
        page = response.content.decode()
        assert "There is a problem" in page and "This field is required" in page and "Select a valid choice" in page
        assert not Feedback.objects.exists()

    def test_a_group_can_take_back_its_reply(self, client, people, opportunity):
        client.force_login(people["alice"])
        client.post(self.url("voice:feedback", opportunity), {"text": "First thoughts.", "shown_as": "named"})
        client.post(self.url("voice:feedback", opportunity), {"text": "Second thoughts.", "shown_as": "named"})
        assert Feedback.objects.get().text == "Second thoughts."
        client.post(self.url("voice:take-back", opportunity, "feedback"))
        assert not Feedback.objects.exists()

    def test_no_replies_once_it_has_closed(self, client, people, opportunity):
        client.force_login(people["alice"])
        client.post(self.url("voice:interested", opportunity), {"message": ""})
        Opportunity.objects.filter(pk=opportunity.pk).update(closes_on=timezone.localdate() - datetime.timedelta(1))
        client.post(self.url("voice:feedback", opportunity), {"text": "Late.", "shown_as": "named"})
        assert not Feedback.objects.exists()
        # A group still sees what it replied to.
        assert client.get(self.url("voice:group-opportunity", opportunity)).status_code == 200


class TestDigest:
    def test_posters_get_one_email_a_day_with_counts_only(self, people):
        make_preferences(people["diabetes"])
        opportunity = make_opportunity(posted_by=people["staff"])
        Feedback.objects.create(opportunity=opportunity, group=people["diabetes"], text="Anonymous words",
                                anonymous=True, described_as="a group for Diabetes")
        morning = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(7, 30)))
        assert services.send_reply_digests(morning) == {"sent": 0}
        later = morning + datetime.timedelta(hours=2)
        assert services.send_reply_digests(later) == {"sent": 1}
        message = mail.outbox[-1]
        assert message.to == ["sam@example.org"]
        assert "1 piece of feedback" in message.body
        assert "Diabetes Circle" not in message.body and "Anonymous words" not in message.body
        Interest.objects.create(opportunity=opportunity, group=people["diabetes"])
        assert services.send_reply_digests(later + datetime.timedelta(hours=3)) == {"sent": 0}
        assert services.send_reply_digests(later + datetime.timedelta(days=1)) == {"sent": 1}
        assert "1 group interested" in mail.outbox[-1].body


def test_insight_counts_replies_but_not_not_for_us(people):
    make_preferences(people["diabetes"])
    opportunity = make_opportunity()
    services.not_for_us(people["diabetes"], opportunity)
    tables = data.voice()
    row = next(row for row in tables[1].rows if row[0] == opportunity.title)
    assert row[-2:] == [0, 0]


class TestInTheReadersLanguage:
    """The announcement's every word in its reader's language, whoever posted and in which."""

    def test_a_welsh_speaking_coordinator_hears_of_an_opportunity_posted_in_english_wholly_in_welsh(self, client,
                                                                                                   people):
        people["alice"].language = "cy"
        people["alice"].save(update_fields=["language"])
        make_preferences(people["diabetes"], topics=["health-conditions"])
        client.force_login(people["staff"])
        client.post(reverse("voice:new-opportunity"), opportunity_data(any_topic="on"))  # in English

        opportunity = Opportunity.objects.get()
        message = mail.outbox[-1]
        assert message.to == ["alice@example.org"]
        with translation.override("cy"):
            welsh_word, greeting = gettext("opportunity"), gettext("Hello,")
            subject = gettext("For %(group)s: %(title)s") % {"group": "Diabetes Circle", "title": opportunity.title}
        assert welsh_word != "opportunity" and subject != f"For Diabetes Circle: {opportunity.title}"
        assert message.subject == subject
        assert welsh_word in message.body and greeting in message.body
        assert "opportunity" not in message.body and "Hello," not in message.body

    def test_an_english_coordinator_hears_of_an_opportunity_posted_in_welsh_in_english(self, client, people):
        make_preferences(people["diabetes"], topics=["health-conditions"])
        client.force_login(people["staff"])
        with translation.override("cy"):  # the Welsh pages' address
            client.post(reverse("voice:new-opportunity"), opportunity_data(any_topic="on"))
        assert Opportunity.objects.exists()

        message = mail.outbox[-1]
        assert message.to == ["alice@example.org"]
        assert message.subject == "For Diabetes Circle: Help us improve the diabetes clinic"
        assert "There is a new opportunity that Diabetes Circle asked to hear about" in message.body
        with translation.override("cy"):
            assert gettext("opportunity") not in message.body

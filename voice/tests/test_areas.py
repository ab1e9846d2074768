"""Where an opportunity or a forum is for: which groups it reaches, the form that sets it,
and what groups and posters see (voice/areas.py)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from directory.models import Meeting
from directory.tests.factory import make_coordinator, make_group, make_meeting
from voice import services
from voice.areas import AreaKind
from voice.forms import ForumForm, OpportunityForm
from voice.models import Forum, Level, Opportunity
from voice.tests.factory import make_forum, make_opportunity, make_preferences
from voice.tests.test_opportunities import opportunity_data

pytestmark = pytest.mark.django_db

# From Nottingham's centre, the test venues are: NG1 5FW 0.3 miles, DE1 1AA 13.5,
# LE1 6AA 22.2, CM1 1SQ 108 (directory/tests/factory.py PLACES).


def group_meeting_at(postcode, miles=None, **kwargs):
    group = make_group(meetings=[{"postcode": postcode}], **kwargs)
    make_preferences(group, levels=[Level.FORMAL, Level.FORUM], any_topic=True, miles=miles)
    return group


def online_only_group(**kwargs):
    group = make_group(meetings=[{"attendance": Meeting.Attendance.ONLINE}], **kwargs)
    make_preferences(group, levels=[Level.FORMAL, Level.FORUM], any_topic=True)
    return group


@pytest.fixture
def groups():
    return {
        "nottingham": group_meeting_at("NG1 5FW"),
        "derby": group_meeting_at("DE1 1AA"),
        "leicester": group_meeting_at("LE1 6AA"),
        "chelmsford": group_meeting_at("CM1 1SQ"),
        "online": online_only_group(),
    }


def reached(item, groups):
    """The names of the groups `item` reaches, asked both ways: who is emailed, and what each
    group sees; they must agree."""
    emailed = set(services.groups_reached(item))
    if isinstance(item, Forum):
        sees = {group for group in groups.values() if item in services.forums_for(group)}
    else:
        sees = {group for group in groups.values() if item in services.opportunities_for(group)}
    assert emailed == sees
    return {name for name, group in groups.items() if group in emailed}


class TestWhoIsReached:
    def test_something_for_anywhere_reaches_every_group_online_only_ones_too(self, groups):
        opportunity = make_opportunity(any_topic=True)
        assert opportunity.area_kind == AreaKind.ANYWHERE
        assert reached(opportunity, groups) == {"nottingham", "derby", "leicester", "chelmsford", "online"}

    def test_a_council_consultation_in_nottingham_is_not_sent_to_chelmsford(self, groups):
        opportunity = make_opportunity(any_topic=True, area_kind=AreaKind.DISTRICTS, areas="NG, DE")
        assert reached(opportunity, groups) == {"nottingham", "derby"}

    def test_a_district_is_only_that_district_and_an_area_is_all_of_its_districts(self, groups):
        assert reached(make_opportunity(any_topic=True, area_kind=AreaKind.DISTRICTS, areas="CM9"), groups) == set()
        assert reached(make_opportunity(any_topic=True, area_kind=AreaKind.DISTRICTS, areas="CM1, LE"),
                       groups) == {"chelmsford", "leicester"}

    def test_within_some_miles_of_a_town_reaches_groups_meeting_that_close(self, groups):
        ten = make_opportunity(any_topic=True, area_kind=AreaKind.NEAR, place="Nottingham", miles=10)
        assert (ten.latitude, ten.longitude) == pytest.approx((52.95479, -1.14845))
        assert reached(ten, groups) == {"nottingham"}
        twenty_five = make_opportunity(any_topic=True, area_kind=AreaKind.NEAR, place="Nottingham", miles=25)
        assert reached(twenty_five, groups) == {"nottingham", "derby", "leicester"}

    def test_a_forum_reaches_groups_by_the_same_rule(self, groups):
        forum = make_forum(topics=["diabetes"], area_kind=AreaKind.NEAR, place="Derby", miles=15)
        assert reached(forum, groups) == {"nottingham", "derby"}

    def test_a_group_that_meets_only_online_hears_only_of_things_for_anywhere(self, groups):
        near = make_opportunity(any_topic=True, area_kind=AreaKind.NEAR, place="Nottingham", miles=100)
        listed = make_opportunity(any_topic=True, area_kind=AreaKind.DISTRICTS, areas="NG")
        assert "online" not in reached(near, groups) | reached(listed, groups)

    def test_a_group_meeting_online_and_in_person_is_placed_where_it_meets_in_person(self, groups):
        both = group_meeting_at("CM1 1SQ")
        make_meeting(both, attendance=Meeting.Attendance.ONLINE)
        Meeting.objects.filter(group=both, venue__isnull=False).update(attendance=Meeting.Attendance.BOTH)
        groups["both"] = both
        opportunity = make_opportunity(any_topic=True, area_kind=AreaKind.DISTRICTS, areas="CM")
        assert reached(opportunity, groups) == {"chelmsford", "both"}

    def test_any_meeting_place_in_the_area_is_enough(self, groups):
        make_meeting(groups["chelmsford"], postcode="NG1 5FW")
        opportunity = make_opportunity(any_topic=True, area_kind=AreaKind.DISTRICTS, areas="NG")
        assert reached(opportunity, groups) == {"nottingham", "chelmsford"}


class TestGroupsDistance:
    def test_a_group_hears_of_things_only_within_the_distance_it_chose(self, groups):
        opportunity = make_opportunity(any_topic=True, area_kind=AreaKind.NEAR, place="Nottingham", miles=25)
        groups["derby"].voice_preferences.miles = 10
        groups["derby"].voice_preferences.save()
        groups["leicester"].voice_preferences.miles = 25
        groups["leicester"].voice_preferences.save()
        groups["nottingham"].voice_preferences.miles = 5
        groups["nottingham"].voice_preferences.save()
        assert reached(opportunity, groups) == {"nottingham", "leicester"}

    def test_the_distance_never_widens_the_area_the_poster_chose(self, groups):
        groups["derby"].voice_preferences.miles = 25
        groups["derby"].voice_preferences.save()
        opportunity = make_opportunity(any_topic=True, area_kind=AreaKind.NEAR, place="Nottingham", miles=10)
        assert reached(opportunity, groups) == {"nottingham"}

    def test_something_for_the_groups_own_district_or_anywhere_reaches_it_whatever_its_distance(self, groups):
        for group in groups.values():
            group.voice_preferences.miles = 5
            group.voice_preferences.save()
        listed = make_opportunity(any_topic=True, area_kind=AreaKind.DISTRICTS, areas="CM, DE")
        assert reached(listed, groups) == {"chelmsford", "derby"}
        anywhere = make_opportunity(any_topic=True)
        assert reached(anywhere, groups) == set(groups)

    def test_the_groups_distance_is_chosen_on_its_settings_page(self, client, alice):
        group = group_meeting_at("DE1 1AA", slug="derby-circle")
        make_coordinator(group, alice)
        client.force_login(alice)
        url = reverse("voice:preferences", args=["derby-circle"])
        page = client.get(url).content.decode()
        assert "How far from where you meet do you want to hear about?" in page
        assert "Where the group meets in person (postcode districts): DE1." in page
        client.post(url, {"levels": ["formal"], "any_topic": "on", "miles": "10"})
        group.voice_preferences.refresh_from_db()
        assert group.voice_preferences.miles == 10
        page = client.get(reverse("voice:have-your-say", args=["derby-circle"])).content.decode()
        assert "within 10 miles of where the group meets" in page
        client.post(url, {"levels": ["formal"], "any_topic": "on", "miles": ""})
        group.voice_preferences.refresh_from_db()
        assert group.voice_preferences.miles is None
        assert "Select a valid choice" in client.post(url, {"levels": ["formal"], "any_topic": "on",
                                                             "miles": "7"}).content.decode()

    def test_the_settings_page_tells_an_online_only_group_what_it_hears_about(self, client, alice):
        group = online_only_group(slug="online-circle")
        make_coordinator(group, alice)
        client.force_login(alice)
        page = client.get(reverse("voice:preferences", args=["online-circle"])).content.decode()
        assert "The group does not meet in person, so it hears only about things for groups anywhere." in page


def test_who_is_reached_is_worked_out_without_a_query_a_group(groups, django_assert_max_num_queries):
    opportunity = make_opportunity(any_topic=True, area_kind=AreaKind.NEAR, place="Nottingham", miles=25)
    with django_assert_max_num_queries(6):
        assert len(services.groups_reached(opportunity)) == 3
    for _ in range(5):
        group_meeting_at("DE1 1AA")
    with django_assert_max_num_queries(6):
        assert len(services.groups_reached(opportunity)) == 8


class TestTheForm:
    def form(self, form_class=OpportunityForm, **overrides):
        if form_class is OpportunityForm:
            data = opportunity_data(any_topic="on", **overrides)
        else:
            data = {"name": "Derby Forum", "description": "Groups and services.", "any_topic": "on", **overrides}
        return form_class(data)

    @pytest.mark.parametrize("form_class", [OpportunityForm, ForumForm])
    @pytest.mark.parametrize(("overrides", "field", "message"), [
        ({"area_kind": "districts", "areas": ""}, "areas", "Type the postcode areas or districts"),
        ({"area_kind": "districts", "areas": "NG, Nottingham"}, "areas", "These are not postcode areas"),
        ({"area_kind": "near", "place": "", "miles": "10"}, "place", "Type the town or postcode to measure from."),
        ({"area_kind": "near", "place": "Atlantis", "miles": "10"}, "place", "We couldn’t find “Atlantis”."),
        ({"area_kind": "near", "place": "Nottingham", "miles": ""}, "miles", "Enter a distance from 1 to 100 miles."),
        ({"area_kind": "near", "place": "Nottingham", "miles": "0"}, "miles", "Enter a distance from 1 to 100 miles."),
        ({"area_kind": "near", "place": "Nottingham", "miles": "500"}, "miles",
         "Enter a distance from 1 to 100 miles."),
        ({"area_kind": "somewhere"}, "area_kind", "Select a valid choice"),
    ])
    def test_an_area_that_cannot_be_used_gets_a_clear_message(self, form_class, overrides, field, message):
        form = self.form(form_class, **overrides)
        assert not form.is_valid()
        assert any(message in error for error in form.errors[field]), form.errors

    def test_areas_are_kept_in_a_standard_form(self):
        form = self.form(area_kind="districts", areas="ng; de  cm9, ng", place="Derby", miles="5")
        assert form.is_valid(), form.errors
        opportunity = form.save()
        assert (opportunity.areas, opportunity.place, opportunity.miles) == ("NG, DE, CM9", "", None)
        assert opportunity.area_in_words() == "Groups meeting in NG, DE, CM9"

    def test_a_distance_is_placed_by_the_geocoder(self):
        form = self.form(ForumForm, area_kind="near", place="ng7", miles="10", areas="NG")
        assert form.is_valid(), form.errors
        forum = form.save()
        assert (forum.place, forum.areas, forum.miles) == ("NG7", "", 10)
        assert forum.latitude == pytest.approx(52.95794)
        assert forum.area_in_words() == "Within 10 miles of NG7"
        forum.miles = 1
        assert forum.area_in_words() == "Within 1 mile of NG7"

    def test_anywhere_is_the_default_and_keeps_nothing_else(self):
        form = self.form(areas="NG", place="Derby", miles="10")
        assert form.is_valid(), form.errors
        opportunity = form.save()
        assert opportunity.area_kind == AreaKind.ANYWHERE and opportunity.area_in_words() == "Anywhere"
        assert (opportunity.areas, opportunity.place, opportunity.miles, opportunity.latitude) == ("", "", None, None)


class TestPages:
    @pytest.fixture
    def people(self, alice, charlie, sam):
        nottingham = group_meeting_at("NG1 5FW", slug="nottingham-circle")
        chelmsford = group_meeting_at("CM1 1SQ", slug="chelmsford-circle")
        make_coordinator(nottingham, alice)
        make_coordinator(chelmsford, charlie)
        return {"nottingham": nottingham, "chelmsford": chelmsford, "alice": alice, "charlie": charlie,
                "staff": sam}

    def test_posting_tells_only_groups_in_the_area_and_says_how_many(self, client, people):
        client.force_login(people["staff"])
        page = client.get(reverse("voice:new-opportunity")).content.decode()
        assert "Where it is for</legend>" in page
        assert re.search(r'<input type="radio" name="area_kind" value="anywhere"[^>]* checked', page)
        response = client.post(reverse("voice:new-opportunity"), opportunity_data(
            any_topic="on", area_kind="near", place="Nottingham", miles="10"), follow=True)
        page = response.content.decode()
        assert "1 group that asked to hear about this has been told by email." in page
        assert "Within 10 miles of Nottingham" in page
        assert [message.to for message in mail.outbox] == [["alice@example.org"]]

    def test_a_group_outside_the_area_does_not_see_it_nor_open_it(self, client, people):
        opportunity = make_opportunity(any_topic=True, area_kind=AreaKind.DISTRICTS, areas="NG")
        client.force_login(people["charlie"])
        page = client.get(reverse("voice:have-your-say", args=["chelmsford-circle"])).content.decode()
        assert opportunity.title not in page
        url = reverse("voice:group-opportunity", args=["chelmsford-circle", opportunity.uuid])
        assert client.get(url).status_code == 404
        assert client.post(reverse("voice:interested", args=["chelmsford-circle", opportunity.uuid])).status_code \
            == 404
        client.force_login(people["alice"])
        page = client.get(reverse("voice:have-your-say", args=["nottingham-circle"])).content.decode()
        assert opportunity.title in page and "For: Groups meeting in NG." in page
        page = client.get(reverse("voice:group-opportunity", args=["nottingham-circle", opportunity.uuid])).content
        assert "Groups meeting in NG" in page.decode()

    def test_a_forum_outside_the_area_is_not_offered_to_the_group(self, client, people):
        forum = make_forum(any_topic=True, area_kind=AreaKind.NEAR, place="Chelmsford", miles=20)
        client.force_login(people["alice"])
        assert forum.name not in client.get(reverse("voice:have-your-say", args=["nottingham-circle"])).content.decode()
        assert client.get(reverse("voice:group-forum", args=["nottingham-circle", forum.uuid])).status_code == 404
        client.force_login(people["charlie"])
        page = client.get(reverse("voice:group-forum", args=["chelmsford-circle", forum.uuid])).content.decode()
        assert "Within 20 miles of Chelmsford" in page

    def test_posters_see_where_each_is_for(self, client, people):
        make_opportunity(any_topic=True, posted_by=people["staff"], title="Across the county")
        make_forum(any_topic=True, area_kind=AreaKind.DISTRICTS, areas="CM", name="Essex forum")
        client.force_login(people["staff"])
        page = client.get(reverse("voice:posted")).content.decode()
        assert "<td>Anywhere</td>" in page and "Essex forum</a> – Groups meeting in CM" in page


def test_an_opportunity_saved_without_a_form_is_placed_too():
    opportunity = make_opportunity(area_kind=AreaKind.NEAR, place="Derby", miles=5)
    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert stored.latitude is not None and stored.place == "Derby"

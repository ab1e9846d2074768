import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from directory.models import Group, Meeting
from directory.tests.factory import make_group

pytestmark = pytest.mark.django_db
SEARCH = reverse("directory:search")


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


class TestHome:
    def test_it_offers_the_search_and_every_subject_with_counts(self, client):
        make_group(categories=["diabetes"])
        response = client.get("/")
        assert response.status_code == 200
        body = text_of(response)
        assert "Health conditions 1 group" in body
        assert "Carers 0 groups" in body
        assert 'lang="en-gb"' in response.content.decode()

    def test_it_rejects_post(self, client):
        assert client.post("/").status_code == 405


class TestCategories:
    def test_it_shows_the_two_level_tree_with_counts(self, client):
        make_group(categories=["diabetes", "cancer"])
        make_group(categories=["cancer"])
        body = text_of(client.get(reverse("directory:categories")))
        assert "Health conditions (2 groups)" in body
        assert "Cancer (2 groups)" in body
        assert "Diabetes (1 group)" in body
        assert "Alcohol (0 groups)" in body

    def test_unlisted_and_closed_groups_are_not_counted(self, client):
        make_group(categories=["gambling"], status=Group.Status.PENDING)
        make_group(categories=["gambling"], stage=Group.Stage.CLOSED)
        assert "Gambling (0 groups)" in text_of(client.get(reverse("directory:categories")))


class TestSearchPage:
    def test_an_empty_search_page_just_shows_the_form(self, client):
        response = client.get(SEARCH)
        assert response.status_code == 200
        assert "groups found" not in text_of(response)

    def test_it_finds_groups_by_words_and_place_and_shows_distance_and_next_meeting(self, client):
        make_group(name="Tinnitus Circle", summary="For ringing ears.", meetings=[{"postcode": "NG1 5FW"}])
        with time_machine.travel(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC)):
            response = client.get(SEARCH, {"q": "tinnitus", "where": "NG1", "distance": "10"})
        body = text_of(response)
        assert "1 group found" in body
        assert "Tinnitus Circle" in body
        assert "For ringing ears." in body
        assert "0.3 miles away" in body
        assert "Tuesday 24 November 2026, 7pm" in body

    def test_it_finds_groups_by_category_slug(self, client):
        make_group(name="Sugar", categories=["diabetes"])
        make_group(name="Cards", categories=["gambling"])
        body = text_of(client.get(SEARCH, {"category": "diabetes"}))
        assert "Sugar" in body and "Cards" not in body
        assert "About: Diabetes." in body

    def test_paused_groups_are_marked(self, client):
        make_group(name="Resting", stage=Group.Stage.PAUSED)
        assert "Paused for now" in text_of(client.get(SEARCH, {"q": "friendly"}))

    def test_results_are_paginated(self, client):
        for number in range(25):
            make_group(name=f"Group {number:02d}")
        first = text_of(client.get(SEARCH, {"q": "friendly"}))
        assert "25 groups found" in first and "Page 1 of 2" in first and "Group 19" in first
        second = client.get(SEARCH, {"q": "friendly", "page": "2"})
        assert "Group 24" in text_of(second) and "Group 00" not in text_of(second)
        assert 'href="?q=friendly&amp;page=1"' in second.content.decode()

    @pytest.mark.parametrize(("params", "message"), [
        ({"where": "XX99 9ZZ"}, "We can’t find the postcode"),
        ({"where": "🙂"}, "We couldn’t find"),
        ({"where": "BT1 1AA"}, "Northern Ireland"),
        ({"where": "Atlantis", "q": "tinnitus"}, "We couldn’t find “Atlantis”"),
    ])
    def test_a_place_it_cannot_find_gets_a_clear_message_and_no_misleading_results(self, client, params, message):
        make_group()
        response = client.get(SEARCH, params)
        assert response.status_code == 200
        body = response.content.decode()
        assert message in text_of(response)
        assert "There is a problem" in body
        assert "<title>Error:" in body
        assert 'href="#id_where"' in body
        assert "groups found" not in body

    @pytest.mark.parametrize(("params", "message"), [
        ({"distance": "-5"}, "Choose a distance from the list. We used 10 miles."),
        ({"distance": str(10**9)}, "Choose a distance from the list. We used 10 miles."),
        ({"distance": "abc"}, "Choose a distance from the list. We used 10 miles."),
        ({"page": "0"}, "couldn’t understand that page number"),
        ({"page": "abc"}, "couldn’t understand that page number"),
        ({"page": "-1"}, "couldn’t understand that page number"),
        ({"category": "no-such-thing"}, "Choose a subject from the list."),
        ({"day": "9"}, "Choose a day from the list."),
        ({"meets": "teleport"}, "Choose how the group meets from the list."),
        ({"language": "klingon"}, "Choose a language from the list."),
        ({"time": "midnight"}, "Choose a time of day from the list."),
        ({"q": "x" * 10_000}, "first 200 characters"),
    ])
    def test_bad_values_get_a_message_and_a_sane_default(self, client, params, message):
        make_group(name="Still Found")
        response = client.get(SEARCH, {"q": "friendly", **params} if "q" not in params else params)
        assert response.status_code == 200
        assert message in text_of(response)

    @pytest.mark.parametrize("words", [
        '"', "*", "NEAR(", "-", "(", "' OR 1=1 --", "<script>alert(1)</script>", "a AND NOT b", "\x00x",
    ])
    def test_awkward_words_are_searched_safely_and_shown_escaped(self, client, words):
        response = client.get(SEARCH, {"q": words})
        assert response.status_code == 200
        assert "<script>alert" not in response.content.decode()

    def test_a_distance_beyond_the_choices_falls_back_to_ten_miles(self, client):
        make_group(name="Nottingham", meetings=[{"postcode": "NG1 5FW"}])
        make_group(name="Derby", meetings=[{"postcode": "DE1 1AA"}])
        response = client.get(SEARCH, {"where": "NG1", "distance": "-5"})
        assert "within 10 miles" in text_of(response)
        assert "1 group found" in text_of(response)
        assert '<option value="10" selected>' in response.content.decode()

    def test_a_search_without_a_distance_shows_and_keeps_the_default(self, client):
        response = client.get(SEARCH, {"category": "diabetes"})
        assert '<option value="10" selected>' in response.content.decode()
        assert "Within 1 mile<" in response.content.decode()

    def test_the_search_uses_a_fixed_small_number_of_queries(self, client, django_assert_max_num_queries):
        for number in range(20):
            make_group(name=f"Group {number}", languages=["en"])
        search = {"q": "friendly", "where": "NG1", "meets": "in_person", "language": "en"}
        client.get(SEARCH, search)  # the form's choices are cached from then on (directory/caching.py)
        # (14: one of them fetches the page's groups' words in other languages, and one the
        # results' cards kept from the first search.)
        with django_assert_max_num_queries(14):
            client.get(SEARCH, search)


class TestGroupPage:
    def test_it_shows_the_hard_facts_and_the_group_in_its_own_words(self, client):
        group = make_group(
            name="Stroke Club", who_for="People who have had a stroke, and their partners.",
            description="We have a cuppa and practise talking.", newcomers="Someone will meet you at the door.",
            affiliation="Part of a national network", run_by="Run by its members",
            phone="0115 496 0001", email="stroke@example.org", contact_role="Group secretary",
            last_confirmed_on=datetime.date(2026, 9, 1), languages=["en", "pa"],
            meetings=[{"pattern": Meeting.Pattern.NTH_WEEKDAY, "weekday": 1, "week_of_month": 2}],
        )
        with time_machine.travel(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC)):
            response = client.get(group.get_absolute_url())
        body = text_of(response)
        for expected in [
            "People who have had a stroke, and their partners.",
            "We have a cuppa and practise talking.",
            "Someone will meet you at the door.",
            "Part of a national network", "Run by its members",
            "The second Tuesday of each month, 7pm to 9pm",
            "Tuesday 8 December 2026, 7pm", "Tuesday 12 January 2027, 7pm", "Tuesday 9 February 2027, 7pm",
            "1 Example Street", "NG1 5FW", "0115 496 0001", "stroke@example.org", "Group secretary",
            "Last confirmed: September 2026", "English, Punjabi", "Diabetes",
        ]:
            assert expected in body, expected
        assert reverse("publishing:group-calendar", args=[group.slug]) in response.content.decode()

    def test_venue_accessibility_is_shown(self, client):
        group = make_group()
        group.meetings.first().venue.__class__.objects.update(step_free=True, hearing_loop=True)
        assert "Step-free access, Hearing loop." in text_of(client.get(group.get_absolute_url()))

    def test_an_irregular_group_says_to_get_in_touch_and_has_no_calendar(self, client):
        group = make_group(meetings=[{"pattern": Meeting.Pattern.IRREGULAR, "weekday": None,
                                      "start_time": None, "end_time": None}])
        response = client.get(group.get_absolute_url())
        assert "contact the group for dates" in text_of(response)
        assert ".ics" not in response.content.decode()

    def test_it_should_not_render_unlisted_groups(self, client):
        for status in [Group.Status.PENDING, Group.Status.DRAFT, Group.Status.DECLINED]:
            group = make_group(status=status)
            assert client.get(group.get_absolute_url()).status_code == 404

    def test_a_closed_group_says_so_and_points_elsewhere(self, client):
        make_group(name="Still Going", categories=["alcohol"])
        group = make_group(name="Finished", categories=["alcohol"], stage=Group.Stage.CLOSED,
                           stage_note="Members now go to the Thursday group.")
        response = client.get(group.get_absolute_url())
        assert response.status_code == 410
        body = text_of(response)
        assert "Finished has closed" in body and "Members now go to the Thursday group." in body
        assert "Still Going" in body

    def test_an_unknown_group_is_a_friendly_404(self, client):
        response = client.get("/groups/no-such-group/")
        assert response.status_code == 404
        assert "Page not found" in text_of(response)


def test_hints_and_errors_are_linked_to_their_fields(client):
    body = client.get(SEARCH, {"where": "XX99 9ZZ"}).content.decode()
    assert 'aria-describedby="id_where_helptext id_where_error"' in body
    assert 'id="id_where_helptext"' in body and 'id="id_where_error"' in body
    assert 'aria-invalid="true"' in body


class TestResultsNearAndOnline:
    def test_nearby_groups_and_online_groups_are_listed_under_their_own_headings(self, client):
        make_group(name="Local Circle", meetings=[{"postcode": "NG1 5FW"}])
        make_group(name="Online Circle", meetings=[{"attendance": Meeting.Attendance.ONLINE}])
        body = text_of(client.get(SEARCH, {"where": "NG1"}))
        assert body.index("Meeting near you") < body.index("Local Circle") < body.index("Meeting online")
        assert body.index("Meeting online") < body.index("Online Circle")
        assert "In person in Nottingham (0.3 miles away)" in body

    def test_when_nothing_meets_nearby_the_page_says_so(self, client):
        make_group(name="Online Circle", meetings=[{"attendance": Meeting.Attendance.ONLINE}])
        make_group(name="Essex Circle", meetings=[{"postcode": "CM1 1SQ"}])
        body = text_of(client.get(SEARCH, {"where": "Derby"}))
        assert "No groups meet in person within 10 miles of Derby. These groups meet online." in body
        assert "Essex Circle" not in body

    def test_without_a_place_results_say_where_groups_meet(self, client):
        make_group(name="Both Ways", meetings=[{"postcode": "DE1 1AA", "attendance": Meeting.Attendance.BOTH}])
        body = text_of(client.get(SEARCH, {"q": "friendly"}))
        assert "In person in Derby, and online" in body
        assert "Meeting near you" not in body


def test_words_too_common_to_search_for_are_explained(client):
    make_group()
    body = text_of(client.get(SEARCH, {"q": "the"}))
    assert "“the” is too common to search for" in body
    assert "1 group found" in body


def test_the_narrowing_choices_are_listed_with_a_way_to_clear_them(client):
    make_group(name="Women", women_only=True)
    response = client.get(SEARCH, {"q": "friendly", "women_only": "on", "time": "evening"})
    body = text_of(response)
    assert "Only groups that match: Evening (5pm or later); Women only." in body
    assert 'href="?q=friendly&amp;distance=10"' in response.content.decode()


def test_a_listing_not_confirmed_for_a_year_warns_it_may_be_out_of_date(client):
    stale = make_group(last_confirmed_on=datetime.date.today() - datetime.timedelta(days=400))
    fresh = make_group(last_confirmed_on=datetime.date.today() - datetime.timedelta(days=30))
    assert "may be out of date" in text_of(client.get(stale.get_absolute_url()))
    assert "may be out of date" not in text_of(client.get(fresh.get_absolute_url()))


def test_a_closing_group_shows_no_dates_after_its_last_meeting(client):
    group = make_group(stage=Group.Stage.CLOSING, meetings=[{"ends_on": datetime.date(2026, 12, 1)}])
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC)):
        body = text_of(client.get(group.get_absolute_url()))
    assert "Tuesday 24 November 2026, 7pm" in body
    assert "Tuesday 1 December 2026, 7pm" in body
    assert "8 December 2026" not in body


def test_a_paused_group_says_when_it_starts_again(client):
    group = make_group(name="Resting", stage=Group.Stage.PAUSED, paused_until=datetime.date(2027, 3, 7))
    assert "They start again on Sunday 7 March 2027." in text_of(client.get(group.get_absolute_url()))
    assert "Paused: starts again on 7 March 2027" in text_of(client.get(SEARCH, {"q": "resting"}))


def test_the_group_page_gives_the_cost_the_answers_the_phone_in_groupings_and_a_year_only_start(client):
    import datetime as _datetime

    from directory.models import Group as _Group
    from directory.tests.factory import make_group as _make_group

    group = _make_group(phone="01245960123", cost=_Group.Cost.DONATIONS, cost_covers="the room",
                        bring_someone=_Group.BringSomeone.YES, first_visit=_Group.FirstVisit.GET_IN_TOUCH,
                        started_on=_datetime.date(2026, 1, 1), meetings=[{"postcode": "NG1 5FW"}])
    body = client.get(group.get_absolute_url()).content.decode()
    assert "Free. Donations are welcome, towards the room." in body
    assert "Yes: you can bring a friend, a relative or a carer with you." in body
    assert "Please get in touch with the group before your first meeting." in body
    assert "You can go along without telling anyone first" not in body
    assert "><bdi dir=\"ltr\">01245 960123</bdi></a>" in body and 'href="tel:01245960123"' in body
    assert "<dd>2026</dd>" in body and "January 2026" not in body


def test_a_group_that_has_not_said_shows_no_promise_about_going_along(client):
    from directory.tests.factory import make_group as _make_group

    group = _make_group(meetings=[{"postcode": "NG1 5FW"}], email="x@example.org")
    body = client.get(group.get_absolute_url()).content.decode()
    assert "just go along" not in body and "Cost" not in body and "bring someone" not in body

"""The search page in a person's own words: why each group was found, how the results are
ranked, more a little further away, a place it guessed, and searches too long to send."""

import datetime
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from directory.models import Group, Meeting
from directory.search.text import MAX_QUERY_LENGTH
from directory.tests.factory import make_group

pytestmark = pytest.mark.django_db
SEARCH = reverse("directory:search")


def links(body, text):
    """The addresses of the links whose text contains `text`."""
    return [href.replace("&amp;", "&") for href, label in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>([^<]*)</a>', body)
            if text in label]


@pytest.fixture
def widowed():
    make_group(name="Nottingham Young Widowed", categories=["losing-someone-close"],
               description="Saturday meet-ups.", meetings=[{"postcode": "NG1 5FW"}])
    make_group(name="Derby Widowed Friends", categories=["losing-someone-close"],
               description="Since my husband died, this group has been my lifeline.",
               meetings=[{"postcode": "DE1 1AA"}])


class TestWhyAndHow:
    def test_each_result_says_why_it_was_found_and_the_page_says_how_results_are_ranked(self, client, widowed):
        body = client.get(SEARCH, {"q": "lost my husband", "where": "NG1 5FW", "distance": "25"}).content.decode()
        assert "We took “lost my husband” to mean groups about: Losing someone close." in body
        assert ("Groups about what you searched for come first, then groups that only mention your words; "
                "the nearest first within each.") in body
        assert "Found because:</span> about Losing someone close; mentions “husband”." in body
        assert body.index("Nottingham Young Widowed") < body.index("Derby Widowed Friends")

    def test_a_search_without_words_explains_nothing(self, client, widowed):
        body = client.get(SEARCH, {"where": "NG1 5FW"}).content.decode()
        assert "Found because" not in body and "come first" not in body


class TestMoreFurtherAway:
    def test_few_groups_near_offers_how_many_more_within_25_miles_and_online_groups(self, client, widowed):
        body = client.get(SEARCH, {"q": "lost my husband", "where": "NG1 5FW", "distance": "10"}).content.decode()
        assert "1 group found" in body
        [wider] = links(body, "1 more group meets within 25 miles")
        assert parse_qs(urlparse(wider).query) == {"q": ["lost my husband"], "where": ["NG1 5FW"], "distance": ["25"]}
        [online] = links(body, "Groups that meet online, wherever they are")
        assert parse_qs(urlparse(online).query)["meets"] == ["online"]
        body = client.get(SEARCH + wider).content.decode()
        assert "2 groups found" in body and "more group" not in body

    def test_no_group_near_still_offers_those_further_away(self, client, widowed):
        body = client.get(SEARCH, {"q": "widower", "where": "DE1 1AA", "distance": "1"}).content.decode()
        assert "1 group found" in body
        body = client.get(SEARCH, {"q": "widower", "where": "LE1 6AA", "distance": "5"}).content.decode()
        assert "0 groups found" in body
        assert links(body, "2 more groups meet within 25 miles")


def test_did_you_mean_is_a_link_to_the_same_search_near_that_place(client, widowed):
    body = client.get(SEARCH, {"q": "widow", "where": "Nottinghm", "distance": "5"}).content.decode()
    [suggestion] = links(body, "Did you mean Nottingham?")
    assert parse_qs(urlparse(suggestion).query) == {"q": ["widow"], "where": ["Nottingham"], "distance": ["5"]}
    assert "Nottingham Young Widowed" in client.get(SEARCH + suggestion).content.decode()


def test_no_result_never_sits_beside_a_match_of_some_words(client, widowed):
    body = client.get(SEARCH, {"q": "zebra giraffe"}).content.decode()
    assert "0 groups found" in body
    assert "match some of them" not in body


class TestEmptySearch:
    def test_its_count_is_the_home_pages(self, client, widowed):
        make_group(name="Unpublished", status=Group.Status.DRAFT)
        home = client.get(reverse("directory:home")).content.decode()
        assert "2 groups are listed here." in home
        body = client.get(SEARCH, {"q": "", "where": "", "distance": "10"}).content.decode()
        assert "2 groups found" in body

    def test_near_a_place_it_says_why_the_count_is_smaller(self, client, widowed):
        body = client.get(SEARCH, {"where": "NG1 5FW", "distance": "10"}).content.decode()
        assert "1 group found" in body
        assert "2 groups are listed in the directory; these are the ones meeting near this place, or online." in body


class TestTooLong:
    def test_the_box_stops_a_browser_sending_more_than_the_search_uses(self, client):
        body = client.get(SEARCH).content.decode()
        assert f'maxlength="{MAX_QUERY_LENGTH}"' in re.search(r'<input[^>]*name="q"[^>]*>', body).group(0)

    def test_an_over_long_search_is_cut_and_the_pages_links_carry_only_what_was_searched(self, client):
        for number in range(25):
            make_group(name=f"Tinnitus Circle {number:02d}", categories=["tinnitus-hearing"])
        response = client.get(SEARCH, {"q": "tinnitus " + "x" * 5000})
        assert response.status_code == 200
        body = response.content.decode()
        assert "Your search was very long, so we used the first 200 characters." in body
        [next_page] = links(body, "Next page")
        assert len(next_page) < 400
        assert parse_qs(urlparse(next_page).query)["q"] == [("tinnitus " + "x" * 5000)[:MAX_QUERY_LENGTH]]


def test_an_evening_search_shows_the_evening_meeting_on_the_card(client):
    make_group(name="Young Widowed", categories=["losing-someone-close"], meetings=[
        {"postcode": "NG1 5FW", "weekday": 5, "start_time": datetime.time(11), "end_time": datetime.time(13)},
        {"attendance": Meeting.Attendance.ONLINE, "weekday": 2, "start_time": datetime.time(20),
         "end_time": datetime.time(21)},
    ])
    card = client.get(SEARCH, {"q": "widow", "time": "evening"}).content.decode()
    assert re.search(r"Wednesday \d+ \w+ \d{4}, 8pm \(online\)", card)
    assert "11am" not in card
    card = client.get(SEARCH, {"q": "widow", "time": "daytime"}).content.decode()
    assert re.search(r"Saturday \d+ \w+ \d{4}, 11am", card)


class TestWaysOnFromTheResults:
    """What the search page offers beyond the list: who will contact you, the self-help
    team when nothing is found, a place outside the area, help now on subjects that need it."""

    def test_a_result_says_the_group_will_contact_you_only_when_someone_on_the_hub_will(self, client, alice):
        from directory.tests.factory import make_coordinator

        asks = {"categories": ["carers"], "meetings": [{"postcode": "NG1 5FW"}], "contact_route": "both"}
        kept = make_group(name="Kept Carers Circle", **asks)
        answered = make_group(name="Answered Carers Circle", **asks)
        make_coordinator(answered, alice)
        body = client.get(SEARCH, {"q": "carers circle"}).content.decode()
        cards = {name: body[body.index(name):] for name in ("Kept Carers Circle", "Answered Carers Circle")}
        for name, card in cards.items():
            card = card[:card.index("</li>")]
            assert ("You can ask the group to contact you" in card) == (name == "Answered Carers Circle"), name
        assert kept.takes_introductions is False

    def test_a_search_that_finds_nothing_offers_the_self_help_team(self, client, widowed):
        body = client.get(SEARCH, {"q": "zzyzx quokka"}).content.decode()
        assert "No groups matched your search" in body
        assert reverse("enquiries:contact") + "?topic=no_group" in body

    def test_a_place_outside_the_area_is_said_plainly_with_online_groups_offered(self, client, widowed):
        from directory.models import Coverage

        Coverage.objects.create(areas="NG DE", description="Nottinghamshire and Derbyshire")
        body = client.get(SEARCH, {"q": "widowed", "where": "EH1 1YZ"}).content.decode()
        assert "EH1 is outside the area this directory covers (Nottinghamshire and Derbyshire)" in body
        body = client.get(SEARCH, {"q": "widowed", "where": "NG1 5FW"}).content.decode()
        assert "outside the area" not in body

    def test_a_subject_where_it_matters_shows_where_to_get_help_now_and_others_do_not(self, client, widowed):
        from directory.models import Category

        grief = Category.objects.get(slug="losing-someone-close")
        assert grief.shows_crisis_signpost
        body = client.get(SEARCH, {"category": "losing-someone-close"}).content.decode()
        assert 'aria-labelledby="crisis-heading-subject"' in body
        make_group(name="Sugar Talk", categories=["diabetes"])
        body = client.get(SEARCH, {"category": "diabetes"}).content.decode()
        assert 'aria-labelledby="crisis-heading-subject"' not in body


def test_the_distances_are_offered_in_the_readers_language(client):
    from django.utils import translation

    from subscriptions.forms import InterestForm

    assert "O fewn 10 milltir" in client.get("/cy/search/").content.decode()
    assert "Within 10 miles" in client.get("/search/").content.decode()
    with translation.override("cy"):
        assert "O fewn 10 milltir" in str(InterestForm()["miles"])

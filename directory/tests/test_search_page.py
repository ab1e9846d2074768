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

"""The area the directory covers (directory/coverage.py), as staff set it in the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from directory.coverage import coverage_of, online_search_url, parse_areas
from directory.geo import OfflineGeocoder, Point
from directory.models import Coverage

pytestmark = pytest.mark.django_db


@pytest.fixture
def area():
    return Coverage.objects.create(areas="NG DE LE CM CO SS", description="Nottinghamshire and Essex")


class TestTheAreaStaffSet:
    def test_areas_and_districts_are_read_however_they_are_typed(self):
        assert parse_areas("ng, de  cm9;CO") == ["NG", "DE", "CM9", "CO"]

    def test_what_is_neither_is_refused_with_a_message_naming_it(self):
        with pytest.raises(ValidationError, match="not postcode areas.*NOTTS"):
            Coverage(areas="NG NOTTS").full_clean()

    def test_a_saved_area_is_kept_tidy(self):
        coverage = Coverage(areas="ng,de")
        coverage.full_clean()
        assert coverage.areas == "NG DE"

    def test_with_nothing_set_the_directory_covers_everywhere(self):
        assert Coverage.current().areas == ""
        assert coverage_of("EH1 1YZ").inside is None
        assert not coverage_of("EH1 1YZ").outside


class TestWhetherAPlaceIsInside:
    @pytest.mark.parametrize(("place", "inside", "outward"), [
        ("NG7 2RD", True, "NG7"),
        ("ng72rd", True, "NG7"),
        ("CM1", True, "CM1"),
        ("Chelmsford", True, "CM1"),
        ("EH1 1YZ", False, "EH1"),
        ("N1 9GU", False, "N1"),  # London's N is not Nottingham's NG
        ("Edinburgh", False, "EH1"),
    ])
    def test_a_postcode_its_first_part_or_a_town(self, area, place, inside, outward):
        answer = coverage_of(place)
        assert (answer.inside, answer.outward) == (inside, outward)

    def test_a_district_alone_can_be_covered(self):
        coverage = Coverage(areas="CM9")
        assert coverage_of("CM9 4LX", coverage).inside
        assert coverage_of("CM1 1SQ", coverage).outside

    def test_a_point_from_the_geocoder(self, area):
        assert coverage_of(OfflineGeocoder().locate("NG1")).inside
        assert coverage_of(OfflineGeocoder().locate("Edinburgh")).outside
        # A point with no postcode for a label: the district whose centre is nearest.
        assert coverage_of(Point(55.9533, -3.1883, label="Somewhere")).outside

    def test_a_place_it_cannot_tell_is_not_called_outside(self, area):
        assert coverage_of("Atlantis").inside is None
        assert coverage_of(None).inside is None


class TestWhatTheSearchPageSays:
    def render(self, answer, url=""):
        request = RequestFactory().get("/search/")
        return render_to_string("directory/_coverage.html", {"coverage": answer, "online_url": url}, request)

    def test_outside_says_so_plainly_and_offers_online_groups_and_the_team(self, area):
        html = self.render(coverage_of("EH1 1YZ"), "/search/?meets=online")
        assert "EH1 is outside the area this directory covers (Nottinghamshire and Essex)" in html
        assert 'href="/search/?meets=online"' in html
        assert reverse("enquiries:contact") + "?topic=no_group" in html

    def test_inside_or_unknown_says_nothing(self, area):
        assert self.render(coverage_of("NG7 2RD")).strip() == ""
        assert self.render(coverage_of("Atlantis")).strip() == ""

    def test_the_online_search_keeps_the_words_and_subject_and_drops_the_place(self):
        url = online_search_url({"q": "widow", "category": "bereavement", "where": "EH1", "distance": "10"})
        assert url == reverse("directory:search") + "?q=widow&category=bereavement&meets=online"


def test_the_admin_lets_staff_add_the_one_row_then_only_change_it(client, sam):
    client.force_login(sam)
    assert client.get(reverse("admin:directory_coverage_add")).status_code == 200
    client.post(reverse("admin:directory_coverage_add"), {"areas": "ng de", "description": "The East Midlands"})
    assert Coverage.current().areas == "NG DE"
    assert client.get(reverse("admin:directory_coverage_add")).status_code == 403
    change = reverse("admin:directory_coverage_change", args=[Coverage.current().pk])
    client.post(change, {"areas": "NG DE LE", "description": "The East Midlands"})
    assert Coverage.current().areas == "NG DE LE"


def test_the_search_page_gets_what_the_include_needs_in_one_call(area):
    from directory.coverage import for_search

    outside = for_search("EH1 1YZ", {"q": "widow", "where": "EH1 1YZ"})
    assert outside["coverage"].outside and outside["online_url"].endswith("?q=widow&meets=online")
    assert for_search("NG7 2RD", {"where": "NG7 2RD"})["online_url"] == ""

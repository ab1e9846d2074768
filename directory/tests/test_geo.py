import math

import pytest
from django.test import override_settings

from directory.geo import (
    EARTH_RADIUS_MILES,
    NON_GEOGRAPHIC_DISTRICTS,
    Geocoder,
    LocationError,
    Point,
    _geocoder_class,
    bounding_box,
    geocoder,
    geographic_centroids,
    great_circle_miles,
    is_geographic,
    outward_centroids,
)


@pytest.fixture
def offline():
    return geocoder()


def test_a_full_postcode_is_placed_from_code_point_open(offline):
    point = offline.locate("ng1 5fw")
    assert point.label == "NG1 5FW"
    assert point.latitude == pytest.approx(52.9555, abs=0.001)
    assert point.longitude == pytest.approx(-1.1554, abs=0.001)
    assert not point.approximate


def test_an_outward_code_is_placed_at_its_centre(offline):
    point = offline.locate("NG1")
    assert (point.latitude, point.longitude) == pytest.approx((52.95479, -1.14845))


def test_a_town_from_the_list_is_placed(offline):
    assert offline.locate("  chelmsford ").label == "Chelmsford"


def test_a_town_with_more_words_after_it_is_placed_at_the_town(offline):
    point = offline.locate("Leicester city centre")
    assert (point.latitude, point.longitude) == (offline.locate("Leicester").latitude,
                                                 offline.locate("Leicester").longitude)


def test_an_unknown_full_postcode_in_a_known_area_falls_back_to_the_area(offline):
    point = offline.locate("NG1 9ZZ")
    assert point.approximate
    assert point.latitude == pytest.approx(52.95479)


@pytest.mark.parametrize(("typed", "message"), [
    ("BT1 1AA", "Northern Ireland"),
    ("BT7", "Northern Ireland"),
    ("XX99 9ZZ", "We can’t find the postcode “XX99 9ZZ”"),
    ("Chelmsfod", "Did you mean Chelmsford?"),
    ("🙂", "We couldn’t find"),
    ("Atlantis", "We couldn’t find"),
    ("", "Enter a postcode or a town"),
    ("x" * 500, "not a sentence"),
    ("ZE9 9ZZ", "We don’t have the postcode ZE9 9ZZ in our list: it may be new.*Try the name of your town"),
])
def test_places_it_cannot_find_get_a_clear_message(offline, typed, message):
    with pytest.raises(LocationError, match=message):
        offline.locate(typed)


def test_great_circle_distance_nottingham_to_derby():
    assert great_circle_miles(52.95479, -1.14845, 52.92, -1.4776) == pytest.approx(13.9, abs=0.3)


def _destination(lat, lon, miles, bearing):
    """The point `miles` from (lat, lon) on this bearing (degrees), on the great circle."""
    angle, lat, lon, bearing = miles / EARTH_RADIUS_MILES, *map(math.radians, (lat, lon, bearing))
    to_lat = math.asin(math.sin(lat) * math.cos(angle) + math.cos(lat) * math.sin(angle) * math.cos(bearing))
    to_lon = lon + math.atan2(math.sin(bearing) * math.sin(angle) * math.cos(lat),
                              math.cos(angle) - math.sin(lat) * math.sin(to_lat))
    return math.degrees(to_lat), math.degrees(to_lon)


@pytest.mark.parametrize(("lat", "lon", "miles"), [
    (52.95, -1.15, 10), (52.95, -1.15, 100), (58.6, -3.5, 300), (50.1, -5.5, 50), (-33.9, 151.2, 200),
])
def test_the_bounding_box_contains_the_whole_circle(lat, lon, miles):
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, miles)
    for bearing in range(0, 360):
        point_lat, point_lon = _destination(lat, lon, miles * (1 - 1e-9), bearing)
        assert great_circle_miles(lat, lon, point_lat, point_lon) == pytest.approx(miles, rel=1e-6)
        assert min_lat <= point_lat <= max_lat and min_lon <= point_lon <= max_lon, bearing
    # ...and no more than it needs: the circle touches each side.
    assert great_circle_miles(lat, lon, max_lat, lon) == pytest.approx(miles, rel=1e-9)
    widest = max(_destination(lat, lon, miles, bearing)[1] for bearing in range(0, 180))
    assert max_lon - widest < 0.01


def test_a_box_around_a_pole_or_wider_than_the_world_takes_every_longitude():
    assert bounding_box(89.5, 10, 100)[2:] == (-180.0, 180.0)
    assert bounding_box(52.95, 179.9, 50)[2:] == (-180.0, 180.0)


class FixedGeocoder(Geocoder):
    def locate(self, text):
        return Point(51.5, -0.12, label="Somewhere")

    def locate_postcode(self, postcode):
        return self.locate(postcode)


def test_another_geocoder_can_be_plugged_in_by_setting():
    _geocoder_class.cache_clear()
    try:
        with override_settings(GEOCODER="directory.tests.test_geo.FixedGeocoder"):
            assert geocoder().locate("anything").label == "Somewhere"
    finally:
        _geocoder_class.cache_clear()


def test_non_geographic_districts_are_known_districts_sitting_inside_towns():
    """Each PO box or large-user district listed is in the centroids and lies within three miles
    of a district people live in: none of them is a remote place with few postcodes."""
    centroids = outward_centroids()
    places_ = geographic_centroids()
    for outward in NON_GEOGRAPHIC_DISTRICTS:
        assert outward in centroids
        nearest = min(great_circle_miles(*centroids[outward], *point) for point in places_.values())
        assert nearest < 3, outward


def test_remote_districts_with_few_postcodes_are_places():
    for outward in ["PH42", "TR23", "ZE3", "NG7"]:
        assert is_geographic(outward) and outward in geographic_centroids()
    for outward in ["NG80", "W1A", "BX1", "SE1P", "GIR"]:
        assert not is_geographic(outward) and outward not in geographic_centroids()


def test_a_point_is_never_placed_in_a_po_box_district():
    """The nearest district to where someone is is one people live in, even on top of NG80."""
    from directory.coverage import district_of

    at_boots = Point(*outward_centroids()["NG90"], label="Beeston")
    assert district_of(at_boots) not in NON_GEOGRAPHIC_DISTRICTS
    assert district_of(Point(*outward_centroids()["NG80"], label="NG80")) == "NG80"  # a postcode says so itself

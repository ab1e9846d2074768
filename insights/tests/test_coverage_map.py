"""The coverage map draws the area's real shape: projected at one scale, north up, outlined,
and without the districts nobody lives in."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from directory.geo import NON_GEOGRAPHIC_DISTRICTS, geographic_centroids, great_circle_miles
from directory.tests.factory import make_group
from insights import charts, geometry
from insights.coverage import area_of, coverage

SVG = "{http://www.w3.org/2000/svg}"


def _svg(areas, gaps=()):
    points = [(outward, lat, lon, outward in gaps) for outward, (lat, lon) in geographic_centroids().items()
              if area_of(outward) in areas]
    return _parse(str(charts.district_map("A map", "What it shows", points).svg))


def _parse(svg: str):
    return ET.fromstring(svg)  # noqa: S314 - our own drawing, made in the test


def _centres(svg):
    """Each district's drawn centre, from its dot or the middle of its cross."""
    found = {}
    for mark in svg.iter():
        outward = mark.get("data-outward")
        if mark.get("class") != "centre":
            continue
        if mark.tag == SVG + "circle":
            found[outward] = (float(mark.get("cx")), float(mark.get("cy")))
        else:
            x, y = map(float, re.match(r"M([\d.]+) ([\d.]+)", mark.get("d")).groups())
            found[outward] = (x + 5, y + 5)
    return found


def _pixels_a_mile(svg):
    bar = next(line for line in svg.iter(SVG + "line") if line.get("class") == "scale-bar")
    return (float(bar.get("x2")) - float(bar.get("x1"))) / int(bar.get("data-miles"))


def _polygons(d):
    return [[tuple(map(float, vertex.split())) for vertex in part.split("L")]
            for part in re.findall(r"M([^MZ]+)Z", d)]


def test_distances_on_the_map_match_the_scale_bar():
    """Two districts about 10 miles apart are 10 miles apart by the scale bar, within 2%."""
    svg = _svg({"NG", "DE"})
    centres, per_mile = _centres(svg), _pixels_a_mile(svg)
    centroids = geographic_centroids()
    pairs = [("NG1", "NG18"), ("NG1", "DE1"), ("NG7", "NG24"), ("DE4", "DE65")]
    for a, b in pairs:
        ground = great_circle_miles(*centroids[a], *centroids[b])
        drawn = ((centres[a][0] - centres[b][0]) ** 2 + (centres[a][1] - centres[b][1]) ** 2) ** 0.5 / per_mile
        assert drawn == pytest.approx(ground, rel=0.02), (a, b, ground)
    assert 9 < great_circle_miles(*centroids["NG1"], *centroids["DE1"]) < 16  # a pair near the bar's 10 miles


def test_the_scale_bar_is_a_round_number_of_miles_and_north_is_labelled():
    svg = _svg({"NG"})
    text = " ".join(t.text or "" for t in svg.iter(SVG + "text"))
    bar = next(line for line in svg.iter(SVG + "line") if line.get("class") == "scale-bar")
    assert int(bar.get("data-miles")) in charts.SCALE_STEPS and f"{bar.get('data-miles')} miles" in text
    assert "North" in text and any(p.get("class") == "north" for p in svg.iter(SVG + "path"))


def test_north_is_up():
    """Mansfield (NG18) is north of Nottingham (NG1), which is north of Loughborough (LE11)."""
    centres = _centres(_svg({"NG", "LE"}))
    assert centres["NG18"][1] < centres["NG1"][1] < centres["LE11"][1]
    assert centres["NG7"][0] < centres["NG24"][0]  # and Newark is east, to the right


def test_the_outline_encloses_every_district_and_each_cell_its_centre():
    svg = _svg({"CM", "CO"})
    outline = next(p for p in svg.iter(SVG + "path") if p.get("class") == "outline")
    parts = _polygons(outline.get("d"))
    cells = {p.get("data-outward"): _polygons(p.get("d"))[0] for p in svg.iter(SVG + "path")
             if p.get("class") == "district"}
    for outward, centre in _centres(svg).items():
        assert geometry.contains(cells[outward], centre), outward
        assert any(geometry.contains(part, centre) for part in parts), outward


def test_cells_do_not_overlap():
    """A point inside one district's cell is in no other's: the cells tile the area."""
    districts = [(o, lat, lon) for o, (lat, lon) in geographic_centroids().items() if area_of(o) == "NG"]
    cells = geometry.district_cells(districts)
    for cell in cells:
        for other in cells:
            if other is not cell:
                assert not geometry.contains(other.polygon, cell.centre)
                # The middle of each cell's edge pulled a little inwards is only its own.
                for a, b in zip(cell.polygon, cell.polygon[1:], strict=False):
                    mid = ((a[0] + b[0]) / 2 * 0.9 + cell.centre[0] * 0.1,
                           (a[1] + b[1]) / 2 * 0.9 + cell.centre[1] * 0.1)
                    assert not geometry.contains(other.polygon, mid)


def test_outside_great_britain_the_map_still_has_one_scale():
    """Points the National Grid cannot place fall back to a projection with equal scale both ways."""
    districts = [("A1", 48.85, 2.35), ("A2", 48.95, 2.35), ("A3", 48.85, 2.50)]
    projection = geometry.Projection.for_points([(lat, lon) for _o, lat, lon in districts])
    assert not projection.national_grid
    (x1, y1), (x2, y2), (x3, y3) = projection.miles([(lat, lon) for _o, lat, lon in districts])
    assert abs(y2 - y1) == pytest.approx(great_circle_miles(48.85, 2.35, 48.95, 2.35), rel=0.01)
    assert abs(x3 - x1) == pytest.approx(great_circle_miles(48.85, 2.35, 48.85, 2.50), rel=0.01)
    cells = geometry.district_cells(districts, projection, neighbours={})
    assert all(geometry.contains(cell.polygon, cell.centre) for cell in cells)


@pytest.mark.django_db
class TestLeftOut:
    def test_po_box_and_large_user_districts_are_not_gaps_and_not_drawn(self):
        result = coverage(["NG"], 5)
        outwards = {district.outward for district in result.districts}
        assert {"NG80", "NG90"} <= set(result.left_out) <= NON_GEOGRAPHIC_DISTRICTS
        assert not outwards & NON_GEOGRAPHIC_DISTRICTS
        assert "NG22" in {district.outward for district in result.gaps}

    def test_the_page_says_what_is_left_out_and_why(self, client, sam):
        make_group(name="Nottingham Diabetes", categories=["diabetes"], meetings=[{"postcode": "NG1 5FW"}])
        client.force_login(sam)
        page = client.get(reverse("insights:coverage") + "?miles=5&areas=NG&subject=").content.decode()
        assert "Left out: NG80, NG90" in page and "PO boxes and large organisations’ own postcodes" in page
        svg = _parse(re.search(r'<svg class="chart".*?</svg>', page, re.S).group(0))
        drawn = {p.get("data-outward") for p in svg.iter(SVG + "path") if p.get("class") == "district"}
        assert "NG22" in drawn and "NG1" in drawn and not drawn & {"NG80", "NG90"}
        assert svg.get("role") == "img" and svg.find(SVG + "title").text and "north at the top" in svg.find(
            SVG + "desc").text
        gap = next(p for p in svg.iter(SVG + "path") if p.get("data-outward") == "NG22")
        assert gap.get("data-gap") == "yes" and gap.get("fill").startswith("url(#gap-hatch-")

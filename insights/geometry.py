"""The shapes on the coverage map: postcode districts projected flat, and a cell for each.

Districts are placed on the British National Grid (the Ordnance Survey's own projection,
from `convertbng`, which the geocoder already uses), measured in miles, so both axes have
one scale and distances on the map are distances on the ground. A point the grid cannot
place (outside Great Britain) switches the whole map to an equirectangular projection
about its centre, its east–west scaled by the cosine of the centre's latitude: also one
scale on both axes, and within a few per cent across a county.

Code-Point Open gives each district's centre, not its boundary. So each district is drawn
as the part of the map nearer its centre than any other district's (a Voronoi cell, every
district in Great Britain taking part, so an area's edge falls between it and the next
area), cut off at the coast by a circle about as far out as its neighbours are. The union
of the cells is the outline of the area.
"""

import math
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from directory.geo import EARTH_RADIUS_MILES, geographic_centroids

METRES_PER_MILE = 1609.344
SIDES = 32  # of the circle that stands in for the coast
NEIGHBOURS_FOR_REACH = 3
MIN_REACH = 1.0  # miles
MAX_REACH = 12.0  # miles: no district runs further than this from its centre out to sea


@dataclass(frozen=True)
class Projection:
    """Latitude and longitude to miles east and north (`y` grows northwards)."""

    national_grid: bool
    latitude: float = 0.0  # the centre, for the equirectangular fallback
    longitude: float = 0.0

    @classmethod
    def for_points(cls, points: list[tuple[float, float]]) -> "Projection":
        lats = [lat for lat, _lon in points] or [0.0]
        lons = [lon for _lat, lon in points] or [0.0]
        centre = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
        placed = _national_grid(points)
        return cls(national_grid=all(not math.isnan(x) for x, _y in placed), latitude=centre[0], longitude=centre[1])

    def miles(self, points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        if self.national_grid:
            return [(x / METRES_PER_MILE, y / METRES_PER_MILE) for x, y in _national_grid(points)]
        per_degree = math.radians(1) * EARTH_RADIUS_MILES
        squeeze = math.cos(math.radians(self.latitude))
        return [((lon - self.longitude) * squeeze * per_degree, (lat - self.latitude) * per_degree)
                for lat, lon in points]


def _national_grid(points):
    if not points:
        return []
    from convertbng.util import convert_bng

    eastings, northings = convert_bng([lon for _lat, lon in points], [lat for lat, _lon in points])
    return list(zip(eastings, northings, strict=True))


class _Buckets:
    """Points bucketed in squares, to find the ones near a point without looking at all."""

    def __init__(self, points, size):
        self.size = size
        self.cells = defaultdict(list)
        for index, (x, y) in enumerate(points):
            self.cells[(math.floor(x / size), math.floor(y / size))].append(index)

    def near(self, x, y, reach):
        col, row = math.floor(x / self.size), math.floor(y / self.size)
        steps = math.ceil(reach / self.size)
        for c in range(col - steps, col + steps + 1):
            for r in range(row - steps, row + steps + 1):
                yield from self.cells.get((c, r), ())


def _reach(distances):
    """How far a district runs where it has no neighbour (the coast): about as far as its
    third-nearest neighbour is."""
    found = distances[NEIGHBOURS_FOR_REACH - 1] if len(distances) >= NEIGHBOURS_FOR_REACH else MAX_REACH
    return min(max(found, MIN_REACH), MAX_REACH)


def _clip(polygon, keep, away):
    """The part of a convex polygon nearer `keep` than `away` (a half-plane cut)."""
    mx, my = (keep[0] + away[0]) / 2, (keep[1] + away[1]) / 2
    nx, ny = away[0] - keep[0], away[1] - keep[1]

    def side(point):  # negative on keep's side
        return (point[0] - mx) * nx + (point[1] - my) * ny

    result = []
    count = len(polygon)
    for index in range(count):
        a, b = polygon[index], polygon[(index + 1) % count]
        sa, sb = side(a), side(b)
        if sa <= 0:
            result.append(a)
        if (sa < 0 < sb) or (sb < 0 < sa):
            t = sa / (sa - sb)
            result.append((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t))
    return result


def _circle(centre, radius):
    return [(centre[0] + radius * math.cos(2 * math.pi * k / SIDES),
             centre[1] + radius * math.sin(2 * math.pi * k / SIDES)) for k in range(SIDES)]


@dataclass
class Cell:
    outward: str
    centre: tuple[float, float]  # miles east and north
    polygon: list[tuple[float, float]]


def district_cells(districts: list[tuple[str, float, float]], projection: Projection | None = None,
                   neighbours: dict[str, tuple[float, float]] | None = None) -> list[Cell]:
    """A cell for each (outward code, latitude, longitude), in miles on `projection`.

    `neighbours` are every district that takes part in drawing the edges (by default all
    of Great Britain's places, geo.geographic_centroids); only those near the districts
    are looked at.
    """
    if not districts:
        return []
    projection = projection or Projection.for_points([(lat, lon) for _o, lat, lon in districts])
    neighbours = geographic_centroids() if neighbours is None else neighbours
    centres = projection.miles([(lat, lon) for _o, lat, lon in districts])
    xs, ys = [x for x, _y in centres], [y for _x, y in centres]
    margin = 3 * MAX_REACH
    # Only neighbours near enough to matter, found from a rough box around the districts.
    others = [(o, lat, lon) for o, (lat, lon) in neighbours.items()]
    other_centres = projection.miles([(lat, lon) for _o, lat, lon in others]) if others else []
    wanted = {o for o, _lat, _lon in districts}
    sites = list(centres) + [point for (o, _lat, _lon), point in zip(others, other_centres, strict=True)
                             if o not in wanted and min(xs) - margin <= point[0] <= max(xs) + margin
                             and min(ys) - margin <= point[1] <= max(ys) + margin]
    buckets = _Buckets(sites, MAX_REACH)
    near = [sorted((math.dist(site, sites[i]), i) for i in buckets.near(*site, 2 * MAX_REACH)) for site in sites]
    reach = [_reach([d for d, _i in found if d > 1e-6]) for found in near]
    cells = []
    for index, (outward, _lat, _lon) in enumerate(districts):
        centre = sites[index]
        # Reach at least half-way (and a little more, for the corners) to a neighbour whose
        # own reach comes that far, so no sliver between two districts is left out.
        radius = max([reach[index]] + [0.6 * d for d, j in near[index] if d > 1e-6 and reach[j] >= d / 2])
        radius = min(radius, MAX_REACH)
        polygon = _circle(centre, radius)
        # A site further than twice the cell's radius cannot cut it: stop there.
        for distance, other in near[index][:bisect_left(near[index], (2 * radius, -1))]:
            if distance > 1e-6:
                polygon = _clip(polygon, centre, sites[other])
        cells.append(Cell(outward, centre, polygon))
    return cells


def contains(polygon, point) -> bool:
    """Whether a point is inside a polygon (or on its edge): ray casting."""
    x, y = point
    inside = False
    for index in range(len(polygon)):
        (ax, ay), (bx, by) = polygon[index - 1], polygon[index]
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            inside = not inside
    return inside

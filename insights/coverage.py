"""Where help is thin: groups by subject and by postcode district, and the gaps.

A postcode district is an outward code (NG7) placed at the centre of its postcodes, from
the directory's Code-Point Open centroids. Districts that are PO boxes and large
organisations' own postcodes (directory.geo.is_geographic) are no place anyone lives: they
are neither measured nor drawn, and never a gap. A district is a gap when no listed group meets
in person within the chosen distance of its centre; a subject has a gap in every district
where no group for that subject does. Groups that meet only online are counted, but do
not close a gap on the map: people asked for groups near them.
"""

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from directory.geo import (
    EARTH_RADIUS_MILES,
    geographic_centroids,
    great_circle_miles,
    is_geographic,
    outward_centroids,
)
from directory.models import Category, Group, Meeting

MAX_DEFAULT_AREAS = 10
_AREA = re.compile(r"^[A-Z]{1,2}")
_CELL = 0.1  # degrees of latitude in a grid cell: about 7 miles


def area_of(outward: str) -> str:
    match = _AREA.match(outward)
    return match.group(0) if match else ""


def known_areas() -> set[str]:
    return {area_of(outward) for outward in outward_centroids()}


def _district_sort_key(outward: str):
    match = re.match(r"^([A-Z]+)(\d+)(.*)$", outward)
    return (match.group(1), int(match.group(2)), match.group(3)) if match else (outward, 0, "")


class Grid:
    """Places bucketed by latitude and longitude, to find what is near a point quickly."""

    def __init__(self):
        self.cells = defaultdict(list)

    def add(self, lat, lon, key):
        self.cells[(math.floor(lat / _CELL), math.floor(lon / _CELL))].append((lat, lon, key))

    def within(self, lat, lon, limit) -> dict:
        """Each key with a place within `limit` miles, and the miles to its nearest place."""
        reach_lat = math.ceil(limit / (EARTH_RADIUS_MILES * math.radians(_CELL))) + 1
        reach_lon = math.ceil(reach_lat / max(math.cos(math.radians(lat)), 0.1)) + 1
        row, col = math.floor(lat / _CELL), math.floor(lon / _CELL)
        found = {}
        for r in range(row - reach_lat, row + reach_lat + 1):
            for c in range(col - reach_lon, col + reach_lon + 1):
                for p_lat, p_lon, key in self.cells.get((r, c), ()):
                    miles = great_circle_miles(lat, lon, p_lat, p_lon)
                    if miles <= limit and miles < found.get(key, limit + 1):
                        found[key] = miles
        return found


@dataclass
class District:
    outward: str
    latitude: float
    longitude: float
    groups: int = 0
    nearest: float | None = None  # miles to the nearest group in the chosen subject, within reach

    @property
    def is_gap(self) -> bool:
        return self.nearest is None


@dataclass
class SubjectRow:
    category: Category
    groups: int
    online: int
    districts_without: int


@dataclass
class Coverage:
    areas: list[str]
    miles: int
    subject: Category | None
    districts: list[District]
    subjects: list[SubjectRow]
    online_only: int
    areas_trimmed: bool = False
    notes: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # the areas' PO box and large-user districts

    @property
    def gaps(self) -> list[District]:
        return [district for district in self.districts if district.is_gap]

    @property
    def with_groups(self) -> list[District]:
        return [district for district in self.districts if district.groups]

    @property
    def subjects_with_none(self) -> list[SubjectRow]:
        return [row for row in self.subjects if self.districts and row.districts_without == len(self.districts)]


def default_areas() -> tuple[list[str], bool]:
    """The postcode areas where listed groups meet in person, most groups first."""
    postcodes = (Meeting.objects.filter(group__in=Group.objects.listed(), venue__isnull=False)
                 .exclude(attendance=Meeting.Attendance.ONLINE).values_list("venue__postcode", flat=True))
    counts = Counter(area_of(postcode) for postcode in postcodes if postcode)
    ranked = [area for area, _n in counts.most_common()]
    return sorted(ranked[:MAX_DEFAULT_AREAS]), len(ranked) > MAX_DEFAULT_AREAS


def coverage(areas: list[str], miles: int, subject: Category | None = None) -> Coverage:
    centroids = geographic_centroids()
    wanted = set(areas)
    districts = [District(outward, *centroids[outward]) for outward in sorted(
        (o for o in centroids if area_of(o) in wanted), key=_district_sort_key)]
    by_outward = {district.outward: district for district in districts}

    listed = Group.objects.listed()
    categories = list(Category.objects.select_related("parent").order_by("position", "name"))
    parent_of = {category.pk: category.parent_id for category in categories}
    group_categories = defaultdict(set)
    for group_id, category_id in Group.categories.through.objects.filter(
            group__in=listed).values_list("group_id", "category_id"):
        group_categories[group_id].add(category_id)
        if parent_of.get(category_id):
            group_categories[group_id].add(parent_of[category_id])

    venues = (Meeting.objects.filter(group__in=listed, venue__isnull=False, venue__latitude__isnull=False)
              .exclude(attendance=Meeting.Attendance.ONLINE)
              .values_list("group_id", "venue__postcode", "venue__latitude", "venue__longitude").distinct())
    grid = Grid()
    groups_in_district = defaultdict(set)
    meets_in_person = set()
    for group_id, postcode, lat, lon in venues:
        meets_in_person.add(group_id)
        grid.add(lat, lon, group_id)
        outward = (postcode or "").split(" ")[0]
        if outward in by_outward and (subject is None or subject.pk in group_categories[group_id]):
            groups_in_district[outward].add(group_id)

    # For each district, the groups meeting within reach and the miles to each.
    near = {district.outward: grid.within(district.latitude, district.longitude, miles) for district in districts}
    for district in districts:
        district.groups = len(groups_in_district[district.outward])
        reachable = [m for group_id, m in near[district.outward].items()
                     if subject is None or subject.pk in group_categories[group_id]]
        district.nearest = min(reachable, default=None)

    listed_ids = set(group_categories)
    online_ids = set(listed.filter(meets_online=True).values_list("pk", flat=True))
    subjects_near = {outward: set().union(*(group_categories[g] for g in groups)) if groups else set()
                     for outward, groups in near.items()}
    rows = []
    for category in _tree_order(categories):
        members = {group_id for group_id in listed_ids if category.pk in group_categories[group_id]}
        without = sum(1 for d in districts if category.pk not in subjects_near[d.outward])
        rows.append(SubjectRow(category, len(members), len(members & online_ids), without))
    online_only = len(set(listed.values_list("pk", flat=True)) - meets_in_person)
    left_out = sorted((o for o in outward_centroids() if area_of(o) in wanted and not is_geographic(o)),
                      key=_district_sort_key)
    return Coverage(sorted(areas), miles, subject, districts, rows, online_only, left_out=left_out)


def _tree_order(categories):
    children = defaultdict(list)
    for category in categories:
        if category.parent_id:
            children[category.parent_id].append(category)
    for category in categories:
        if not category.parent_id:
            yield category
            yield from children[category.pk]

"""Finding groups: by what they are about, by words, and by distance.

`search()` ranks and counts in a single query and returns one page of group ids with
their distances; `load()` fetches those groups for display. Ranking rules, the same on
both databases:

1. Groups whose name matches every word come first, then those matching in the name
   and categories together, then those matching anywhere (the description included).
2. Within each of those, the nearest comes first when a place was given; groups that
   meet only online follow the groups meeting within the distance.
3. Then by name.

Closed groups never appear; paused groups appear and are marked as paused.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, FloatField, OuterRef, Q, Value, Window
from django.db.models.expressions import RawSQL

from ..geo import EARTH_RADIUS_MILES, Point, bounding_box
from .backends import Term, backend
from .index import index_groups, rebuild, remove_groups
from .text import closest, plural_variants, query_terms

__all__ = ["Filters", "Query", "Results", "search", "load", "index_groups", "remove_groups",
           "rebuild", "spell"]

PER_PAGE = 20


@dataclass(frozen=True)
class Filters:
    meets: str = ""  # "", "in_person", "online", "both"
    weekday: int | None = None
    time_of_day: str = ""  # "", "daytime", "evening"
    women_only: bool = False
    family_welcome: bool = False
    language: str = ""  # a Language code
    step_free: bool = False
    new_groups: bool = False


@dataclass(frozen=True)
class Query:
    words: str = ""
    category_ids: tuple[int, ...] = ()
    point: Point | None = None
    miles: float = 10
    filters: Filters = field(default_factory=Filters)
    page: int = 1
    per_page: int = PER_PAGE


@dataclass
class Hit:
    group_id: int
    distance: float | None
    group: object = None  # filled in by load()


@dataclass
class Results:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    terms: list[str]
    corrections: dict[str, str]
    matched_any: bool = False

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def spell(terms: list[str]) -> tuple[list[Term], dict[str, str]]:
    """Forgive typos and half-typed words, using the words the directory contains."""
    from ..models import SearchWord

    known = set(
        SearchWord.objects.filter(
            word__in=[v for t in terms for v in (t, *plural_variants(t))]
        ).values_list("word", flat=True)
    )
    result, corrections = [], {}
    for term in terms:
        if term.isdigit() or term in known or known.intersection(plural_variants(term)):
            result.append(Term(term))
            continue
        if len(term) >= 4 and SearchWord.objects.filter(word__startswith=term).exists():
            result.append(Term(term, prefix=True))
            continue
        candidates = list(
            SearchWord.objects.filter(word__startswith=term[0])
            .extra(where=["LENGTH(word) BETWEEN %s AND %s"], params=[len(term) - 2, len(term) + 2])
            .values_list("word", flat=True)[:5000]
        )
        # Short words (abbreviations such as ADHD or PTSD) are too easily mistaken for others.
        better = closest(term, candidates) if len(term) >= 5 else None
        if better:
            corrections[term] = better
            result.append(Term(better))
        else:
            result.append(Term(term))
    return result, corrections


def distance_sql(point: Point) -> tuple[str, list]:
    """Great-circle (haversine) distance in miles from `point` to a venue row `v`."""
    sql = (
        f"2 * {EARTH_RADIUS_MILES} * ASIN(SQRT("
        "POWER(SIN(RADIANS(v.latitude - %s) / 2), 2) + "
        "COS(RADIANS(%s)) * COS(RADIANS(v.latitude)) * POWER(SIN(RADIANS(v.longitude - %s) / 2), 2)"
        "))"
    )
    return sql, [point.latitude, point.latitude, point.longitude]


def _in_box(point: Point, miles: float, correlated: bool) -> tuple[str, list]:
    """In-person meetings in the bounding box around a circle of `miles`.

    Uncorrelated: the ids of groups meeting in the box, found through the venue index with
    no arithmetic. Correlated: the great-circle distance to the group's nearest venue in
    the box, worked out only for groups that the other conditions have let through.
    """
    min_lat, max_lat, min_lon, max_lon = bounding_box(point.latitude, point.longitude, miles)
    where = (
        "m.attendance IN ('in_person', 'both') "
        "AND v.latitude BETWEEN %s AND %s AND v.longitude BETWEEN %s AND %s"
    )
    params = [min_lat, max_lat, min_lon, max_lon]
    joins = "FROM directory_meeting m JOIN directory_venue v ON v.id = m.venue_id "
    if correlated:
        distance, distance_params = distance_sql(point)
        sql = f"SELECT MIN({distance}) {joins}WHERE m.group_id = directory_group.id AND {where}"
        return sql, [*distance_params, *params]
    return f"SELECT m.group_id {joins}WHERE {where}", params


def _filtered(query: Query):
    from ..models import Group, Meeting, new_group_cutoff
    from ..recurrence import EVENING_STARTS

    qs = Group.objects.for_search()
    f = query.filters
    if query.category_ids:
        qs = qs.filter(id__in=Group.categories.through.objects.filter(
            category_id__in=query.category_ids).values("group_id"))
    if f.meets == "in_person":
        qs = qs.filter(meets_in_person=True)
    elif f.meets == "online":
        qs = qs.filter(meets_online=True)
    elif f.meets == "both":
        qs = qs.filter(meets_in_person=True, meets_online=True)
    # Per-group EXISTS checks, so an index on the meeting's group answers them for just
    # the groups the words, place or category have already found.
    meetings = Meeting.objects.filter(group_id=OuterRef("pk"))
    if f.weekday is not None:
        meetings = meetings.filter(weekday=f.weekday)
    if f.time_of_day == "daytime":
        meetings = meetings.filter(start_time__lt=EVENING_STARTS)
    elif f.time_of_day == "evening":
        meetings = meetings.filter(start_time__gte=EVENING_STARTS)
    if f.step_free:
        meetings = meetings.filter(venue__step_free=True)
    if f.weekday is not None or f.time_of_day or f.step_free:
        qs = qs.filter(Exists(meetings))
    if f.women_only:
        qs = qs.filter(women_only=True)
    if f.family_welcome:
        qs = qs.filter(family_welcome=True)
    if f.language:
        qs = qs.filter(Exists(Group.languages.through.objects.filter(
            group_id=OuterRef("pk"), language__code=f.language)))
    if f.new_groups:
        qs = qs.filter(started_on__gte=new_group_cutoff())
    return qs


def _ranked(query: Query, terms: list[Term], any_term: bool):
    qs = _filtered(query)
    order = []
    if terms:
        engine = backend()
        match_sql, match_params = engine.match(terms, any_term)
        tier_sql, tier_params = engine.tier(terms, any_term)
        # The SQL is built from fixed fragments; every value the person typed is a parameter.
        qs = qs.filter(id__in=RawSQL(match_sql, match_params)).annotate(  # noqa: S611
            tier=RawSQL(tier_sql, tier_params))  # noqa: S611
        order.append(F("tier").desc())
    else:
        qs = qs.annotate(tier=Value(0))
    if query.point:
        distance_sql_, distance_params = _in_box(query.point, query.miles, correlated=True)
        qs = qs.annotate(distance=RawSQL(distance_sql_, distance_params))  # noqa: S611 - parameters only
        box_sql, box_params = _in_box(query.point, query.miles, correlated=False)
        is_near = Q(id__in=RawSQL(box_sql, box_params), distance__lte=query.miles)  # noqa: S611
        if query.filters.meets == "online":
            pass  # online meetings can be joined from anywhere
        elif query.filters.meets in ("in_person", "both"):
            qs = qs.filter(is_near)
        else:
            # Groups that meet only online can be joined from anywhere; a group that also
            # meets in person far away is found by asking for online meetings.
            qs = qs.filter(is_near | Q(meets_online=True, meets_in_person=False))
        order.append(F("distance").asc(nulls_last=True))
    else:
        qs = qs.annotate(distance=Value(None, output_field=FloatField()))
    order += [F("name").asc(), F("id").asc()]
    return qs.annotate(total=Window(Count("id"))).order_by(*order)


def search(query: Query) -> Results:
    terms = query_terms(query.words)
    spelled, corrections = spell(terms) if terms else ([], {})
    page = max(1, query.page)
    any_term = False
    rows = _page(query, spelled, any_term, page)
    if not rows and spelled and len(spelled) > 1 and page == 1:
        any_term = True
        rows = _page(query, spelled, any_term, page)
    if not rows and page > 1:
        # Past the end: show the last page rather than nothing.
        total = _ranked(query, spelled, any_term).count()
        page = max(1, math.ceil(total / query.per_page))
        rows = _page(query, spelled, any_term, page)
    total = rows[0][2] if rows else 0
    hits = [Hit(group_id=row[0], distance=row[1]) for row in rows]
    return Results(hits=hits, total=total, page=page, per_page=query.per_page,
                   terms=[t.word for t in spelled], corrections=corrections, matched_any=any_term)


def _page(query, terms, any_term, page):
    start = (page - 1) * query.per_page
    qs = _ranked(query, terms, any_term).values_list("id", "distance", "total")
    return list(qs[start:start + query.per_page])


def load(results: Results) -> Results:
    """Fetch the groups on this page, with what a result needs to show."""
    from ..models import Group

    prefetched = {
        group.pk: group
        for group in Group.objects.filter(pk__in=[hit.group_id for hit in results.hits])
        .prefetch_related("meetings__venue", "categories")
    }
    for hit in results.hits:
        hit.group = prefetched.get(hit.group_id)
    results.hits = [hit for hit in results.hits if hit.group is not None]
    return results

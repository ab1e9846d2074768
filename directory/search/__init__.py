"""Finding groups: by what they are about, by words, and by distance.

`search()` returns one page of group ids with their distances and the number found;
`load()` fetches those groups for display, each with a few words on why it was found.
The full-text index holds each group's words and its tags (tags.py), so the words and
the filters are answered together by the index. Without a place, one statement counts
each band in the index and one more fetches the page; with a place, one statement finds,
measures, ranks and counts (without words, one more may fetch a page of the groups
meeting only online).

Everyday words ("lost my husband") lead to subjects through the vocabulary
(vocabulary.py): a group about those subjects is found with the search's other words
alone, whatever its description says. Ranking rules, the same on both databases, in two
coarse bands of relevance:

1. About the subject: groups about a subject the everyday words lead to, or with every
   word in their name and subjects; then those that only mention the words (in their
   description, say).
2. With a place, the groups meeting within the distance come first, each band nearest
   first; then those meeting only online, each band by name. Asking for online meetings
   lists every band nearest first.
3. Then by name.

Closed groups never appear; paused groups appear and are marked as paused.
"""

import math
from dataclasses import dataclass, field, replace

from django.db import connection
from django.db.models import Prefetch

from ..geo import EARTH_RADIUS_MILES, Point, bounding_box
from . import tags
from .backends import Term, backend
from .index import index_groups, rebuild, refresh_freshness, remove_groups
from .text import closest, plural_variants, query_terms, words
from .vocabulary import Understood, understand

__all__ = ["Filters", "Query", "Results", "search", "load", "index_groups", "remove_groups",
           "rebuild", "spell", "refresh_freshness"]

PER_PAGE = 20
# Fewer groups than this meeting within the distance, and the page offers how many more
# meet within WIDER_MILES.
FEW_NEAR = 3
WIDER_MILES = 25
ABOUT, MENTIONS = 0, 1  # the bands of relevance, best first


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
    language: str = ""  # the page's: its names for the subjects are understood (vocabulary.py)


@dataclass
class Hit:
    group_id: int
    distance: float | None
    band: int | None = None  # ABOUT or MENTIONS; None for a search without words
    group: object = None  # filled in by load()
    why: str = ""  # filled in by load()
    meetings: list = field(default_factory=list)  # filled in by load(): those the filters ask for


@dataclass
class Results:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    terms: list[str]
    corrections: dict[str, str]
    matched_any: bool = False
    near_total: int | None = None  # with a place: how many meet within the distance
    wider: tuple[int, int] | None = None  # (miles, how many more meet within them) when few are near
    phrases: tuple[str, ...] = ()  # the everyday words understood
    subject_ids: tuple[int, ...] = ()  # the subjects they lead to
    filters: Filters = field(default_factory=Filters)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def spell(terms: list[str]) -> tuple[list[Term], dict[str, str]]:
    """Forgive typos and half-typed words, using the words the directory contains."""
    from ..models import SearchWord

    variants = [v for t in terms for v in (t, *plural_variants(t))]
    with connection.cursor() as cursor:
        # Asked on every search with words: a plain statement, without building a query.
        cursor.execute(
            f"SELECT word FROM {SearchWord._meta.db_table} WHERE word IN ({', '.join(['%s'] * len(variants))})",  # noqa: S608
            variants,
        )
        known = {row[0] for row in cursor.fetchall()}
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


def distance_sql(point: Point, venue: str = "v", radius: float = EARTH_RADIUS_MILES) -> tuple[str, list]:
    """Great-circle (haversine) distance from `point` to the venue row named `venue`, in
    miles (or in the unit of the radius given)."""

    def half_sine_squared(column, value):
        # Differences below a millionth of a millimetre count as none: PostgreSQL refuses
        # (rather than rounds to 0) a square too small for a float.
        difference = f"({venue}.{column} - %s)"
        return (f"CASE WHEN ABS({difference}) < 1e-11 THEN 0 "
                f"ELSE POWER(SIN(RADIANS({difference}) / 2), 2) END"), [value, value]

    latitude_sql, latitude_params = half_sine_squared("latitude", point.latitude)
    longitude_sql, longitude_params = half_sine_squared("longitude", point.longitude)
    sql = (
        f"2 * {radius!r} * ASIN(SQRT("
        f"{latitude_sql} + COS(RADIANS(%s)) * COS(RADIANS({venue}.latitude)) * {longitude_sql}"
        "))"
    )
    return sql, [*latitude_params, point.latitude, *longitude_params]


def _residual(query: Query) -> tuple[str, list, bool]:
    """Conditions that depend on today's date, so cannot be tags: on `{id}`, for ids()
    (none on a day the cut-off job has run and no "new groups" filter); and whether the
    index's "not confirmed recently" tag can be trusted."""
    from ..freshness import hidden_before
    from ..models import new_group_cutoff
    from .index import fresh_after_date

    cutoff = hidden_before()
    fresh_after = fresh_after_date()
    where, params = [], []
    # "last_confirmed_on <= cutoff" below is freshness.hidden_q, written as SQL because
    # it is asked on every search.
    trust_stale_tag = fresh_after is None or fresh_after <= cutoff
    if not trust_stale_tag:
        # The cut-off has moved back (a longer setting) since the job last ran: some
        # tagged stale are listed again. Ask the groups' dates instead, until it runs.
        where.append("{id} NOT IN (SELECT id FROM directory_group WHERE last_confirmed_on <= %s)")
        params.append(cutoff)
    elif fresh_after != cutoff:
        # Groups tagged fresh whose confirmation has since passed the cut-off.
        where.append("{id} NOT IN (SELECT id FROM directory_group WHERE last_confirmed_on <= %s"
                     + (" AND last_confirmed_on > %s)" if fresh_after is not None else ")"))
        params += [cutoff] + ([fresh_after] if fresh_after is not None else [])
    if query.filters.new_groups:
        where.append("{id} IN (SELECT id FROM directory_group WHERE started_on >= %s)")
        params.append(new_group_cutoff())
    return " AND ".join(where), params, trust_stale_tag


class _Plan:
    """The match expressions for one query: bands of words and subjects, and tags for the
    filters.

    terms: every word searched for; rest: those the everyday words do not explain, which
    every result has (unless any word will do); subjects: what the everyday words lead to.
    """

    def __init__(self, query: Query, terms: list[Term], any_term: bool,
                 rest: list[Term] | None = None, subjects: tuple[int, ...] = ()):
        self.query, self.terms, self.any_term = query, terms, any_term
        self.rest = terms if rest is None else rest
        self.subjects = subjects if terms else ()
        self.engine = backend()
        required, any_of, self.excluded = tags.for_query(query)
        self.filters = self.engine.tags(required, any_of) if required or any_of else None
        self.where, self.where_params, trust_stale_tag = _residual(query)
        if not trust_stale_tag:
            self.excluded = [tag for tag in self.excluded if tag != tags.STALE]

    def ids(self, expression) -> tuple[str, list]:
        return self.engine.ids(expression, self.where, self.where_params)

    def words(self, columns):
        return self.engine.words(self.terms, self.any_term, columns)

    def _narrowed(self, *positive):
        """Groups matching every positive expression and the filters, and none of the
        excluded tags."""
        e = self.engine
        parts = [p for p in (*positive, self.filters) if p] or [e.tags([tags.EVERY_GROUP])]
        expression = parts[0]
        for part in parts[1:]:
            expression = e.both(expression, part)
        return e.but_not(expression, e.any_tag(self.excluded))

    def _rest(self):
        """What every result must match of the words the everyday words leave."""
        if not self.subjects:
            return self.words("all")
        return self.engine.words(self.rest, False) if self.rest and not self.any_term else None

    def _subjects(self):
        return self.engine.any_tag([tags.category(pk) for pk in self.subjects])

    def about(self):
        """Groups about the subjects the words lead to, or with the words in their name and
        subjects."""
        e = self.engine
        name_categories = e.column_words(self.terms, self.any_term, "name_categories")
        return e.either(self._subjects(), name_categories) if self.subjects else name_categories

    def matching(self, *more):
        """Groups matching the words (or about the subjects they lead to), the filters, and
        these further expressions."""
        if not self.terms:
            return self._narrowed(*more)
        if not self.subjects:
            return self._narrowed(self.words("all"), *more)
        return self._narrowed(self._rest(), self.engine.either(self._subjects(), self.words("all")), *more)

    def tiers(self) -> list[str]:
        """Expressions for each band, best first: about the subject, then mentioning the
        words. Without words, one band of every group. (Asked of the main index alone:
        intersecting sets from two tables costs more.)"""
        if not self.terms:
            return [self._narrowed()]
        e = self.engine
        about = self.about()
        return [
            self._narrowed(self._rest(), about),
            e.but_not(self.matching(), about),
        ]

    def about_sql(self, column: str) -> tuple[str, list]:
        """SQL true when the group whose id is `column` is in the first band (the matches
        near a place are few: each is looked up in the subjects' own index and the names)."""
        name_sql, params = self.engine.name_ids(self.terms, self.any_term, "name_categories")
        sql = f"{column} IN ({name_sql})"
        if self.subjects:
            marks = ", ".join(["%s"] * len(self.subjects))
            sql = (f"(EXISTS (SELECT 1 FROM directory_group_categories gc WHERE gc.group_id = {column} "
                   f"AND gc.category_id IN ({marks})) OR {sql})")
            params = [*self.subjects, *params]
        return sql, params


# A tier with more matches than this, compared with the size of the directory, is paged by
# walking the groups in name order; fewer are looked up and sorted.
WALK_FACTOR = 1


def _counts(plan: _Plan) -> tuple[list[int], int]:
    """How many groups each tier has, and the highest group id (the directory's size)."""
    if plan.terms and plan.engine.counts_in_one_pass:
        # The first band is the matches about the subject, the second the rest of them: one
        # reading of the matches counts both.
        sql, params = plan.engine.count_with(plan.matching(), plan.about(), plan.where, plan.where_params)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT c.*, (SELECT MAX(id) FROM directory_group) FROM ({sql}) c", params)
            every, about, largest_id = cursor.fetchone()
        return [about, every - about], largest_id or 0
    parts, params = [], []
    for expression in plan.tiers():
        sql, sql_params = plan.ids(expression)
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) t)")
        params += sql_params
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}, (SELECT MAX(id) FROM directory_group)", params)
        row = cursor.fetchone()
    return list(row[:-1]), row[-1] or 0


def _walk(count: int, start: int, take: int, largest_id: int) -> bool:
    """Whether to page through `count` matches by walking the groups in name order."""
    return count * count > WALK_FACTOR * (start + take) * largest_id


def _page_by_name(plan: _Plan, counts: list[int], largest_id: int, start: int, size: int):
    rows = []
    for band, (expression, count) in enumerate(zip(plan.tiers(), counts, strict=True)):
        if start >= count:
            start -= count
            continue
        take = min(size - len(rows), count - start)
        ids_sql, params = plan.ids(expression)
        with connection.cursor() as cursor:
            cursor.execute(plan.engine.ordered_by_name(ids_sql, _walk(count, start, take, largest_id)),
                           [*params, take, start])
            rows += [(row[0], None, band if plan.terms else None) for row in cursor.fetchall()]
        start = 0
        if len(rows) == size:
            break
    return rows


def _page_by_distance(plan: _Plan, start: int, size: int):
    """One page of (id, distance, band, total, how many near), ordered as search's rules say.

    The index finds the candidates: groups matching the words and filters and meeting in
    a grid square around the place (or only online). The venues' own index then gives the
    in-person meetings of those in the bounding box, and the great-circle distance is
    worked out for those alone. Without words, groups meeting only online are found,
    counted and put in order apart (see _near_then_online).
    """
    query, engine = plan.query, plan.engine
    point, miles = query.point, query.miles
    min_lat, max_lat, min_lon, max_lon = bounding_box(point.latitude, point.longitude, miles)
    online_anywhere = query.filters.meets not in ("online", "in_person", "both")
    squares = tags.squares_covering(min_lat, max_lat, min_lon, max_lon)
    distance, distance_params = distance_sql(point)
    near = (
        f"SELECT m.group_id AS id, MIN({distance}) AS distance FROM directory_meeting m "
        "JOIN directory_venue v ON v.id = m.venue_id "
        "WHERE m.attendance IN ('in_person', 'both') "
        "AND v.latitude BETWEEN %s AND %s AND v.longitude BETWEEN %s AND %s "
        "AND m.group_id IN (SELECT id FROM candidates) GROUP BY m.group_id"
    )
    near_params = [*distance_params, min_lat, max_lat, min_lon, max_lon]
    if query.filters.meets == "online" or not squares:
        candidates_sql, params = plan.ids(plan.matching())
    elif online_anywhere and not plan.terms:
        near_hits = (f"SELECT id, distance FROM ({near}) n WHERE distance <= %s", [*near_params, miles])
        return _near_then_online(plan, plan.ids(plan.matching(engine.any_tag(squares))), near_hits, start, size)
    else:
        candidates_sql, params = plan.ids(plan.matching(
            engine.any_tag([*squares, tags.ONLINE_ONLY] if online_anywhere else squares)))
    band, band_params = "NULL", []
    if plan.terms:
        about_sql, band_params = plan.about_sql("h.id")
        band = f"CASE WHEN {about_sql} THEN {ABOUT} ELSE {MENTIONS} END"
    # In the order the statement reads: the candidates, the band, then the hits.
    params += band_params + near_params
    if query.filters.meets == "online":
        # Online meetings can be joined from anywhere: every match, nearest first.
        hits = f"SELECT c.id, n.distance FROM candidates c LEFT JOIN ({near}) n ON n.id = c.id"
    else:
        hits = f"SELECT id, distance FROM ({near}) n WHERE distance <= %s"
        params.append(miles)
        if online_anywhere:
            # Groups that meet only online can be joined from anywhere; a group that also
            # meets in person far away is found by asking for online meetings. (Online
            # groups first: SQLite reads the candidates once in this order, twice in the other.)
            hits = ("SELECT c.id, NULL AS distance FROM candidates c JOIN directory_group o "
                    f"ON o.id = c.id WHERE o.meets_online AND NOT o.meets_in_person UNION ALL {hits}")
    # Nearest first within each band: online meetings can be joined from anywhere, so when
    # they are asked for the bands come first; otherwise the groups near come first.
    order = "band, h.distance IS NULL" if query.filters.meets == "online" else "h.distance IS NULL, band"
    sql = (
        f"WITH candidates AS MATERIALIZED ({candidates_sql}) "
        f"SELECT h.id, h.distance, {band} AS band, COUNT(*) OVER (), COUNT(h.distance) OVER () "
        f"FROM ({hits}) h JOIN directory_group g ON g.id = h.id "
        f"ORDER BY {order}, h.distance, g.name, g.id LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, size, start])
        return cursor.fetchall()


def _near_then_online(plan: _Plan, candidates: tuple[str, list], near_hits: tuple[str, list],
                      start: int, size: int):
    """Without words, one tier: the groups meeting within the distance, nearest first,
    then those meeting only online, by name. The index finds the two apart, so the many
    groups meeting online are counted there, and only a page of them is put in order."""
    engine = plan.engine
    (candidates_sql, params), (hits_sql, hits_params) = candidates, near_hits
    online_sql, online_params = plan.ids(plan.matching(engine.any_tag([tags.ONLINE_ONLY])))
    sql = (
        f"WITH candidates AS MATERIALIZED ({candidates_sql}), hits AS MATERIALIZED ({hits_sql}) "
        "SELECT c.near, c.online, c.largest, p.id, p.distance FROM ("
        "SELECT (SELECT COUNT(*) FROM hits) AS near, "
        f"(SELECT COUNT(*) FROM ({online_sql}) o) AS online, "
        "(SELECT MAX(id) FROM directory_group) AS largest) c "
        "LEFT JOIN (SELECT h.id, h.distance, g.name FROM hits h JOIN directory_group g ON g.id = h.id "
        "ORDER BY h.distance, g.name, g.id LIMIT %s OFFSET %s) p ON TRUE "
        "ORDER BY p.distance, p.name, p.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *hits_params, *online_params, size, start])
        result = cursor.fetchall()
    near_count, online_count, largest_id = result[0][:3]
    rows = [(row[3], row[4]) for row in result if row[3] is not None]
    online_start = max(0, start - near_count)
    take = min(size - len(rows), online_count - online_start)
    if take > 0:
        walk = _walk(online_count, online_start, take, largest_id or 0)
        with connection.cursor() as cursor:
            cursor.execute(engine.ordered_by_name(online_sql, walk), [*online_params, take, online_start])
            rows += [(row[0], None) for row in cursor.fetchall()]
    total = near_count + online_count
    return [(group_id, distance, None, total, near_count) for group_id, distance in rows]


@dataclass(frozen=True)
class _Words:
    """A search's words as understood: every word searched for, those the everyday words
    leave, and the subjects they lead to."""

    terms: list[Term]
    rest: list[Term]
    understood: Understood
    corrections: dict[str, str]


def _understand(text: str, language: str = "") -> _Words:
    typed = query_terms(text)
    if not typed:
        return _Words([], [], Understood(), {})
    understood = understand(typed, language)
    # Words the everyday words explain are not "corrected" into the directory's own.
    left = [t for t in typed if t not in understood.explained]
    spelled, corrections = spell(left) if left else ([], {})
    by_typed = dict(zip(left, spelled, strict=True))
    terms = [by_typed.get(t, Term(t)) for t in typed]
    if corrections:
        # A word put right may be an everyday one ("widdow"), or narrow one ("bereavment").
        understood = understand([t.word for t in terms], language)
    return _Words(terms, [t for t in terms if t.word not in understood.explained], understood, corrections)


def _find(query: Query, words: _Words, any_term: bool) -> tuple[list, int, int, int | None]:
    """(rows of (id, distance, band), total, page, how many near) for the page asked for,
    or the last page."""
    plan = _Plan(query, words.terms, any_term, words.rest, words.understood.subject_ids)
    page = max(1, query.page)
    if query.point is None:
        counts, largest_id = _counts(plan)
        total = sum(counts)
        page = min(page, max(1, math.ceil(total / query.per_page)))
        rows = _page_by_name(plan, counts, largest_id, (page - 1) * query.per_page, query.per_page)
        return rows, total, page, None
    rows = _page_by_distance(plan, (page - 1) * query.per_page, query.per_page)
    if not rows and page > 1:
        # Past the end: show the last page rather than nothing.
        rows = _page_by_distance(plan, 0, 1)
        total = rows[0][3] if rows else 0
        page = max(1, math.ceil(total / query.per_page))
        rows = _page_by_distance(plan, (page - 1) * query.per_page, query.per_page)
    total, near = (rows[0][3], rows[0][4]) if rows else (0, 0)
    return [(row[0], row[1], row[2]) for row in rows], total, page, near


def _wider(query: Query, words: _Words, any_term: bool, near: int | None) -> tuple[int, int] | None:
    """(WIDER_MILES, how many more groups meet within them) when few meet within the
    distance asked for; None when the question does not arise."""
    if (query.point is None or near is None or near >= FEW_NEAR or query.miles >= WIDER_MILES
            or query.filters.meets == "online"):
        return None
    # Asking for in-person meetings counts the groups meeting within the distance alone.
    wide = replace(query, miles=WIDER_MILES, page=1, per_page=1,
                   filters=replace(query.filters, meets=query.filters.meets or "in_person"))
    _rows, _total, _page, wide_near = _find(wide, words, any_term)
    return (WIDER_MILES, wide_near - near) if wide_near > near else None


def search(query: Query) -> Results:
    words = _understand(query.words, query.language)
    any_term = False
    rows, total, page, near = _find(query, words, any_term)
    if not total and len(words.terms) > 1:
        # No group has every word: those with some of them, if any (and if none, the page
        # says that nothing matched, not that some words did).
        found = _find(query, words, True)
        if found[1]:
            any_term = True
            rows, total, page, near = found
    hits = [Hit(group_id=group_id, distance=distance, band=band) for group_id, distance, band in rows]
    return Results(hits=hits, total=total, page=page, per_page=query.per_page,
                   terms=[t.word for t in words.terms], corrections=words.corrections, matched_any=any_term,
                   near_total=near, wider=_wider(query, words, any_term, near),
                   phrases=words.understood.phrases, subject_ids=words.understood.subject_ids,
                   filters=query.filters)


def _stem(word: str) -> str:
    """A rough stem, enough to say which words a group mentions ("widowed", "widows" and
    "widow" alike); which groups match is the index's stemmer's business."""
    for ending in ("ing", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _mentions(term: str, found: set[str], stems: set[str], prefix=False) -> bool:
    return term in found or _stem(term) in stems or (prefix and any(w.startswith(term) for w in found))


def explain(group, band: int | None, terms: list[Term], subject_ids: tuple[int, ...]) -> str:
    """In a few words, why a group was found: "about Losing someone close; mentions
    “husband”". Empty for a search without words."""
    from django.utils.translation import gettext as _

    if band is None or not terms:
        return ""
    own = set(words(" ".join([group.name, group.summary, group.who_for, group.description,
                              group.newcomers, group.affiliation,
                              *(f"{t.name} {t.description}" for t in group.translations.all())])))
    own_stems = {_stem(w) for w in own}
    subjects = []
    if band == ABOUT:
        for category in group.categories.all():
            parent = category.parent if category.parent_id else None
            said = set(words(" ".join(str(part) for part in (
                category.name, category.keywords, parent and parent.name, parent and parent.keywords) if part)))
            said_stems = {_stem(w) for w in said}
            if category.pk in subject_ids or any(_mentions(t.word, said, said_stems, t.prefix) for t in terms):
                subjects.append(category.label)
    mentioned = [t.word for t in terms if _mentions(t.word, own, own_stems, t.prefix)]
    parts = []
    if subjects:
        parts.append(_("about %(subjects)s") % {"subjects": _(" and ").join(subjects)})
    if mentioned:
        parts.append(_("mentions %(words)s") % {"words": ", ".join(f"“{w}”" for w in mentioned)})
    if not parts:
        parts.append(_("about what you searched for") if band == ABOUT else _("mentions your words"))
    return "; ".join(parts)


def load(results: Results) -> Results:
    """Fetch the groups on this page, with what a result needs to show: why it was found,
    and the meetings the filters asked for (a group found for its evening meeting shows
    that one)."""
    from ..models import Category, Group

    prefetched = {
        group.pk: group
        for group in Group.objects.filter(pk__in=[hit.group_id for hit in results.hits])
        .with_coordinator_on_hub()  # "will contact you" on each result, with no query a group
        .prefetch_related("meetings__venue", "meetings__changes", "translations",
                          Prefetch("categories", queryset=Category.objects.select_related("parent")))
    }
    terms = [Term(t) for t in results.terms]
    for hit in results.hits:
        hit.group = prefetched.get(hit.group_id)
        if hit.group is None:
            continue
        hit.why = explain(hit.group, hit.band, terms, results.subject_ids)
        hit.meetings = [m for m in hit.group.meetings.all() if tags.meeting_matches(m, results.filters)]
    results.hits = [hit for hit in results.hits if hit.group is not None]
    return results


def next_meeting(hit: Hit, after=None):
    """(start, meeting): the next of the meetings a result was found for."""
    dates = [(d, m) for m in hit.meetings for d in m.next_dates(1, after=after)]
    return min(dates, key=lambda pair: pair[0]) if dates else None

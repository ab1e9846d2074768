"""Tags: the facts search filters on, kept in the full-text index beside the words.

Each indexed group carries a tag for every fact a filter can ask about (each category,
each language, women only, family welcome, online meetings, and every combination of
day, time of day and step-free access its meetings offer) and for the grid squares its
venues stand in. A search asks the index for the words and the tags together, so
filtering and counting happen in the index instead of row by row in the groups table.

Facts true of nearly every group are tagged by their exceptions (NOT_REACHABLE, STALE,
NOT_IN_PERSON), which search excludes: an index answers "has this rare tag" quickly and
"has this common tag" slowly. Without NOT_REACHABLE and STALE a group is *listed*, the
visibility rule of directory/visibility.py, whose functions decide both tags.

Tags are letters and digits beginning with PREFIX, kept in their own column (FTS5) or
weight (PostgreSQL) and asked for only there; and no word of a listing or a search may
contain PREFIX (text.py breaks or drops them).
"""

import datetime
import math

from .. import freshness, visibility
from ..recurrence import EVENING_STARTS
from .text import TAG_PREFIX as PREFIX  # noqa: F401 - named here for readers of this module

EVERY_GROUP = "0xall"
NOT_REACHABLE = "0xunlisted"
STALE = "0xstale"
NOT_IN_PERSON = "0xnoinperson"
ONLINE = "0xonline"
ONLINE_ONLY = "0xonlineonly"
WOMEN_ONLY = "0xwomen"
FAMILY_WELCOME = "0xfamily"



def category(category_id: int) -> str:
    return f"0xc{int(category_id)}"


def language(code: str) -> str:
    # Hexadecimal keeps every code distinct ("pt-BR", "pt") in letters and digits only.
    return "0xl" + (code or "").encode().hex()


def meeting(weekday: int | None = None, time_of_day: str = "", step_free: bool = False) -> str:
    """The tag for 'has a meeting on this day, at this time of day, with step-free access'."""
    return "0xm" + (f"w{int(weekday)}" if weekday is not None else "") + (
        {"daytime": "td", "evening": "te"}.get(time_of_day, "")) + ("sf" if step_free else "")


def _meeting_tags(m) -> set[str]:
    days = [None] if m.weekday is None else [None, m.weekday]
    times = [""]
    if m.start_time is not None:
        times.append("evening" if m.start_time >= EVENING_STARTS else "daytime")
    step_free = [False]
    if m.venue_id and m.venue.step_free:
        step_free.append(True)
    found = {meeting(d, t, s) for d in days for t in times for s in step_free}
    found.discard(meeting())
    return found


# Places: a venue is tagged with the squares of three grids it falls in (side 0.1°, 0.4°
# and 1.6° of latitude, and 1.6 times that of longitude, so roughly square in Britain). A
# search near a place asks for the squares covering its bounding box, on the finest grid
# that needs no more than MAX_SQUARES, and then measures the distance to those it finds.
GRIDS = (0.1, 0.4, 1.6)
LONGITUDE_STRETCH = 1.6
MAX_SQUARES = 64


def _square(level: int, i: int, j: int) -> str:
    # Offsets keep the numbers positive: a tag is letters and digits only.
    return f"0xg{level}n{i + 100000}e{j + 100000}"


def square(level: int, latitude: float, longitude: float) -> str:
    size = GRIDS[level]
    return _square(level, math.floor(latitude / size), math.floor(longitude / (size * LONGITUDE_STRETCH)))


def squares_covering(min_lat: float, max_lat: float, min_lon: float, max_lon: float) -> list[str]:
    """The squares covering a bounding box, or none if it is too large to narrow anything."""
    for level, size in enumerate(GRIDS):
        rows = range(math.floor(min_lat / size), math.floor(max_lat / size) + 1)
        lon_size = size * LONGITUDE_STRETCH
        columns = range(math.floor(min_lon / lon_size), math.floor(max_lon / lon_size) + 1)
        if len(rows) * len(columns) <= MAX_SQUARES:
            return [_square(level, i, j) for i in rows for j in columns]
    return []


def fresh(last_confirmed_on: datetime.date | None, fresh_after: datetime.date | None) -> bool:
    """Not hidden as of the index's cut-off date (search.index.fresh_after_date; None until
    first set, when search asks the groups' dates instead)."""
    return fresh_after is None or not freshness.is_hidden(last_confirmed_on, fresh_after)


def for_group(group, fresh_after: datetime.date | None, categories=None, languages=None, meetings=None) -> str:
    """Every tag for one group, given its categories, languages and meetings (fetched from
    the group if not given)."""
    categories = group.categories.all() if categories is None else categories
    languages = group.languages.all() if languages is None else languages
    meetings = group.meetings.all() if meetings is None else meetings
    found = {EVERY_GROUP}
    if not visibility.is_reachable(group):
        found.add(NOT_REACHABLE)
    if not fresh(group.last_confirmed_on, fresh_after):
        found.add(STALE)
    if not group.meets_in_person:
        found.add(NOT_IN_PERSON)
    if group.meets_online:
        found.add(ONLINE)
        if not group.meets_in_person:
            found.add(ONLINE_ONLY)
    if group.women_only:
        found.add(WOMEN_ONLY)
    if group.family_welcome:
        found.add(FAMILY_WELCOME)
    found.update(category(c.pk) for c in categories)
    found.update(language(lang.code) for lang in languages)
    for m in meetings:
        found.update(_meeting_tags(m))
        venue = m.venue if m.venue_id else None
        if m.attendance in ("in_person", "both") and venue and None not in (venue.latitude, venue.longitude):
            found.update(square(level, venue.latitude, venue.longitude) for level in range(len(GRIDS)))
    return " ".join(sorted(found))


def meeting_matches(m, filters) -> bool:
    """Whether one meeting is what the filters ask for (the rule the index's tags answer
    for the group, asked of the meeting alone)."""
    if filters.meets == "online" and not m.online or filters.meets == "in_person" and not m.in_person:
        return False
    time_of_day = filters.time_of_day if filters.time_of_day in ("daytime", "evening") else ""
    if filters.weekday is None and not time_of_day and not filters.step_free:
        return True
    return meeting(filters.weekday, time_of_day, filters.step_free) in _meeting_tags(m)


def for_query(query) -> tuple[list[str], list[str], list[str]]:
    """(tags every result must have, tags of which it must have at least one, tags no
    result may have)."""
    f = query.filters
    required, excluded = [], [NOT_REACHABLE, STALE]
    if f.meets in ("in_person", "both"):
        excluded.append(NOT_IN_PERSON)
    if f.meets in ("online", "both"):
        required.append(ONLINE)
    time_of_day = f.time_of_day if f.time_of_day in ("daytime", "evening") else ""
    if f.weekday is not None or time_of_day or f.step_free:
        required.append(meeting(f.weekday, time_of_day, f.step_free))
    if f.women_only:
        required.append(WOMEN_ONLY)
    if f.family_welcome:
        required.append(FAMILY_WELCOME)
    if f.language:
        required.append(language(f.language))
    any_of = [category(pk) for pk in query.category_ids]
    return required, any_of, excluded

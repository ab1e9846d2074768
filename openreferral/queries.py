"""The questions the API asks of the directory, as single SQL statements.

Searching reuses the directory's full-text index (directory.search): the same word
cleaning, spelling and per-database backend, and the same ranking (name, then name and
categories, then anywhere; ties by name). Every filter is combined with AND, as the
Open Referral API requires.
"""

import datetime
import uuid
from collections import namedtuple
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, FloatField, Q, Value, Window
from django.db.models.expressions import RawSQL

from directory import search
from directory.geo import EARTH_RADIUS_MILES, bounding_box
from directory.models import Category, Group, Meeting, Venue
from directory.search.backends import backend
from directory.search.text import query_terms
from directory.visibility import listed_q

from . import ids

EARTH_RADIUS_METRES = 6_371_008.8


@dataclass(frozen=True)
class ServiceFilters:
    search: str = ""
    taxonomy_term_id: str = ""
    taxonomy_id: str = ""
    organization_id: str = ""
    modified_after: datetime.datetime | None = None


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _category_ids(term_id: str) -> list[int] | None:
    """Groups tagged with this term: a category (with its children), or every group for one
    of our listing-detail terms. None means the term is unknown: nothing matches."""
    if term_id in ids.DETAIL_TERM_BY_ID:
        return []
    term = _uuid(term_id)
    category = Category.objects.filter(uuid=term).first() if term else None
    return category.with_children_ids() if category else None


def groups(filters: ServiceFilters):
    """Listed groups matching the filters, ranked; annotated with `tier`."""
    qs = Group.objects.listed()
    if filters.taxonomy_term_id:
        category_ids = _category_ids(filters.taxonomy_term_id)
        if category_ids is None:
            return qs.none().annotate(tier=Value(0))
        if category_ids:
            qs = qs.filter(id__in=Group.categories.through.objects.filter(
                category_id__in=category_ids).values("group_id"))
    if filters.taxonomy_id:
        if filters.taxonomy_id == ids.CATEGORIES_TAXONOMY_ID:
            qs = qs.filter(id__in=Group.categories.through.objects.values("group_id"))
        elif filters.taxonomy_id != ids.DETAILS_TAXONOMY_ID:
            return qs.none().annotate(tier=Value(0))
    if filters.organization_id:
        group_uuid = ids.group_uuid_for_organization(filters.organization_id)
        if group_uuid is None:
            return qs.none().annotate(tier=Value(0))
        qs = qs.filter(uuid=group_uuid)
    if filters.modified_after:
        qs = qs.filter(updated_at__gte=filters.modified_after)
    terms = query_terms(filters.search) if filters.search else []
    if terms:
        spelled, _corrections = search.spell(terms)
        engine = backend()
        match_sql, match_params = engine.match(spelled)
        tier_sql, tier_params = engine.tier(spelled)
        # Fixed SQL fragments from the search backend; every word is a parameter.
        qs = qs.filter(id__in=RawSQL(match_sql, match_params)).annotate(  # noqa: S611
            tier=RawSQL(tier_sql, tier_params))  # noqa: S611
    else:
        qs = qs.annotate(tier=Value(0))
    return qs


def page_of_ids(queryset, order, page: int, per_page: int) -> tuple[list[int], int]:
    """One page of ids and the total, counted in the same statement."""
    start = (page - 1) * per_page
    rows = list(
        queryset.annotate(total=Window(Count("id"))).order_by(*order)
        .values_list("id", "total")[start:start + per_page]
    )
    total = rows[0][1] if rows else queryset.order_by().count() if page > 1 else 0
    return [row[0] for row in rows], total


def service_order(filters: ServiceFilters) -> list:
    # Ordering by a constant tier would be an error on PostgreSQL, so only when searching.
    by_name = [F("name").asc(), F("id").asc()]
    return [F("tier").desc(), *by_name] if filters.search and query_terms(filters.search) else by_name


def ordered_groups(filters: ServiceFilters):
    return groups(filters).order_by(*service_order(filters))


def service_page(filters: ServiceFilters, page: int, per_page: int) -> tuple[list[int], int]:
    return page_of_ids(groups(filters), service_order(filters), page, per_page)


def service_page_sql(filters: ServiceFilters, per_page: int):
    """The statement service_page() sends for the first page (for the benchmark)."""
    qs = (groups(filters).annotate(total=Window(Count("id"))).order_by(*service_order(filters))
          .values_list("id", "total")[:per_page])
    return qs.query.sql_with_params()


def in_order(queryset, pks: list[int]) -> list:
    found = {obj.pk: obj for obj in queryset.filter(pk__in=pks)}
    return [found[pk] for pk in pks if pk in found]


# Light stand-ins for the model instances a page of brief records is made from: only the
# fields the records use, read in one query (making the instances cost more than the query).
GroupRow = namedtuple("GroupRow", "pk uuid name description website email stage who_for stage_note "
                                  "last_confirmed_on updated_at")
VenueRow = namedtuple("VenueRow", "uuid name transport latitude longitude address_1 address_2 town postcode at_home")
MeetingRow = namedtuple("MeetingRow", "pk uuid venue_id online_details group_uuid venue")


def group_rows(pks: list[int]) -> list[GroupRow]:
    """These groups, in this order, with the fields of a brief service."""
    rows = Group.objects.filter(pk__in=pks).values_list(*GroupRow._fields)
    found = {row[0]: GroupRow._make(row) for row in rows}
    return [found[pk] for pk in pks if pk in found]


def meeting_rows(pks: list[int]) -> list[MeetingRow]:
    """These meetings, in this order, with their venues and their groups' UUIDs.

    Written out in SQL: for one page of meetings, building the same statement through the
    ORM takes longer than running it."""
    if not pks:
        return []
    quote = connection.ops.quote_name
    meeting, group, venue = (model._meta for model in (Meeting, Group, Venue))

    def column(meta, name):
        return f"{quote(meta.db_table)}.{quote(meta.get_field(name).column)}"

    columns = [column(meeting, name) for name in ("id", "uuid", "venue", "online_details")]
    columns += [column(group, "uuid"), *(column(venue, name) for name in VenueRow._fields)]
    sql = (
        f"SELECT {', '.join(columns)} FROM {quote(meeting.db_table)} "
        f"INNER JOIN {quote(group.db_table)} ON {column(meeting, 'group')} = {column(group, 'id')} "
        f"LEFT OUTER JOIN {quote(venue.db_table)} ON {column(meeting, 'venue')} = {column(venue, 'id')} "
        f"WHERE {column(meeting, 'id')} IN ({', '.join(['%s'] * len(pks))})"  # noqa: S608 - names from the models
    )
    as_uuid = meeting.get_field("uuid").to_python
    with connection.cursor() as cursor:
        cursor.execute(sql, pks)
        found = {}
        for pk, meeting_uuid, venue_id, online_details, group_uuid, venue_uuid, *place in cursor.fetchall():
            found[pk] = MeetingRow(pk, as_uuid(meeting_uuid), venue_id, online_details, as_uuid(group_uuid),
                                   VenueRow(as_uuid(venue_uuid), *place) if venue_id else None)
    return [found[pk] for pk in pks if pk in found]


def meetings(filters: ServiceFilters, point=None, proximity: float | None = None):
    """Meetings (services at locations) of matching listed groups; nearest first with a point."""
    if filters == ServiceFilters():
        # Only the listing rules: a join, so the venue index can lead for a place.
        qs = Meeting.objects.filter(listed_q("group__"))
    else:
        qs = Meeting.objects.filter(group_id__in=groups(filters).order_by().values("id"))
    if point is None:
        return (qs.annotate(distance=Value(None, output_field=FloatField())),
                [F("group__name").asc(), F("id").asc()])
    qs = qs.filter(venue__isnull=False)
    if proximity is not None:
        min_lat, max_lat, min_lon, max_lon = bounding_box(
            point.latitude, point.longitude, proximity * EARTH_RADIUS_MILES / EARTH_RADIUS_METRES)
        qs = qs.filter(venue__latitude__range=(min_lat, max_lat), venue__longitude__range=(min_lon, max_lon))
    else:
        # The distance reads the venue's position, so the venue must be joined, which a
        # filter on venue__isnull alone does not do.
        qs = qs.filter(venue__latitude__isnull=False, venue__longitude__isnull=False)
    sql, params = search.distance_sql(point, venue='"directory_venue"', radius=EARTH_RADIUS_METRES)
    qs = qs.annotate(distance=RawSQL(sql, params, output_field=FloatField()))  # noqa: S611 - parameters only
    if proximity is not None:
        qs = qs.filter(distance__lte=proximity)
    return qs, [F("distance").asc(), F("id").asc()]


def meeting_page(queryset, order, page, per_page) -> tuple[list[tuple[int, float | None]], int]:
    start = (page - 1) * per_page
    rows = list(
        queryset.annotate(total=Window(Count("id"))).order_by(*order)
        .values_list("id", "distance", "total")[start:start + per_page]
    )
    total = rows[0][2] if rows else queryset.order_by().count() if page > 1 else 0
    return [(row[0], row[1]) for row in rows], total


def search_categories(text: str):
    qs = Category.objects.select_related("parent")
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(keywords__icontains=text))
    return qs

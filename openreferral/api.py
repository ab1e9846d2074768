"""The read-only public API, shaped as Open Referral UK 3.0 (HSDS 3).

Served under /api/ with its OpenAPI document at /api/openapi.json and browsable docs at
/api/docs. Only listed groups (Group.objects.listed()) appear, in lists and by id. Bad query
parameters get 400 with a JSON error; unknown ids get 404 with a JSON error.
"""

import datetime
import json
import math
import uuid
from dataclasses import dataclass
from typing import Annotated, Literal

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F
from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, ValidationError
from pydantic import WithJsonSchema

from directory.geo import LocationError, geocoder
from directory.models import Category, Group, Meeting

from . import ids, queries, serialize
from .schemas import (
    ApiDetails,
    Error,
    Organization,
    OrganizationPage,
    Service,
    ServiceAtLocation,
    ServiceAtLocationPage,
    ServicePage,
    Taxonomy,
    TaxonomyPage,
    TaxonomyTerm,
    TaxonomyTermPage,
)

MAX_PER_PAGE = 1000
NDJSON = "application/x-ndjson"

api = NinjaAPI(
    title="Self Help Hub: Open Referral UK API",
    version=ids.VERSION,
    description=str(gettext_lazy(
        "Self-help and mutual aid groups, as Open Referral UK 3.0 (HSDS 3). Read-only, no key needed."
    )),
    urls_namespace="openreferral",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

Format = Literal["json", "ndjson"]
Search = Query(None, max_length=200, description="Full-text search: words in the name, subject or description.")
PageNumber = Query(1, ge=1, le=1_000_000, description="Page number, from 1.")
PerPage = Query(50, ge=1, le=MAX_PER_PAGE, description="Items on a page (at most 1000).")
TermId = Query(None, max_length=100, description="Only records tagged with this taxonomy term.")
TaxonomyId = Query(None, max_length=100, description="Only records tagged with any term of this taxonomy.")
OrganizationId = Query(None, max_length=100, description="Only services of this organisation.")
ModifiedAfter = Query(None, description="Only records changed at or after this date-time (ISO 8601).")
DateTimeText = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time", "maxLength": 40})]
FormatParam = Query("json", description="json (pages) or ndjson (every record, one per line, unpaginated).")
Full = Query(False, description="Fully nested records.")
ERRORS = {400: Error, 404: Error}
NDJSON_DOC = {"responses": {200: {"content": {NDJSON: {"schema": {"type": "string"}}}}}}


@dataclass(frozen=True)
class GroupRef:
    uuid: uuid.UUID


@api.exception_handler(ValidationError)
def bad_parameters(request, exc):
    problems = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        problems.append({"parameter": ".".join(location), "message": str(error.get("msg", ""))})
    names = ", ".join(sorted({p["parameter"] for p in problems if p["parameter"]})) or "?"
    return api.create_response(
        request, {"error": _("Check these parameters: %(names)s.") % {"names": names}, "detail": problems},
        status=400,
    )


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, {"error": str(exc)}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"error": _("There is no such record.")}, status=404)


def _page(total, page, per_page, contents) -> dict:
    total_pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _as_shaped(request, answer):
    """Send an answer built in its response schema's shape (fields in the schema's order,
    empty ones left out) as it is. Ninja would otherwise check it against the schema and
    write it out again, which for a page of records costs more than making them; the tests
    check that such answers come through that check unchanged."""
    return api.create_response(request, answer, status=200)


def _ndjson(records):
    def lines():
        for record in records:
            yield json.dumps(serialize.clean(record), cls=DjangoJSONEncoder) + "\n"
    return StreamingHttpResponse(lines(), content_type=NDJSON)


def _listed(found, page, per_page, format):
    """A short list made in memory (taxonomies and their terms), as NDJSON or as one page."""
    if format == "ndjson":
        return _ndjson(found)
    start = (page - 1) * per_page
    return _page(len(found), page, per_page, serialize.clean(found[start:start + per_page]))


def _mentioning(terms, search):
    """The taxonomies or terms whose name or description contains the words searched for."""
    words = search.casefold()
    return [t for t in terms if words in (t["name"] + " " + t["description"]).casefold()]


def _when(text) -> datetime.datetime | None:
    """An ISO 8601 date-time (or date); a time without a zone is taken as UTC."""
    if text is None:
        return None
    if not text or len(text) > 40:
        raise HttpError(400, _("Check these parameters: modified_after (a date-time like 2025-01-31T09:00:00Z)."))
    try:
        when = parse_datetime(text)
    except ValueError:
        when = None
    if when is None:
        try:
            day = parse_date(text)
        except ValueError:
            day = None
        if day is None:
            raise HttpError(400, _("Check these parameters: modified_after (a date-time like 2025-01-31T09:00:00Z)."))
        when = datetime.datetime.combine(day, datetime.time())
    return timezone.make_aware(when, datetime.UTC) if timezone.is_naive(when) else when


def _filters(search, taxonomy_term_id, taxonomy_id, organization_id, modified_after):
    modified_after = _when(modified_after)
    return queries.ServiceFilters(
        search=search or "", taxonomy_term_id=taxonomy_term_id or "", taxonomy_id=taxonomy_id or "",
        organization_id=organization_id or "", modified_after=modified_after,
    )


def _group(id_text, queryset=None):
    try:
        key = uuid.UUID(id_text)
    except ValueError:
        raise Http404 from None
    # (Not `queryset or …`: that would fetch the whole queryset to see whether it is empty.)
    group = (serialize.public_groups() if queryset is None else queryset).filter(uuid=key).first()
    if group is None:
        raise Http404
    return group


@api.get("/", response=ApiDetails, summary="About this API", tags=["required"], operation_id="getApiDetails")
def details(request):
    return {
        "version": ids.VERSION,
        "profile": ids.PROFILE_URL,
        "openapi_url": request.build_absolute_uri(reverse("openreferral:openapi-json")),
    }


@api.get("/services", response={200: ServicePage, **ERRORS}, exclude_none=True, tags=["required"],
         summary="Services (groups), a page at a time", operation_id="getServices", openapi_extra=NDJSON_DOC)
def services(
    request, search: str = Search, page: int = PageNumber, per_page: int = PerPage,
    format: Format = FormatParam, taxonomy_term_id: str = TermId, taxonomy_id: str = TaxonomyId,
    organization_id: str = OrganizationId, modified_after: DateTimeText = ModifiedAfter,
    minimal: bool = Query(False, description="Only each service's id, name, status and last change."),
    full: bool = Full,
):
    filters = _filters(search, taxonomy_term_id, taxonomy_id, organization_id, modified_after)
    if format == "ndjson":
        qs = queries.ordered_groups(filters)
        if full:
            qs = serialize.full_prefetch(qs)
        return _ndjson(serialize.service_full(g) if full else serialize.service_brief(g)
                       for g in qs.iterator(chunk_size=500))
    pks, total = queries.service_page(filters, page, per_page)
    if full:
        contents = [serialize.service_full(g) for g in queries.in_order(serialize.full_prefetch(Group.objects), pks)]
    elif minimal:
        contents = [{"id": str(g.uuid), "name": g.name, "status": serialize.STATUS.get(g.stage, "active"),
                     "last_modified": g.updated_at} for g in queries.group_rows(pks)]
    else:
        contents = [serialize.service_brief(g) for g in queries.group_rows(pks)]
    return _page(total, page, per_page, serialize.clean(contents))


@api.get("/services/{id}", response={200: Service, **ERRORS}, exclude_none=True, tags=["required"],
         summary="One service, fully nested", operation_id="getServiceById")
def service(request, id: str):
    group = _group(id, serialize.full_prefetch(serialize.public_groups()))
    return serialize.clean(serialize.service_full(group))


@api.get("/service_at_locations", response={200: ServiceAtLocationPage, **ERRORS}, exclude_none=True,
         tags=["optional"], summary="Meetings: a service at a location, nearest first with a postcode",
         operation_id="getServiceAtLocations", openapi_extra=NDJSON_DOC)
def service_at_locations(
    request, search: str = Search, taxonomy_term_id: str = TermId, taxonomy_id: str = TaxonomyId,
    organization_id: str = OrganizationId, modified_after: DateTimeText = ModifiedAfter,
    full: bool = Full, page: int = PageNumber, per_page: int = PerPage, format: Format = FormatParam,
    postcode: str = Query(None, max_length=60, description="Nearest first from this postcode (or town)."),
    proximity: float = Query(None, gt=0, le=1_000_000,
                             description="Only within this many metres of the postcode."),
):
    filters = _filters(search, taxonomy_term_id, taxonomy_id, organization_id, modified_after)
    point = None
    if proximity is not None and not postcode:
        raise HttpError(400, _("Give a postcode with proximity."))
    if postcode:
        try:
            point = geocoder().locate(postcode)
        except LocationError as error:
            raise HttpError(400, str(error)) from None
    qs, order = queries.meetings(filters, point, proximity)
    # A meeting's record needs only its group's UUID, so the group's text is not loaded.
    related = Meeting.objects.select_related("venue").prefetch_related("changes").annotate(group_uuid=F("group__uuid"))

    def record(meeting, distance=None):
        group = GroupRef(meeting.group_uuid)
        item = serialize.service_at_location(meeting, group, with_location=True, with_schedules=full,
                                             embed=full, brief=not full)
        if distance is not None:
            item["distance"] = round(distance, 1)
        return item

    if format == "ndjson":
        return _ndjson(record(m, m.distance) for m in
                       qs.select_related("venue").annotate(group_uuid=F("group__uuid")).order_by(*order)
                       .iterator(chunk_size=500))
    rows, total = queries.meeting_page(qs, order, page, per_page)
    pks = [pk for pk, _distance in rows]
    distances = dict(rows)
    if full:
        contents = [record(m, distances.get(m.pk)) for m in queries.in_order(related, pks)]
        return _page(total, page, per_page, serialize.clean(contents))
    contents = []
    for meeting in queries.meeting_rows(pks):
        item = record(meeting)
        distance = distances.get(meeting.pk)
        if distance is not None:  # before the location, in the schema's order
            location = item.pop("location")
            item["distance"] = round(distance, 1)
            item["location"] = location
        contents.append(item)
    return _as_shaped(request, _page(total, page, per_page, serialize.clean(contents)))


@api.get("/service_at_locations/{id}", response={200: ServiceAtLocation, **ERRORS}, exclude_none=True,
         tags=["optional"], summary="One meeting, with its location and schedule",
         operation_id="getServiceAtLocationById")
def service_at_location(request, id: str):
    try:
        key = uuid.UUID(id)
    except ValueError:
        raise Http404 from None
    meeting = (serialize.public_meetings().select_related("group", "venue").filter(uuid=key).first())
    if meeting is None:
        raise Http404
    return serialize.clean(serialize.service_at_location(meeting, meeting.group, with_schedules=True))


def _taxonomies(search):
    found = [serialize.taxonomy(taxonomy_id) for taxonomy_id in ids.TAXONOMIES]
    return _mentioning(found, search) if search else found


@api.get("/taxonomies", response={200: TaxonomyPage, **ERRORS}, exclude_none=True, tags=["optional"],
         summary="Our published taxonomies", operation_id="getTaxonomies", openapi_extra=NDJSON_DOC)
def taxonomies(request, search: str = Search, page: int = PageNumber, per_page: int = PerPage,
               format: Format = FormatParam):
    return _listed(_taxonomies(search), page, per_page, format)


@api.get("/taxonomies/{id}", response={200: Taxonomy, **ERRORS}, exclude_none=True, tags=["optional"],
         summary="One taxonomy with its terms", operation_id="getTaxonomyById")
def taxonomy(request, id: str):
    if id not in ids.TAXONOMIES:
        raise Http404
    categories = Category.objects.select_related("parent").order_by("parent_id", "position", "name")
    return serialize.clean(serialize.taxonomy(id, with_terms=True, categories=categories))


def _terms(search, taxonomy_id, top_only, parent_id):
    categories = []
    if taxonomy_id in (None, "", ids.CATEGORIES_TAXONOMY_ID):
        qs = queries.search_categories(search or "").order_by("parent_id", "position", "name")
        if top_only:
            qs = qs.filter(parent__isnull=True)
        if parent_id:
            parent = queries._uuid(parent_id)
            qs = qs.filter(parent__uuid=parent) if parent else qs.none()
        categories = [serialize.category_term(c) for c in qs]
    details = []
    if taxonomy_id in (None, "", ids.DETAILS_TAXONOMY_ID) and not parent_id:
        details = serialize.detail_terms()
        if search:
            details = _mentioning(details, search)
    return categories + details


@api.get("/taxonomy_terms", response={200: TaxonomyTermPage, **ERRORS}, exclude_none=True, tags=["optional"],
         summary="Terms of our taxonomies", operation_id="getTaxonomyTerms", openapi_extra=NDJSON_DOC)
def taxonomy_terms(
    request, search: str = Search, page: int = PageNumber, per_page: int = PerPage, format: Format = FormatParam,
    taxonomy_id: str = TaxonomyId,
    top_only: bool = Query(False, description="Only terms without a parent."),
    parent_id: str = Query(None, max_length=100, description="Only the children of this term."),
):
    return _listed(_terms(search, taxonomy_id, top_only, parent_id), page, per_page, format)


@api.get("/taxonomy_terms/{id}", response={200: TaxonomyTerm, **ERRORS}, exclude_none=True, tags=["optional"],
         summary="One taxonomy term", operation_id="getTaxonomyTermById")
def taxonomy_term(request, id: str):
    if id in ids.DETAIL_TERM_BY_ID:
        return serialize.detail_term(ids.DETAIL_TERM_BY_ID[id])
    key = queries._uuid(id)
    category = Category.objects.select_related("parent").filter(uuid=key).first() if key else None
    if category is None:
        raise Http404
    return serialize.clean(serialize.category_term(category))


@api.get("/organizations", response={200: OrganizationPage, **ERRORS}, exclude_none=True, tags=["optional"],
         summary="Organisations: each group is its own", operation_id="getOrganizations",
         openapi_extra=NDJSON_DOC)
def organizations(
    request, search: str = Search, page: int = PageNumber, per_page: int = PerPage, format: Format = FormatParam,
    full: bool = Full,
    full_service: bool = Query(False, description="With each organisation's services fully nested."),
    taxonomy_term_id: str = TermId, taxonomy_id: str = TaxonomyId,
):
    filters = _filters(search, taxonomy_term_id, taxonomy_id, None, None)
    qs = Group.objects.all()
    if full_service:
        qs = serialize.full_prefetch(qs)

    def record(group):
        if full_service:
            return serialize.organization(group, [serialize.service_full(group)])
        if full:
            return serialize.organization(group, [serialize.service_brief(group)])
        return serialize.organization(group)

    if format == "ndjson":
        ordered = queries.ordered_groups(filters)
        if full_service:
            ordered = serialize.full_prefetch(ordered)
        return _ndjson(record(g) for g in ordered.iterator(chunk_size=500))
    pks, total = queries.service_page(filters, page, per_page)
    contents = [record(g) for g in queries.in_order(qs, pks)]
    return _page(total, page, per_page, serialize.clean(contents))


@api.get("/organizations/{id}", response={200: Organization, **ERRORS}, exclude_none=True, tags=["optional"],
         summary="One organisation with its services", operation_id="getOrganizationById")
def organization(request, id: str,
                 full_service: bool = Query(False, description="Services fully nested.")):
    group_uuid = ids.group_uuid_for_organization(id)
    if group_uuid is None:
        raise Http404
    group = _group(str(group_uuid), serialize.full_prefetch(serialize.public_groups()))
    service = serialize.service_full(group) if full_service else serialize.service_brief(group)
    return serialize.clean(serialize.organization(group, [service]))

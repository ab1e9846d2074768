"""Importing another directory's Open Referral data as groups, venues and meetings.

All or nothing: everything happens in one transaction, and if any record is refused
nothing is kept (unless skip_invalid is set, when the refused records are left out and
the rest is kept). The report lists every refused record with the field, the value and
why, and every term that no category was mapped to.

Running the same import again changes nothing: records are found again by their ids
(a source's UUIDs become ours; other ids are turned into UUIDs the same way every time),
and a record whose content has not changed since the last import is skipped.

New listings wait for staff review unless publish is set; an import never changes
the review status of a listing that is already here (unless publish is set).
"""

import contextlib
import datetime
import functools
import hashlib
import json
import marshal
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify

from directory.geo import LocationError, geocoder
from directory.models import Group, Language, Meeting, Venue
from directory.postcodes import normalise_postcode
from directory.search.backends import backend
from directory.search.index import _remember_words as remember_words
from directory.search.index import document, fresh_after_date, index_groups

from . import ids, pipeline
from .mapping import IGNORE, TermMapping
from .models import FeedState, SourceRecord
from .schedules import Plans, ScheduleError, attendance, parse_date, plans
from .sources import Source, few_collections

BATCH = 1000
WORDS_KEPT = 50_000  # pieces of text whose words are known to be in the vocabulary already
TRUE = {"true", "yes", "1", "y"}
FALSE = {"false", "no", "0", "n", ""}
STATUS_STAGE = {"active": "active", "temporarily closed": "paused", "inactive": "closed", "defunct": "closed"}
STAGES = [stage.value for stage in Group.Stage]
CONTACT_ROUTES = [route.value for route in Group.ContactRoute]
PROFESSIONALS_RULES = [rule.value for rule in Group.ProfessionalsRule]
MEETING_HAS_ENDS_ON = any(f.name == "ends_on" for f in Meeting._meta.get_fields())
GROUP_FIELDS = [
    "name", "summary", "who_for", "description", "newcomers", "stage", "stage_note", "started_on",
    "affiliation", "run_by", "run_with_professional_support", "women_only", "family_welcome", "contact_role",
    "email", "phone", "website", "contact_route", "professionals_rule", "last_confirmed_on",
    "meets_in_person", "meets_online",
]
VENUE_FIELDS = ["name", "address_1", "address_2", "town", "postcode", "latitude", "longitude", "step_free",
                "hearing_loop", "accessible_toilet", "parking", "transport", "access_notes"]
# Fingerprints are "2:" and 62 hex digits of SHA-256 over the record written with marshal
# (format 2: the same values, in the same order, always give the same bytes; later formats
# also write whether a string is shared or interned). Those stored before are the whole
# SHA-256 over the record as JSON with sorted keys (see legacy_fingerprint()).
FINGERPRINT_PREFIX = "2:"
MARSHAL_FORMAT = 2
LEGACY_JSON = json.JSONEncoder(sort_keys=True, default=str, check_circular=False)
ACCESS_WORDS = {
    "step_free": ("step-free", "step free", "wheelchair", "level access", "ramp", "lift"),
    "hearing_loop": ("hearing loop", "induction loop", "loop system"),
    "accessible_toilet": ("accessible toilet", "disabled toilet", "accessible wc", "disabled wc"),
    "parking": ("parking", "car park"),
}


# A source names the same places again and again.
_postcode = functools.lru_cache(maxsize=4096)(normalise_postcode)


@dataclass
class Problem:
    record: str
    record_id: str
    field: str
    value: str
    message: str
    refused: bool = True


@dataclass
class Report:
    source: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    problems: list[Problem] = field(default_factory=list)
    unmapped_terms: dict = field(default_factory=dict)  # term id → [name, taxonomy, uses]
    written: bool = False

    @property
    def refused_any(self) -> bool:
        return self.refused > 0


class RecordRefused(Exception):
    pass


class ImportRefused(Exception):
    """Raised inside the transaction so nothing is written; carries the report."""

    def __init__(self, report):
        super().__init__("import refused")
        self.report = report


@dataclass
class Plan:
    source_id: str
    uuid: uuid.UUID
    fingerprint: str
    fields: dict
    category_ids: set
    language_ids: set
    venues: dict  # uuid → fields
    meetings: list  # (uuid, fields with "venue_uuid")
    slug: str = ""  # for a new group, unless taken
    legacy_fingerprint: str = ""  # the fingerprint as it was stored before FINGERPRINT_PREFIX


def fingerprint(record, salt: bytes) -> str:
    """What tells whether a source record has changed since the last import."""
    try:
        data = marshal.dumps(record, MARSHAL_FORMAT)
    except ValueError:  # a value marshal cannot write (JSON and CSV give none)
        data = LEGACY_JSON.encode(record).encode()
    digest = hashlib.sha256(data)
    digest.update(salt)
    return FINGERPRINT_PREFIX + digest.hexdigest()[:62]


def legacy_fingerprint(upgraded, salt: bytes) -> str:
    digest = hashlib.sha256(LEGACY_JSON.encode(upgraded).encode())
    digest.update(salt)
    return digest.hexdigest()


def _text(value, name, problems, record, rid, limit=None) -> str:
    if type(value) is str:  # nearly always
        text = value.strip()
    elif value is None:
        return ""
    elif isinstance(value, bool) or not isinstance(value, str | int | float):
        problems.append(Problem(record, rid, name, _show(value), "is not text"))
        return ""
    else:
        text = str(value).strip()
    if limit and len(text) > limit:
        problems.append(Problem(record, rid, name, _show(text), f"is longer than {limit} characters"))
    return text


def _show(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= 80 else text[:77] + "…"


def _summary(description: str, name: str) -> str:
    text = " ".join(description.split())
    if not text:
        return name[:200]
    first = text.split(". ")[0].rstrip(".") + "."
    if len(first) <= 200:
        return first
    return text[:199].rsplit(" ", 1)[0] + "…"


def upgrade(raw: dict) -> dict:
    """An Open Referral UK 1.0 service in the HSDS 3 shape (3.0 services pass unchanged)."""
    service = dict(raw)
    schedules = [*(raw.get("schedules") or []), *(raw.get("regular_schedules") or [])]
    sals = []
    for sal in raw.get("service_at_locations") or []:
        if not isinstance(sal, dict):
            continue
        sal = dict(sal)
        location = dict(sal.get("location") or {})
        if location:
            if not location.get("addresses") and location.get("physical_addresses"):
                location["addresses"] = location["physical_addresses"]
            if not location.get("accessibility") and location.get("accessibility_for_disabilities"):
                location["accessibility"] = [
                    {"id": a.get("id"), "description": a.get("accessibility"), "details": a.get("details")}
                    for a in location["accessibility_for_disabilities"] if isinstance(a, dict)]
            if not location.get("location_type"):
                location["location_type"] = "physical" if (
                    location.get("addresses") or location.get("latitude") is not None) else "virtual"
            sal["location"] = location
        for key in ("regular_schedule", "regular_schedules", "schedules"):
            for schedule in sal.get(key) or []:
                if isinstance(schedule, dict):
                    schedules.append({**schedule, "service_at_location_id": schedule.get(
                        "service_at_location_id") or sal.get("id")})
        sals.append(sal)
    service["service_at_locations"] = sals
    unique, seen = [], set()
    for schedule in schedules:
        if not isinstance(schedule, dict):
            continue
        key = schedule.get("id")
        if key is not None and key in seen:
            continue
        seen.add(key)
        unique.append(schedule)
    service["schedules"] = unique
    attributes = [a for a in raw.get("attributes") or [] if isinstance(a, dict)]
    for link in raw.get("service_taxonomys") or []:
        term = link.get("taxonomy") if isinstance(link, dict) else None
        if isinstance(term, dict):
            attributes.append({"id": link.get("id"), "taxonomy_term_id": term.get("id"), "taxonomy_term": {
                "id": term.get("id"), "name": term.get("name"), "taxonomy": term.get("vocabulary"),
                "parent_id": term.get("parent")}})
    service["attributes"] = attributes
    languages = []
    for language in raw.get("languages") or []:
        if isinstance(language, dict) and "language" in language and not language.get("name"):
            language = {**language, "name": language["language"]}
        languages.append(language)
    service["languages"] = languages
    if not raw.get("eligibility_description") and raw.get("eligibilitys"):
        service["eligibility_description"] = " ".join(
            str(e.get("eligibility")) for e in raw["eligibilitys"] if isinstance(e, dict) and e.get("eligibility"))
    return service


class Importer:
    def __init__(self, mapping: TermMapping | None = None, publish=False, skip_invalid=False, batch_size=BATCH,
                 pipeline=None):
        self.mapping = mapping or TermMapping()
        self.publish = publish
        self.skip_invalid = skip_invalid
        self.batch_size = batch_size
        self.pipeline = pipeline  # check in a second process: True, False, or None to decide by size
        self.report = Report()
        self.terms = {}
        self.seen = set()
        self.words_given = {}  # see _vocabulary()
        self.label = ""
        self.languages = {}
        self.language_objects = {language.pk: language for language in Language.objects.all()}
        for language in self.language_objects.values():
            self.languages[language.code.lower()] = language.pk
            self.languages[language.name.casefold()] = language.pk
        self.url_validator = URLValidator(schemes=["http", "https"])
        self.plans = Plans()
        self.default_run_by = str(Group._meta.get_field("run_by").get_default())
        self.legacy = False  # whether records of this source were stored with the old fingerprints

    # Running -----------------------------------------------------------------------------

    def run(self, source: Source, dry_run=False) -> Report:
        self.label = source.label[:200]
        self.report.source = self.label
        try:
            with transaction.atomic(), few_collections():
                self.legacy = SourceRecord.objects.filter(source=self.label, kind=SourceRecord.Kind.SERVICE).exclude(
                    fingerprint__startswith=FINGERPRINT_PREFIX).exists()
                for term in source.terms():
                    if isinstance(term, dict) and term.get("id") is not None:
                        self.terms[str(term["id"])] = term
                with contextlib.closing(self.batches(source)) as batches:
                    for batch in batches:
                        self._write_batch(batch)
                if (self.report.refused and not self.skip_invalid) or dry_run:
                    raise ImportRefused(self.report)
                if self.report.created or self.report.updated:
                    FeedState.touch()
                    backend().optimize()  # after a bulk load, as the directory's rebuild does
                self.report.written = True
        except ImportRefused:
            self.report.written = False
        return self.report

    def batches(self, source: Source) -> Iterator[list[Plan]]:
        """The source's services checked, as batches of plans; in a second process while
        this one writes, for a large source (see pipeline.py)."""
        use_pipeline = pipeline.worth_it(source) if self.pipeline is None else self.pipeline
        return pipeline.checked_elsewhere(self, source) if use_pipeline else self.checked_here(source)

    def checked_here(self, source: Source) -> Iterator[list[Plan]]:
        # Each record is checked as it is read and only its plan is kept, so a batch
        # holds what will be written, not the whole source record.
        batch = []
        for service in source.services():
            plan = self._check(service)
            if plan is not None:
                batch.append(plan)
            if len(batch) >= self.batch_size:
                yield batch
                batch = []
        yield batch

    def _check(self, raw) -> Plan | None:
        problems = []
        rid = ""
        try:
            if not isinstance(raw, dict):
                problems.append(Problem("service", "", "", _show(raw), "is not a service record"))
                raise RecordRefused
            rid = str(raw.get("id") or "")
            plan = self.prepare(raw, problems)
        except RecordRefused:
            plan = None
        for problem in problems:
            problem.record_id = problem.record_id or rid
        self.report.problems += problems
        if plan is None or any(p.refused for p in problems):
            self.report.refused += 1
            return None
        return plan

    def _write_batch(self, plans_):
        if self.report.refused and not self.skip_invalid:
            return  # nothing will be kept: just check the rest, to report every problem
        if plans_:
            self.write(plans_)

    # Checking and mapping one service ----------------------------------------------------

    def prepare(self, raw: dict, problems: list) -> Plan:
        given, raw = raw, upgrade(raw)
        rid = _text(raw.get("id"), "id", problems, "service", "", 200)
        if not rid:
            problems.append(Problem("service", "", "id", "", "is missing"))
            raise RecordRefused
        if rid in self.seen:
            problems.append(Problem("service", rid, "id", rid, "appears more than once in this source"))
            raise RecordRefused
        self.seen.add(rid)

        def text(value, name, limit=None, record="service", record_id=rid):
            return _text(value, name, problems, record, record_id, limit)

        def refuse(name, value, message, record="service", record_id=rid):
            problems.append(Problem(record, record_id, name, _show(value), message))

        def warn(name, value, message, record="service", record_id=rid):
            problems.append(Problem(record, record_id, name, _show(value), message, refused=False))

        name = text(raw.get("name"), "name", 150)
        if not name:
            refuse("name", "", "is missing")
        organization = raw.get("organization") if isinstance(raw.get("organization"), dict) else {}
        details, category_ids = self._attributes(raw.get("attributes") or [], rid, problems)

        def detail(code, limit=None):
            values = details.get(code) or []
            return text(values[0], f"attributes.{code}", limit) if values else ""

        def choice(code, choices, default):
            value = detail(code)
            if value and value not in choices:
                refuse(f"attributes.{code}", value, "is not one of " + ", ".join(choices))
            return value or default

        def flag(code, default=False):
            value = detail(code).lower()
            if value in TRUE:
                return True
            if value not in FALSE:
                refuse(f"attributes.{code}", value, "is not true or false")
            return default if not value else False

        def date(code, value=None, name=None):
            value = detail(code) if value is None else value
            try:
                return parse_date(value, name or f"attributes.{code}")
            except ScheduleError as error:
                refuse(error.field, error.value, error.message)
                return None

        description = text(raw.get("description"), "description") or text(
            organization.get("description"), "organization.description")
        status = text(raw.get("status"), "status").lower()
        if status and status not in STATUS_STAGE:
            refuse("status", status, "is not active, inactive, defunct or temporarily closed")
        stage = choice("stage", STAGES, STATUS_STAGE.get(status, "active"))
        email = text(raw.get("email"), "email", 254) or text(organization.get("email"), "organization.email", 254)
        contacts = [c for c in raw.get("contacts") or [] if isinstance(c, dict)]
        if not email:
            email = next((text(c.get("email"), "contacts.email", 254) for c in contacts if c.get("email")), "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                refuse("email", email, "is not an email address")
        website = text(raw.get("url"), "url") or text(organization.get("website") or organization.get("url"),
                                                       "organization.website")
        if website and "://" not in website:
            website = "https://" + website
        if website:
            try:
                self.url_validator(website)
            except ValidationError:
                refuse("url", website, "is not a web address")
            if len(website) > 200:
                refuse("url", website, "is longer than 200 characters")
        phones = [p for p in raw.get("phones") or [] if isinstance(p, dict)]
        phones += [p for c in contacts for p in c.get("phones") or [] if isinstance(p, dict)]
        phone = next((text(p.get("number"), "phones.number", 30) for p in phones if p.get("number")), "")
        contact_role = next((text(c.get("title"), "contacts.title", 100) for c in contacts if c.get("title")), "")
        affiliation = detail("affiliation", 200)
        org_name = text(organization.get("name"), "organization.name")
        if not affiliation and org_name and org_name != name:
            affiliation = org_name[:200]
        language_ids = set()
        for code in details.get("meeting-language") or []:
            found = self.languages.get(str(code).lower())
            if found:
                language_ids.add(found)
            else:
                warn("attributes.meeting-language", code, "is not a language we list; left out")
        for language in raw.get("languages") or []:
            if not isinstance(language, dict):
                continue
            key = str(language.get("code") or "").lower()
            label = str(language.get("name") or "").casefold()
            found = self.languages.get(key) or self.languages.get(label)
            if found:
                language_ids.add(found)
            elif key or label:
                warn("languages", key or label, "is not a language we list; left out")

        fields = {
            "name": name,
            "description": description,
            "summary": detail("summary", 200) or _summary(description, name),
            "who_for": text(raw.get("eligibility_description"), "eligibility_description"),
            "newcomers": detail("newcomers"),
            "stage": stage,
            "stage_note": detail("stage-note") or text(raw.get("alert"), "alert"),
            "started_on": date("started"),
            "affiliation": affiliation,
            "run_by": detail("run-by", 200) or self.default_run_by,
            "run_with_professional_support": flag("professional-support"),
            "women_only": flag("women-only"),
            "family_welcome": flag("family-welcome"),
            "contact_role": contact_role,
            "email": email,
            "phone": phone,
            "website": website,
            "contact_route": choice("contact-route", CONTACT_ROUTES, Group.ContactRoute.DIRECT.value),
            "professionals_rule": choice("professionals-rule", PROFESSIONALS_RULES,
                                         Group.ProfessionalsRule.INVITATION.value),
            "last_confirmed_on": date("last-confirmed") or date(None, raw.get("assured_date"), "assured_date"),
        }
        venues, meetings = self._meetings(raw, rid, problems, refuse, warn, text)
        fields["meets_in_person"] = any(m["attendance"] != "online" for _u, m in meetings)
        fields["meets_online"] = any(m["attendance"] != "in_person" for _u, m in meetings)
        if any(p.refused for p in problems):
            raise RecordRefused
        salt = f"|{self.mapping.digest}|{self.publish}".encode()
        return Plan(source_id=rid, uuid=self._uuid(rid, "service"), fingerprint=fingerprint(given, salt),
                    fields=fields, category_ids=category_ids, language_ids=language_ids,
                    venues=venues, meetings=meetings, slug=slugify(name)[:150] or "group",
                    legacy_fingerprint=legacy_fingerprint(raw, salt) if self.legacy else "")

    def _uuid(self, source_id, kind) -> uuid.UUID:
        """The source's own UUID if it has one; otherwise one made from its id, the same every time."""
        try:
            return uuid.UUID(str(source_id))
        except ValueError:
            return uuid.uuid5(ids.NAMESPACE, f"{self.label}|{kind}|{source_id}")

    def _attributes(self, attributes, rid, problems):
        details, category_ids = {}, set()
        for attribute in attributes:
            if not isinstance(attribute, dict):
                continue
            embedded = attribute.get("taxonomy_term") if isinstance(attribute.get("taxonomy_term"), dict) else None
            term_id = str(attribute.get("taxonomy_term_id") or (embedded or {}).get("id") or "")
            if term_id in ids.DETAIL_TERM_BY_ID:
                value = attribute.get("value")
                details.setdefault(ids.DETAIL_TERM_BY_ID[term_id], []).append("" if value is None else value)
                continue
            if not term_id and not embedded:
                continue  # an attribute with a plain value and no term: nothing to map
            term = self.terms.get(term_id) or embedded
            if term is None:
                problems.append(Problem("attribute", str(attribute.get("id") or rid), "taxonomy_term_id", term_id,
                                        "is not a term in this source's taxonomy"))
                continue
            category = self.mapping.category_for({**term, "id": term_id or term.get("id")})
            if category is None:
                entry = self.report.unmapped_terms.setdefault(
                    term_id, [str(term.get("name") or ""), str(term.get("taxonomy") or ""), 0])
                entry[2] += 1
            elif category is not IGNORE:
                category_ids.add(category.pk)
        return details, category_ids

    def _venue(self, location, refuse, text):
        lid = str(location.get("id") or "")
        record = "location"
        addresses = [a for a in location.get("addresses") or [] if isinstance(a, dict)]
        address = next((a for a in addresses if a.get("address_type") in (None, "physical")), None) or (
            addresses[0] if addresses else {})
        raw_postcode = text(address.get("postal_code"), "postal_code", record=record, record_id=lid)
        postcode = ""
        if raw_postcode:
            try:
                postcode = _postcode(raw_postcode)
            except ValueError:
                refuse("postal_code", raw_postcode, "is not a UK postcode", record, lid)
                return None
        latitude, longitude = location.get("latitude"), location.get("longitude")
        try:
            latitude = None if latitude in (None, "") else float(latitude)
            longitude = None if longitude in (None, "") else float(longitude)
        except (TypeError, ValueError):
            refuse("latitude", f"{latitude}, {longitude}", "is not a position in degrees", record, lid)
            return None
        if latitude is not None and longitude is not None:
            if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                refuse("latitude", f"{latitude}, {longitude}", "is not a position on Earth", record, lid)
                return None
        elif postcode:
            try:
                point = geocoder().locate_postcode(postcode)
            except LocationError as error:
                refuse("postal_code", postcode, str(error), record, lid)
                return None
            latitude, longitude = point.latitude, point.longitude
        else:
            refuse("addresses", "", "has neither a postcode nor a latitude and longitude", record, lid)
            return None
        name = text(location.get("name"), "name", 150, record, lid)
        address_1 = text(address.get("address_1"), "address_1", 150, record, lid)
        details = {}
        for attribute in location.get("attributes") or []:
            if isinstance(attribute, dict):
                code = ids.DETAIL_TERM_BY_ID.get(str(attribute.get("taxonomy_term_id") or ""))
                if code:
                    details[code] = str(attribute.get("value") or "")
        accessibility = " ".join(
            f"{a.get('description') or ''} {a.get('details') or ''}" for a in location.get("accessibility") or []
            if isinstance(a, dict)).lower()
        fields = {
            "name": name or address_1 or "Venue",
            "address_1": address_1 or name,
            "address_2": text(address.get("address_2"), "address_2", 150, record, lid),
            "town": text(address.get("city"), "city", 100, record, lid),
            "postcode": postcode,
            "latitude": latitude,
            "longitude": longitude,
            "transport": text(location.get("transportation"), "transportation", 200, record, lid),
        }
        for code, field_name in [("step-free", "step_free"), ("hearing-loop", "hearing_loop"),
                                 ("accessible-toilet", "accessible_toilet"), ("parking", "parking")]:
            if code in details:
                fields[field_name] = details[code].lower() in TRUE
            else:
                fields[field_name] = bool(accessibility) and any(
                    word in accessibility for word in ACCESS_WORDS[field_name])
        if "access-notes" in details:
            fields["access_notes"] = details["access-notes"]
        elif any(code in details for code in ("step-free", "hearing-loop")):
            fields["access_notes"] = ""
        else:
            fields["access_notes"] = " ".join(
                str(a.get("details")) for a in location.get("accessibility") or []
                if isinstance(a, dict) and a.get("details")).strip()
        return self._uuid(lid, "location"), fields

    def _meetings(self, raw, rid, problems, refuse, warn, text):
        sals = [s for s in raw.get("service_at_locations") or [] if isinstance(s, dict)]
        sal_by_id = {str(s.get("id")): s for s in sals if s.get("id") is not None}
        schedules = [s for s in raw.get("schedules") or [] if isinstance(s, dict)]
        per_sal = {}
        for schedule in schedules:
            key = str(schedule.get("service_at_location_id") or "")
            per_sal[key] = per_sal.get(key, 0) + 1
        venues, meetings, used_sals = {}, [], set()
        venue_for_sal = {}

        def venue_of(sal):
            key = str(sal.get("id"))
            if key not in venue_for_sal:
                location = sal.get("location") if isinstance(sal.get("location"), dict) else None
                found = None
                if location and location.get("location_type") != "virtual":
                    found = self._venue(location, refuse, text)
                    if found:
                        venues[found[0]] = found[1]
                venue_for_sal[key] = found[0] if found else None
            return venue_for_sal[key]

        def is_virtual(sal):
            location = sal.get("location") if sal and isinstance(sal.get("location"), dict) else None
            if location is None:
                return None
            return location.get("location_type") == "virtual"

        for schedule in schedules:
            sid = str(schedule.get("id") or "")
            sal = sal_by_id.get(str(schedule.get("service_at_location_id") or ""))
            if sal is None and schedule.get("location_id"):
                sal = next((s for s in sals if str(s.get("location_id") or (s.get("location") or {}).get("id"))
                            == str(schedule["location_id"])), None)
            if sal is None and len(sals) == 1:
                sal = sals[0]
            try:
                found = self.plans(schedule)
            except ScheduleError as error:
                refuse(f"schedules.{error.field}", error.value, error.message, "schedule", sid or rid)
                continue
            how = attendance(schedule.get("attending_type"), is_virtual(sal))
            venue_uuid = venue_of(sal) if sal and how != "online" else None
            if how != "online" and venue_uuid is None:
                if sal is None:
                    warn("service_at_location_id", sid, "the schedule has no place and does not say it is online; "
                         "left out", "schedule", sid or rid)
                continue
            online_details = ""
            for attribute in schedule.get("attributes") or []:
                if isinstance(attribute, dict) and ids.DETAIL_TERM_BY_ID.get(
                        str(attribute.get("taxonomy_term_id") or "")) == "online-details":
                    online_details = str(attribute.get("value") or "")
            if not online_details and is_virtual(sal):
                location = sal["location"]
                online_details = str(location.get("description") or location.get("url") or "")
            if sal is not None:
                used_sals.add(str(sal.get("id")))
            for number, plan in enumerate(found):
                if sal is not None and per_sal.get(str(sal.get("id")), 0) == 1 and len(found) == 1:
                    key = f"sal:{sal.get('id')}"
                    meeting_uuid = self._uuid(sal.get("id"), "meeting")
                else:
                    key = f"schedule:{sid}#{number}"
                    meeting_uuid = self._uuid(sid, "meeting") if number == 0 and sid else uuid.uuid5(
                        ids.NAMESPACE, f"{self.label}|{rid}|{key}")
                if len(plan.notes) > 300 or len(online_details) > 200:
                    warn("notes", plan.notes, "was shortened to fit", "schedule", sid or rid)
                meetings.append((meeting_uuid, self._meeting_fields(plan, how, venue_uuid, online_details)))
        for sal in sals:
            if str(sal.get("id")) in used_sals or per_sal.get(str(sal.get("id")), 0):
                continue
            virtual = is_virtual(sal)
            venue_uuid = None if virtual else venue_of(sal)
            if venue_uuid is None and not virtual:
                continue
            location = sal.get("location") or {}
            note = text(sal.get("description"), "description", record="service_at_location",
                        record_id=str(sal.get("id") or rid))
            plan = plans({"description": note})[0]
            details = str(location.get("description") or location.get("url") or "") if virtual else ""
            meetings.append((self._uuid(sal.get("id"), "meeting"), self._meeting_fields(
                plan, "online" if virtual else "in_person", venue_uuid, details)))
        return venues, meetings

    def _meeting_fields(self, plan, how, venue_uuid, online_details):
        fields = {
            "attendance": how,
            "venue_uuid": venue_uuid,
            "online_details": online_details[:200],
            "pattern": str(plan.pattern),  # the value (a plan holds plain values)
            "interval": plan.interval or 1,
            "weekday": plan.weekday,
            "week_of_month": plan.week_of_month,
            "day_of_month": plan.day_of_month,
            "starts_on": plan.starts_on or datetime.date(2020, 1, 1),
            "start_time": plan.start_time,
            "end_time": plan.end_time,
            "notes": plan.notes[:300],
        }
        if MEETING_HAS_ENDS_ON:
            fields["ends_on"] = plan.ends_on
        return fields

    # Writing a batch ---------------------------------------------------------------------

    def write(self, plans_: list[Plan]):
        now = timezone.now()
        records = stored(SourceRecord, "source_id", [p.source_id for p in plans_], ("id", "fingerprint"),
                         source=self.label, kind=str(SourceRecord.Kind.SERVICE))
        changed, renewed = [], []
        for plan in plans_:
            before = records.get(plan.source_id)
            if before is None or before[1] != plan.fingerprint:
                if before is not None and plan.legacy_fingerprint and before[1] == plan.legacy_fingerprint:
                    renewed.append(SourceRecord(pk=before[0], fingerprint=plan.fingerprint))
                else:
                    changed.append(plan)
        if renewed:  # unchanged, but stored with the old fingerprint: stored again with the new
            SourceRecord.objects.bulk_update(renewed, ["fingerprint"], batch_size=BATCH)
        self.report.unchanged += len(plans_) - len(changed)
        if not changed:
            return

        # Venues: new ones inserted, changed ones updated; all kept (as instances or as their
        # values) for the index.
        venue_fields = {u: f for p in changed for u, f in p.venues.items()}
        venues, to_update = {}, []
        if uuids_stored(Venue, venue_fields):
            for venue in Venue.objects.filter(uuid__in=list(venue_fields)):
                fields = venue_fields[venue.uuid]
                if any(getattr(venue, k) != v for k, v in fields.items()):
                    for key, value in fields.items():
                        setattr(venue, key, value)
                    to_update.append(venue)
                venues[venue.uuid] = venue
            if to_update:
                Venue.objects.bulk_update(to_update, VENUE_FIELDS, batch_size=BATCH)
        new_venues = [{"uuid": u, **f} for u, f in venue_fields.items() if u not in venues]
        venues.update(insert_with_pks(Venue, new_venues))

        existing_groups = {}
        if uuids_stored(Group, [p.uuid for p in changed]):
            existing_groups = {g.uuid: g for g in Group.objects.filter(uuid__in=[p.uuid for p in changed])}
        wanted = {p.uuid: p.slug for p in changed if p.uuid not in existing_groups}
        taken = set(stored(Group, "slug", set(wanted.values())))
        status = Group.Status.PUBLISHED if self.publish else Group.Status.PENDING
        new_rows, updated_groups = [], []
        for plan in changed:
            group = existing_groups.get(plan.uuid)
            if group is None:
                slug = wanted[plan.uuid]
                if slug in taken:
                    slug = f"{slug[:150]}-{plan.uuid.hex[:8]}"
                taken.add(slug)
                new_rows.append({"uuid": plan.uuid, "slug": slug, "status": status, "created_at": now,
                                 "updated_at": now, **plan.fields})
            else:
                for key, value in plan.fields.items():
                    setattr(group, key, value)
                if self.publish:
                    group.status = Group.Status.PUBLISHED
                group.updated_at = now
                updated_groups.append(group)
        if updated_groups:
            old = [g.pk for g in updated_groups]
            Group.categories.through.objects.filter(group_id__in=old).delete()
            Group.languages.through.objects.filter(group_id__in=old).delete()
            # Meetings are made again from the source below, with the same UUIDs as before.
            # (Deleting first: the directory's signals then recount meetings, which the
            # group update below puts right.)
            Meeting.objects.filter(group_id__in=old).delete()
            Group.objects.bulk_update(updated_groups, [*GROUP_FIELDS, "status", "updated_at"], batch_size=BATCH)
        groups = {g.uuid: Values.of(g) for g in updated_groups}
        groups.update(insert_with_pks(Group, new_rows))
        self.report.created += len(new_rows)
        self.report.updated += len(updated_groups)

        insert_rows(Group.categories.through, [
            {"group": groups[p.uuid].pk, "category": c} for p in changed for c in sorted(p.category_ids)])
        insert_rows(Group.languages.through, [
            {"group": groups[p.uuid].pk, "language": language} for p in changed for language in sorted(
                p.language_ids)])
        clashes = uuids_stored(Meeting, [u for p in changed for u, _f in p.meetings])
        meeting_rows, seen = [], set()
        for plan in changed:
            for meeting_uuid, fields in plan.meetings:
                if meeting_uuid in clashes or meeting_uuid in seen:
                    meeting_uuid = uuid.uuid5(ids.NAMESPACE, f"{self.label}|{plan.source_id}|{meeting_uuid}")
                seen.add(meeting_uuid)
                fields = dict(fields)
                venue_uuid = fields.pop("venue_uuid")
                meeting_rows.append({"uuid": meeting_uuid, "group": groups[plan.uuid].pk,
                                     "venue": venues[venue_uuid].pk if venue_uuid else None, **fields})
        insert_rows(Meeting, meeting_rows)

        new_records, changed_records = [], []
        for plan in changed:
            if plan.source_id in records:
                changed_records.append(SourceRecord(
                    pk=records[plan.source_id][0], fingerprint=plan.fingerprint, object_id=groups[plan.uuid].pk,
                    imported_at=now))
            else:
                new_records.append({"source": self.label, "kind": SourceRecord.Kind.SERVICE,
                                    "source_id": plan.source_id, "object_id": groups[plan.uuid].pk,
                                    "fingerprint": plan.fingerprint, "imported_at": now})
        insert_rows(SourceRecord, new_records)
        if changed_records:
            SourceRecord.objects.bulk_update(changed_records, ["fingerprint", "object_id", "imported_at"],
                                             batch_size=BATCH)
        self._index(changed, groups, venues, meeting_rows, new={groups[p.uuid].pk for p in changed
                                                               if p.uuid not in existing_groups})
        if to_update:
            # Other groups meeting at a venue that has changed (a group the hub added
            # itself, say) are found by where it is now too.
            written = {groups[p.uuid].pk for p in changed}
            index_groups(set(Meeting.objects.filter(venue__in=to_update).values_list("group_id", flat=True))
                         - written)

    def _index(self, changed, groups, venues, meeting_rows, new):
        """Bring the search index up to date from what was just written, through the
        directory's own document() so that imported groups are indexed exactly like the rest.
        document() is given the values just written, as attributes (see Values), with the
        related objects it asks for in place of the querysets: no query, no model instance."""
        venue_by_pk = {venue.pk: venue for venue in venues.values()}
        by_group = {}
        for row in meeting_rows:
            meeting = Values(row)
            meeting.venue_id = row["venue"]
            meeting.venue = venue_by_pk[meeting.venue_id] if meeting.venue_id is not None else None
            meeting.group_id = row["group"]
            by_group.setdefault(meeting.group_id, []).append(meeting)
        fresh_after = fresh_after_date(lock="share")
        categories, languages = self.mapping.by_pk, self.language_objects
        rows = []
        for plan in changed:
            group = groups[plan.uuid]
            group.meetings = Related(by_group.get(group.pk, ()))
            group.categories = Related([categories[c] for c in sorted(plan.category_ids)])
            group.languages = Related([languages[pk] for pk in sorted(plan.language_ids)])
            rows.append(document(group, fresh_after))
        backend().store([row for row in rows if row[0] not in new])
        backend().store([row for row in rows if row[0] in new], new=True)
        if sum(map(len, self.words_given.values())) > WORDS_KEPT:
            self.words_given.clear()  # memory stays bounded; words given again do no harm
        remember_words(_vocabulary(rows, self.words_given))


def _vocabulary(rows, given=None) -> list[tuple]:
    """Two rows holding, column by column, every distinct whitespace-separated piece of
    the rows' text once (plain ASCII pieces in one, the others, which take longer to fold,
    in the other): the search vocabulary takes the same words from them as from all the
    rows, with far fewer to look at. (Words are split at spaces as at other non-word
    characters, and folding leaves spaces as they are, so the words of texts joined by
    spaces are the words of each text.)

    given: {column: pieces} already given in this import (their words are remembered
    already, in the same transaction), left out; the pieces given now are added to it."""
    if not rows:
        return []
    columns = [set() for _value in rows[0]]
    for row in rows:
        for pieces, text in zip(columns, row, strict=True):
            if type(text) is str:
                pieces.update(text.split())
    ascii_row, other_row = [], []
    for column, pieces in enumerate(columns):
        if given is not None:
            before = given.setdefault(column, set())
            pieces -= before
            # Numbers (a group's number, a house's) are seldom given twice: not kept.
            before.update(piece for piece in pieces if not piece.isdigit())
        ascii_row.append(" ".join(piece for piece in pieces if piece.isascii()))
        other_row.append(" ".join(piece for piece in pieces if not piece.isascii()))
    return [tuple(ascii_row), tuple(other_row)]


class Values:
    """A row's values as attributes, standing in for the model instance made from it where
    only its values are read (as document() reads a group, its meetings and venues)."""

    def __init__(self, values: dict):
        self.__dict__.update(values)

    @classmethod
    def of(cls, instance):
        values = cls({f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields})
        values.pk = instance.pk
        return values


class Related(tuple):
    """Related objects, as `instance.<name>.all()` gives them."""

    def all(self):
        return self


def insert_rows(model, rows: list[dict]):
    """INSERT plain rows with executemany, without making model instances first: the
    import's hot path. Every concrete column is written; a field a row leaves out gets its
    default (see _defaults()), so fields added to the model later still get a value."""
    if not rows:
        return
    db = connections[DEFAULT_DB_ALIAS]
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.name not in rows[0])]
    names = [f.name for f in fields]
    defaults = _defaults(model, rows[0])
    converters = [(i, convert) for i, convert in enumerate(_converter(f, db) for f in fields) if convert]
    values = []
    for row in rows:
        line = [row[name] if name in row else defaults[name] for name in names]
        for i, convert in converters:
            if line[i] is not None:
                line[i] = convert(line[i])
        values.append(line)
    quote = db.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    with db.cursor() as cursor:
        for start in range(0, len(values), 2000):
            cursor.executemany(sql, values[start:start + 2000])


def _defaults(model, row) -> dict:
    """{field name: default} for the concrete fields (but the primary key) that the row leaves out."""
    defaults = {}
    for column in model._meta.concrete_fields:
        if not column.primary_key and column.name not in row and column.attname not in row:
            default = column.get_default()
            defaults[column.name] = str(default) if isinstance(default, Promise) else default
    return defaults


def stored(model, name, values, columns=("id",), **equal) -> dict:
    """{value: (column, …)} for those of these values of the field `name` that are stored
    already (in rows whose `equal` fields have those values). In plain SQL, like
    insert_rows(): for a batch's thousand values the ORM takes longer to build the query
    than the database takes to answer it."""
    db = connections[DEFAULT_DB_ALIAS]
    meta, quote = model._meta, db.ops.quote_name
    field = meta.get_field(name)
    convert = _converter(field, db)
    keys = {convert(value) if convert else value: value for value in values}
    selected = ", ".join(quote(meta.get_field(column).column) for column in (name, *columns))
    conditions = [f"{quote(meta.get_field(other).column)} = %s" for other in equal]
    found = {}
    keys_list = list(keys)
    with db.cursor() as cursor:
        for start in range(0, len(keys_list), 900):
            chunk = keys_list[start:start + 900]
            where = " AND ".join([*conditions, f"{quote(field.column)} IN ({', '.join(['%s'] * len(chunk))})"])
            cursor.execute(f"SELECT {selected} FROM {quote(meta.db_table)} WHERE {where}",  # noqa: S608
                           [*equal.values(), *chunk])
            for key, *row in cursor.fetchall():
                found[keys[key]] = tuple(row)
    return found


def uuids_stored(model, uuids) -> dict:
    """{uuid: primary key} for those of these UUIDs that are stored already."""
    return {key: row[0] for key, row in stored(model, "uuid", uuids).items()}


def insert_with_pks(model, rows) -> dict:
    """Insert the rows (see insert_rows()); {uuid: the row's values (see Values), with the
    primary key it was stored with}."""
    if not rows:
        return {}
    insert_rows(model, rows)
    pks = uuids_stored(model, [row["uuid"] for row in rows])
    defaults = _defaults(model, rows[0])
    found = {}
    for row in rows:
        values = found[row["uuid"]] = Values(defaults)
        values.__dict__.update(row)
        values.pk = pks[row["uuid"]]
    return found


def _converter(field, db):
    """What turns the field's values into what the database driver takes (the field's own
    get_db_prep_save()), or None where the driver takes them as they are."""
    kind = field.get_internal_type()
    if kind in PLAIN_TYPES or (kind == "UUIDField" and db.features.has_native_uuid_field):
        return None
    if kind == "UUIDField":
        return lambda value: value.hex if isinstance(value, uuid.UUID) else field.get_db_prep_save(value, db)
    known = {}

    def convert(value):
        # Dates, times and timestamps: a batch holds few different ones; each is converted once.
        try:
            return known[value]
        except KeyError:
            known[value] = field.get_db_prep_save(value, db)
            return known[value]
        except TypeError:  # not hashable
            return field.get_db_prep_save(value, db)

    return convert


PLAIN_TYPES = {"CharField", "TextField", "SlugField", "EmailField", "URLField", "BooleanField", "FloatField",
               "IntegerField", "SmallIntegerField", "PositiveSmallIntegerField", "PositiveIntegerField",
               "BigIntegerField", "ForeignKey"}

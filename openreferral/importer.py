"""Importing another directory's Open Referral data as groups, venues and meetings.

Each service is read into model instances (a group, its venues and meetings) and checked
by the models' own rules: a record that cannot be a listing at all (Group.listing_errors)
is refused; a value that breaks a field's rule (Group/Venue/Meeting.field_errors) is left
out and reported, and the rest of the record kept. All or nothing: everything happens in
one transaction, and if any record is refused nothing is kept (unless skip_invalid is
set, when the refused records are left out and the rest is kept).

Running the same import again changes nothing: records are found again by their ids (a
source's UUIDs become ours; other ids are turned into UUIDs the same way every time), and
a record whose content has not changed since the last import is skipped.

The group's word wins: a re-import changes only what the group has not changed since
the last import (see ownership.py). Every import that changes a group writes its history
("imported from <source>").

New listings wait for staff review unless publish is set; an import never changes the
review status of a listing that is already here (unless publish is set).
"""

import datetime
import decimal
import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser

import langcodes
import phonenumbers
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from directory.geo import LocationError, geocoder
from directory.models import Group, GroupChange, Language, Meeting, Venue
from directory.search.backends import backend
from directory.search.index import _remember_words, document, fresh_after_date, index_groups
from directory.services import record as record_change
from directory.services import snapshot
from lib.text import LINE as QUOTED
from lib.text import one_line

from . import ids
from .mapping import IGNORE, TermMapping
from .models import FeedState, SourceRecord
from .ownership import GROUP_FIELDS, listing_state, merge
from .schedules import ScheduleError, attendance, parse_date, plans
from .sources import Source, SourceError, is_nested

MAX_PROBLEMS = 1000  # kept for the report; more are counted (a file of a million bad records)
BATCH = 500  # as the search index is rebuilt: larger batches make queries SQLite refuses
TRUE = {"true", "yes", "1", "y"}
FALSE = {"false", "no", "0", "n", ""}
STATUS_STAGE = {"active": "active", "temporarily closed": "paused", "inactive": "closed", "defunct": "closed"}
VENUE_FIELDS = ["name", "address_1", "address_2", "town", "postcode", "latitude", "longitude", "step_free",
                "hearing_loop", "accessible_toilet", "parking", "transport", "access_notes", "at_home"]
FINGERPRINT = json.JSONEncoder(sort_keys=True, default=str, check_circular=False)  # what says a record changed
# Fields only an organisation has, and fields only a service has (HSDS 3 and ORUK 1.0).
ORGANIZATION_ONLY = {"services", "website", "logo", "uri", "legal_status", "tax_status", "tax_id", "year_incorporated",
                     "parent_organization_id", "organization_identifiers", "programs", "locations"}
SERVICE_ONLY = {"organization", "organization_id", "service_at_locations", "schedules", "regular_schedules", "status",
                "eligibility_description", "service_taxonomys", "languages", "organisation"}
NATIONAL_PHONE = re.compile(r"0[1-9][\d ]{8,12}")
ESCAPED_BREAK = re.compile(r"\\r\\n|\\n|\\r")
HTML = re.compile(r"<[a-zA-Z/!]|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")  # a tag or an entity: text given as HTML
UK_LANGUAGE_WORDS = {"bsl": "bfi"}  # in UK feeds, British (not Bolivian) Sign Language
MEMBER_HOME = ids.detail_term_id("member-home")
ONLINE_PLACE = re.compile(r"\b(online|zoom|virtual|microsoft teams|remote(ly)?)\b", re.IGNORECASE)
# A service with no place that ORUK 1.0's attending_type says is met remotely, and how to join.
REMOTE = {"online": "Online: get in touch for how to join.", "phone": "By phone: get in touch for how to join."}
ACCESS_WORDS = {
    "step_free": ("step-free", "step free", "wheelchair", "level access", "ramp", "lift"),
    "hearing_loop": ("hearing loop", "induction loop", "loop system"),
    "accessible_toilet": ("accessible toilet", "disabled toilet", "accessible wc", "disabled wc"),
    "parking": ("parking", "car park"),
}


@dataclass
class Problem:
    record: str
    record_id: str
    field: str
    value: str
    message: str
    refused: bool = True

    def __post_init__(self):
        # The value is quoted back on one line of the report, and at most a line's worth of
        # it: a value may hold line breaks, direction overrides or a million characters.
        value = one_line(self.value)
        self.value = value if len(value) <= QUOTED else value[:QUOTED - 1] + "…"


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
    unshown: int = 0  # problems past MAX_PROBLEMS, only counted: a hostile file cannot fill memory
    reasons: dict = field(default_factory=dict)  # (refused, record, field, message's form) → [message, count]
    seen: set = field(default_factory=set, repr=False)  # the ids of every service read, refused or not

    def add(self, problems):
        kept = problems[:max(0, MAX_PROBLEMS - len(self.problems))]
        self.problems += kept
        self.unshown += len(problems) - len(kept)
        for p in problems:  # every problem counted, shown or not; numbers in a message vary, the reason not
            self.reasons.setdefault((p.refused, p.record, p.field, re.sub(r"\d+", "#", p.message)),
                                    [p.message, 0])[1] += 1


class _RollBack(Exception):
    """Raised inside the transaction so that nothing is written."""


@dataclass
class Listing:
    """One service as it would be written: unsaved model instances, checked."""

    source_id: str
    fingerprint: str
    group: Group
    category_ids: list
    language_ids: list
    venues: dict  # uuid → Venue
    meetings: list  # Meeting, with .venue set to one of the venues or None


def _show(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= 80 else text[:77] + "…"


def _text(value) -> str:
    if value is None or isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return str(value).strip()


class _PlainText(HTMLParser):
    """HTML as plain text, nothing of it kept but the words: paragraphs, headings, line
    breaks and list items become new lines; scripts and styles are dropped."""

    BREAKS = {"p": "\n\n", "div": "\n", "br": "\n", "li": "\n• ", "tr": "\n", "ul": "\n", "ol": "\n",
              **{f"h{n}": "\n\n" for n in range(1, 7)}}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")
        self.parts.append(self.BREAKS.get(tag, ""))

    def handle_startendtag(self, tag, attrs):  # <br/>: one break, not two
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style") and self.hidden > 0
        self.parts.append("" if tag in ("li", "br", "div", "tr") else self.BREAKS.get(tag, ""))

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def _prose(value) -> str:
    """Free text as plain text: a publisher's HTML (<p>, <li>, &amp;) read as what it says,
    and line breaks written as the two characters \\n (as a 211's export does) as breaks."""
    text = ESCAPED_BREAK.sub("\n", _text(value)).strip()
    if not HTML.search(text):
        return text
    parser = _PlainText()
    parser.feed(text)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _fit(model, name, text) -> str:
    """Text shortened to what the model's field holds: made or joined by the import, it
    keeps what it can (a value given as it is goes through the models' checks instead)."""
    return text[:model._meta.get_field(name).max_length]


def _cut(text: str, longest: int) -> str:
    """Text longer than `longest` cut at the last end of a sentence (or of a line) that
    fits, so what is kept reads whole; at the last word, with "…", if no sentence ends in
    the second half of what fits."""
    if len(text) <= longest:
        return text
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s)|\n", text[:longest + 1])]
    if ends and ends[-1] > longest // 2:
        return text[:ends[-1]].rstrip()
    return text[:longest - 1].rsplit(" ", 1)[0].rstrip() + "…"


def _language_code(text) -> str:
    """The ISO 639 code (the shortest there is) of a language's name in any language or of
    its code or tag; "" if it is neither."""
    text = UK_LANGUAGE_WORDS.get(text.casefold(), text)
    try:
        language = langcodes.get(text) if langcodes.tag_is_valid(text) else langcodes.find(text)
    except (LookupError, ValueError):
        return ""
    return langcodes.standardize_tag(language.language) if language.language and language.is_valid() else ""


def _phone(text) -> str:
    """The first phone number written in `text` ("Tel: 01234 567890 (mornings)", "+44 (0)1234
    567890 ext 2", "0044 …"), in the national form that the UK rule (hub/phones.py) reads;
    the text itself if it holds none, for that rule to say why. A number written without
    its 0 or + ("305-253-4841") is not taken for a UK one."""
    if not text or NATIONAL_PHONE.fullmatch(text):
        return text  # none, or a national number alone: kept with the spacing it was given
    match = next(iter(phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)), None)
    if match is None or match.raw_string.lstrip("(")[:1] not in ("0", "+"):
        return text
    match.number.extension = None
    return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.NATIONAL
                                      if match.number.country_code == 44 else phonenumbers.PhoneNumberFormat.E164)


def _cost(raw: dict) -> tuple[str, decimal.Decimal | None, str]:
    """A service's cost options (HSDS 3) or fees (HSDS 1 and ORUK 1.0) as the group's cost:
    free, donations welcome, or a charge in pounds, with what the money goes towards when
    the description says ("£2, towards the room and tea." as this hub writes it)."""
    options = [o for o in raw.get("cost_options") or [] if isinstance(o, dict)]
    option = options[0] if options else {}
    words = " ".join(_text(v) for v in (option.get("option"), option.get("amount_description"),
                                         raw.get("fees"), raw.get("fees_description"))).lower()
    covers = re.search(r"\btowards (.+?)\.?$", _text(option.get("amount_description")), re.IGNORECASE)
    covers = covers.group(1) if covers else ""
    try:
        amount = decimal.Decimal(str(option["amount"])) if option.get("amount") not in (None, "") else None
    except (decimal.InvalidOperation, ValueError):
        amount = None
    if "donation" in words:
        return Group.Cost.DONATIONS, None, covers
    if amount is not None and amount > 0:
        return Group.Cost.CHARGE, amount, covers
    if amount == 0 or re.search(r"\b(free|no charge|no cost)\b", words):
        return Group.Cost.FREE, None, ""
    return Group.Cost.NOT_SAID, None, ""


def _summary(description: str, name: str) -> str:
    """The description's first sentence, past any heading line ("What we offer") above it."""
    lines = [line.strip() for line in description.splitlines() if line.strip()]
    while len(lines) > 1 and len(lines[0]) <= 60 and not lines[0].endswith((".", "!", "?", ":")):
        lines.pop(0)
    text, longest = " ".join(" ".join(lines).split()), Group._meta.get_field("summary").max_length
    if not text:
        return name[:longest]
    first = text.split(". ")[0].rstrip(".") + "."
    if len(first) <= longest:
        return first
    return text[:longest - 1].rsplit(" ", 1)[0] + "…"


def from_outpost(raw: dict) -> dict:
    """A service as Outpost's API serves it (the directory software several UK councils
    run, Buckinghamshire's among them) in the Open Referral UK 1.0 shape: its places are
    "locations" with the address inline and GeoJSON coordinates (longitude first), an
    address the publisher masks is a member's home, a place with no postcode called
    "Online" (or "online via Zoom") is met online, its contacts each have one "phone",
    its web address may be only among its "links", its terms are "taxonomies", "free" says
    it costs nothing, and its organisation is spelt so."""
    service = dict(raw)
    service.setdefault("organization", raw.get("organisation"))
    sals = []
    for place in raw.get("locations") or []:
        if not isinstance(place, dict):
            continue
        location = {key: place.get(key) for key in ("id", "name", "description", "latitude", "longitude")}
        point = (place.get("geometry") or {}).get("coordinates") if isinstance(place.get("geometry"), dict) else None
        if location["latitude"] in (None, "") and isinstance(point, list) and len(point) == 2:
            location["longitude"], location["latitude"] = point
        location["physical_addresses"] = [{key: place.get(key) for key in (
            "address_1", "address_2", "city", "state_province", "postal_code", "country")}]
        location["accessibility_for_disabilities"] = [
            {"accessibility": a.get("name")} for a in place.get("accessibilities") or [] if isinstance(a, dict)]
        if not _text(place.get("postal_code")) and ONLINE_PLACE.search(" ".join(
                _text(place.get(key)) for key in ("name", "address_1", "city"))):
            # A place Outpost requires, filled in as "Online" or "online via Zoom": met online.
            location.update(location_type="virtual", description=_text(place.get("name")) or _text(place.get("city")))
        if place.get("mask_exact_address") is True:
            location["attributes"] = [{"taxonomy_term_id": MEMBER_HOME, "value": "true"}]
        sals.append({"id": f"{raw.get('id')}@{place.get('id')}", "location": location})
    service["service_at_locations"] = sals
    service["contacts"] = [{**c, "phones": [{"number": c["phone"]}]} if c.get("phone") and not c.get("phones") else c
                           for c in raw.get("contacts") or [] if isinstance(c, dict)]
    if not _text(raw.get("url")):
        service["url"] = next((_text(link.get("url")) for link in raw.get("links") or []
                               if isinstance(link, dict) and _text(link.get("url"))), "")
    if raw.get("free") is True and not raw.get("cost_options") and not raw.get("fees"):
        service["fees"] = "free"
    service["service_taxonomys"] = [
        {"id": term.get("id"), "taxonomy": {"id": term.get("id"), "name": term.get("name"), "vocabulary": "Outpost",
                                            "parent": term.get("parent_id")}}
        for term in raw.get("taxonomies") or [] if isinstance(term, dict)]
    return service


def upgrade(raw: dict) -> dict:
    """An Open Referral UK 1.0 service (or an Outpost one) in the HSDS 3 shape (3.0
    services pass unchanged)."""
    if isinstance(raw.get("locations"), list) and "service_at_locations" not in raw:
        raw = from_outpost(raw)
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
    # Each schedule once, though it may be given both with the service and with its place.
    keyed = {}
    for schedule in schedules:
        if isinstance(schedule, dict):
            keyed.setdefault(repr(schedule) if schedule.get("id") is None else schedule["id"], schedule)
    service["schedules"] = list(keyed.values())
    attributes = [a for a in raw.get("attributes") or [] if isinstance(a, dict)]
    for link in raw.get("service_taxonomys") or []:
        term = link.get("taxonomy") if isinstance(link, dict) else None
        if isinstance(term, dict):
            attributes.append({"id": link.get("id"), "taxonomy_term_id": term.get("id"), "taxonomy_term": {
                "id": term.get("id"), "name": term.get("name"), "taxonomy": term.get("vocabulary"),
                "parent_id": term.get("parent")}})
    service["attributes"] = attributes
    service["languages"] = [
        {**language, "name": language["language"]}
        if isinstance(language, dict) and "language" in language and not language.get("name") else language
        for language in raw.get("languages") or []]
    if not raw.get("eligibility_description") and raw.get("eligibilitys"):
        service["eligibility_description"] = " ".join(
            str(e.get("eligibility")) for e in raw["eligibilitys"] if isinstance(e, dict) and e.get("eligibility"))
    return service


class Importer:
    def __init__(self, mapping: TermMapping | None = None, publish=False, skip_invalid=False, batch_size=BATCH):
        self.mapping = mapping or TermMapping()
        self.publish = publish
        self.skip_invalid = skip_invalid
        self.batch_size = batch_size
        self.report = Report()
        self.source, self.label = None, ""
        self.language_objects = {language.pk: language for language in Language.objects.all()}
        self.languages = {}  # what a feed says (a name, a code, a tag) → [language pks]
        for language in self.language_objects.values():
            for key in (language.code.lower(), language.name.casefold(), _language_code(language.code)):
                self.languages[key] = [language.pk]
        self.salt = f"|{self.mapping.digest}|{publish}".encode()
        self.run_by = str(Group._meta.get_field("run_by").get_default())  # in the language of this import

    def run(self, source: Source, dry_run=False, progress=None) -> Report:
        """Import the source; `progress`, if given, is told how many services have been read
        after each batch."""
        self.source, self.label = source, _fit(SourceRecord, "source", source.label)
        self.report.source = self.label
        batch, read = [], 0
        try:
            with transaction.atomic():
                for raw in source.services():  # one at a time: a record may be large
                    read += 1
                    batch.append(self.read(raw))
                    if read % self.batch_size == 0:
                        self.write([x for x in batch if x is not None])
                        batch = []
                        if progress:
                            progress(read)
                self.write([x for x in batch if x is not None])
                if progress and batch:
                    progress(read)
                if (self.report.refused and not self.skip_invalid) or dry_run:
                    raise _RollBack
                if self.report.created or self.report.updated:
                    FeedState.touch()
                    backend().optimize()  # after a bulk load, as the directory's rebuild does
                self.report.written = True
        except _RollBack:
            self.report.written = False
        return self.report

    # Reading one service into model instances, checked by the models' rules ---------------

    def read(self, raw) -> Listing | None:
        problems = []
        rid = str(raw.get("id") or "") if isinstance(raw, dict) else ""
        listing = None
        if not self.report.seen and isinstance(raw, dict) and ORGANIZATION_ONLY & raw.keys() and not (
                SERVICE_ONLY & raw.keys()):
            # HSDS: /organizations is "a paginated list of basic organization information",
            # its services at most their ids; the services themselves are at /services.
            raise SourceError(_("This is a list of organisations (Open Referral /organizations), not of services: "
                                "import the feed's services (/services, or the feed's base address) instead"))
        if not isinstance(raw, dict):
            problems.append(Problem("service", "", "", _show(raw), _("is not a service record")))
        elif not rid:
            problems.append(Problem("service", "", "id", "", _("is missing")))
        elif rid in self.report.seen:
            problems.append(Problem("service", rid, "id", rid, _("appears more than once in this source")))
        else:
            self.report.seen.add(rid)
            listing = self._listing(raw, rid, problems)
        self.report.add(problems)
        if listing is None or any(p.refused for p in problems):
            self.report.refused += 1
            return None
        return listing

    def _listing(self, given, rid, problems) -> Listing:
        raw = upgrade(given)

        def note(name, value, message, record="service", record_id=rid, refused=False):
            problems.append(Problem(record, record_id or rid, name, _show(value), str(message), refused))

        organization = raw.get("organization") if isinstance(raw.get("organization"), dict) else {}
        details, category_ids = self._attributes(raw.get("attributes") or [], rid, note)

        def detail(code):
            values = details.get(code) or []
            return _text(values[0]) if values else ""

        def flag(code):
            value = detail(code).lower()
            if value not in TRUE | FALSE:
                note(f"attributes.{code}", value, _("is not true or false; left out"))
            return value in TRUE

        def date(value, name):
            try:
                return parse_date(value, name)
            except ScheduleError as error:
                note(name, value, _("%(problem)s; left out") % {"problem": error.message})
                return None

        name = _text(raw.get("name"))
        description = _prose(raw.get("description")) or _prose(organization.get("description"))
        status = _text(raw.get("status")).lower()
        if status and status not in STATUS_STAGE:
            note("status", status, _("is not active, inactive, defunct or temporarily closed; left out"))
        contacts = [c for c in raw.get("contacts") or [] if isinstance(c, dict)]
        email = _text(raw.get("email")) or _text(organization.get("email")) or next(
            (_text(c.get("email")) for c in contacts if c.get("email")), "")
        email = email.removeprefix("mailto:")
        website = re.sub(r"\\+", "/", _text(raw.get("url")) or _text(  # a path written with backslashes
            organization.get("website") or organization.get("url")))
        if website and "://" not in website:
            website = "https://" + website
        phones = [p for p in raw.get("phones") or [] if isinstance(p, dict)]
        phones += [p for c in contacts for p in c.get("phones") or [] if isinstance(p, dict)]
        affiliation = detail("affiliation")
        org_name = _text(organization.get("name"))
        if not affiliation and org_name and org_name != name:
            affiliation = _fit(Group, "affiliation", org_name)
        language_ids = []
        codes = [("attributes.meeting-language", str(code), "") for code in details.get("meeting-language") or []]
        codes += [("languages", _text(lang.get("code")), _text(lang.get("name")))
                  for lang in raw.get("languages") or [] if isinstance(lang, dict)]
        for where, code, label in codes:
            found = self._languages(code) or self._languages(label)
            language_ids += [pk for pk in found if pk not in language_ids]
            if not found and (code or label):
                note(where, code or label, _("is not a language (a name or an ISO 639 code); left out"))
        cost, cost_amount, cost_covers = _cost(raw)
        group = Group(
            uuid=self._uuid(rid, "service"), name=name, description=description,
            cost=cost, cost_amount=cost_amount, cost_covers=cost_covers,
            bring_someone=detail("bring-someone") or Group.BringSomeone.NOT_SAID,
            first_visit=detail("first-visit") or Group.FirstVisit.NOT_SAID,
            summary=detail("summary"), who_for=_prose(raw.get("eligibility_description")),
            newcomers=detail("newcomers"), stage=detail("stage") or STATUS_STAGE.get(status, "active"),
            stage_note=detail("stage-note") or _prose(raw.get("alert")),
            started_on=date(detail("started"), "attributes.started"), affiliation=affiliation,
            run_by=detail("run-by") or self.run_by,
            run_with_professional_support=flag("professional-support"), women_only=flag("women-only"),
            family_welcome=flag("family-welcome"),
            contact_role=next((_text(c.get("title")) for c in contacts if c.get("title")), ""),
            email=email, phone=_phone(next((_text(p.get("number")) for p in phones if p.get("number")), "")),
            website=website, contact_route=detail("contact-route") or Group.ContactRoute.DIRECT,
            professionals_rule=detail("professionals-rule") or Group.ProfessionalsRule.INVITATION,
            last_confirmed_on=date(detail("last-confirmed"), "attributes.last-confirmed") or date(
                raw.get("assured_date"), "assured_date"),
        )
        for name_ in ("description", "who_for"):  # a long text keeps its first sentences
            text, longest = getattr(group, name_), Group._meta.get_field(name_).max_length
            if len(text) > longest:
                setattr(group, name_, _cut(text, longest))
                message = (_("was cut at a word to fit %(longest)s characters (it had %(length)s)")
                           if getattr(group, name_).endswith("…") else
                           _("was cut at the end of a sentence to fit %(longest)s characters (it had %(length)s)"))
                note(name_, text, message % {"longest": longest, "length": len(text)})
        for name_, messages in group.field_errors(category_ids).items():
            if name_ == "categories":
                note("attributes", len(category_ids), _("%(problem)s The first three were kept.") % {
                    "problem": messages[0]})
                category_ids = category_ids[:Group.MAX_CATEGORIES]
            else:
                note(name_, getattr(group, name_), _("%(problem)s Left out.") % {"problem": " ".join(messages)})
                setattr(group, name_, Group._meta.get_field(name_).get_default())
        group.summary = group.summary or _summary(group.description, group.name)
        venues, meetings = self._meetings(raw, rid, note)
        if not meetings:  # ORUK 1.0 says how a service is attended: "online" or "phone" is met remotely
            remote = _text(raw.get("attending_type")).lower()
            if remote in REMOTE and (group.phone if remote == "phone" else group.website or group.email):
                meetings.append(Meeting(uuid=self._uuid(f"{rid}#{remote}", "meeting"), attendance="online",
                                        online_details=REMOTE[remote], pattern="irregular", interval=1,
                                        starts_on=datetime.date(2020, 1, 1)))
        refusals = group.listing_errors(meetings)
        for name_, messages in refusals.items():
            note(name_, getattr(group, name_) if name_ in GROUP_FIELDS else "", " ".join(messages), refused=True)
        if "meetings" in refusals and not is_nested(given):
            note("service_at_locations", "", _("is not given: this is a list page's entry, without the service's "
                                               "places and schedules; import the feed's address to read each "
                                               "service's own page"))
        group.meets_in_person = any(m.in_person for m in meetings)
        group.meets_online = any(m.online for m in meetings)
        digest = hashlib.sha256(FINGERPRINT.encode(given).encode() + self.salt).hexdigest()
        return Listing(rid, digest, group, category_ids, language_ids, venues, meetings)

    def _languages(self, text) -> list[int]:
        """The languages `text` names or codes, in any language ("Spanish", "español", "es",
        "spa", "English and Polish"), each added to the directory's list the first time."""
        if text.casefold() not in self.languages:
            found = []
            for part in re.split(r"[,;/\n]| and | & ", text):
                code = _language_code(part.split("(")[0].strip())
                if code and code not in self.languages:
                    name = _fit(Language, "name", langcodes.Language.get(code).display_name("en"))
                    language = Language.objects.get_or_create(code=code, defaults={"name": name})[0]
                    self.language_objects[language.pk] = language
                    self.languages[code] = [language.pk]
                found += self.languages.get(code, []) if code else []
            self.languages[text.casefold()] = found
        return self.languages[text.casefold()]

    def _uuid(self, source_id, kind) -> uuid.UUID:
        """The source's own UUID if it has one; otherwise one made from its id, the same every time."""
        try:
            return uuid.UUID(str(source_id))
        except ValueError:
            return uuid.uuid5(ids.NAMESPACE, f"{self.label}|{kind}|{source_id}")

    def _attributes(self, attributes, rid, note):
        details, category_ids = {}, []
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
            term = self.source.term(term_id) or embedded
            if term is None:
                note("taxonomy_term_id", term_id, _("is not a term in this source's taxonomy; left out"),
                     "attribute", str(attribute.get("id") or rid))
                continue
            category = self.mapping.category_for({**term, "id": term_id or term.get("id")})
            if category is None:
                entry = self.report.unmapped_terms.setdefault(
                    term_id, [str(term.get("name") or ""), str(term.get("taxonomy") or ""), 0])
                entry[2] += 1
            elif category is not IGNORE and category.pk not in category_ids:
                category_ids.append(category.pk)
        return details, category_ids

    def _venue(self, location, note) -> Venue | None:
        lid = str(location.get("id") or "")
        addresses = [a for a in location.get("addresses") or [] if isinstance(a, dict)]
        address = next((a for a in addresses if a.get("address_type") in (None, "physical")), None) or (
            addresses[0] if addresses else {})
        details = {ids.DETAIL_TERM_BY_ID.get(str(a.get("taxonomy_term_id") or "")): str(a.get("value") or "")
                   for a in location.get("attributes") or [] if isinstance(a, dict)}
        access = [a for a in location.get("accessibility") or [] if isinstance(a, dict)]
        words = " ".join(f"{a.get('description') or ''} {a.get('details') or ''}" for a in access).lower()
        name, address_1 = _text(location.get("name")), _text(address.get("address_1"))
        venue = Venue(
            uuid=self._uuid(lid, "location"), name=name or address_1 or "Venue", address_1=address_1 or name,
            address_2=_text(address.get("address_2")), town=_text(address.get("city")),
            postcode=_text(address.get("postal_code")), transport=_text(location.get("transportation")),
            access_notes=details.get("access-notes", "" if {"step-free", "hearing-loop"} & set(details) else " ".join(
                str(a.get("details")) for a in access if a.get("details")).strip()),
        )
        # A member's home: placed at its postcode district's centre (as Venue.save does), its
        # address kept for the group's coordinators only.
        venue.at_home = details.get("member-home", "").lower() in TRUE
        for code, name_ in [("step-free", "step_free"), ("hearing-loop", "hearing_loop"),
                            ("accessible-toilet", "accessible_toilet"), ("parking", "parking")]:
            setattr(venue, name_, details[code].lower() in TRUE if code in details else bool(words) and any(
                word in words for word in ACCESS_WORDS[name_]))
        try:
            latitude, longitude = location.get("latitude"), location.get("longitude")
            if latitude not in (None, "") and longitude not in (None, ""):
                venue.latitude, venue.longitude = float(latitude), float(longitude)
                if not (-90 <= venue.latitude <= 90 and -180 <= venue.longitude <= 180):
                    raise ValueError
                if venue.latitude == venue.longitude == 0:  # "null island": what a feed writes for no position
                    note("latitude", f"{latitude}, {longitude}", _("is no position (0, 0 stands for none); left out"),
                         "location", lid)
                    venue.latitude = venue.longitude = None
        except (TypeError, ValueError):
            note("latitude", f"{latitude}, {longitude}", _("is not a position on Earth; left out"), "location", lid)
            venue.latitude = venue.longitude = None
        for name_, messages in venue.field_errors().items():
            note(name_, getattr(venue, name_), _("%(problem)s Left out.") % {"problem": " ".join(messages)},
                 "location", lid)
            setattr(venue, name_, Venue._meta.get_field(name_).get_default())
        if venue.at_home and not venue.postcode:  # its exact place must not be shown, nor kept for the map
            note("postal_code", "", _("a member's home is placed at its postcode district, and there is no full "
                                      "postcode; meetings there are left out"), "location", lid)
            return None
        if venue.postcode and (venue.latitude is None or venue.at_home):
            try:
                if venue.at_home:
                    venue.latitude, venue.longitude = Venue.district_centre(venue.postcode)
                else:
                    point = geocoder().locate_postcode(venue.postcode)
                    venue.latitude, venue.longitude = point.latitude, point.longitude
            except LocationError as error:
                note("postal_code", venue.postcode, str(error), "location", lid)
        if venue.latitude is None:
            note("addresses", "", _("has neither a postcode nor a latitude and longitude; meetings there are "
                                    "left out"), "location", lid)
            return None
        return venue

    def _meetings(self, raw, rid, note):
        sals = [s for s in raw.get("service_at_locations") or [] if isinstance(s, dict)]
        sal_by_id = {str(s.get("id")): s for s in sals if s.get("id") is not None}
        schedules = [s for s in raw.get("schedules") or [] if isinstance(s, dict)]
        per_sal = {}
        for schedule in schedules:
            key = str(schedule.get("service_at_location_id") or "")
            per_sal[key] = per_sal.get(key, 0) + 1
        venues, meetings, used_sals, venue_for_sal = {}, [], set(), {}

        def location_of(sal):
            return sal.get("location") if sal and isinstance(sal.get("location"), dict) else None

        def venue_of(sal):
            key = str(sal.get("id"))
            if key not in venue_for_sal:
                location = location_of(sal)
                found = self._venue(location, note) if location and location.get(
                    "location_type") != "virtual" else None
                venue_for_sal[key] = venues.setdefault(found.uuid, found) if found else None
            return venue_for_sal[key]

        def is_virtual(sal):
            location = location_of(sal)
            return None if location is None else location.get("location_type") == "virtual"

        def online_text(sal):
            location = location_of(sal) or {}
            return str(location.get("description") or location.get("url") or "") if is_virtual(sal) else ""

        def add(meeting_uuid, plan, how, venue, online_details, sid):
            notes, online = _fit(Meeting, "notes", plan.notes), _fit(Meeting, "online_details", online_details)
            if (notes, online) != (plan.notes, online_details):
                note("notes", plan.notes, _("was shortened to fit"), "schedule", sid)
            meeting = Meeting(uuid=meeting_uuid, attendance=how, venue=venue, online_details=online,
                              pattern=str(plan.pattern), interval=plan.interval or 1, weekday=plan.weekday,
                              week_of_month=plan.week_of_month, day_of_month=plan.day_of_month,
                              starts_on=plan.starts_on or datetime.date(2020, 1, 1), ends_on=plan.ends_on,
                              start_time=plan.start_time, end_time=plan.end_time, notes=notes)
            errors = meeting.field_errors()
            for name_, messages in errors.items():
                note(f"schedules.{name_}", getattr(meeting, name_, ""), _("%(problem)s The meeting is left out.")
                     % {"problem": " ".join(messages)}, "schedule", sid)
            if not errors:
                meetings.append(meeting)

        for place, schedule in enumerate(schedules):
            sid = str(schedule.get("id") or "")
            sal = sal_by_id.get(str(schedule.get("service_at_location_id") or ""))
            if sal is None and schedule.get("location_id"):
                sal = next((s for s in sals if str(s.get("location_id") or (s.get("location") or {}).get("id"))
                            == str(schedule["location_id"])), None)
            if sal is None and len(sals) == 1:
                sal = sals[0]
            found, given = None, schedule
            while found is None:  # a value that cannot be read is left out, and the meeting kept
                try:
                    found = plans(given)
                except ScheduleError as error:
                    note(f"schedules.{error.field}", error.value, _("%(problem)s; left out") % {
                        "problem": error.message}, "schedule", sid)
                    left_out = {"until", "valid_to"} if error.field in ("until", "valid_to") else {error.field}
                    if not left_out & given.keys():
                        break
                    given = {key: value for key, value in given.items() if key not in left_out}
            if found is None:
                continue
            how = attendance(schedule.get("attending_type"), is_virtual(sal))
            venue = venue_of(sal) if sal and how != "online" else None
            if how != "online" and venue is None:
                if sal is None:
                    note("service_at_location_id", sid, _("the schedule has no place and does not say it is "
                                                          "online; left out"), "schedule", sid)
                continue
            online_details = next((str(a.get("value") or "") for a in schedule.get("attributes") or []
                                   if isinstance(a, dict) and ids.DETAIL_TERM_BY_ID.get(
                                       str(a.get("taxonomy_term_id") or "")) == "online-details"), "")
            online_details = online_details or online_text(sal)
            if sal is not None:
                used_sals.add(str(sal.get("id")))
            for number, plan in enumerate(found):
                if sal is not None and per_sal.get(str(sal.get("id")), 0) == 1 and len(found) == 1:
                    meeting_uuid = self._uuid(sal.get("id"), "meeting")
                else:
                    meeting_uuid = self._uuid(sid, "meeting") if number == 0 and sid else uuid.uuid5(
                        ids.NAMESPACE, f"{self.label}|{rid}|schedule:{sid or f'@{place}'}#{number}")
                add(meeting_uuid, plan, how, venue, online_details, sid)
        for sal in sals:
            if str(sal.get("id")) in used_sals or per_sal.get(str(sal.get("id")), 0):
                continue
            virtual = is_virtual(sal)
            venue = None if virtual else venue_of(sal)
            if venue is None and not virtual:
                continue
            plan = plans({"description": _text(sal.get("description"))})[0]
            add(self._uuid(sal.get("id"), "meeting"), plan, "online" if virtual else "in_person", venue,
                online_text(sal), str(sal.get("id") or ""))
        return venues, meetings

    # Writing a batch ------------------------------------------------------------------------

    def write(self, listings: list[Listing]):
        if not listings or (self.report.refused and not self.skip_invalid):
            return  # nothing will be kept: the rest is only checked, to report every problem
        records = {r.source_id: r for r in SourceRecord.objects.filter(
            source=self.label, kind=SourceRecord.Kind.SERVICE, source_id__in=[x.source_id for x in listings])}
        changed = [x for x in listings if getattr(records.get(x.source_id), "fingerprint", "") != x.fingerprint]
        self.report.unchanged += len(listings) - len(changed)
        if not changed:
            return
        moved = self._write_venues(changed)
        existing = Group.objects.in_bulk([x.group.uuid for x in changed], field_name="uuid")
        self._create([x for x in changed if x.group.uuid not in existing], records)
        for listing in changed:
            if listing.group.uuid in existing:
                self._update(listing, existing[listing.group.uuid], records.get(listing.source_id))
        # Groups of the hub's own that meet at a venue that has moved are found where it is now.
        index_groups({x.group.pk for x in changed if x.group.uuid in existing} | set(
            Meeting.objects.filter(venue__in=moved).values_list("group_id", flat=True)))

    def _write_venues(self, changed) -> list[Venue]:
        """New venues inserted, changed ones updated; every listing's meetings pointed at
        the stored venue. The venues that changed."""
        wanted = {u: v for x in changed for u, v in x.venues.items()}
        stored = Venue.objects.in_bulk(list(wanted), field_name="uuid")
        moved = [v for u, v in stored.items() if any(
            getattr(v, name) != getattr(wanted[u], name) for name in VENUE_FIELDS)]
        for venue in moved:
            for name in VENUE_FIELDS:
                setattr(venue, name, getattr(wanted[venue.uuid], name))
        Venue.objects.bulk_update(moved, VENUE_FIELDS, batch_size=BATCH)
        stored.update(_insert(Venue, [v for u, v in wanted.items() if u not in stored], keys=True))
        for listing in changed:
            for meeting in listing.meetings:
                meeting.venue = stored[meeting.venue.uuid] if meeting.venue else None
        return moved

    def _note(self):
        return _("Imported from %(source)s") % {"source": self.label}

    def _create(self, new: list[Listing], records):
        """New groups, written in bulk: an import of a whole directory is mostly these."""
        if not new:
            return
        now = timezone.now()
        wanted = [slugify(x.group.name)[:150] or "group" for x in new]
        taken = set(Group.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        for listing, slug in zip(new, wanted, strict=True):
            listing.group.slug = slug if slug not in taken else f"{slug}-{listing.group.uuid.hex[:8]}"
            taken.add(listing.group.slug)
            listing.group.status = Group.Status.PUBLISHED if self.publish else Group.Status.PENDING
        for listing in new:
            listing.group.created_at = listing.group.updated_at = now
        _insert(Group, [x.group for x in new], keys=True)
        _insert(Group.categories.through, [{"group_id": x.group.pk, "category_id": c}
                                           for x in new for c in x.category_ids])
        _insert(Group.languages.through, [{"group_id": x.group.pk, "language_id": c}
                                          for x in new for c in x.language_ids])
        meetings = [m for x in new for m in x.meetings]
        # A meeting whose id another group's meeting has already (here, or earlier in this
        # batch) is given one made from its group's as well.
        taken = set(Meeting.objects.filter(uuid__in=[m.uuid for m in meetings]).values_list("uuid", flat=True))
        for listing in new:
            for meeting in listing.meetings:
                meeting.group = listing.group
                if meeting.uuid in taken:
                    meeting.uuid = uuid.uuid5(ids.NAMESPACE, f"{self.label}|{listing.source_id}|{meeting.uuid}")
                taken.add(meeting.uuid)
        _insert(Meeting, meetings)
        note = self._note()
        _insert(GroupChange, [{"group_id": x.group.pk, "at": now, "action": GroupChange.Action.IMPORTED.value,
                               "note": note} for x in new])
        # A record whose group has been removed here since is made again.
        SourceRecord.objects.filter(pk__in=[records[x.source_id].pk for x in new if x.source_id in records]).delete()
        _insert(SourceRecord, [{"source": self.label, "kind": SourceRecord.Kind.SERVICE.value,
                                "source_id": x.source_id, "object_id": x.group.pk, "fingerprint": x.fingerprint,
                                "imported_at": now, "imported": listing_state(x), "disputed": {}} for x in new])
        self.report.created += len(new)
        # Indexed as the directory indexes a group (document()), from what was just
        # written: its related records are put in Django's prefetch cache, not read back.
        fresh_after = fresh_after_date(lock="share")
        for x in new:
            x.group._prefetched_objects_cache = {
                "meetings": x.meetings, "categories": [self.mapping.by_pk[pk] for pk in x.category_ids],
                "languages": [self.language_objects[pk] for pk in x.language_ids], "translations": []}
        rows = [document(x.group, fresh_after) for x in new]
        backend().store(rows, new=True)
        _remember_words(rows)

    def _update(self, listing: Listing, group: Group, record: SourceRecord | None):
        """A group here before: the feed's changes are taken where the group has not
        changed the same thing since the last import; elsewhere they wait for staff."""
        before = snapshot(group)
        feed = listing_state(listing)
        disputed = merge(group, listing, record.imported if record else {}, dict(record.disputed) if record else {})
        if self.publish:
            group.status = Group.Status.PUBLISHED
        group.save()
        group.refresh_meeting_summary()
        note = self._note()
        if disputed:
            note += " " + _("Where the group has changed its listing since, the feed says otherwise; staff "
                            "will choose.")
        record_change(group, None, GroupChange.Action.IMPORTED, before, snapshot(group), note=note)
        listing.group = group
        values = {"object_id": group.pk, "fingerprint": listing.fingerprint, "imported_at": timezone.now(),
                  "imported": feed, "disputed": disputed}
        SourceRecord.objects.update_or_create(source=self.label, kind=SourceRecord.Kind.SERVICE,
                                              source_id=listing.source_id, defaults=values)
        self.report.updated += 1


# Fields whose values the database driver takes as they are; the others are prepared
# by the field itself (get_db_prep_save), as bulk_create() would.
PLAIN = {"CharField", "TextField", "SlugField", "EmailField", "URLField", "BooleanField", "FloatField",
         "IntegerField", "PositiveSmallIntegerField", "PositiveIntegerField", "BigIntegerField", "ForeignKey"}


def _insert(model, objects, keys=False) -> dict:
    """INSERT model instances (or rows of values by attribute name, the defaults filling
    in the rest) as bulk_create() does (no save(), no signals), with one executemany
    instead of a query built value by value: `make bench` showed bulk_create's building of
    the query to take as long as the rest of an import. With `keys`, gives {uuid: instance}
    with each instance's primary key set."""
    if not objects:
        return {}
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    if isinstance(objects[0], dict):
        defaults = {f.attname: f.get_default() for f in fields}
        rows = [[row.get(name, defaults[name]) for name in names] for row in objects]
    else:
        rows = [[getattr(o, name) for name in names] for o in objects]
    for i, model_field in enumerate(fields):
        if model_field.get_internal_type() in PLAIN:
            continue
        prepared = {}  # dates, times and defaults repeat from row to row: each prepared once
        for row in rows:
            value = row[i]
            key = ("object", id(value)) if isinstance(value, dict | list) else value
            if key not in prepared:
                prepared[key] = model_field.get_db_prep_save(value, connection)
            row[i] = prepared[key]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
                           f"VALUES ({', '.join(['%s'] * len(fields))})", rows)
    if not keys:
        return {}
    found = {o.uuid: o for o in objects}
    for key, pk in model.objects.filter(uuid__in=list(found)).values_list("uuid", "pk"):
        found[key].pk = pk
        found[key]._state.adding = False
    return found

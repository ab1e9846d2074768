"""Stable identifiers and our own published taxonomies.

Groups, venues, meetings and categories carry UUIDs of their own. The records that HSDS
needs and we do not store (a group's organisation, its contact, its phone, a meeting's
schedule, an online meeting's virtual location, attributes) get UUIDs derived from those,
so that every export and every API answer gives the same record the same id.
"""

import hashlib
import uuid

from django.utils.translation import gettext_lazy as _

# Fixed forever: changing it would change every derived id.
NAMESPACE = uuid.UUID("6b1f3c2e-8f0d-5a7b-9c4e-2d1a0b9e7f31")
NAMESPACE_BYTES = NAMESPACE.bytes

PROFILE_URL = "https://openreferraluk.org/specifications/3.0/"
VERSION = "HSDS-UK-3.0"


def derived(*parts) -> str:
    """str(uuid.uuid5(NAMESPACE, "part:part:…")), written out: the API makes several for
    every record it sends, and uuid.UUID's own checks cost more than the hash."""
    name = ":".join(map(str, parts)).encode()
    digest = bytearray(hashlib.sha1(NAMESPACE_BYTES + name, usedforsecurity=False).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


# A group is both an HSDS organization and its one service. The organisation's id is the
# group's UUID with fixed bits flipped (version and variant bits untouched), so that it is
# stable, looks like any other UUID, and leads back to the group without a look-up table.
ORGANIZATION_MASK = 0x5A5A5A5A_5A5A_0A5A_3A5A_5A5A5A5A5A5A


def organization_id(group_uuid) -> str:
    return str(uuid.UUID(int=uuid.UUID(str(group_uuid)).int ^ ORGANIZATION_MASK))


def group_uuid_for_organization(organization_id) -> uuid.UUID | None:
    try:
        return uuid.UUID(int=uuid.UUID(str(organization_id)).int ^ ORGANIZATION_MASK)
    except ValueError:
        return None


def contact_id(group_uuid) -> str:
    return derived("contact", group_uuid)


def phone_id(group_uuid) -> str:
    return derived("phone", group_uuid)


def schedule_id(meeting_uuid) -> str:
    return derived("schedule", meeting_uuid)


def virtual_location_id(meeting_uuid) -> str:
    return derived("online", meeting_uuid)


def address_id(venue_uuid) -> str:
    return derived("address", venue_uuid)


def accessibility_id(venue_uuid, code) -> str:
    return derived("accessibility", venue_uuid, code)


def attribute_id(link_id, term_code, value="") -> str:
    return derived("attribute", link_id, term_code, value)


def language_id(group_uuid, code) -> str:
    return derived("language", group_uuid, code)


CATEGORIES_TAXONOMY_ID = derived("taxonomy", "categories")
DETAILS_TAXONOMY_ID = derived("taxonomy", "listing-details")

TAXONOMIES = {
    CATEGORIES_TAXONOMY_ID: {
        "name": _("Self Help Hub: what groups are about"),
        "description": _("The issues that self-help and mutual aid groups form around, in two levels."),
        "version": "1",
    },
    DETAILS_TAXONOMY_ID: {
        "name": _("Self Help Hub: listing details"),
        "description": _(
            "Facts about a self-help group that HSDS has no field for, given as attributes with a value."
        ),
        "version": "1",
    },
}

# Our extras, published as terms of the details taxonomy. Each attribute that uses one
# carries the fact in its `value`. (code, link entity, name, description)
DETAIL_TERMS = [
    ("stage", "service", _("Life-cycle stage"),
     _("starting, active, paused or closing.")),
    ("stage-note", "service", _("Note about the stage"),
     _("When a paused group may start again, or where members of a closing group can go.")),
    ("last-confirmed", "service", _("Last confirmed"),
     _("The date the group last confirmed that its listing is right (YYYY-MM-DD).")),
    ("professionals-rule", "service", _("Rule for professionals"),
     _("none: no professionals at meetings; invitation: by invitation only; open: professionals welcome.")),
    ("contact-route", "service", _("How people get in touch"),
     _("direct: contact the group; introduction: ask the group to contact you; both.")),
    ("women-only", "service", _("Women only"), _("true when the group is for women only.")),
    ("family-welcome", "service", _("Family and friends welcome"),
     _("true when family and friends are welcome at meetings.")),
    ("meeting-language", "service", _("Language spoken at meetings"),
     _("A language code (ISO 639-1, or bfi for British Sign Language).")),
    ("summary", "service", _("One-line summary"), _("The group’s one-line summary.")),
    ("newcomers", "service", _("What newcomers can expect"), _("In the group’s own words.")),
    ("started", "service", _("When the group started"), _("A date (YYYY-MM-DD).")),
    ("affiliation", "service", _("National organisation"),
     _("The national organisation the group belongs to.")),
    ("run-by", "service", _("Who runs it"), _("Example: “Run by its members”.")),
    ("professional-support", "service", _("Run with professional support"),
     _("true when professionals help to run the group.")),
    ("bring-someone", "service", _("Can people bring someone with them?"),
     _("yes; no: come on your own; ask: ask the group first. Left out when the group has not said.")),
    ("first-visit", "service", _("Do people need to get in touch first?"),
     _("go_along: just go along; get_in_touch: get in touch before the first meeting; either. "
       "Left out when the group has not said.")),
    ("member-home", "location", _("At a member’s home"),
     _("true when the group meets at a member’s home: the location is the centre of its postcode district, "
       "and the address is given when you get in touch.")),
    ("step-free", "location", _("Step-free access"), _("true when the venue has step-free access.")),
    ("hearing-loop", "location", _("Hearing loop"), _("true when the venue has a hearing loop.")),
    ("accessible-toilet", "location", _("Accessible toilet"), _("true when the venue has one.")),
    ("parking", "location", _("Parking"), _("true when the venue has parking.")),
    ("access-notes", "location", _("More about access"), _("Free text about access to the venue.")),
    ("online-details", "schedule", _("How to join online"),
     _("Example: “On Zoom; the link is sent when you get in touch.”")),
]
DETAIL_CODES = {code for code, *_rest in DETAIL_TERMS}


def detail_term_id(code) -> str:
    return derived("term", code)


DETAIL_TERM_BY_ID = {detail_term_id(code): code for code in DETAIL_CODES}

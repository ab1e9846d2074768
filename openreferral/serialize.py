"""Our directory as HSDS 3 records (shaped for the Open Referral UK 3.0 profile).

Only what the public listing shows goes out: groups from
`Group.objects.listed()` (see directory/visibility.py), and for contact only the group's role-based public
details (a role such as “Group secretary”, the group's own email, phone and website).
Empty optional fields are left out, never sent as null or "".
"""

import datetime
import functools

from directory.models import HOME_NAME, HOME_NOTE, Group, Meeting, home_area
from directory.postcodes import normalise_outward

from . import ids
from .schedules import to_schedule

STATUS = {
    Group.Stage.STARTING: "active",
    Group.Stage.ACTIVE: "active",
    Group.Stage.PAUSED: "temporarily closed",
    Group.Stage.CLOSING: "active",
    Group.Stage.CLOSED: "inactive",
}

# Postcode areas wholly or mostly in Scotland and Wales; the rest of Great Britain is England.
SCOTLAND = {"AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "TD", "ZE"}
WALES = {"CF", "LD", "LL", "NP", "SA"}


def clean(value):
    """Leave out empty optional fields everywhere (ORUK: omit rather than null or "")."""
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            if type(item) is str:  # most values: nothing to clean
                if item:
                    result[key] = item
                continue
            item = clean(item)
            if item is None or item == "" or item == [] or item == {}:
                continue
            result[key] = item
        return result
    if isinstance(value, list):
        return [clean(item) for item in value]
    if value is None or type(value) in (int, float, bool):
        return value
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "_proxy____cast"):  # a lazy translation
        return str(value)
    return value


@functools.lru_cache(maxsize=4096)
def nation(postcode: str) -> str:
    outward = normalise_outward(postcode.split(" ")[0]) or postcode.split(" ")[0]
    area = "".join(character for character in outward if character.isalpha())[:2]
    if area in SCOTLAND or area[:1] in SCOTLAND:
        return "Scotland"
    if area in WALES:
        return "Wales"
    return "England"


# Taxonomies -------------------------------------------------------------------------------

def taxonomy(taxonomy_id, with_terms=False, categories=()) -> dict:
    info = ids.TAXONOMIES[taxonomy_id]
    record = {"id": taxonomy_id, "name": str(info["name"]), "description": str(info["description"]),
              "version": info["version"]}
    if with_terms:
        record["taxonomy_terms"] = (
            [category_term(c) for c in categories] if taxonomy_id == ids.CATEGORIES_TAXONOMY_ID
            else detail_terms()
        )
    return record


def category_term(category) -> dict:
    parent = category.parent if category.parent_id else None
    return {
        "id": str(category.uuid),
        "name": category.name,
        "description": f"{parent.name}: {category.name}" if parent else category.name,
        "code": category.slug,
        "parent_id": str(parent.uuid) if parent else None,
        "taxonomy": str(ids.TAXONOMIES[ids.CATEGORIES_TAXONOMY_ID]["name"]),
        "taxonomy_id": ids.CATEGORIES_TAXONOMY_ID,
    }


def detail_term(code) -> dict:
    for term_code, _entity, name, description in ids.DETAIL_TERMS:
        if term_code == code:
            return {
                "id": ids.detail_term_id(code),
                "name": str(name),
                "description": str(description),
                "code": code,
                "taxonomy": str(ids.TAXONOMIES[ids.DETAILS_TAXONOMY_ID]["name"]),
                "taxonomy_id": ids.DETAILS_TAXONOMY_ID,
            }
    raise KeyError(code)


def detail_terms() -> list[dict]:
    return [detail_term(code) for code, *_rest in ids.DETAIL_TERMS]


def detail_attribute(link_id, entity, code, value, embed=True) -> dict:
    value = str(value).lower() if isinstance(value, bool) else str(value)
    attribute = {
        "id": ids.attribute_id(link_id, code, value),
        "link_id": str(link_id),
        "link_type": code,
        "link_entity": entity,
        "taxonomy_term_id": ids.detail_term_id(code),
        "value": value,
    }
    if embed:
        attribute["taxonomy_term"] = detail_term(code)
    return attribute


def category_attribute(group, category, embed=True) -> dict:
    attribute = {
        "id": ids.attribute_id(group.uuid, "category", category.uuid),
        "link_id": str(group.uuid),
        "link_type": "topic",
        "link_entity": "service",
        "taxonomy_term_id": str(category.uuid),
    }
    if embed:
        attribute["taxonomy_term"] = category_term(category)
    return attribute


# Services, organisations, locations ---------------------------------------------------------

def service_brief(group) -> dict:
    """The one-to-one fields of a service, as /services lists them."""
    return {
        "id": str(group.uuid),
        "organization_id": ids.organization_id(group.uuid),
        # The group's own words only: HSDS 3 has no field for a text in several languages,
        # so its words in other languages (GroupTranslation) stay on the hub.
        "name": group.name,
        "description": group.description,
        "url": group.website,
        "email": group.email,
        "status": STATUS.get(group.stage, "active"),
        "eligibility_description": group.who_for,
        "alert": group.stage_note,
        "assured_date": group.last_confirmed_on,
        "last_modified": group.updated_at,
    }


def organization(group, services=None) -> dict:
    record = {
        "id": ids.organization_id(group.uuid),
        "name": group.name,
        "description": group.summary or group.name,
        "email": group.email,
        "website": group.website,
    }
    if services is not None:
        record["services"] = services
    return record


def service_attributes(group, embed=True) -> list[dict]:
    link = group.uuid

    def extra(code, value):
        return detail_attribute(link, "service", code, value, embed)

    attributes = [category_attribute(group, category, embed) for category in group.categories.all()]
    attributes.append(extra("stage", group.stage))
    if group.stage_note:
        attributes.append(extra("stage-note", group.stage_note))
    if group.last_confirmed_on:
        attributes.append(extra("last-confirmed", group.last_confirmed_on.isoformat()))
    attributes.append(extra("professionals-rule", group.professionals_rule))
    attributes.append(extra("contact-route", group.contact_route))
    attributes.append(extra("women-only", group.women_only))
    attributes.append(extra("family-welcome", group.family_welcome))
    attributes.append(extra("professional-support", group.run_with_professional_support))
    attributes += [extra("meeting-language", language.code) for language in group.languages.all()]
    for code, value in [("summary", group.summary), ("newcomers", group.newcomers),
                        ("affiliation", group.affiliation), ("run-by", group.run_by)]:
        if value:
            attributes.append(extra(code, value))
    if group.started_on:
        attributes.append(extra("started", group.started_on.isoformat()))
    if group.bring_someone:
        attributes.append(extra("bring-someone", group.bring_someone))
    if group.first_visit:
        attributes.append(extra("first-visit", group.first_visit))
    return attributes


COST_OPTION = {Group.Cost.FREE: "Free", Group.Cost.DONATIONS: "Donations welcome", Group.Cost.CHARGE: "Charge"}


def cost_options(group) -> list[dict]:
    """The group's cost as HSDS cost options: one, or none when the group has not said.
    `option` names the kind (Free, Donations welcome, Charge); `amount` is in pounds (0 when
    free, left out for donations); `amount_description` is the sentence the group's page shows."""
    if group.cost not in COST_OPTION or (group.cost == Group.Cost.CHARGE and group.cost_amount is None):
        return []
    record = {
        "id": ids.derived("cost-option", group.uuid),
        "service_id": str(group.uuid),
        "option": COST_OPTION[group.cost],
        "currency": "GBP",
        "amount": 0 if group.cost == Group.Cost.FREE else None,
        "amount_description": group.cost_text,
    }
    if group.cost == Group.Cost.CHARGE:
        amount = group.cost_amount
        record["amount"] = int(amount) if amount == amount.to_integral_value() else float(amount)
    return [record]


ACCESS_FEATURES = [
    ("step-free", "step_free", "Step-free access"),
    ("hearing-loop", "hearing_loop", "Hearing loop"),
    ("accessible-toilet", "accessible_toilet", "Accessible toilet"),
    ("parking", "parking", "Parking"),
]


def location(venue, embed=True, brief=False) -> dict:
    """A venue as an HSDS location; `brief` leaves out its accessibility and attributes (lists).

    A member's home has no address and no name: only its area, and its place is the
    centre of its postcode district (as stored: Venue.save)."""
    link = str(venue.uuid)
    if venue.at_home:
        record = {
            "id": link,
            "location_type": "physical",
            "name": str(HOME_NAME),
            "description": f"{home_area(venue.town, venue.postcode)}. {HOME_NOTE}",
            "latitude": venue.latitude,
            "longitude": venue.longitude,
        }
        if brief:
            return record
        record["attributes"] = [detail_attribute(link, "location", "member-home", True, embed)]
        record["attributes"] += [detail_attribute(link, "location", code, getattr(venue, field_name), embed)
                                 for code, field_name, _label in ACCESS_FEATURES]
        record["accessibility"] = [
            {"id": ids.accessibility_id(venue.uuid, code), "location_id": link, "description": label}
            for code, field_name, label in ACCESS_FEATURES if getattr(venue, field_name)
        ]
        return record
    record = {
        "id": link,
        "location_type": "physical",
        "name": venue.name,
        "transportation": venue.transport,
        "latitude": venue.latitude,
        "longitude": venue.longitude,
        "addresses": [{
            "id": ids.address_id(venue.uuid),
            "location_id": link,
            "address_1": venue.address_1,
            "address_2": venue.address_2,
            "city": venue.town,
            "state_province": nation(venue.postcode),
            "postal_code": venue.postcode,
            "country": "GB",
            "address_type": "physical",
        }],
    }
    if brief:
        return record
    accessibility = [
        {"id": ids.accessibility_id(venue.uuid, code), "location_id": link, "description": label}
        for code, field_name, label in ACCESS_FEATURES if getattr(venue, field_name)
    ]
    if venue.access_notes:
        accessibility.append({"id": ids.accessibility_id(venue.uuid, "notes"), "location_id": link,
                              "description": "More about access", "details": venue.access_notes})
    attributes = [detail_attribute(link, "location", code, getattr(venue, field_name), embed)
                  for code, field_name, _label in ACCESS_FEATURES]
    if venue.access_notes:
        attributes.append(detail_attribute(link, "location", "access-notes", venue.access_notes, embed))
    record["accessibility"] = accessibility
    record["attributes"] = attributes
    return record


def virtual_location(meeting) -> dict:
    return {
        "id": ids.virtual_location_id(meeting.uuid),
        "location_type": "virtual",
        "name": "Online",
        "description": meeting.online_details,
    }


def location_for(meeting, embed=True, brief=False) -> dict:
    return location(meeting.venue, embed, brief) if meeting.venue_id else virtual_location(meeting)


def service_at_location(meeting, group, with_location=True, with_schedules=False, embed=True,
                        brief=False) -> dict:
    """Each meeting is a service at a location: its venue, or a virtual location online."""
    record = {
        "id": str(meeting.uuid),
        "service_id": str(group.uuid),
        "location_id": str(meeting.venue.uuid) if meeting.venue_id else ids.virtual_location_id(meeting.uuid),
    }
    if with_location:
        record["location"] = location_for(meeting, embed, brief)
    if with_schedules:
        record["schedules"] = [schedule(meeting, group)]
    return record


def schedule(meeting, group) -> dict:
    """A meeting's schedule. HSDS 3 cannot say that one date is cancelled or moved (it has no
    exception dates), so the changes to come are added to its description in words; the
    group's calendar file (publishing.calendar) carries them exactly."""
    record = to_schedule(meeting, group.uuid, str(meeting.uuid))
    changes = meeting.coming_changes()
    if changes:
        words = [f"{record['description']}.", *(f"{change.describe()}." for change in changes)]
        record["description"] = " ".join(words)
    return record


def contact(group) -> dict | None:
    if not (group.contact_role or group.email or group.phone):
        return None
    record = {
        "id": ids.contact_id(group.uuid),
        "service_id": str(group.uuid),
        "title": group.contact_role,
        "email": group.email,
    }
    if group.phone:
        record["phones"] = [{"id": ids.derived("contact-phone", group.uuid), "contact_id": record["id"],
                             "number": group.phone}]
    return record


def service_full(group, embed=True) -> dict:
    """A fully nested service. Expects categories, languages and meetings__venue prefetched."""
    meetings = sorted(group.meetings.all(), key=lambda m: m.pk)
    record = service_brief(group)
    record["organization"] = organization(group)
    record["service_at_locations"] = [service_at_location(m, group, embed=embed) for m in meetings]
    record["schedules"] = [schedule(m, group) for m in meetings]
    found = contact(group)
    record["contacts"] = [found] if found else []
    if group.phone:
        record["phones"] = [{"id": ids.phone_id(group.uuid), "service_id": str(group.uuid), "number": group.phone}]
    record["languages"] = [
        {"id": ids.language_id(group.uuid, language.code), "service_id": str(group.uuid),
         "name": language.name, "code": language.code}
        for language in group.languages.all()
    ]
    record["cost_options"] = cost_options(group)
    record["attributes"] = service_attributes(group, embed)
    return record


def public_groups():
    return Group.objects.listed()


def full_prefetch(queryset):
    return queryset.prefetch_related("categories__parent", "languages", "meetings__venue", "meetings__changes")


def public_meetings():
    return Meeting.objects.filter(group__in=public_groups())

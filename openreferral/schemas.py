"""The API's typed schemas, written from HSDS 3.1 and the Open Referral UK 3.0 profile.

Every optional field defaults to None and the API leaves None out of its answers, so a
record never carries null or "". Field names and required fields follow the
specification; a few HSDS fields that ORUK 3.0 leaves out (phones, contact email,
language name and code, attribute value) are kept, which both schemas allow.
"""

import datetime
from typing import Annotated, Literal

from ninja import Field
from pydantic import BaseModel, ConfigDict

Id = Annotated[str, Field(json_schema_extra={"format": "uuid"})]


class Schema(BaseModel):
    """Plain pydantic models: the API builds dictionaries, so ninja's attribute lookups on
    Django objects are not needed (and would cost more than the query)."""

    model_config = ConfigDict(extra="ignore")


class ApiDetails(Schema):
    version: str = Field(description="The Open Referral version this API conforms to.")
    profile: str = Field(description="The profile this API conforms to.")
    openapi_url: str = Field(description="Where this API's OpenAPI document is.")


class Error(Schema):
    error: str = Field(description="What was wrong, in plain English.")
    detail: list[dict] | None = None


class TaxonomyTerm(Schema):
    id: Id
    name: str
    description: str
    code: str | None = None
    parent_id: Id | None = None
    taxonomy: str | None = None
    taxonomy_id: Id | None = None
    term_uri: str | None = None
    language: str | None = None


class Taxonomy(Schema):
    id: Id
    name: str
    description: str
    uri: str | None = None
    version: str | None = None
    taxonomy_terms: list[TaxonomyTerm] | None = None


class Attribute(Schema):
    id: Id
    link_id: Id | None = None
    link_type: str | None = None
    link_entity: str | None = None
    taxonomy_term_id: Id | None = None
    taxonomy_term: TaxonomyTerm | None = None
    value: str | None = None
    label: str | None = None


class Address(Schema):
    id: Id
    location_id: Id | None = None
    attention: str | None = None
    address_1: str
    address_2: str | None = None
    city: str
    region: str | None = None
    state_province: str
    postal_code: str
    country: str
    address_type: Literal["physical", "postal", "virtual"]


class Accessibility(Schema):
    id: Id
    location_id: Id | None = None
    description: str | None = None
    details: str | None = None
    url: str | None = None


class Phone(Schema):
    id: Id
    service_id: Id | None = None
    contact_id: Id | None = None
    number: str
    description: str | None = None


class Contact(Schema):
    id: Id
    service_id: Id | None = None
    name: str | None = None
    title: str | None = None
    email: str | None = None
    phones: list[Phone] | None = None


class Language(Schema):
    id: Id
    service_id: Id | None = None
    name: str | None = None
    code: str | None = None


class Schedule(Schema):
    id: Id
    service_id: Id | None = None
    service_at_location_id: Id | None = None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    dtstart: datetime.date | None = None
    until: datetime.date | None = None
    freq: Literal["WEEKLY", "MONTHLY"] | None = None
    interval: int | None = None
    byday: str | None = None
    bymonthday: str | None = None
    description: str | None = None
    opens_at: str | None = None
    closes_at: str | None = None
    attending_type: str | None = None
    notes: str | None = None
    attributes: list[Attribute] | None = None


class Location(Schema):
    id: Id
    location_type: Literal["physical", "postal", "virtual"]
    url: str | None = None
    name: str | None = None
    description: str | None = None
    transportation: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    addresses: list[Address] | None = None
    accessibility: list[Accessibility] | None = None
    attributes: list[Attribute] | None = None


class CostOption(Schema):
    id: Id
    service_id: Id | None = None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    option: str | None = None
    currency: str | None = None
    amount: float | None = None
    amount_description: str | None = None


class Organization(Schema):
    id: Id
    name: str
    description: str
    email: str | None = None
    website: str | None = None
    services: list["Service"] | None = None
    attributes: list[Attribute] | None = None


class ServiceAtLocation(Schema):
    id: Id
    service_id: Id | None = None
    location_id: Id | None = None
    description: str | None = None
    distance: float | None = Field(None, description="Metres from the postcode searched for, when one was.")
    location: Location | None = None
    schedules: list[Schedule] | None = None


class Service(Schema):
    id: Id
    organization_id: Id | None = None
    name: str
    description: str | None = None
    url: str | None = None
    email: str | None = None
    status: Literal["active", "inactive", "defunct", "temporarily closed"]
    eligibility_description: str | None = None
    alert: str | None = None
    assured_date: datetime.date | None = None
    last_modified: datetime.datetime | None = None
    organization: Organization | None = None
    service_at_locations: list[ServiceAtLocation] | None = None
    schedules: list[Schedule] | None = None
    contacts: list[Contact] | None = None
    phones: list[Phone] | None = None
    languages: list[Language] | None = None
    cost_options: list[CostOption] | None = None
    attributes: list[Attribute] | None = None


Organization.model_rebuild()


class Page(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool


class ServicePage(Page):
    contents: list[Service]


class ServiceAtLocationPage(Page):
    contents: list[ServiceAtLocation]


class TaxonomyPage(Page):
    contents: list[Taxonomy]


class TaxonomyTermPage(Page):
    contents: list[TaxonomyTerm]


class OrganizationPage(Page):
    contents: list[Organization]

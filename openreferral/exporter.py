"""Writing the published directory as an HSDS 3 datapackage.

A folder with `datapackage.json` and one CSV file per table (the Frictionless tabular
data package HSDS defines), and `openreferral.json`, the same tables in one JSON document
shaped like HSDS's own `tabular.json` ({"services.csv": [...], ...}). Groups are read a
batch at a time and each table is written as it goes, so memory stays flat.
"""

import csv
import json
import os
import shutil
import tempfile
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch

from directory.models import Category, Meeting
from lib.spreadsheets import safe_free_text

from . import ids, serialize

COLUMNS = {
    "organizations.csv": ["id", "name", "description", "email", "website"],
    "services.csv": ["id", "organization_id", "name", "description", "url", "email", "status",
                     "eligibility_description", "alert", "assured_date", "last_modified"],
    "service_at_location.csv": ["id", "service_id", "location_id", "description"],
    "locations.csv": ["id", "location_type", "name", "description", "transportation", "latitude", "longitude"],
    "addresses.csv": ["id", "location_id", "address_1", "address_2", "city", "state_province", "postal_code",
                      "country", "address_type"],
    "accessibility.csv": ["id", "location_id", "description", "details"],
    "schedules.csv": ["id", "service_id", "service_at_location_id", "valid_from", "valid_to", "dtstart", "until",
                      "freq", "interval", "byday", "bymonthday", "description", "opens_at", "closes_at",
                      "attending_type", "notes"],
    "contacts.csv": ["id", "service_id", "name", "title", "email"],
    "phones.csv": ["id", "service_id", "contact_id", "number"],
    "languages.csv": ["id", "service_id", "name", "code"],
    "cost_options.csv": ["id", "service_id", "option", "currency", "amount", "amount_description"],
    "attributes.csv": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
    "taxonomies.csv": ["id", "name", "description", "uri", "version"],
    "taxonomy_terms.csv": ["id", "name", "description", "code", "parent_id", "taxonomy", "taxonomy_id"],
}
# Columns of words people wrote (names, descriptions, notes). In the CSV files only these
# are made safe for spreadsheets (lib.spreadsheets.safe_free_text); every other column,
# and the JSON document, is data for other systems and stays exact.
FREE_TEXT = ("name", "title", "description", "eligibility_description", "alert", "transportation", "details",
             "notes", "address_1", "address_2", "city", "state_province", "amount_description")
TYPES = {"latitude": "number", "longitude": "number", "interval": "number", "amount": "number", "assured_date": "date",
         "valid_from": "date", "valid_to": "date", "dtstart": "date", "until": "date",
         "last_modified": "datetime"}


def rows_for(service: dict, seen_locations: set):
    """(table, row) pairs for one fully nested service."""
    service = serialize.clean(service)
    organization = service.pop("organization", None)
    if organization:
        yield "organizations.csv", organization
    sals = service.pop("service_at_locations", [])
    schedules = service.pop("schedules", [])
    contacts = service.pop("contacts", [])
    phones = service.pop("phones", [])
    languages = service.pop("languages", [])
    cost_options = service.pop("cost_options", [])
    attributes = service.pop("attributes", [])
    yield "services.csv", service
    for sal in sals:
        location = sal.pop("location", None)
        yield "service_at_location.csv", sal
        if location and location["id"] not in seen_locations:
            seen_locations.add(location["id"])
            addresses = location.pop("addresses", [])
            accessibility = location.pop("accessibility", [])
            location_attributes = location.pop("attributes", [])
            yield "locations.csv", location
            for row in addresses:
                yield "addresses.csv", row
            for row in accessibility:
                yield "accessibility.csv", row
            for row in location_attributes:
                yield "attributes.csv", row
    for schedule in schedules:
        for row in schedule.pop("attributes", []):
            yield "attributes.csv", row
        yield "schedules.csv", schedule
    for contact in contacts:
        for phone in contact.pop("phones", []):
            yield "phones.csv", phone
        yield "contacts.csv", contact
    if not contacts:
        for phone in phones:
            yield "phones.csv", phone
    for row in languages:
        yield "languages.csv", row
    for row in cost_options:
        yield "cost_options.csv", row
    for row in attributes:
        yield "attributes.csv", row


def taxonomy_rows():
    for taxonomy_id in ids.TAXONOMIES:
        yield "taxonomies.csv", serialize.clean(serialize.taxonomy(taxonomy_id))
    for category in Category.objects.select_related("parent").order_by("parent_id", "position", "name"):
        yield "taxonomy_terms.csv", serialize.clean(serialize.category_term(category))
    for term in serialize.detail_terms():
        yield "taxonomy_terms.csv", serialize.clean(term)


def all_rows(batch_size=500):
    yield from taxonomy_rows()
    seen_locations = set()
    groups = serialize.public_groups().order_by("pk").prefetch_related(
        "categories__parent", "languages",
        Prefetch("meetings", queryset=Meeting.objects.select_related("venue").prefetch_related("changes")
                 .order_by("pk")))
    for group in groups.iterator(chunk_size=batch_size):
        yield from rows_for(serialize.service_full(group, embed=False), seen_locations)


class _Tables:
    def __init__(self, folder: Path, csv_out: bool, json_out: bool):
        self.folder = folder
        self.csv_files, self.csv_writers, self.json_parts, self.counts = {}, {}, {}, {}
        for table, columns in COLUMNS.items():
            self.counts[table] = 0
            if csv_out:
                handle = open(folder / table, "w", newline="", encoding="utf-8")  # noqa: SIM115 - closed in finish()
                self.csv_files[table] = handle
                self.csv_writers[table] = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
                self.csv_writers[table].writeheader()
            if json_out:
                self.json_parts[table] = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115

    def add(self, table, row):
        self.counts[table] += 1
        if table in self.csv_writers:
            self.csv_writers[table].writerow(
                {column: safe_free_text(value) if column in FREE_TEXT else value for column, value in row.items()})
        if table in self.json_parts:
            part = self.json_parts[table]
            if self.counts[table] > 1:
                part.write(",\n")
            part.write(json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False))

    def finish(self, json_path: Path | None):
        for handle in self.csv_files.values():
            handle.close()
        if json_path:
            with open(json_path, "w", encoding="utf-8") as out:
                out.write("{\n")
                for number, (table, part) in enumerate(self.json_parts.items()):
                    out.write(("," if number else "") + json.dumps(table) + ": [\n")
                    part.seek(0)
                    shutil.copyfileobj(part, out)
                    out.write("\n]\n")
                    part.close()
                out.write("}\n")


def descriptor(counts) -> dict:
    return {
        "name": "self-help-groups",
        "title": "Self-help and mutual aid groups",
        "profile": "tabular-data-package",
        "version": "3.1",
        "homepage": "http://docs.openreferral.org",
        "resources": [
            {
                "name": table.removesuffix(".csv"),
                "path": table,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"primaryKey": "id", "fields": [
                    {"name": column, "type": TYPES.get(column, "string")} for column in COLUMNS[table]]},
            }
            for table in COLUMNS if counts.get(table)
        ],
    }


def export(path: str | Path, csv_out=True, json_out=True) -> dict[str, int]:
    """Write the datapackage. `path` is a folder, or a .json file for the JSON document only."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        folder, json_name, csv_out = path.parent, path.name, False
    else:
        folder, json_name = path, ("openreferral.json" if json_out else None)
    folder.mkdir(parents=True, exist_ok=True)
    # Written beside the destination first and moved into place at the end, so a failed
    # export leaves the previous files as they were rather than half-written.
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=folder))
    try:
        tables = _Tables(staging, csv_out, bool(json_name))
        for table, row in all_rows():
            tables.add(table, row)
        tables.finish(staging / json_name if json_name else None)
        if csv_out:
            (staging / "datapackage.json").write_text(json.dumps(descriptor(tables.counts), indent=2) + "\n")
        for written in staging.iterdir():
            os.replace(written, folder / written.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return tables.counts

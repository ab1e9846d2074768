"""Validating our API answers and exports against the published JSON schemas.

The schemas are not copied into the project: the tests read them from the folder named
by OPENREFERRAL_SPEC_DIR (by default ../shared/openreferral beside the repository), and
fail, not skip, when it is missing.
"""

import json
import os
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

REPO = Path(__file__).resolve().parents[2]
ORUK_BASE = "https://openreferraluk.org/specifications/3.0/schema/"
HSDS_BASE = "https://hsds.invalid/3.1/schema/"  # a name only: every schema is read from disk
HSDS_REMOTE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


def spec_dir() -> Path:
    folder = Path(os.environ.get("OPENREFERRAL_SPEC_DIR") or REPO.parent / "shared" / "openreferral")
    if not (folder / "oruk-3.0").is_dir() or not (folder / "hsds-3.1").is_dir():
        pytest.fail(
            f"The Open Referral schemas are not at {folder}: set OPENREFERRAL_SPEC_DIR to the folder "
            "holding oruk-3.0/ and hsds-3.1/ (CI: ../shared/openreferral).",
            pytrace=False,
        )
    return folder


@cache
def _registry(folder: str) -> Registry:
    root = Path(folder)
    oruk = root / "oruk-3.0" / "public" / "specifications" / "3.0" / "schema"
    hsds = root / "hsds-3.1" / "schema"

    def retrieve(uri: str):
        for prefix, base in ((ORUK_BASE, oruk), (HSDS_BASE, hsds), (HSDS_REMOTE, hsds)):
            if uri.startswith(prefix):
                relative = uri[len(prefix):]
                # HSDS's openapi points at fully-inlined compiled files that are not kept;
                # the per-object schemas they are compiled from say the same.
                path = base / relative
                if not path.exists() and relative.startswith("compiled/"):
                    path = base / relative.removeprefix("compiled/")
                if path.exists():
                    return Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012)
        raise NoSuchResource(ref=uri)

    return Registry(retrieve=retrieve)


def _validator(uri: str):
    registry = _registry(str(spec_dir()))
    return Draft202012Validator({"$ref": uri}, registry=registry, format_checker=FormatChecker())


def errors(instance, uri) -> list[str]:
    return [f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
            for e in _validator(uri).iter_errors(instance)]


def oruk(name: str) -> str:
    return ORUK_BASE + name


def hsds(name: str) -> str:
    return HSDS_BASE + name


PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}

# API path → (ORUK 3.0 schema of the answer, HSDS 3.1 schema of the answer or of each item)
ENDPOINTS = {
    "services": (oruk("service_list.json"), hsds("compiled/service_list.json")),
    "service": (oruk("service.json"), hsds("service.json")),
    "service_at_locations": (oruk("service_at_location_list.json"), hsds("compiled/service_at_location_list.json")),
    "service_at_location": (oruk("service_at_location.json"), hsds("service_at_location.json")),
    "taxonomies": (oruk("taxonomy_list.json"), hsds("taxonomy.json")),
    "taxonomy": (oruk("taxonomy.json"), hsds("taxonomy.json")),
    "taxonomy_terms": (oruk("taxonomy_term_list.json"), hsds("taxonomy_term.json")),
    "taxonomy_term": (oruk("taxonomy_term.json"), hsds("taxonomy_term.json")),
    "organizations": (oruk("organization_list.json"), hsds("compiled/organization_list.json")),
    "organization": (oruk("organization.json"), hsds("organization.json")),
    "details": (oruk("api_details.json"), None),
}


def no_empty_values(value, path="") -> list[str]:
    """ORUK: optional fields without a value are left out, never null or ""."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if item is None or item == "" or item == []:
                found.append(f"{path}/{key}")
            found += no_empty_values(item, f"{path}/{key}")
    elif isinstance(value, list):
        for number, item in enumerate(value):
            found += no_empty_values(item, f"{path}/{number}")
    return found


def check(kind: str, body) -> list[str]:
    """Every way `body` fails ORUK 3.0 and HSDS 3.1 (an empty list when it conforms)."""
    oruk_uri, hsds_uri = ENDPOINTS[kind]
    problems = [f"ORUK {p}" for p in errors(body, oruk_uri)]
    if hsds_uri:
        if isinstance(body, dict) and "contents" in body:
            missing = PAGE_KEYS - set(body)
            problems += [f"page lacks {key}" for key in sorted(missing)]
            for number, item in enumerate(body["contents"]):
                problems += [f"HSDS contents/{number}/{p}" for p in errors(item, hsds_uri)]
        else:
            problems += [f"HSDS {p}" for p in errors(body, hsds_uri)]
    if kind != "details" and isinstance(body, dict) and "contents" in body and body.get("empty") is not (
            not body["contents"]):
        problems.append("empty does not match contents")
    # An empty page's contents is the one empty value that belongs.
    problems += [f"empty value at {p}" for p in no_empty_values(body) if p != "/contents"]
    return problems

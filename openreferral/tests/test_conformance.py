"""Our API answers and exports validate against the Open Referral UK 3.0 and HSDS 3.1
JSON schemas (read from OPENREFERRAL_SPEC_DIR; the tests fail when it is missing)."""

import json

import pytest
from django.core.management import call_command

from directory.models import Category, Group
from openreferral import ids

from . import conformance
from .helpers import make_directory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    found = make_directory()
    # The facts newcomers ask, so that cost_options and their attributes are checked too.
    # (make_directory leaves them out while the import round trip does not read them.)
    Group.objects.filter(pk=found["diabetes"].pk).update(
        cost=Group.Cost.CHARGE, cost_amount="2.50", cost_covers="the room and tea",
        bring_someone=Group.BringSomeone.YES, first_visit=Group.FirstVisit.GO_ALONG)
    Group.objects.filter(pk=found["tinnitus"].pk).update(cost=Group.Cost.FREE)
    return found


def test_the_schemas_are_where_the_tests_expect_them():
    folder = conformance.spec_dir()
    assert (folder / "oruk-3.0" / "public" / "specifications" / "3.0" / "schema" / "service.json").is_file()


def test_the_checker_catches_a_record_that_does_not_conform():
    assert conformance.check("service", {"id": "x", "name": None, "status": "open"})


def urls(directory):
    diabetes, carers = directory["diabetes"], directory["carers"]
    meeting = carers.meetings.first()
    category = Category.objects.get(slug="carers")
    return [
        ("details", "/api/"),
        ("services", "/api/services"),
        ("services", "/api/services?full=true"),
        ("services", "/api/services?minimal=true"),
        ("services", "/api/services?search=nothing-matches-this"),
        ("service", f"/api/services/{diabetes.uuid}"),
        ("service", f"/api/services/{carers.uuid}"),
        ("service", f"/api/services/{directory['tinnitus'].uuid}"),
        ("service_at_locations", "/api/service_at_locations"),
        ("service_at_locations", "/api/service_at_locations?full=true&postcode=NG1&proximity=100000"),
        ("service_at_location", f"/api/service_at_locations/{meeting.uuid}"),
        ("taxonomies", "/api/taxonomies"),
        ("taxonomy", f"/api/taxonomies/{ids.CATEGORIES_TAXONOMY_ID}"),
        ("taxonomy", f"/api/taxonomies/{ids.DETAILS_TAXONOMY_ID}"),
        ("taxonomy_terms", "/api/taxonomy_terms?per_page=1000"),
        ("taxonomy_term", f"/api/taxonomy_terms/{category.uuid}"),
        ("taxonomy_term", f"/api/taxonomy_terms/{ids.detail_term_id('stage')}"),
        ("organizations", "/api/organizations?full_service=true"),
        ("organization", f"/api/organizations/{ids.organization_id(diabetes.uuid)}?full_service=true"),
    ]


def test_every_endpoint_conforms_to_oruk_3_and_hsds_3_1(client, directory):
    failures = {}
    for kind, url in urls(directory):
        response = client.get(url)
        assert response.status_code == 200, url
        problems = conformance.check(kind, response.json())
        if problems:
            failures[url] = problems[:5]
    assert failures == {}


TABLE_SCHEMAS = {
    "organizations.csv": "organization.json", "services.csv": "service.json",
    "service_at_location.csv": "service_at_location.json", "locations.csv": "location.json",
    "addresses.csv": "address.json", "accessibility.csv": "accessibility.json", "schedules.csv": "schedule.json",
    "contacts.csv": "contact.json", "phones.csv": "phone.json", "languages.csv": "language.json",
    "attributes.csv": "attribute.json", "taxonomies.csv": "taxonomy.json", "taxonomy_terms.csv": "taxonomy_term.json",
    "cost_options.csv": "cost_option.json",
}


def test_the_exported_datapackage_conforms_to_hsds_3_1(tmp_path, directory):
    call_command("export_openreferral", str(tmp_path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    document = json.loads((tmp_path / "openreferral.json").read_text())
    assert not conformance.errors(document, conformance.hsds("compiled/tabular.json"))
    failures = []
    for table, rows in document.items():
        assert rows, table
        for number, row in enumerate(rows):
            failures += [f"{table}[{number}] {p}" for p in conformance.errors(row, conformance.hsds(
                TABLE_SCHEMAS[table]))]
            failures += [f"{table}[{number}] empty {p}" for p in conformance.no_empty_values(row)]
    assert failures == []
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    hsds_tables = {r["path"]: r for r in json.loads(
        (conformance.spec_dir() / "hsds-3.1" / "datapackage.json").read_text())["resources"]}
    for resource in descriptor["resources"]:
        header = (tmp_path / resource["path"]).read_text().splitlines()[0].split(",")
        known = {f["name"] for f in hsds_tables[resource["path"]]["schema"]["fields"]}
        assert set(header) <= known | {"until"}, resource["path"]

"""The public Open Referral UK API under /api/."""

import datetime
import json

import pytest
from django.utils import timezone
from ninja.responses import NinjaJSONEncoder

from directory.models import Category, Group
from openreferral import ids
from openreferral.schemas import ServiceAtLocationPage

from .helpers import make_directory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    return make_directory()


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


class TestRoot:
    def test_it_names_the_version_profile_and_openapi_document(self, client):
        body = get(client, "/api/")
        assert body == {"version": "HSDS-UK-3.0", "profile": "https://openreferraluk.org/specifications/3.0/",
                        "openapi_url": "http://testserver/api/openapi.json"}

    def test_it_serves_the_generated_openapi_document_and_docs(self, client):
        document = get(client, "/api/openapi.json")
        assert document["info"]["version"] == "HSDS-UK-3.0"
        assert {"/api/services", "/api/services/{id}", "/api/service_at_locations", "/api/taxonomies",
                "/api/taxonomy_terms", "/api/organizations"} <= set(document["paths"])
        docs = client.get("/api/docs")
        assert docs.status_code == 200
        assert b"http://" not in docs.content.replace(b"http://testserver", b"")
        assert b"https://" not in docs.content


class TestServices:
    def test_it_lists_only_published_groups_that_are_not_closed(self, client, directory):
        body = get(client, "/api/services")
        names = [s["name"] for s in body["contents"]]
        assert names == ["Derby Carers Online", "Leicester Tinnitus Circle", "Nottingham Diabetes Friends"]
        assert body["total_items"] == 3

    def test_it_pages_from_one_with_the_standard_envelope(self, client, directory):
        first = get(client, "/api/services", per_page=2)
        assert {k: v for k, v in first.items() if k != "contents"} == {
            "total_items": 3, "total_pages": 2, "page_number": 1, "size": 2, "first_page": True,
            "last_page": False, "empty": False}
        second = get(client, "/api/services", per_page=2, page=2)
        assert (second["size"], second["first_page"], second["last_page"]) == (1, False, True)
        beyond = get(client, "/api/services", per_page=2, page=5)
        assert (beyond["empty"], beyond["contents"], beyond["total_items"]) == (True, [], 3)

    def test_it_searches_with_the_directory_search(self, client, directory):
        body = get(client, "/api/services", search="tinnitus")
        assert [s["name"] for s in body["contents"]] == ["Leicester Tinnitus Circle"]

    def test_it_filters_by_taxonomy_term_including_child_terms(self, client, directory):
        carers = Category.objects.get(slug="carers")
        body = get(client, "/api/services", taxonomy_term_id=str(carers.uuid))
        assert [s["name"] for s in body["contents"]] == ["Derby Carers Online"]
        assert get(client, "/api/services", taxonomy_term_id="no-such-term")["empty"] is True

    def test_it_filters_by_taxonomy(self, client, directory):
        assert get(client, "/api/services", taxonomy_id=ids.CATEGORIES_TAXONOMY_ID)["total_items"] == 3
        assert get(client, "/api/services", taxonomy_id=ids.DETAILS_TAXONOMY_ID)["total_items"] == 3
        assert get(client, "/api/services", taxonomy_id="elsewhere")["total_items"] == 0

    def test_it_filters_by_organisation(self, client, directory):
        organization = ids.organization_id(directory["tinnitus"].uuid)
        body = get(client, "/api/services", organization_id=organization)
        assert [s["id"] for s in body["contents"]] == [str(directory["tinnitus"].uuid)]
        assert body["contents"][0]["organization_id"] == organization

    def test_it_filters_by_modified_after(self, client, directory):
        Group.objects.filter(pk=directory["diabetes"].pk).update(
            updated_at=timezone.now() - datetime.timedelta(days=10))
        since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
        body = get(client, "/api/services", modified_after=since)
        assert "Nottingham Diabetes Friends" not in [s["name"] for s in body["contents"]]
        assert body["total_items"] == 2

    def test_it_combines_filters_with_and(self, client, directory):
        diabetes = Category.objects.get(slug="diabetes")
        assert get(client, "/api/services", search="tinnitus", taxonomy_term_id=str(diabetes.uuid))["empty"]
        assert get(client, "/api/services", search="diabetes", taxonomy_term_id=str(diabetes.uuid))["size"] == 1

    def test_it_leaves_out_empty_fields(self, client, directory):
        for item in get(client, "/api/services", full="true")["contents"]:
            text = json.dumps(item)
            assert "null" not in text and '""' not in text and "[]" not in text

    def test_minimal_gives_ids_and_change_dates(self, client, directory):
        item = get(client, "/api/services", minimal="true")["contents"][0]
        assert set(item) == {"id", "name", "status", "last_modified"}

    def test_ndjson_streams_every_service(self, client, directory):
        response = client.get("/api/services", {"format": "ndjson", "per_page": 1})
        assert response["Content-Type"] == "application/x-ndjson"
        lines = b"".join(response.streaming_content).decode().splitlines()
        assert [json.loads(line)["name"] for line in lines] == [
            "Derby Carers Online", "Leicester Tinnitus Circle", "Nottingham Diabetes Friends"]


class TestService:
    def test_it_is_fully_nested(self, client, directory):
        group = directory["diabetes"]
        body = get(client, f"/api/services/{group.uuid}")
        assert body["organization"]["name"] == "Nottingham Diabetes Friends"
        assert body["assured_date"] == "2026-10-01"
        assert body["status"] == "active"
        location = body["service_at_locations"][0]["location"]
        assert location["addresses"][0]["postal_code"] == "NG1 5FW"
        assert {a["description"] for a in location["accessibility"]} >= {"Step-free access", "Hearing loop"}
        weekly, monthly = body["schedules"]
        assert (weekly["freq"], weekly["byday"], weekly["opens_at"], weekly["closes_at"]) == (
            "WEEKLY", "TU", "19:00", "21:00")
        assert (monthly["freq"], monthly["byday"]) == ("MONTHLY", "2TH")
        assert body["contacts"] == [{
            "id": ids.contact_id(group.uuid), "service_id": str(group.uuid), "title": "Group secretary",
            "email": "diabetesfriends@example.org",
            "phones": [{"id": ids.derived("contact-phone", group.uuid), "contact_id": ids.contact_id(group.uuid),
                        "number": "0115 496 0123"}]}]
        assert {language["code"] for language in body["languages"]} == {"en", "pa"}

    def test_our_extras_are_attributes_against_our_published_taxonomy(self, client, directory):
        body = get(client, f"/api/services/{directory['carers'].uuid}")
        values = {a["link_type"]: a.get("value") for a in body["attributes"]
                  if a["taxonomy_term_id"] in ids.DETAIL_TERM_BY_ID}
        assert values["stage"] == "paused"
        assert values["women-only"] == "true"
        assert values["professionals-rule"] == "invitation"
        assert body["status"] == "temporarily closed"
        assert body["alert"] == "Back in January."
        topics = [a["taxonomy_term"]["code"] for a in body["attributes"] if a["link_type"] == "topic"]
        assert sorted(topics) == ["caring-for-an-adult", "dementia-carers"]
        online = body["service_at_locations"][0]["location"]
        assert online["location_type"] == "virtual"
        assert body["schedules"][0]["attributes"][0]["value"] == "On Zoom; the link is sent when you get in touch."
        for attribute in body["attributes"]:
            term = get(client, f"/api/taxonomy_terms/{attribute['taxonomy_term_id']}")
            assert term["taxonomy_id"] in ids.TAXONOMIES

    @pytest.mark.parametrize("which", ["pending", "closed"])
    def test_it_does_not_show_unlisted_or_closed_groups(self, client, directory, which):
        response = client.get(f"/api/services/{directory[which].uuid}")
        assert response.status_code == 404
        assert response.json() == {"error": "There is no such record."}

    def test_one_service_is_fetched_alone(self, client, directory, django_assert_max_num_queries):
        # The group, its categories (with their parents), languages and meetings (with their
        # venues and one-off changes), and the feed's last change: never every listed group.
        with django_assert_max_num_queries(8):
            get(client, f"/api/services/{directory['diabetes'].uuid}")

    def test_unknown_and_malformed_ids_are_404_with_json(self, client, directory):
        for key in ["not-a-uuid", "00000000-0000-4000-8000-000000000000"]:
            response = client.get(f"/api/services/{key}")
            assert response.status_code == 404
            assert response["Access-Control-Allow-Origin"] == "*"


class TestServiceAtLocations:
    def test_it_puts_the_nearest_first_within_the_proximity(self, client, directory):
        body = get(client, "/api/service_at_locations", postcode="NG1 5FW", proximity="200000")
        distances = [item["distance"] for item in body["contents"]]
        assert distances == sorted(distances)
        assert body["contents"][0]["location"]["addresses"][0]["city"] == "Nottingham"
        near = get(client, "/api/service_at_locations", postcode="NG1 5FW", proximity="5000")
        assert {item["service_id"] for item in near["contents"]} == {str(directory["diabetes"].uuid)}

    def test_a_postcode_alone_puts_every_meeting_at_a_place_nearest_first(self, client, directory):
        body = get(client, "/api/service_at_locations", postcode="LE1 6AA")
        assert body["total_items"] == 4
        distances = [item["distance"] for item in body["contents"]]
        assert distances == sorted(distances)
        assert body["contents"][0]["service_id"] == str(directory["tinnitus"].uuid)
        lines = client.get("/api/service_at_locations", {"postcode": "LE1 6AA", "format": "ndjson"})
        assert len(b"".join(lines.streaming_content).splitlines()) == 4

    def test_a_venue_a_hair_from_the_postcode_is_no_distance_away(self, client, directory, monkeypatch):
        # Near the prime meridian a longitude can be as small as 1e-200; squaring the
        # difference must not fail on either database.
        from directory.geo import Point
        from directory.tests.factory import make_group, make_venue
        from openreferral import api

        class AtGreenwich:
            def locate(self, text):
                return Point(51.4769, 0.0)

        monkeypatch.setattr(api, "geocoder", AtGreenwich)
        make_group(name="Greenwich", meetings=[{"venue": make_venue("NG1 5FW", latitude=51.4769, longitude=1e-200)}])
        body = get(client, "/api/service_at_locations", postcode="SE10 8XJ", proximity="1000")
        assert [item["distance"] for item in body["contents"]] == [0]

    def test_it_lists_every_meeting_without_a_postcode(self, client, directory):
        assert get(client, "/api/service_at_locations")["total_items"] == 6

    @pytest.mark.parametrize("params", [{}, {"postcode": "NG1 5FW", "proximity": "200000"}])
    def test_a_page_is_what_its_schema_would_make_of_it(self, client, directory, params):
        # Pages of brief records are sent as they are built, without ninja's check against
        # the schema: they must be exactly what that check would have sent.
        response = client.get("/api/service_at_locations", params)
        checked = ServiceAtLocationPage.model_validate(response.json()).model_dump(exclude_none=True)
        assert response.content.decode() == json.dumps(checked, cls=NinjaJSONEncoder)

    def test_one_is_nested_with_its_location_and_schedule(self, client, directory):
        meeting = directory["tinnitus"].meetings.first()
        body = get(client, f"/api/service_at_locations/{meeting.uuid}")
        assert body["location"]["location_type"] == "physical"
        assert body["schedules"][0]["interval"] == 2
        assert body["schedules"][0]["attending_type"] == "in person and online"

    @pytest.mark.parametrize("params", [
        {"postcode": "ZZ99 9ZZ"}, {"postcode": "BT1 1AA"}, {"proximity": "1000"},
        {"postcode": "NG1", "proximity": "-5"}, {"postcode": "NG1", "proximity": "far"},
    ])
    def test_bad_places_are_400_with_a_json_error(self, client, directory, params):
        response = client.get("/api/service_at_locations", params)
        assert response.status_code == 400
        assert response.json()["error"]


class TestTaxonomies:
    def test_it_publishes_our_two_taxonomies_with_their_terms(self, client):
        body = get(client, "/api/taxonomies")
        assert {t["id"] for t in body["contents"]} == set(ids.TAXONOMIES)
        details = get(client, f"/api/taxonomies/{ids.DETAILS_TAXONOMY_ID}")
        assert "stage" in {t["code"] for t in details["taxonomy_terms"]}

    def test_terms_can_be_limited_to_the_top_or_to_children(self, client):
        top = get(client, "/api/taxonomy_terms", top_only="true", taxonomy_id=ids.CATEGORIES_TAXONOMY_ID,
                   per_page=1000)
        assert all("parent_id" not in t for t in top["contents"])
        carers = Category.objects.get(slug="carers")
        children = get(client, "/api/taxonomy_terms", parent_id=str(carers.uuid))
        assert children["contents"] and all(t["parent_id"] == str(carers.uuid) for t in children["contents"])

    def test_an_unknown_term_is_404(self, client):
        assert client.get("/api/taxonomy_terms/nothing").status_code == 404
        assert client.get("/api/taxonomies/nothing").status_code == 404


class TestOrganizations:
    def test_each_group_is_its_own_organisation(self, client, directory):
        body = get(client, "/api/organizations", full_service="true")
        assert body["total_items"] == 3
        organization = body["contents"][0]
        assert organization["services"][0]["organization_id"] == organization["id"]
        one = get(client, f"/api/organizations/{organization['id']}")
        assert one["services"][0]["id"] == organization["services"][0]["id"]

    def test_a_hidden_groups_organisation_is_404(self, client, directory):
        hidden = ids.organization_id(directory["pending"].uuid)
        assert client.get(f"/api/organizations/{hidden}").status_code == 404


class TestBadParameters:
    @pytest.mark.parametrize("query", [
        "page=0", "page=abc", "per_page=0", "per_page=100000", "format=xml", "modified_after=yesterday",
        "full=perhaps", "minimal=2", "search=" + "x" * 300, "page=99999999999999999999",
    ])
    def test_they_get_400_and_a_json_error_never_500(self, client, query):
        response = client.get(f"/api/services?{query}")
        assert response.status_code == 400
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["error"].startswith("Check these parameters")


class TestHeaders:
    def test_every_answer_allows_any_origin(self, client, directory):
        for url in ["/api/", "/api/services", "/api/services?page=0", "/api/openapi.json"]:
            assert client.get(url)["Access-Control-Allow-Origin"] == "*"

    def test_preflight_requests_are_answered(self, client):
        response = client.options("/api/services", HTTP_ORIGIN="https://council.example.gov.uk",
                                  HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
        assert response.status_code == 204
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "If-None-Match" in response["Access-Control-Allow-Headers"]

    def test_an_unchanged_answer_is_304_by_etag_or_date(self, client, directory):
        first = client.get("/api/services")
        assert first["Cache-Control"] == "public, max-age=300"
        again = client.get("/api/services", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert again["Access-Control-Allow-Origin"] == "*"
        dated = client.get("/api/services", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert dated.status_code == 304

    def test_a_change_to_the_directory_changes_the_answer(self, client, directory):
        first = client.get("/api/services")
        group = directory["tinnitus"]
        group.name = "Leicester Tinnitus and Hearing Circle"
        group.save()
        again = client.get("/api/services", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 200
        assert again["ETag"] != first["ETag"]

"""A group meeting at a member's home: the address is the coordinators' alone.

Every way the public reads the directory is walked here (pages, search, printed
material, the calendar file, the Open Referral API and export), so that a new surface
that shows an address the usual way fails this test rather than a member's privacy.
"""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from directory import search
from directory.geo import great_circle_miles, outward_centroids
from directory.models import Group, Venue
from directory.search import Query
from directory.tests.factory import make_coordinator, make_group
from openreferral.tests import conformance
from publishing.tests import pdftools

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("printed_on")]

# Made up, and chosen so that no other text on any page contains them.
PRIVATE = ["Larch Grove", "NG9 2QA", "Maureen", "Watnall Lane"]


@pytest.fixture
def printed_on(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def home_group(alice):
    venue = Venue.objects.create(postcode="NG9 2QA", name="Maureen’s bungalow", address_1="27 Larch Grove",
                                 address_2="off Watnall Lane", town="Beeston", at_home=True, step_free=True)
    group = make_group(name="Beeston Widowed Friends", slug="beeston-widowed-friends",
                       categories=("losing-someone-close",), email="widowed@example.org",
                       summary="Tea and company for people whose partner has died.",
                       meetings=[{"venue": venue, "pattern": "weekly", "weekday": 2}],
                       last_confirmed_on=datetime.date(2026, 11, 1))
    make_coordinator(group, alice)
    return group


def assert_private(text: str, where: str):
    for secret in PRIVATE:
        assert secret not in text, f"{secret!r} shown in {where}"


def test_a_home_is_placed_at_its_postcode_districts_centre(home_group):
    venue = home_group.meetings.get().venue
    assert (venue.latitude, venue.longitude) == outward_centroids()["NG9"]
    found = search.search(Query(point=search.Point(52.93, -1.22), miles=10)).hits
    hit = next(h for h in found if h.group_id == home_group.pk)
    # The distance is to the district's centre, so it says nothing finer about the home.
    assert hit.distance == pytest.approx(great_circle_miles(52.93, -1.22, *outward_centroids()["NG9"]), abs=0.05)


def test_the_group_page_shows_the_area_and_that_the_address_is_given_when_you_get_in_touch(client, home_group):
    body = client.get(home_group.get_absolute_url()).content.decode()
    assert "A member’s home" in body and "Beeston NG9" in body
    assert "The address is given when you get in touch." in body
    assert "Step-free access" in body
    assert_private(body, "the group page")


def test_no_public_surface_shows_the_address(client, home_group, pat, sam, tmp_path):
    slug = home_group.slug
    pages = {
        "group page": home_group.get_absolute_url(),
        "search": reverse("directory:search") + "?q=widowed&where=NG9&distance=10",
        "search by subject": reverse("directory:search") + "?category=losing-someone-close",
        "home": reverse("directory:home"),
        "get in touch": reverse("introductions:get-in-touch", args=[slug]),
        "calendar": reverse("publishing:group-calendar", args=[slug]),
        "lists": reverse("publishing:lists") + "?where=NG9&distance=10",
        "API services": "/api/services?full=true",
        "API service": f"/api/services/{home_group.uuid}",
        "API meetings": "/api/service_at_locations",
        "API meetings full": "/api/service_at_locations?full=true&postcode=NG9&proximity=10000",
        "API meetings as lines": "/api/service_at_locations?format=ndjson",
        "API meeting": f"/api/service_at_locations/{home_group.meetings.get().uuid}",
        "API organisations": "/api/organizations?full_service=true",
    }
    pdfs = {
        "leaflet": reverse("publishing:group-leaflet", args=[slug]),
        "large-print leaflet": reverse("publishing:group-leaflet", args=[slug]) + "?print=large&size=a4",
        "poster": reverse("publishing:group-poster", args=[slug]),
        "printed list": reverse("publishing:list-pdf") + "?where=NG9&distance=10",
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert_private(body.decode(), where)
    for where, url in pdfs.items():
        response = client.get(url)
        assert response.status_code == 200, where
        words = pdftools.text(response.content)
        assert "Beeston Widowed Friends" in words, where
        assert_private(words, where)
    assert "address is given when you get in touch" in pdftools.text(client.get(pdfs["leaflet"]).content)
    client.force_login(pat)  # a practitioner introducing a client sees what the public sees
    assert_private(client.get(reverse("introductions:introduce", args=[slug])).content.decode(), "introduce")
    client.force_login(sam)
    assert_private(pdftools.text(client.get(reverse("publishing:directory")).content), "printed directory")
    call_command("export_openreferral", str(tmp_path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    for path in tmp_path.iterdir():
        assert_private(path.read_text(encoding="utf-8"), f"the export's {path.name}")


def test_the_calendar_gives_the_area_as_the_meetings_location(client, home_group):
    body = client.get(reverse("publishing:group-calendar", args=[home_group.slug])).content.decode()
    assert "LOCATION:A member’s home\\, Beeston NG9" in body


def test_the_api_gives_a_home_as_an_area_with_no_address_and_conforms(client, home_group):
    service = client.get(f"/api/services/{home_group.uuid}").json()
    location = service["service_at_locations"][0]["location"]
    assert "addresses" not in location
    assert location["name"] == "A member’s home"
    assert location["description"] == "Beeston NG9. The address is given when you get in touch."
    assert [a["value"] for a in location["attributes"] if a["link_type"] == "member-home"] == ["true"]
    assert not conformance.errors(service, conformance.oruk("service.json"))
    assert not conformance.errors(service, conformance.hsds("compiled/service.json"))
    meeting = client.get(f"/api/service_at_locations/{home_group.meetings.get().uuid}").json()
    assert not conformance.errors(meeting, conformance.oruk("service_at_location.json"))


def test_the_coordinator_still_sees_the_address_to_give_to_people(client, home_group, alice):
    client.force_login(alice)
    meeting = home_group.meetings.get()
    body = client.get(reverse("directory:edit-meeting", args=[home_group.slug, meeting.pk])).content.decode()
    assert "27 Larch Grove" in body and "NG9 2QA" in body


def test_a_group_with_no_home_meeting_shows_its_address_as_before(client):
    group = make_group(meetings=[{"postcode": "NG1 5FW"}], email="x@example.org")
    venue = group.meetings.get().venue
    body = client.get(group.get_absolute_url()).content.decode()
    assert venue.address_1 in body and "NG1 5FW" in body
    assert "The address is given when you get in touch." not in body
    assert Group.objects.filter(meetings__venue__at_home=True).count() == 0
    exported = json.loads(json.dumps(client.get(f"/api/services/{group.uuid}").json()))
    assert exported["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "NG1 5FW"

"""Nothing personal leaves through the API or the export: not a coordinator's own details,
not an introduction, not a listing that is waiting for review."""

import io
import json

import pytest
from django.core.management import call_command

from directory.models import Coordinator
from introductions.models import Introduction
from openreferral import ids

from .helpers import make_directory

pytestmark = pytest.mark.django_db

SECRETS = ["alice@example.org", "Alice Personal", "07700 900123", "Bobby Asked", "bobby@example.com",
           "Pending Bereavement Group", "Closed Arthritis Group"]


@pytest.fixture
def directory(alice):
    groups = make_directory()
    alice.name = "Alice Personal"
    alice.save(update_fields=["name"])
    Coordinator.objects.create(group=groups["diabetes"], user=alice)
    Introduction.objects.create(group=groups["diabetes"], name="Bobby Asked", contact_value="bobby@example.com",
                                consent_text="I agree", message="Please call 07700 900123")
    return groups


def every_answer(client, directory):
    diabetes = directory["diabetes"]
    urls = ["/api/services?full=true", f"/api/services/{diabetes.uuid}", "/api/service_at_locations?full=true",
            "/api/organizations?full_service=true",
            f"/api/organizations/{ids.organization_id(diabetes.uuid)}?full_service=true"]
    for meeting in diabetes.meetings.all():
        urls.append(f"/api/service_at_locations/{meeting.uuid}")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response.content.decode()
    lines = b"".join(client.get("/api/services", {"format": "ndjson", "full": "true"}).streaming_content)
    yield "ndjson", lines.decode()


def test_the_api_shows_only_the_groups_public_role_based_details(client, directory):
    for url, text in every_answer(client, directory):
        for secret in SECRETS:
            assert secret not in text, (url, secret)
    body = client.get(f"/api/services/{directory['diabetes'].uuid}").json()
    assert body["contacts"][0]["title"] == "Group secretary"
    assert "name" not in body["contacts"][0]


def test_the_export_holds_nothing_personal(tmp_path, directory):
    call_command("export_openreferral", str(tmp_path), stdout=io.StringIO())
    for path in tmp_path.iterdir():
        text = path.read_text()
        for secret in SECRETS:
            assert secret not in text, (path.name, secret)
    assert len(json.loads((tmp_path / "openreferral.json").read_text())["services.csv"]) == 3

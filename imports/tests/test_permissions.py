"""Every page of staff imports against every role: staff only."""

import pytest
from django.urls import reverse

from imports.models import ImportRun
from tests import matrix
from tests.matrix import ROLES, check

from .helpers import csv_bytes, row

pytestmark = pytest.mark.django_db
people = matrix.people  # the shared fixture

MATRIX = [
    ("imports:history", [302, 403, 403, 403, 200]),
    ("imports:new", [302, 403, 403, 403, 200]),
    ("imports:template", [302, 403, 403, 403, 200]),
    ("imports:run", [302, 403, 403, 403, 200]),
    ("imports:columns", [302, 403, 403, 403, 200]),
    ("imports:preview", [302, 403, 403, 403, 200]),
    ("imports:start", [302, 405, 405, 405, 405]),
    ("imports:report-csv", [302, 403, 403, 403, 200]),
]


@pytest.fixture
def run(sam):
    return ImportRun.objects.create(
        started_by=sam, kind=ImportRun.Kind.SPREADSHEET, label="groups.csv", upload=csv_bytes([row()]),
        columns={"Group name": "name"}, report={"created": 1, "problems": []}, state=ImportRun.State.DRAFT)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, people, run, role, name, expected):
    args = ["xlsx"] if name == "imports:template" else [] if name in ("imports:history", "imports:new") else [run.pk]
    check(client, people, role, reverse(name, args=args), expected)


@pytest.mark.parametrize("role", ["coordinator", "practitioner"])
def test_only_staff_can_start_an_import(client, people, run, role):
    client.force_login(people[role])
    response = client.post(reverse("imports:start", args=[run.pk]), {"action": "import"})
    assert response.status_code == 403
    run.refresh_from_db()
    assert run.state == ImportRun.State.DRAFT

"""Publishing URLs that are not open to everyone, against every role. A public group's
leaflet, poster and calendar and the printable lists are public (see
tests/test_permission_matrices.py); the printed directory is for staff."""

import pytest
from django.urls import reverse

from directory.tests.factory import make_coordinator, make_group, make_practitioner, make_user

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "coordinator", "practitioner", "staff"]

MATRIX = [
    ("publishing:directory", [302, 403, 403, 200]),
]


@pytest.fixture
def people():
    alice = make_user("alice@example.org")
    make_coordinator(make_group(name="Tinnitus Circle"), alice)
    return {"coordinator": alice, "practitioner": make_practitioner(),
            "staff": make_user("sam@example.org", staff=True)}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, people, role, name, expected):
    if role != "anonymous":
        client.force_login(people[role])
    response = client.get(reverse(name))
    assert response.status_code == expected[ROLES.index(role)]
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("accounts:sign-in"))

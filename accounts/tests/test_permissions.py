"""Account URLs that are not ways in, against every role (signing in, signing up and
resetting a password are open to everyone: see tests/test_permission_matrices.py)."""

import pytest
from django.conf import settings
from django.urls import reverse

from directory.tests.factory import make_coordinator, make_group, make_practitioner, make_user

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "coordinator", "practitioner", "staff"]

MATRIX = [
    # Where a signed-in person lands; signed-out visitors are sent to sign in.
    ("accounts:home", [302, 302, 302, 302]),
    # POST only, so that no link or image can sign anyone out.
    ("accounts:sign-out", [405, 405, 405, 405]),
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
    if name == "accounts:home":
        landing = reverse("accounts:sign-in") if role == "anonymous" else reverse(settings.SIGNED_IN_HOME)
        assert response["Location"].startswith(landing)

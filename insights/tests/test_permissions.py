"""Every insight URL against every role: staff only; everyone else signed in is refused."""

import pytest
from django.urls import reverse

from directory.tests.factory import make_coordinator, make_group, make_practitioner, make_user

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "coordinator", "practitioner", "staff"]
STAFF_ONLY = [302, 403, 403, 200]

MATRIX = [(name, STAFF_ONLY) for name in [
    "insights:index", "insights:growth", "insights:coverage", "insights:freshness", "insights:introductions",
    "insights:opportunities", "insights:support", "insights:reflections",
]]


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

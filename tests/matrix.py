"""What the URL × role matrices share: the roles, in the order of each row's expected
answers; the people who hold them; and the check of one answer.

A matrix module takes the fixture in with `people = matrix.people`.
"""

import pytest
from django.urls import reverse

from directory.tests.factory import make_coordinator, make_group

ROLES = ["anonymous", "coordinator", "other_coordinator", "practitioner", "staff"]


@pytest.fixture
def people(alice, charlie, pat, sam):
    """alice coordinates the Tinnitus Circle, charlie another group; pat is a practitioner;
    sam is staff (the personas of the root conftest.py)."""
    group = make_group(name="Tinnitus Circle", slug="tinnitus-circle")
    make_coordinator(group, alice)
    make_coordinator(make_group(name="Other Group", slug="other-group"), charlie)
    return {"group": group, "coordinator": alice, "other_coordinator": charlie, "practitioner": pat, "staff": sam}


def check(client, people, role, url, expected):
    """GET `url` as `role` and compare with the row's answer for that role; a signed-out
    visitor turned away is sent to sign in."""
    if role != "anonymous":
        client.force_login(people[role])
    response = client.get(url)
    assert response.status_code == expected[ROLES.index(role)], url
    if role == "anonymous" and response.status_code == 302:
        assert response["Location"].startswith(reverse("accounts:sign-in"))
    return response

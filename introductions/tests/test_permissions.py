"""Every introductions URL against every role."""

import pytest
from django.urls import reverse

from directory.models import Group
from directory.tests.factory import make_coordinator, make_group
from introductions.models import Introduction
from introductions.services import WITHDRAW_LINK

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "coordinator", "other_coordinator", "practitioner", "staff"]


@pytest.fixture
def people(alice, charlie, pat, sam):
    group = make_group(name="Stroke Club", slug="stroke-club", contact_route=Group.ContactRoute.BOTH)
    make_coordinator(group, alice)
    make_coordinator(make_group(name="Other"), charlie)
    introduction = Introduction.objects.create(group=group, name="Mukti", contact_method="phone",
                                               contact_value="07700 900123", consent_text="agreed")
    return {"group": group, "introduction": introduction, "coordinator": alice, "other_coordinator": charlie,
            "practitioner": pat, "staff": sam}


MATRIX = [
    ("introductions:get-in-touch", "group", [200, 200, 200, 200, 200]),
    # Shown once to whoever has just asked; anyone else is sent back to the form.
    ("introductions:sent", "group", [302, 302, 302, 302, 302]),
    ("introductions:inbox", "group", [302, 200, 404, 404, 403]),
    ("introductions:set-outcome", "introduction", [302, 405, 405, 405, 405]),
    ("introductions:introduce", "group", [302, 403, 403, 200, 403]),
    ("introductions:mine", None, [302, 403, 403, 200, 403]),
    ("introductions:staff-counts", None, [302, 403, 403, 403, 200]),
    ("introductions:erase", None, [302, 403, 403, 403, 200]),
    # The private link is the key: whoever holds it may withdraw the request, signed in or not.
    ("introductions:withdraw", "token", [200, 200, 200, 200, 200]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "target", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, people, role, name, target, expected):
    if role != "anonymous":
        client.force_login(people[role])
    args = {"group": [people["group"].slug],
            "introduction": [people["group"].slug, people["introduction"].reference],
            "token": [WITHDRAW_LINK.make(people["introduction"])], None: []}[target]
    response = client.get(reverse(name, args=args))
    assert response.status_code == expected[ROLES.index(role)]
    assert "07700 900123" not in response.content.decode() or role == "coordinator"


@pytest.mark.parametrize(("name", "target", "expected"), MATRIX)
def test_staff_with_a_place_among_the_coordinators_get_only_what_staff_get(client, people, name, target, expected):
    """Staff never read introductions, even with a row left among the group's coordinators
    (an account made staff by a bulk change): accounts.roles.is_coordinator says no."""
    make_coordinator(people["group"], people["staff"])
    test_each_url_answers_each_role_as_expected(client, people, "staff", name, target, expected)

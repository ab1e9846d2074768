"""Every network URL against every role: a group's network page and its conversations are for
its coordinators; staff are refused with the reason (they never read groups' messages); anyone
else, a coordinator of another group included, finds nothing there."""

import pytest
from django.urls import reverse

from directory.models import Group
from directory.tests.factory import make_coordinator, make_group, make_user
from network import services
from tests import matrix
from tests.matrix import ROLES, check

pytestmark = pytest.mark.django_db
people = matrix.people  # the shared fixture


@pytest.fixture
def world(people):
    """alice's group open to other groups, a third group open too, and a conversation between them
    (charlie's group is not part of it)."""
    group = people["group"]
    Group.objects.filter(pk=group.pk).update(open_to_groups=True)
    group.refresh_from_db()
    third = make_group(name="Third Circle", slug="third-circle", open_to_groups=True)
    make_coordinator(third, make_user("dee@example.org"))
    conversation = services.write(group, third, people["coordinator"], "Hello from the Tinnitus Circle.")
    return {**people, "third": third, "conversation": conversation}


def _args(world, target):
    slug = world["group"].slug
    return {
        "group": [slug],
        "write": [slug, world["third"].slug],
        "conversation": [slug, world["conversation"].pk],
    }[target]


# URL name, what its arguments come from, expected status for each role (GET).
MATRIX = [
    ("network:find", "group", [302, 200, 404, 404, 403]),
    # The two groups already write to each other: the page leads to their conversation.
    ("network:write", "write", [302, 302, 404, 404, 403]),
    ("network:conversation", "conversation", [302, 200, 404, 404, 403]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "target", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, world, role, name, target, expected):
    response = check(client, world, role, reverse(name, args=_args(world, target)), expected)
    # What groups write to each other is for the two groups alone.
    assert role == "coordinator" or "Hello from the Tinnitus Circle" not in response.content.decode()


@pytest.mark.parametrize("role", ["other_coordinator", "practitioner", "staff"])
def test_nobody_else_writes_for_the_group(client, world, role):
    client.force_login(world[role])
    for url in [reverse("network:write", args=_args(world, "write")),
                reverse("network:conversation", args=_args(world, "conversation"))]:
        assert client.post(url, {"body": "Hijacked"}).status_code in (403, 404), url
    assert world["conversation"].messages.count() == 1

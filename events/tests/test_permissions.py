"""Every events URL against every role: the events pages and calendars are public; a
group's coordinators (and staff) post and change its events; staff alone post the team's."""

import pytest
from django.urls import reverse

from events.tests.factory import make_event
from tests import matrix
from tests.matrix import ROLES, check

pytestmark = pytest.mark.django_db
people = matrix.people  # the shared fixture
EVERYONE = [200] * 5
GROUP_KEEPERS = [302, 200, 404, 404, 200]  # the group's coordinators and staff

MATRIX = [
    ("events:list", None, EVERYONE),
    ("events:calendar", None, EVERYONE),
    ("events:detail", "group-event", EVERYONE),
    ("events:ics", "group-event", EVERYONE),
    ("events:detail", "hidden-group-event", [404] * 5),
    ("events:edit", "group-event", GROUP_KEEPERS),
    ("events:cancel", "group-event", GROUP_KEEPERS),
    ("events:edit", "hub-event", [302, 404, 404, 404, 200]),
    ("events:cancel", "hub-event", [302, 404, 404, 404, 200]),
    ("events:add-group-event", "group", GROUP_KEEPERS),
    ("events:add-hub-event", None, [302, 403, 403, 403, 200]),
]


@pytest.fixture
def events(people):
    from directory.models import Group

    hidden = people["group"].__class__.objects.create(name="Draft", slug="draft", status=Group.Status.DRAFT)
    return {"group-event": make_event(people["group"]), "hub-event": make_event(None, title="Meet the groups"),
            "hidden-group-event": make_event(hidden)}


def _args(people, events, target):
    if target is None:
        return []
    if target == "group":
        return [people["group"].slug]
    return [events[target].uuid]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "target", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, people, events, role, name, target, expected):
    check(client, people, role, reverse(name, args=_args(people, events, target)), expected)


@pytest.mark.parametrize("role", ["other_coordinator", "practitioner"])
def test_nobody_else_can_cancel_a_groups_event_by_posting(client, people, events, role):
    client.force_login(people[role])
    event = events["group-event"]
    assert client.post(reverse("events:cancel", args=[event.uuid])).status_code == 404
    event.refresh_from_db()
    assert not event.cancelled


def test_a_coordinator_cannot_post_for_another_group(client, people):
    client.force_login(people["other_coordinator"])
    response = client.post(reverse("events:add-group-event", args=[people["group"].slug]), {"title": "Hijack"})
    assert response.status_code == 404
    assert not people["group"].events.exists()

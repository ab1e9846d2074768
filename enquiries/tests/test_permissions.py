"""Every enquiries URL against every role."""

import pytest
from django.urls import reverse

from directory.tests.factory import make_coordinator, make_group
from enquiries.models import Enquiry, ListingProblem

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "coordinator", "other_coordinator", "practitioner", "staff"]


@pytest.fixture
def people(alice, charlie, pat, sam):
    group = make_group(name="Widowed Friends", slug="widowed-friends")
    make_coordinator(group, alice)
    make_coordinator(make_group(name="Other"), charlie)
    enquiry = Enquiry.objects.create(topic="no_group", message="Is there a group?", reply_by="phone",
                                     reply_to="07700 900123", consent_text="agreed")
    problem = ListingProblem.objects.create(group=group, kind="stopped", email="reader@example.org")
    return {"group": group, "enquiry": enquiry, "problem": problem, "coordinator": alice,
            "other_coordinator": charlie, "practitioner": pat, "staff": sam}


MATRIX = [
    ("enquiries:contact", None, [200, 200, 200, 200, 200]),
    # Shown once to whoever has just sent a message; anyone else is sent to the form.
    ("enquiries:sent", None, [302, 302, 302, 302, 302]),
    ("enquiries:report-problem", "group", [200, 200, 200, 200, 200]),
    # The group's own page of reports: its coordinators; staff read them in their own inbox.
    ("enquiries:group-problems", "group", [302, 200, 404, 404, 403]),
    ("enquiries:group-problem-done", "problem-of-group", [302, 405, 405, 405, 405]),
    ("enquiries:staff-enquiries", None, [302, 403, 403, 403, 200]),
    ("enquiries:staff-enquiry", "enquiry", [302, 403, 403, 403, 200]),
    ("enquiries:staff-problems", None, [302, 403, 403, 403, 200]),
    ("enquiries:staff-problem", "problem", [302, 403, 403, 403, 200]),
]


def _args(people, target):
    return {"group": [people["group"].slug], "enquiry": [people["enquiry"].reference],
            "problem": [people["problem"].pk], "problem-of-group": [people["group"].slug, people["problem"].pk],
            None: []}[target]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "target", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, people, role, name, target, expected):
    if role != "anonymous":
        client.force_login(people[role])
    response = client.get(reverse(name, args=_args(people, target)))
    assert response.status_code == expected[ROLES.index(role)]
    page = response.content.decode()
    # The enquirer's and the reporter's details are for staff alone.
    assert role == "staff" or ("07700 900123" not in page and "reader@example.org" not in page)


@pytest.mark.parametrize(("name", "target", "data"), [
    ("enquiries:group-problem-done", "problem-of-group", {}),
    ("enquiries:staff-enquiry", "enquiry", {"note": "hijack"}),
    ("enquiries:staff-problem", "problem", {"note": "hijack"}),
])
@pytest.mark.parametrize("role", ["other_coordinator", "practitioner"])
def test_nobody_else_can_mark_anything_answered(client, people, name, target, data, role):
    client.force_login(people[role])
    response = client.post(reverse(name, args=_args(people, target)), data)
    assert response.status_code in (403, 404)
    assert not Enquiry.objects.filter(answered_at__isnull=False).exists()
    assert not ListingProblem.objects.filter(answered_at__isnull=False).exists()


def test_staff_cannot_mark_a_groups_report_dealt_with_on_its_behalf(client, people):
    client.force_login(people["staff"])
    response = client.post(reverse("enquiries:group-problem-done", args=_args(people, "problem-of-group")))
    assert response.status_code == 403

"""Every embeds URL against every role: the finder is public (inside its partner's website);
the snippets and the cards are for staff."""

import pytest
from django.urls import reverse

from embeds.models import Partner
from tests import matrix
from tests.matrix import ROLES, check

pytestmark = pytest.mark.django_db
people = matrix.people  # the shared fixture
STAFF_ONLY = [302, 403, 403, 403, 200]

MATRIX = [
    ("embeds:finder", "active", [200] * 5),
    ("embeds:finder", "inactive", [404] * 5),
    ("embeds:finder", "unknown", [404] * 5),
    ("embeds:staff-partners", None, STAFF_ONLY),
    ("embeds:partner-card", "active", STAFF_ONLY),
    ("embeds:partner-card", "inactive", [302, 403, 403, 403, 404]),
]


@pytest.fixture
def partners(db):
    return {
        "active": Partner.objects.create(name="Riverside Surgery", origin="https://riverside.example"),
        "inactive": Partner.objects.create(name="Old Ward", origin="https://ward.example", active=False),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "target", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, people, partners, role, name, target, expected):
    args = [] if target is None else [partners[target].key if target in partners else "not-a-key"]
    check(client, people, role, reverse(name, args=args), expected)


def test_staff_keep_partners_in_the_admin(client, people):
    client.force_login(people["staff"])
    assert client.get(reverse("admin:embeds_partner_add")).status_code == 200
    response = client.post(reverse("admin:embeds_partner_add"), {
        "name": "Riverside Surgery", "origin": "https://www.riverside-surgery.nhs.uk/", "place": "", "distance": "10",
        "active": "on"})
    assert response.status_code == 302
    assert Partner.objects.get().origin == "https://www.riverside-surgery.nhs.uk"

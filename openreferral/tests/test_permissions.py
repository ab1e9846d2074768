"""Every staff page of the Open Referral app against every role: where a feed and a group
disagree. (The API is public and tested in test_api.py.)"""

import pytest
from django.urls import reverse

from tests import matrix
from tests.matrix import ROLES, check

pytestmark = pytest.mark.django_db
people = matrix.people  # the shared fixture

MATRIX = [
    ("openreferral-staff:feed-differences", [302, 403, 403, 403, 200]),
    ("openreferral-staff:group-differences", [302, 403, 403, 403, 200]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, people, role, name, expected):
    args = [people["group"].slug] if name == "openreferral-staff:group-differences" else []
    check(client, people, role, reverse(name, args=args), expected)

"""Every insight URL against every role: staff only; everyone else signed in is refused."""

import pytest
from django.urls import reverse

from tests import matrix
from tests.matrix import ROLES, check

pytestmark = pytest.mark.django_db
people = matrix.people  # the shared fixture
STAFF_ONLY = [302, 403, 403, 403, 200]

MATRIX = [(name, STAFF_ONLY) for name in [
    "insights:index", "insights:growth", "insights:coverage", "insights:freshness", "insights:introductions",
    "insights:opportunities", "insights:support", "insights:reflections",
    "insights:interest-list", "insights:numbers",
]]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, people, role, name, expected):
    check(client, people, role, reverse(name), expected)

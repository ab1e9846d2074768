"""The project's own pages against every role: the privacy notice is for everyone."""

import pytest
from django.urls import reverse

from tests import matrix
from tests.matrix import ROLES, check

pytestmark = pytest.mark.django_db
people = matrix.people  # the shared fixture

MATRIX = [
    ("privacy", [200, 200, 200, 200, 200]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, people, role, name, expected):
    check(client, people, role, reverse(name), expected)

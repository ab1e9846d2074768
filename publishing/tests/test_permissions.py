"""Publishing URLs that are not open to everyone, against every role. A public group's
leaflet, poster and calendar and the printable lists are public (see
tests/test_permission_matrices.py); the printed directory is for staff."""

import pytest
from django.urls import reverse

from tests import matrix
from tests.matrix import ROLES, check

pytestmark = pytest.mark.django_db
people = matrix.people  # the shared fixture

MATRIX = [
    ("publishing:directory", [302, 403, 403, 403, 200]),
    ("publishing:printed-directory", [302, 403, 403, 403, 200]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, people, role, name, expected):
    check(client, people, role, reverse(name), expected)

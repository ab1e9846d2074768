"""A group's numbers against every role: its coordinators and staff; anyone else signed in
has no link to the group (404)."""

import pytest
from django.urls import reverse

from tests import matrix
from tests.matrix import ROLES, check

pytestmark = pytest.mark.django_db
people = matrix.people  # the shared fixture

MATRIX = [
    ("usage:group-numbers", [302, 200, 404, 404, 200]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "expected"), MATRIX)
@pytest.mark.parametrize("file_format", ["", "csv", "pdf"])
def test_each_url_answers_each_role_as_expected(client, people, role, name, expected, file_format):
    url = reverse(name, args=[people["group"].slug]) + (f"?format={file_format}" if file_format else "")
    check(client, people, role, url, expected)

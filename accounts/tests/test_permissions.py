"""Account URLs that are not ways in, against every role (signing in, signing up and
resetting a password are open to everyone: see tests/test_permission_matrices.py)."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests import matrix
from tests.matrix import ROLES, check

pytestmark = pytest.mark.django_db
people = matrix.people  # the shared fixture

MATRIX = [
    # Where a signed-in person lands; signed-out visitors are sent to sign in.
    ("accounts:home", [302, 302, 302, 302, 302]),
    # POST only, so that no link or image can sign anyone out.
    ("accounts:sign-out", [405, 405, 405, 405, 405]),
    # Deleting your own account: anyone signed in, about themselves only.
    ("accounts:delete-account", [302, 200, 200, 200, 200]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, people, role, name, expected):
    response = check(client, people, role, reverse(name), expected)
    if name == "accounts:home" and role != "anonymous":
        assert response["Location"] == reverse(settings.SIGNED_IN_HOME)

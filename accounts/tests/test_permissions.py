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
    # Sending the confirmation email again: POST only, to the address this browser signed up with.
    ("accounts:resend-confirmation", [405, 405, 405, 405, 405]),
    # An address-confirmation link: a broken or used one answers everyone alike.
    ("accounts:confirm-address", [400, 400, 400, 400, 400], ["not-a-token"]),
    # Two-factor sign-in: staff only (with the optional setting of the tests, nothing is owed,
    # so the code page sends everyone on; accounts/tests/test_two_factor.py covers the rest).
    ("accounts:two-factor", [302, 403, 403, 403, 200]),
    ("accounts:two-factor-set-up", [302, 403, 403, 403, 200]),
    ("accounts:two-factor-verify", [302, 302, 302, 302, 302]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "expected", "args"), [(*row, [])[:3] for row in MATRIX])
def test_each_url_answers_each_role_as_expected(client, people, role, name, expected, args):
    response = check(client, people, role, reverse(name, args=args), expected)
    if name == "accounts:home" and role != "anonymous":
        assert response["Location"] == reverse(settings.SIGNED_IN_HOME)

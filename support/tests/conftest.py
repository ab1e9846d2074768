"""The people of the support exchange's tests, declared once (as in healthchecks' hc/test.py):

- alice coordinates the Stroke Club, which welcomes professionals by invitation;
- charlie coordinates another group, and so has no link to the Stroke Club;
- pat is a practitioner in an agency's team, with a profile covering Nottingham;
- sam is one of the intermediary's staff.

Variants (a practitioner far away, a colleague in pat's agency) are made where a test needs
them, with support/tests/factory.py.
"""

import pytest

from directory.models import Group
from directory.tests.factory import make_coordinator, make_group, make_user
from support.tests.factory import make_worker


@pytest.fixture
def group(db):
    return make_group(name="Stroke Club", slug="stroke-club", professionals_rule=Group.ProfessionalsRule.INVITATION)


@pytest.fixture
def alice(group):
    user = make_user("alice@example.org")
    make_coordinator(group, user)
    return user


@pytest.fixture
def charlie(db):
    user = make_user("charlie@example.org")
    make_coordinator(make_group(name="Other Group", slug="other-group"), user)
    return user


@pytest.fixture
def pat(db):
    return make_worker("pat@example.org", postcode="NG1 5FW")


@pytest.fixture
def sam(db):
    return make_user("sam@example.org", staff=True)


@pytest.fixture
def people(group, alice, pat):
    """The group, its coordinator and a practitioner: the two sides of most steps."""
    return {"group": group, "alice": alice, "pat": pat}

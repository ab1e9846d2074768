"""The people of the support exchange's tests, declared once (as in healthchecks' hc/test.py):

- alice coordinates the Stroke Club, which welcomes professionals by invitation;
- charlie coordinates another group, and so has no link to the Stroke Club;
- pat is a practitioner in an agency's team, with a profile covering Nottingham;
- sam is one of the intermediary's staff (the root conftest's).

Variants (a practitioner far away, a colleague in pat's agency) are made where a test needs
them, with support/tests/factory.py.
"""

import pytest

from directory.models import Group
from directory.tests.factory import make_coordinator, make_group
from support.tests.factory import make_worker


@pytest.fixture
def group(db):
    return make_group(name="Stroke Club", slug="stroke-club", professionals_rule=Group.ProfessionalsRule.INVITATION)


@pytest.fixture
def alice(alice, group):
    """The root conftest's alice, as the Stroke Club's coordinator."""
    make_coordinator(group, alice)
    return alice


@pytest.fixture
def charlie(charlie):
    """The root conftest's charlie, coordinating another group."""
    make_coordinator(make_group(name="Other Group", slug="other-group"), charlie)
    return charlie


@pytest.fixture
def pat(db):
    """A practitioner with a support profile (the root conftest's pat has none)."""
    return make_worker("pat@example.org", postcode="NG1 5FW")


@pytest.fixture
def people(group, alice, pat):
    """The group, its coordinator and a practitioner: the two sides of most steps."""
    return {"group": group, "alice": alice, "pat": pat}

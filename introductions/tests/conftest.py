import pytest

from directory.models import Group
from directory.tests.factory import make_coordinator, make_group


@pytest.fixture
def group(alice):
    """The group people ask to be put in touch with: alice coordinates it, and it may be
    reached by phone or email."""
    group = make_group(name="Stroke Club", slug="stroke-club", contact_route=Group.ContactRoute.BOTH,
                       phone="0115 496 0101")
    make_coordinator(group, alice)
    return group

"""Every subscriptions URL against every role: the pages are public; the emailed links are
the permission, for whoever holds them, signed in or not."""

import pytest
from django.urls import reverse

from directory.tests.factory import category
from subscriptions import services
from subscriptions.models import Subscription
from tests import matrix
from tests.matrix import ROLES, check

pytestmark = pytest.mark.django_db
people = matrix.people  # the shared fixture
EVERYONE = [200] * 5

MATRIX = [
    ("subscriptions:start-a-group", None, EVERYONE),
    ("subscriptions:check-your-email", None, EVERYONE),
    # Whoever holds the emailed link, signed in or not; any other token is refused plainly.
    ("subscriptions:confirm", "confirm-token", EVERYONE),
    ("subscriptions:confirm", "bad-token", [400] * 5),
    # Shown once to whoever has just confirmed; anyone else is sent to the form.
    ("subscriptions:confirmed", None, [302] * 5),
    ("subscriptions:unsubscribe", "unsubscribe-token", EVERYONE),
    ("subscriptions:unsubscribe", "bad-token", [404] * 5),
]


@pytest.fixture
def subscription(db):
    return Subscription.objects.create(email="jean@example.org", subject=category("endometriosis"), district="NG7")


def _args(subscription, target):
    return {"confirm-token": [services.CONFIRM_LINK.make(subscription)], "unsubscribe-token": [subscription.token],
            "bad-token": ["not-a-token"], None: []}[target]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "target", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, people, subscription, role, name, target, expected):
    url = reverse(name, args=_args(subscription, target))
    if name == "subscriptions:confirmed":  # sent to the form, not to sign in
        if role != "anonymous":
            client.force_login(people[role])
        response = client.get(url)
        assert response.status_code == expected[ROLES.index(role)]
        assert response["Location"] == reverse("subscriptions:start-a-group")
    else:
        response = check(client, people, role, url, expected)
    # Nobody's address is ever shown on a page.
    assert "jean@example.org" not in response.content.decode()


def test_staff_cannot_list_subscribers_in_the_admin(client, people, subscription):
    client.force_login(people["staff"])
    assert client.get("/admin/subscriptions/subscription/").status_code == 404

"""Every subscriptions URL against every role: the pages are public; the emailed links are
the permission, for whoever holds them, signed in or not; staff alone write, preview and
publish bulletins, and a bulletin is public once published."""

import pytest
from django.urls import reverse

from directory.tests.factory import category
from subscriptions import services
from subscriptions.models import Bulletin, Subscription
from tests import matrix
from tests.matrix import ROLES, check

pytestmark = pytest.mark.django_db
people = matrix.people  # the shared fixture
EVERYONE = [200] * 5
STAFF_ONLY = [302, 403, 403, 403, 200]

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
    ("subscriptions:news", None, EVERYONE),
    ("subscriptions:new-groups-feed", None, EVERYONE),
    ("subscriptions:bulletin", "published", EVERYONE),
    ("subscriptions:bulletin", "draft", [404] * 5),
    ("subscriptions:staff-bulletins", None, STAFF_ONLY),
    ("subscriptions:write-bulletin", None, STAFF_ONLY),
    ("subscriptions:edit-bulletin", "draft", STAFF_ONLY),
    ("subscriptions:edit-bulletin", "published", STAFF_ONLY),
    ("subscriptions:publish-bulletin", "draft", STAFF_ONLY),
    # Published once: there is nothing more to publish.
    ("subscriptions:publish-bulletin", "published", [302, 403, 403, 403, 404]),
]


@pytest.fixture
def subscription(db):
    return Subscription.objects.create(email="jean@example.org", subject=category("endometriosis"), district="NG7")


@pytest.fixture
def bulletins(db):
    from django.utils import timezone

    return {"published": Bulletin.objects.create(title="Spring news", body="News.", published_at=timezone.now()),
            "draft": Bulletin.objects.create(title="Summer news", body="Not yet.")}


def _args(subscription, target, bulletins=None):
    if target in ("published", "draft"):
        return [bulletins[target].pk]
    return {"confirm-token": [services.CONFIRM_LINK.make(subscription)], "unsubscribe-token": [subscription.token],
            "bad-token": ["not-a-token"], None: []}[target]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "target", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, people, subscription, bulletins, role, name, target,
                                                expected):
    url = reverse(name, args=_args(subscription, target, bulletins))
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


@pytest.mark.parametrize("role", ["coordinator", "practitioner"])
def test_nobody_but_staff_can_write_or_publish_a_bulletin_by_posting(client, people, bulletins, role):
    client.force_login(people[role])
    draft = bulletins["draft"]
    assert client.post(reverse("subscriptions:write-bulletin"), {"title": "Hijack", "body": "x"}).status_code == 403
    assert client.post(reverse("subscriptions:publish-bulletin", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published and not Bulletin.objects.filter(title="Hijack").exists()

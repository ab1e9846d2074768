"""Every outbox URL against every role: the staff's list of email that could not be sent."""

import pytest
from django.urls import reverse

from directory.tests.factory import make_coordinator, make_group, make_practitioner, make_user
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "coordinator", "practitioner", "staff"]

MATRIX = [
    ("outbox:staff_outbox", [302, 403, 403, 200]),
    # POST only, checked before signing in is asked for.
    ("outbox:try_again", [405, 405, 405, 405]),
]


@pytest.fixture
def people():
    alice = make_user("alice@example.org")
    make_coordinator(make_group(name="Tinnitus Circle"), alice)
    message = OutboxMessage.objects.create(subject="Hello", body_text="Hello", from_email="hub@example.org",
                                           recipients="someone@example.org", status=OutboxMessage.Status.FAILED)
    return {"coordinator": alice, "practitioner": make_practitioner(),
            "staff": make_user("sam@example.org", staff=True), "message": message}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, people, role, name, expected):
    if role != "anonymous":
        client.force_login(people[role])
    args = [people["message"].pk] if name == "outbox:try_again" else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == expected[ROLES.index(role)]
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize(("role", "expected"), [("anonymous", 302), ("coordinator", 403), ("practitioner", 403)])
def test_only_staff_can_send_a_message_again(client, people, role, expected):
    if role != "anonymous":
        client.force_login(people[role])
    assert client.post(reverse("outbox:try_again", args=[people["message"].pk])).status_code == expected
    people["message"].refresh_from_db()
    assert people["message"].status == OutboxMessage.Status.FAILED

"""Every outbox URL against every role: the staff's list of email that could not be sent."""

import pytest
from django.urls import reverse

from outbox.models import OutboxMessage
from tests import matrix
from tests.matrix import ROLES, check

pytestmark = pytest.mark.django_db
people = matrix.people  # the shared fixture

MATRIX = [
    ("outbox:staff_outbox", [302, 403, 403, 403, 200]),
    # POST only, checked before signing in is asked for.
    ("outbox:try_again", [405, 405, 405, 405, 405]),
]


@pytest.fixture
def failed():
    return OutboxMessage.objects.create(subject="Hello", body_text="Hello", from_email="hub@example.org",
                                        recipients="someone@example.org", status=OutboxMessage.Status.FAILED)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, people, failed, role, name, expected):
    check(client, people, role, reverse(name, args=[failed.pk] if name == "outbox:try_again" else []), expected)


@pytest.mark.parametrize(("role", "expected"), [("anonymous", 302), ("coordinator", 403), ("practitioner", 403)])
def test_only_staff_can_send_a_message_again(client, people, failed, role, expected):
    if role != "anonymous":
        client.force_login(people[role])
    assert client.post(reverse("outbox:try_again", args=[failed.pk])).status_code == expected
    failed.refresh_from_db()
    assert failed.status == OutboxMessage.Status.FAILED

"""Every staff page of the Open Referral app against every role: where a feed and a group
disagree, and the feeds imported every night. (The API is public and tested in test_api.py.)"""

import pytest
from django.urls import reverse
from django.utils import timezone

from openreferral.models import SourceRecord
from tests import matrix
from tests.matrix import ROLES, check

pytestmark = pytest.mark.django_db
people = matrix.people  # the shared fixture

MATRIX = [
    ("openreferral-staff:feed-differences", [302, 403, 403, 403, 200]),
    ("openreferral-staff:group-differences", [302, 403, 403, 403, 200]),
    ("openreferral-feeds:feeds", [302, 403, 403, 403, 200]),
    # POST only, checked before signing in is asked for.
    ("openreferral-feeds:keep", [405, 405, 405, 405, 405]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, people, role, name, expected):
    args = {"openreferral-staff:group-differences": [people["group"].slug], "openreferral-feeds:keep": [1]}
    check(client, people, role, reverse(name, args=args.get(name, [])), expected)


@pytest.mark.parametrize(("role", "expected"), [("anonymous", 302), ("coordinator", 403), ("other_coordinator", 403),
                                                ("practitioner", 403)])
def test_only_staff_can_keep_a_listing_gone_from_its_feed(client, people, role, expected):
    record = SourceRecord.objects.create(source="Essex", kind=SourceRecord.Kind.SERVICE, source_id="svc-1",
                                         object_id=people["group"].pk, missing_since=timezone.now())
    if role != "anonymous":
        client.force_login(people[role])
    assert client.post(reverse("openreferral-feeds:keep", args=[record.pk])).status_code == expected
    record.refresh_from_db()
    assert record.missing_checked_at is None

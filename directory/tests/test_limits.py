"""Limits that keep one account or one group from flooding the review queue or others' inboxes."""

import pytest
from django.core import mail
from django.urls import reverse

from directory.models import Category, Group, Invitation
from directory.tests.factory import make_coordinator, make_group

from .test_manage import listing_data, send_listing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _email_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def listing(name):
    twins = Category.objects.get(slug="twins-multiples")
    return listing_data(**{"group-name": name, "group-categories": [twins.pk]})


def test_one_account_may_send_only_so_many_listings_a_day(client, alice, settings):
    settings.LISTINGS_PER_DAY = 2
    client.force_login(alice)
    for number in range(2):
        assert send_listing(client, listing(f"Club {number}")).status_code == 302
    response = send_listing(client, listing("Club 3"))
    assert response.status_code == 429
    assert "sent 2 listings for review today" in response.content.decode()
    assert Group.objects.filter(status=Group.Status.PENDING).count() == 2


def test_a_group_not_yet_on_the_directory_cannot_send_invitations(client, alice):
    group = make_group(status=Group.Status.PENDING)
    make_coordinator(group, alice)
    client.force_login(alice)
    response = client.post(reverse("directory:invite", args=[group.slug]), {"email": "bob@example.org"}, follow=True)
    assert "once the listing is on the directory" in response.content.decode()
    assert mail.outbox == [] and not Invitation.objects.exists()


def test_a_group_may_send_only_so_many_invitations_a_day(client, alice, settings):
    settings.INVITATIONS_PER_DAY = 3
    group = make_group()
    make_coordinator(group, alice)
    client.force_login(alice)
    for number in range(5):
        response = client.post(reverse("directory:invite", args=[group.slug]),
                               {"email": f"person{number}@example.org"}, follow=True)
    assert len(mail.outbox) == 3
    assert "sent 3 invitations today" in response.content.decode()


def test_inviting_a_staff_address_counts_against_the_day_and_never_says_it_is_staff(client, alice, sam, settings):
    """Otherwise anyone who keeps a group could ask, without limit, which addresses are staff accounts."""
    settings.INVITATIONS_PER_DAY = 2
    group = make_group()
    make_coordinator(group, alice)
    client.force_login(alice)
    invite = reverse("directory:invite", args=[group.slug])
    for _ in range(2):
        response = client.post(invite, {"email": sam.email}, follow=True)
        text = response.content.decode()
        assert "That address cannot be invited as a coordinator" in text
        assert sam.email not in text and "staff" not in text.split("<main", 1)[1].lower()
    response = client.post(invite, {"email": sam.email}, follow=True)
    assert "sent 2 invitations today" in response.content.decode()
    response = client.post(invite, {"email": "newcomer@example.org"}, follow=True)
    assert "sent 2 invitations today" in response.content.decode()
    assert mail.outbox == [] and not Invitation.objects.exists()

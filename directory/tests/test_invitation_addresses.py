"""An invitation is for one address, taken and compared the way every address is
(lib.email_addresses): bounded, plain, and never matched by a look-alike."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from directory.models import Coordinator, Invitation
from directory.tests.factory import make_coordinator, make_group, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(alice):
    group = make_group()
    make_coordinator(group, alice)
    return group


def invite(client, alice, group, email):
    client.force_login(alice)
    return client.post(reverse("directory:invite", args=[group.slug]), {"email": email}, follow=True)


@pytest.mark.parametrize(("email", "message"), [
    ("a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".com", "at most 254 characters"),
    ("bob@nh\u017f.net", "plain letters"),
])
def test_an_address_too_long_or_not_plain_is_explained_and_nothing_is_sent(client, alice, group, email, message):
    response = invite(client, alice, group, email)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


@pytest.mark.parametrize("email", ["", "not an address"])
def test_a_bad_or_empty_address_is_shown_again_on_its_field_with_the_error_summary(client, alice, group, email):
    response = invite(client, alice, group, email)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and 'href="#id_email"' in page
    assert 'id="id_email_error"' in page and 'aria-invalid="true"' in page
    assert f'value="{email}"' in page if email else 'name="email"' in page
    assert not list(response.context["messages"])  # the error is on the field, not a message at the top
    assert response.context["invite_form"].errors["email"]
    assert not Invitation.objects.exists() and not mail.outbox


def test_an_account_with_a_look_alike_address_cannot_accept_the_invitation(client, alice, group):
    invite(client, alice, group, "bob@nhs.net")
    link = re.search(r"https?://[^/]+(/invitations/[^\s]+)", mail.outbox[-1].body).group(1)
    look_alike = make_user("bob@nh\u017f.net")  # "ſ" (long s), made before addresses had to be plain
    client.force_login(look_alike)
    response = client.post(link)
    assert response.status_code == 403
    assert not Coordinator.objects.filter(user=look_alike).exists()
    assert not Invitation.objects.get().is_for(look_alike)
    assert Invitation.objects.get().is_for(make_user("Bob@NHS.net"))

"""Signing up makes an account that works once the link emailed to its address is opened;
an address that already has an account is told so by email, and the page reads the same."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from directory.models import Coordinator
from directory.tests.factory import PASSWORD, make_coordinator, make_group, make_user

pytestmark = pytest.mark.django_db
SIGN_UP = reverse("accounts:sign-up")
SIGN_IN = reverse("accounts:sign-in")
PASSPHRASE = "a long enough passphrase"


def sign_up(client, email="new@example.org", **extra):
    return client.post(SIGN_UP, {"email": email, "name": "Nia", "password1": PASSPHRASE, "password2": PASSPHRASE,
                                 **extra})


def confirmation_link(message):
    return re.search(r"https?://[^/]+(/account/confirm/[^\s]+)", message.body).group(1)


def test_signing_up_makes_an_account_that_works_once_the_emailed_link_is_opened(client):
    response = sign_up(client, "New@Example.org")
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    user = get_user_model().objects.get()
    assert user.email == "new@example.org" and not user.email_confirmed
    assert "_auth_user_id" not in client.session
    assert mail.outbox[-1].to == ["new@example.org"]
    assert mail.outbox[-1].subject == "Confirm your email address for Self Help Hub"

    link = confirmation_link(mail.outbox[-1])
    assert client.get(link).status_code == 200  # asks first: mail scanners only follow links
    user.refresh_from_db()
    assert not user.email_confirmed
    response = client.post(link)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    user.refresh_from_db()
    assert user.email_confirmed

    client.logout()
    assert client.post(link).status_code == 400  # works once
    assert client.post(SIGN_IN, {"username": "new@example.org", "password": PASSPHRASE}).status_code == 302


def test_the_confirmation_link_carries_on_to_where_the_person_was_going(client):
    sign_up(client, next="/list-your-group/")
    response = client.post(confirmation_link(mail.outbox[-1]))
    assert response["Location"] == "/list-your-group/"


def test_an_address_that_already_has_an_account_gets_the_same_page_and_an_email_saying_so(client, alice):
    def page(response):
        # The page, without what differs anyway: the address typed and the form's CSRF token.
        text = response.content.decode().replace("alice@example.org", "ADDRESS").replace("new@example.org", "ADDRESS")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)

    new = sign_up(client, "new@example.org")
    client.cookies.clear()
    existing = sign_up(client, "alice@example.org", name="Someone else")
    assert existing.status_code == new.status_code == 200
    assert page(existing) == page(new)
    assert get_user_model().objects.filter(email="alice@example.org").count() == 1
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD) and alice.name == ""  # nothing about her account changed
    message = mail.outbox[-1]
    assert message.to == ["alice@example.org"]
    assert message.subject == "You already have an account on Self Help Hub"
    assert "/account/sign-in/" in message.body and "/account/password/" in message.body
    assert "/account/confirm/" not in message.body


def test_signing_up_again_with_an_unconfirmed_address_changes_nothing_and_says_how_to_go_on(client):
    sign_up(client)
    first = get_user_model().objects.get()
    client.cookies.clear()
    sign_up(client, password1="another passphrase here", password2="another passphrase here")
    account = get_user_model().objects.get()
    assert account.password == first.password  # whoever signs up second cannot set the password
    assert "waiting for its address to be confirmed" in mail.outbox[-1].body
    assert "/account/password/" in mail.outbox[-1].body


@pytest.mark.parametrize(("data", "message"), [
    ({"password2": "something else entirely"}, "not the same"),
    ({"password1": "short", "password2": "short"}, "too short"),
    ({"email": "not-an-email"}, "Enter a valid email address"),
])
def test_bad_details_are_explained_and_nothing_is_saved(client, alice, data, message):
    response = sign_up(client, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert get_user_model().objects.count() == 1
    assert not mail.outbox


class TestUnconfirmedAccount:
    def test_signing_in_says_plainly_to_confirm_first_and_offers_to_send_the_email_again(self, client):
        sign_up(client)
        client.cookies.clear()  # later, in another browser
        response = client.post(SIGN_IN, {"username": "new@example.org", "password": PASSPHRASE})
        text = response.content.decode()
        assert "Confirm your email address first" in text
        assert reverse("accounts:resend-confirmation") in text
        assert "_auth_user_id" not in client.session

        response = client.post(reverse("accounts:resend-confirmation"))
        assert "We have sent the email again" in response.content.decode()
        assert len(mail.outbox) == 2 and mail.outbox[-1].to == ["new@example.org"]
        client.post(confirmation_link(mail.outbox[-1]))
        assert get_user_model().objects.get().email_confirmed

    def test_a_wrong_password_says_nothing_about_confirming(self, client):
        sign_up(client)
        response = client.post(SIGN_IN, {"username": "new@example.org", "password": "not the password"})
        assert "Confirm your email address first" not in response.content.decode()
        assert "The email address or password is not right" in response.content.decode()

    def test_sending_the_email_again_is_limited_per_visitor(self, client, settings):
        settings.CONFIRMATION_EMAILS_PER_HOUR = 2
        sign_up(client)
        for _ in range(3):
            response = client.post(reverse("accounts:resend-confirmation"))
        assert response.status_code == 429
        assert "Wait 1 hour" in response.content.decode()
        assert len(mail.outbox) == 1 + 2

    def test_sending_again_goes_only_to_the_address_this_browser_signed_up_with(self, client):
        response = client.post(reverse("accounts:resend-confirmation"), {"email": "victim@example.org"})
        assert response.status_code == 200
        assert not mail.outbox

    def test_a_sign_in_link_is_not_sent_and_the_confirmation_link_is_instead(self, client):
        sign_up(client)
        client.post(reverse("accounts:sign-in-link"), {"email": "new@example.org"})
        assert "/account/confirm/" in mail.outbox[-1].body
        assert "/account/sign-in/link/" not in mail.outbox[-1].body

    def test_a_password_reset_confirms_the_address_with_the_new_password(self, client):
        make_user("new@example.org", email_confirmed=False)
        client.post(reverse("accounts:password-reset"), {"email": "new@example.org"})
        link = re.search(r"https?://[^/]+(/account/password/[^\s]+/)", mail.outbox[-1].body).group(1)
        form_page = client.get(link, follow=True)
        client.post(form_page.redirect_chain[-1][0], {"new_password1": PASSPHRASE, "new_password2": PASSPHRASE})
        user = get_user_model().objects.get()
        assert user.email_confirmed and user.check_password(PASSPHRASE)

    def test_it_is_deleted_by_the_scheduled_jobs_after_the_configured_days(self, client, settings):
        settings.UNCONFIRMED_ACCOUNT_DAYS = 3
        sign_up(client)
        sign_up(client, "confirmed@example.org")
        client.post(confirmation_link(mail.outbox[-1]))
        now = datetime.datetime.now(tz=datetime.UTC)
        with time_machine.travel(now + datetime.timedelta(days=2, hours=23)):
            call_command("run_jobs", "--only", "delete_unconfirmed_accounts")
        assert get_user_model().objects.count() == 2
        with time_machine.travel(now + datetime.timedelta(days=3, minutes=1)):
            call_command("run_jobs", "--only", "delete_unconfirmed_accounts")
        assert list(get_user_model().objects.values_list("email", flat=True)) == ["confirmed@example.org"]


class TestFromAnInvitation:
    """An invitation's link came to the invited address: accepting it is confirmation."""

    def _invitation(self, alice):
        group = make_group(name="Tinnitus Circle", slug="tinnitus-circle")
        make_coordinator(group, alice)
        inviter = Client()
        inviter.force_login(alice)
        inviter.post(reverse("directory:invite", args=[group.slug]), {"email": "bob@example.org"})
        return group, re.search(r"http://[^/]+(/invitations/[^\s]+/)", mail.outbox[-1].body).group(1)

    def test_signing_up_from_an_invitation_and_accepting_it_confirms_the_address(self, client, alice):
        group, link = self._invitation(alice)
        response = sign_up(client, "bob@example.org", next=link)
        assert "Back to the invitation" in response.content.decode()
        page = client.get(link)
        assert "Accept the invitation" in page.content.decode()
        response = client.post(link)
        assert response.status_code == 302
        bob = get_user_model().objects.get(email="bob@example.org")
        assert bob.email_confirmed
        assert client.session["_auth_user_id"] == str(bob.pk)
        assert Coordinator.objects.filter(group=group, user=bob).exists()

    def test_an_account_made_for_the_address_in_another_browser_is_not_confirmed_by_it(self, client, alice):
        group, link = self._invitation(alice)
        sign_up(Client(), "bob@example.org")  # someone else, elsewhere, made an account for bob's address
        response = client.post(link)
        assert "Sign in or create an account" in response.content.decode()
        assert not get_user_model().objects.get(email="bob@example.org").email_confirmed
        assert not Coordinator.objects.filter(group=group, user__email="bob@example.org").exists()

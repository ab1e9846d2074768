"""Signing up asks for a name and an address; the account's password is chosen on the page
the link emailed to the address opens, so only whoever reads that mail can sign in to it.
An address that already has an account is told so by email (or sent its confirmation link
again), and the page reads the same."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import UserManager
from directory.models import Coordinator
from directory.tests.factory import PASSWORD, make_coordinator, make_group, make_user

pytestmark = pytest.mark.django_db
SIGN_UP = reverse("accounts:sign-up")
SIGN_IN = reverse("accounts:sign-in")
SIGN_IN_LINK = reverse("accounts:sign-in-link")
RESEND = reverse("accounts:resend-confirmation")
PASSPHRASE = "a long enough passphrase"
ATTACKERS = "the attacker chose this"


def sign_up(client, email="new@example.org", **extra):
    return client.post(SIGN_UP, {"email": email, "name": "Nia", **extra})


def confirmation_link(message):
    return re.search(r"https?://[^/]+(/account/confirm/[^\s]+)", message.body).group(1)


def choose_password(client, link, password=PASSPHRASE, **extra):
    return client.post(link, {"name": "Nia", "password1": password, "password2": password, **extra})


def signs_in(email, password) -> bool:
    client = Client(REMOTE_ADDR="10.0.0.99")
    client.post(SIGN_IN, {"username": email, "password": password})
    return "_auth_user_id" in client.session


def test_signing_up_makes_an_account_whose_password_is_chosen_through_the_emailed_link(client):
    response = sign_up(client, "New@Example.org")
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    user = get_user_model().objects.get()
    assert user.email == "new@example.org" and not user.email_confirmed
    assert not user.has_usable_password()
    assert "_auth_user_id" not in client.session
    assert mail.outbox[-1].to == ["new@example.org"]
    assert mail.outbox[-1].subject == "Confirm your email address for Self Help Hub"

    link = confirmation_link(mail.outbox[-1])
    page = client.get(link)  # asks first: mail scanners only follow links
    assert page.status_code == 200 and "Choose a password" in page.content.decode()
    user.refresh_from_db()
    assert not user.email_confirmed
    response = choose_password(client, link)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    user.refresh_from_db()
    assert user.email_confirmed and user.check_password(PASSPHRASE)

    client.logout()
    assert choose_password(client, link, "yet another passphrase").status_code == 400  # works once
    assert signs_in("new@example.org", PASSPHRASE)


def test_the_sign_up_form_asks_no_password_and_ignores_one_sent_anyway(client):
    assert 'type="password"' not in client.get(SIGN_UP).content.decode()
    sign_up(client, password1=ATTACKERS, password2=ATTACKERS)
    assert not get_user_model().objects.get().has_usable_password()
    assert not signs_in("new@example.org", ATTACKERS)


class TestSomeoneSigningUpWithAnotherPersonsAddress:
    """Whoever signs up first with an address never gets into the account: the password
    is chosen by whoever opens the link sent to it."""

    def test_cannot_sign_in_once_the_owner_confirms_through_a_sign_in_link(self):
        attacker, owner = Client(REMOTE_ADDR="10.0.0.66"), Client(REMOTE_ADDR="10.0.0.1")
        sign_up(attacker, "victim@example.net", password1=ATTACKERS, password2=ATTACKERS)
        mail.outbox.clear()
        owner.post(SIGN_IN_LINK, {"email": "victim@example.net"})  # what arrives is the confirmation link
        response = choose_password(owner, confirmation_link(mail.outbox[-1]), name="Vic")
        assert response.status_code == 302 and "_auth_user_id" in owner.session
        assert not signs_in("victim@example.net", ATTACKERS)
        assert signs_in("victim@example.net", PASSPHRASE)
        assert get_user_model().objects.get().name == "Vic"  # the name given at sign-up is the owner's to change

    def test_cannot_sign_in_once_the_owner_signs_up_and_has_the_email_sent_again(self):
        attacker, owner = Client(REMOTE_ADDR="10.0.0.66"), Client(REMOTE_ADDR="10.0.0.1")
        sign_up(attacker, "victim@example.net", password1=ATTACKERS, password2=ATTACKERS)
        mail.outbox.clear()
        response = sign_up(owner, "victim@example.net")
        assert "Check your email" in response.content.decode()
        assert confirmation_link(mail.outbox[-1])  # the pending account's link again
        owner.post(RESEND)
        choose_password(owner, confirmation_link(mail.outbox[-1]))
        assert get_user_model().objects.count() == 1
        assert signs_in("victim@example.net", PASSPHRASE)

    def test_learns_nothing_by_signing_in_after_signing_up(self, alice):
        answers = []
        for email in ["alice@example.org", "nobody@example.org"]:
            client = Client(REMOTE_ADDR="10.0.0.77")
            sign_up(client, email, password1=ATTACKERS, password2=ATTACKERS)
            text = client.post(SIGN_IN, {"username": email, "password": ATTACKERS}).content.decode()
            answers.append(text.replace(email, "ADDRESS"))
        assert "The email address or password is not right" in answers[0]
        assert re.sub(r'value="[^"]{40,}"', "", answers[0]) == re.sub(r'value="[^"]{40,}"', "", answers[1])


def test_no_password_signs_in_to_an_account_waiting_for_its_address(client):
    # An account left unconfirmed with a password (as sign-up made them before) is closed to it.
    make_user("new@example.org", email_confirmed=False)
    response = client.post(SIGN_IN, {"username": "new@example.org", "password": PASSWORD})
    text = response.content.decode()
    assert "_auth_user_id" not in client.session
    assert "The email address or password is not right" in text
    assert "Confirm your email address first" not in text and RESEND not in text


def test_the_confirmation_link_carries_on_to_where_the_person_was_going(client):
    sign_up(client, next="/list-your-group/")
    response = choose_password(client, confirmation_link(mail.outbox[-1]))
    assert response["Location"] == "/list-your-group/"


@pytest.mark.parametrize(("data", "message"), [
    ({"password2": "something else entirely"}, "not the same"),
    ({"password1": "short", "password2": "short"}, "too short"),
    ({"password1": "", "password2": ""}, "This field is required"),
    ({"password1": "x" * 1001, "password2": "x" * 1001}, "at most 1000 characters"),
    ({"name": "Nia\nBcc: someone"}, "one line"),
])
def test_a_password_that_cannot_be_used_is_explained_and_nothing_changes(client, data, message):
    sign_up(client)
    link = confirmation_link(mail.outbox[-1])
    response = choose_password(client, link, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    user = get_user_model().objects.get()
    assert not user.email_confirmed and not user.has_usable_password() and user.name == "Nia"
    assert "_auth_user_id" not in client.session
    assert choose_password(client, link).status_code == 302  # the link still works


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


def test_signing_up_again_with_an_address_waiting_for_confirmation_sends_its_link_again(client):
    sign_up(client, next="/list-your-group/")
    first = get_user_model().objects.get()
    client.cookies.clear()
    sign_up(client, name="Someone else")
    account = get_user_model().objects.get()
    assert account.password == first.password and account.name == "Nia"
    assert len(mail.outbox) == 2 and mail.outbox[-1].subject == mail.outbox[0].subject
    assert choose_password(client, confirmation_link(mail.outbox[-1])).status_code == 302


def test_signing_up_again_is_limited_per_visitor(client, settings):
    settings.SIGN_UPS_PER_HOUR = 2
    for _ in range(3):
        response = sign_up(client)
    assert response.status_code == 429
    assert len(mail.outbox) == 2


def test_two_sign_ups_for_one_address_at_the_same_moment_both_get_the_check_your_email_page(client, monkeypatch):
    sign_up(Client(), "new@example.org")  # the other request, which made the account...
    mail.outbox.clear()
    with_address = UserManager.with_address
    looked = []

    def not_there_yet(manager, email):
        # ...after this one looked for it and found none.
        looked.append(email)
        return manager.none() if len(looked) == 1 else with_address(manager, email)

    monkeypatch.setattr(UserManager, "with_address", not_there_yet)
    response = sign_up(client, "new@example.org")
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    assert get_user_model().objects.count() == 1
    assert "/account/confirm/" in mail.outbox[-1].body


@pytest.mark.parametrize(("data", "message"), [
    ({"email": "not-an-email"}, "Enter a valid email address"),
    ({"email": "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".com"}, "at most 254 characters"),
    ({"email": "bob@nh\u017f.net"}, "plain letters"),
    ({"email": "\u212aate@example.org"}, "plain letters"),  # a Kelvin sign, which lower() makes "k"
    ({"name": "N" * 151}, "at most 150 characters"),
])
def test_bad_details_are_explained_and_nothing_is_saved(client, alice, data, message):
    response = sign_up(client, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert get_user_model().objects.count() == 1
    assert not mail.outbox


class TestUnconfirmedAccount:
    def test_sending_the_email_again_is_limited_per_visitor(self, client, settings):
        settings.CONFIRMATION_EMAILS_PER_HOUR = 2
        sign_up(client)
        for _ in range(3):
            response = client.post(RESEND)
        assert response.status_code == 429
        assert "Wait 1 hour" in response.content.decode()
        assert len(mail.outbox) == 1 + 2

    def test_sending_again_goes_only_to_the_address_this_browser_signed_up_with(self, client):
        response = client.post(RESEND, {"email": "victim@example.org"})
        assert response.status_code == 200
        assert not mail.outbox

    def test_a_sign_in_link_is_not_sent_and_the_confirmation_link_is_instead(self, client):
        sign_up(client)
        client.post(SIGN_IN_LINK, {"email": "new@example.org"})
        assert "/account/confirm/" in mail.outbox[-1].body
        assert "/account/sign-in/link/" not in mail.outbox[-1].body

    def test_a_password_reset_sends_the_confirmation_link_where_the_password_is_chosen(self, client):
        make_user("new@example.org", email_confirmed=False)  # with a password someone else chose
        client.post(reverse("accounts:password-reset"), {"email": "new@example.org"})
        choose_password(client, confirmation_link(mail.outbox[-1]))
        user = get_user_model().objects.get()
        assert user.email_confirmed and user.check_password(PASSPHRASE)

    def test_it_is_deleted_by_the_scheduled_jobs_after_the_configured_days(self, client, settings):
        settings.UNCONFIRMED_ACCOUNT_DAYS = 3
        sign_up(client)
        sign_up(Client(), "confirmed@example.org")
        choose_password(Client(), confirmation_link(mail.outbox[-1]))
        now = datetime.datetime.now(tz=datetime.UTC)
        with time_machine.travel(now + datetime.timedelta(days=2, hours=23)):
            call_command("run_jobs", "--only", "delete_unconfirmed_accounts")
        assert get_user_model().objects.count() == 2
        with time_machine.travel(now + datetime.timedelta(days=3, minutes=1)):
            call_command("run_jobs", "--only", "delete_unconfirmed_accounts")
        assert list(get_user_model().objects.values_list("email", flat=True)) == ["confirmed@example.org"]

    def test_an_account_someone_has_signed_in_to_is_never_deleted_as_unconfirmed(self, client, settings):
        settings.UNCONFIRMED_ACCOUNT_DAYS = 3
        established = make_user("established@example.org")
        client.force_login(established)  # sets last_login
        get_user_model().objects.filter(pk=established.pk).update(email_confirmed=False)  # unticked by mistake
        with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=30)):
            call_command("run_jobs", "--only", "delete_unconfirmed_accounts")
        assert get_user_model().objects.filter(pk=established.pk).exists()


class TestFromAnInvitation:
    """Someone invited by email who has no account signs up, confirms their address and
    chooses a password through the confirmation email, and is brought back to accept."""

    def _invitation(self, alice):
        group = make_group(name="Tinnitus Circle", slug="tinnitus-circle")
        make_coordinator(group, alice)
        inviter = Client()
        inviter.force_login(alice)
        inviter.post(reverse("directory:invite", args=[group.slug]), {"email": "bob@example.org"})
        return group, re.search(r"http://[^/]+(/invitations/[^\s]+/)", mail.outbox[-1].body).group(1)

    def test_a_newcomer_signs_up_confirms_and_is_brought_back_to_accept(self, client, alice):
        group, link = self._invitation(alice)
        page = client.get(link)
        assert f"{SIGN_UP}?next=/invitations/" in page.content.decode()
        response = sign_up(client, "bob@example.org", next=link)
        assert "back to the invitation" in response.content.decode()
        assert not Coordinator.objects.filter(group=group, user__email="bob@example.org").exists()

        response = choose_password(client, confirmation_link(mail.outbox[-1]))
        assert response["Location"] == link
        bob = get_user_model().objects.get(email="bob@example.org")
        assert bob.email_confirmed and client.session["_auth_user_id"] == str(bob.pk)
        assert "Accept the invitation" in client.get(link).content.decode()
        assert client.post(link).status_code == 302
        assert Coordinator.objects.filter(group=group, user=bob).exists()

    def test_signing_up_from_the_invitation_does_not_let_that_browser_accept_it_unconfirmed(self, client, alice):
        group, link = self._invitation(alice)
        sign_up(client, "bob@example.org", next=link)
        response = client.post(link)
        assert "Sign in or create an account" in response.content.decode()
        assert not get_user_model().objects.get(email="bob@example.org").email_confirmed
        assert not Coordinator.objects.filter(group=group, user__email="bob@example.org").exists()

"""Limits keyed on the visitor's address (behind trusted proxies), never on an account alone."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import RateLimitHit
from directory.tests.factory import PASSWORD, make_user

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("accounts:sign-in")
PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def _behind_a_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]


def visitor(address):
    """Request headers for a visitor at `address`, as the trusted proxy forwards them."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address}


def fail_sign_in(client, email, address, times):
    for _ in range(times):
        client.post(SIGN_IN, {"username": email, "password": "nope"}, **visitor(address))


def test_failures_from_one_visitor_do_not_lock_the_account_for_anyone_else(client, alice, settings):
    fail_sign_in(client, "alice@example.org", "198.51.100.66", settings.SIGN_IN_MAX_FAILURES + 3)
    response = client.post(SIGN_IN, {"username": "alice@example.org", "password": PASSWORD},
                           **visitor("203.0.113.10"))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_the_guessing_visitor_is_stopped_even_with_the_right_password(client, alice, settings):
    fail_sign_in(client, "alice@example.org", "198.51.100.66", settings.SIGN_IN_MAX_FAILURES)
    response = client.post(SIGN_IN, {"username": "alice@example.org", "password": PASSWORD},
                           **visitor("198.51.100.66"))
    assert response.status_code == 429
    assert "too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_accounts_is_stopped(client, settings):
    settings.SIGN_IN_MAX_FAILURES_PER_ADDRESS = 6
    for number in range(6):
        fail_sign_in(client, f"person{number}@example.org", "198.51.100.66", 1)
    make_user("fresh@example.org")
    response = client.post(SIGN_IN, {"username": "fresh@example.org", "password": PASSWORD},
                           **visitor("198.51.100.66"))
    assert response.status_code == 429


def test_the_header_from_an_untrusted_peer_cannot_dodge_the_limit(client, alice, settings):
    for number in range(settings.SIGN_IN_MAX_FAILURES):
        client.post(SIGN_IN, {"username": "alice@example.org", "password": "nope"},
                    REMOTE_ADDR="198.51.100.66", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    response = client.post(SIGN_IN, {"username": "alice@example.org", "password": PASSWORD},
                           REMOTE_ADDR="198.51.100.66", HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == 429


def test_guesses_from_many_addresses_of_one_ipv6_network_count_as_one_visitor(client, alice, settings):
    """An IPv6 visitor has a whole /64 to send from (lib.addresses.client_address)."""
    for number in range(1, settings.SIGN_IN_MAX_FAILURES + 1):
        fail_sign_in(client, "alice@example.org", f"2001:db8:1:1::{number:x}", 1)
    response = client.post(SIGN_IN, {"username": "alice@example.org", "password": PASSWORD},
                           **visitor("2001:db8:1:1:ffff::1"))
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The next network along is someone else.
    response = client.post(SIGN_IN, {"username": "alice@example.org", "password": PASSWORD},
                           **visitor("2001:db8:1:2::1"))
    assert response.status_code == 302


def test_a_refused_sign_in_never_runs_the_password_hash(client, alice, settings, monkeypatch):
    fail_sign_in(client, "alice@example.org", "198.51.100.66", settings.SIGN_IN_MAX_FAILURES)
    calls = []
    monkeypatch.setattr(MD5PasswordHasher, "verify", lambda self, *args: calls.append(args) or False)
    monkeypatch.setattr(MD5PasswordHasher, "encode", lambda self, *args: calls.append(args) or "md5$x$y")
    client.post(SIGN_IN, {"username": "alice@example.org", "password": PASSWORD}, **visitor("198.51.100.66"))
    assert calls == []


def test_failed_passwords_do_not_block_the_emailed_sign_in_link(client, alice, settings):
    fail_sign_in(client, "alice@example.org", "198.51.100.66", settings.SIGN_IN_MAX_FAILURES + 1)
    response = client.post(reverse("accounts:sign-in-link"), {"email": "alice@example.org"},
                           **visitor("198.51.100.66"))
    assert "Check your email" in response.content.decode()
    link = re.search(r"https?://[^/]+(/account/sign-in/link/[^\s]+/)", mail.outbox[-1].body).group(1)
    assert client.post(link, **visitor("198.51.100.66")).status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_sign_in_links_are_limited_per_address(client, alice, settings):
    settings.SIGN_IN_LINKS_PER_HOUR = 2
    for _ in range(2):
        client.post(reverse("accounts:sign-in-link"), {"email": "alice@example.org"}, **visitor("198.51.100.66"))
    response = client.post(reverse("accounts:sign-in-link"), {"email": "alice@example.org"},
                           **visitor("198.51.100.66"))
    assert response.status_code == 429
    assert "too many" in response.content.decode()
    assert len(mail.outbox) == 2


def test_password_resets_are_limited_per_address_per_hour(client, alice, settings):
    settings.PASSWORD_RESETS_PER_HOUR = 3
    for _ in range(5):
        response = client.post(reverse("accounts:password-reset"), {"email": "alice@example.org"},
                               **visitor("198.51.100.66"))
    assert len(mail.outbox) == 3
    assert response.status_code == 429
    assert "too many requests for a new password" in response.content.decode()
    client.post(reverse("accounts:password-reset"), {"email": "alice@example.org"}, **visitor("203.0.113.10"))
    assert len(mail.outbox) == 4  # someone else is not held back


def test_sign_ups_are_limited_per_address(client, settings):
    settings.SIGN_UPS_PER_HOUR = 2
    passphrase = "a long enough passphrase"
    for number in range(3):
        response = client.post(reverse("accounts:sign-up"), {
            "email": f"new{number}@example.org", "password1": passphrase, "password2": passphrase,
        }, **visitor("198.51.100.66"))
        client.logout()
    assert response.status_code == 429
    assert "too many new accounts" in response.content.decode()
    assert get_user_model().objects.count() == 2


def test_emails_about_one_account_stop_after_a_few_an_hour_whoever_asks_and_the_pages_read_the_same(
        client, alice, settings):
    """Many visitors (or one with many addresses) cannot fill someone's inbox through the site."""
    settings.ACCOUNT_EMAILS_PER_HOUR = 2
    passphrase = "a long enough passphrase"

    def ask_for_everything(number):
        link = client.post(reverse("accounts:sign-in-link"), {"email": "Alice@example.org"},
                           **visitor(f"198.51.100.{number}"))
        reset = client.post(reverse("accounts:password-reset"), {"email": "alice@example.org"},
                            **visitor(f"203.0.113.{number}"))
        sign_up = client.post(reverse("accounts:sign-up"), {
            "email": "alice@example.org", "password1": passphrase, "password2": passphrase,
        }, **visitor(f"192.0.2.{number}"))
        return [(link.status_code, "Check your email" in link.content.decode()),
                (reset.status_code, reset["Location"]),
                (sign_up.status_code, "Check your email" in sign_up.content.decode())]

    first = ask_for_everything(1)
    assert len(mail.outbox) == 2
    assert ask_for_everything(2) == first  # nothing more is sent, and nothing says so
    assert len(mail.outbox) == 2
    # Nobody is locked out: the password still works, and an hour later email goes again.
    assert client.post(SIGN_IN, {"username": "alice@example.org", "password": PASSWORD},
                       **visitor("198.51.100.99")).status_code == 302
    client.logout()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        client.post(reverse("accounts:sign-in-link"), {"email": "alice@example.org"}, **visitor("198.51.100.3"))
    assert len(mail.outbox) == 3
    # Another address is not held back by alice's.
    make_user("bob@example.org")
    client.post(reverse("accounts:sign-in-link"), {"email": "bob@example.org"}, **visitor("198.51.100.4"))
    assert mail.outbox[-1].to == ["bob@example.org"]


def test_only_keyed_hashes_are_stored(client, alice):
    client.post(SIGN_IN, {"username": "alice@example.org", "password": "nope"}, **visitor("198.51.100.66"))
    keys = list(RateLimitHit.objects.values_list("key", flat=True))
    assert keys and all("alice" not in key and "198.51" not in key for key in keys)


class TestAdminSignIn:
    def test_the_admin_sign_in_page_is_the_sites_sign_in(self, client):
        response = client.get("/admin/login/?next=/admin/accounts/")
        assert response.status_code == 302
        assert response["Location"] == f"{SIGN_IN}?next=/admin/accounts/"

    def test_staff_already_signed_in_go_on_to_the_admin(self, client, sam, alice):
        client.force_login(sam)
        assert client.get("/admin/login/?next=/admin/accounts/")["Location"] == "/admin/accounts/"
        client.force_login(alice)  # not staff: signs in as someone who may
        assert client.get("/admin/login/?next=/admin/")["Location"] == f"{SIGN_IN}?next=/admin/"

    def test_posting_passwords_to_the_admin_is_refused_too(self, client, sam):
        response = client.post("/admin/login/", {"username": "sam@example.org", "password": PASSWORD})
        assert "_auth_user_id" not in client.session
        assert response.status_code == 302

    def test_guessing_a_staff_password_is_limited_whatever_the_door(self, client, sam, settings):
        for _ in range(settings.SIGN_IN_MAX_FAILURES + 25):
            client.post("/admin/login/", {"username": "sam@example.org", "password": "nope"})
            client.post(SIGN_IN, {"username": "sam@example.org", "password": "nope"})
        response = client.post(SIGN_IN, {"username": "sam@example.org", "password": PASSWORD, "next": "/admin/"})
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_staff_reach_the_admin_after_signing_in_on_the_site(self, client, sam):
        client.get("/admin/")
        response = client.post(SIGN_IN, {"username": "sam@example.org", "password": PASSWORD, "next": "/admin/"})
        assert response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200


def test_a_step_counted_at_the_same_moment_past_the_limit_is_refused(alice, settings, monkeypatch):
    from accounts.limits import SIGN_IN_FAILURES, Limit

    settings.SIGN_IN_MAX_FAILURES = 2
    pair = ("198.51.100.66", "alice@example.org")
    assert SIGN_IN_FAILURES.claim(*pair) is not None
    # Another worker counts its step between this one's check (which saw room) and its count.
    monkeypatch.setattr(Limit, "reached", lambda self, *parts: False)
    RateLimitHit.objects.create(limit=SIGN_IN_FAILURES.name, key=SIGN_IN_FAILURES.key(*pair))
    assert SIGN_IN_FAILURES.claim(*pair) is None
    assert RateLimitHit.objects.count() == 2


def test_successful_sign_ins_from_one_office_do_not_add_up(client, settings):
    settings.SIGN_IN_MAX_FAILURES_PER_ADDRESS = 3
    for number in range(5):
        make_user(f"colleague{number}@example.org")
        response = client.post(SIGN_IN, {"username": f"colleague{number}@example.org", "password": PASSWORD},
                               **visitor("198.51.100.66"))
        assert response.status_code == 302, number
        client.logout()

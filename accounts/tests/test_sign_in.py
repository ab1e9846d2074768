import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.limits import forget_expired_hits
from accounts.models import RateLimitHit
from accounts.services import PASSWORD_RESET_LINK, SIGN_IN_LINK
from directory.tests.factory import PASSWORD

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("accounts:sign-in")




def test_passwords_are_hashed_with_argon2_in_real_settings():
    import hub.settings

    assert hub.settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_it_signs_in_with_the_email_address_in_any_case(client, alice):
    response = client.post(SIGN_IN, {"username": "Alice@Example.org", "password": PASSWORD,
                                      "next": "/my-groups/"})
    assert response.status_code == 302
    assert response["Location"] == "/my-groups/"
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_it_never_redirects_to_another_site(client, alice):
    response = client.post(SIGN_IN, {"username": "alice@example.org", "password": PASSWORD,
                                      "next": "https://evil.example.com/"})
    assert response["Location"] == reverse("accounts:home")


def test_a_wrong_password_gets_a_clear_message(client, alice):
    response = client.post(SIGN_IN, {"username": "alice@example.org", "password": "nope"})
    assert response.status_code == 200
    assert "The email address or password is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_too_many_failures_block_sign_in_for_a_while_even_with_the_right_password(client, alice, settings):
    for _ in range(settings.SIGN_IN_MAX_FAILURES):
        client.post(SIGN_IN, {"username": "alice@example.org", "password": "nope"})
    response = client.post(SIGN_IN, {"username": "alice@example.org", "password": PASSWORD})
    assert "too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=16)):
        forget_expired_hits()
        response = client.post(SIGN_IN, {"username": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_only_hashes_of_addresses_are_kept_for_rate_limiting(client, alice):
    client.post(SIGN_IN, {"username": "alice@example.org", "password": "nope"})
    keys = list(RateLimitHit.objects.values_list("key", flat=True))
    assert keys and all("alice" not in key and "127.0.0.1" not in key for key in keys)


def test_signing_out_needs_a_post(client, alice):
    client.force_login(alice)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    client.post(reverse("accounts:sign-out"))
    assert "_auth_user_id" not in client.session


class TestSignInLink:
    url = reverse("accounts:sign-in-link")

    def _link(self):
        return re.search(r"https?://[^/]+(/account/sign-in/link/[^\s]+/)", mail.outbox[-1].body).group(1)

    def test_it_emails_a_link_on_the_sites_address_that_signs_in_once(self, client, alice, settings):
        settings.SITE_URL = "https://hub.example.org"
        response = client.post(self.url, {"email": "alice@example.org"})
        assert "Check your email" in response.content.decode()
        assert "https://hub.example.org/account/sign-in/link/" in mail.outbox[-1].body
        link = self._link()
        assert client.get(link).status_code == 200  # asks first: mail scanners only follow links
        assert "_auth_user_id" not in client.session
        assert client.post(link).status_code == 302
        assert client.session["_auth_user_id"] == str(alice.pk)
        client.logout()
        response = client.post(link)  # used
        assert response.status_code == 400
        assert "This link has expired" in response.content.decode()

    def test_the_link_expires(self, client, alice, settings):
        client.post(self.url, {"email": "alice@example.org"})
        link = self._link()
        later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=settings.SIGN_IN_LINK_MINUTES + 1)
        with time_machine.travel(later):
            assert client.post(link).status_code == 400
        assert "_auth_user_id" not in client.session

    def test_signing_in_with_the_password_ends_the_link(self, client, alice):
        client.post(self.url, {"email": "alice@example.org"})
        link = self._link()
        client.post(SIGN_IN, {"username": "alice@example.org", "password": "correct horse battery"})
        client.logout()
        assert client.post(link).status_code == 400

    def test_a_changed_email_address_ends_the_link_sent_to_the_old_one(self, client, alice):
        client.post(self.url, {"email": "alice@example.org"})
        link = self._link()
        alice.email = "alice.new@example.org"
        alice.save(update_fields=["email"])
        assert client.post(link).status_code == 400
        assert "_auth_user_id" not in client.session

    def test_unknown_addresses_get_the_same_reply_and_no_email(self, client, alice):
        response = client.post(self.url, {"email": "nobody@example.org"})
        assert "Check your email" in response.content.decode()
        assert mail.outbox == []

    def test_a_forged_or_tampered_link_does_nothing(self, client, alice):
        client.post(self.url, {"email": "alice@example.org"})
        link = self._link()
        tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + "/"
        for path in ["/account/sign-in/link/abc-123/", "/account/sign-in/link/a:b:c/", tampered]:
            assert client.post(path).status_code == 400
        assert "_auth_user_id" not in client.session

    def test_a_link_made_for_another_purpose_does_not_sign_in(self, client, alice):
        # Same account, same state, another purpose: only the salt tells them apart.
        token = PASSWORD_RESET_LINK.make(alice)
        assert client.post(reverse("accounts:sign-in-link-use", args=[token])).status_code == 400
        assert "_auth_user_id" not in client.session


NEW_PASSWORD = "another fine passphrase"


class TestPasswordReset:
    def _link(self, client, settings):
        settings.SITE_URL = "https://hub.example.org"
        client.post(reverse("accounts:password-reset"), {"email": "alice@example.org"})
        return re.search(r"https://hub\.example\.org(/account/password/[^\s]+/)", mail.outbox[-1].body).group(1)

    def _choose(self, client, link, password=NEW_PASSWORD):
        form_page = client.get(link, follow=True)
        return form_page, client.post(form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
                                      {"new_password1": password, "new_password2": password})

    def test_it_resets_the_password_once(self, client, alice, settings):
        link = self._link(client, settings)
        _page, response = self._choose(client, link)
        assert response.status_code == 302
        alice.refresh_from_db()
        assert alice.check_password(NEW_PASSWORD)
        client.logout()
        page, _response = self._choose(client, link, "yet another passphrase")
        assert "This link has expired" in page.content.decode()
        alice.refresh_from_db()
        assert alice.check_password(NEW_PASSWORD)  # the used link changed nothing

    def test_the_link_expires(self, client, alice, settings):
        link = self._link(client, settings)
        timeout = datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
        later = datetime.datetime.now(tz=datetime.UTC) + timeout + datetime.timedelta(minutes=1)
        with time_machine.travel(later):
            page, _response = self._choose(client, link)
        assert "This link has expired" in page.content.decode()
        alice.refresh_from_db()
        assert alice.check_password("correct horse battery")

    def test_a_new_password_longer_than_the_bound_is_refused_and_the_old_one_kept(self, client, alice, settings):
        link = self._link(client, settings)
        page, response = self._choose(client, link, "long words " * 100)  # 1,100 characters
        assert response.status_code == 200
        assert "at most 1000 characters" in response.content.decode()
        alice.refresh_from_db()
        assert alice.check_password("correct horse battery")

    def test_a_tampered_link_or_one_made_for_signing_in_is_refused(self, client, alice, settings):
        link = self._link(client, settings)
        uid = link.split("/")[3]
        for token in [link.split("/")[4][:-2] + "xx", SIGN_IN_LINK.make(alice)]:
            page, _response = self._choose(client, reverse("accounts:password-reset-confirm", args=[uid, token]))
            assert "This link has expired" in page.content.decode()
        alice.refresh_from_db()
        assert alice.check_password("correct horse battery")

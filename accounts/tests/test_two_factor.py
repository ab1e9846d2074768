"""Two-factor sign-in for staff: required or optional, set up with a real authenticator
code, asked for after the password and after the emailed sign-in link, wrong codes refused
and slowed (for minutes at most; forgotten with a new password; cleared by a superuser),
recovery codes single-use, a set-up key shown to one session only, the owner emailed when
it is set up or turned off, the admin closed to a session without its code, and accounts
that are not staff never asked."""

import base64
import datetime
import os
import re
import subprocess
import sys

import pytest
import time_machine
from django.contrib import admin
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from directory.tests.factory import PASSWORD, make_user

pytestmark = pytest.mark.django_db
SIGN_IN = reverse("accounts:sign-in")
SET_UP = reverse("accounts:two-factor-set-up")
VERIFY = reverse("accounts:two-factor-verify")
TWO_FACTOR = reverse("accounts:two-factor")
# Pages only staff open, from several apps, and the admin.
STAFF_PAGES = ["/staff/review/", "/staff/outbox/", "/staff/insight/", "/staff/introductions/", "/admin/",
               "/admin/accounts/user/"]


def now():
    return datetime.datetime.now(tz=datetime.UTC)


def code_for(key: bytes, at=None) -> str:
    """What an authenticator app shows for `key` at `at`."""
    totp = TOTP(key)
    if at is not None:
        totp.time = at.timestamp()
    return f"{totp.token():06d}"


def give_device(user) -> tuple[bytes, list[str]]:
    """An authenticator app and recovery codes already set up for `user`."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = ["aaaa2222", "bbbb3333"]
    for code in codes:
        StaticToken.objects.create(device=recovery, token=code)
    return device.bin_key, codes


def sign_in(client, user, next_url="/staff/review/"):
    return client.post(SIGN_IN, {"username": user.email, "password": PASSWORD, "next": next_url})


@pytest.fixture
def required(settings):
    settings.STAFF_TWO_FACTOR = "required"


@pytest.fixture
def optional(settings):
    settings.STAFF_TWO_FACTOR = "optional"


class TestRequired:
    def test_staff_without_a_device_are_led_to_set_one_up_before_any_staff_page(self, client, sam, required):
        response = sign_in(client, sam)
        assert response.status_code == 302
        assert response["Location"] == f"{SET_UP}?next=/staff/review/"
        for page in STAFF_PAGES:
            response = client.get(page)
            assert response.status_code == 302, page
            assert response["Location"].startswith(SET_UP), page
        # The pages anyone may open are closed too, until the account is safe.
        assert client.get("/").status_code == 302

    def test_setting_up_with_a_code_from_the_app_opens_the_staff_pages(self, client, sam, required):
        sign_in(client, sam)
        page = client.get(f"{SET_UP}?next=/staff/review/")
        text = page.content.decode()
        assert "<svg" in text and "<img" not in text  # the QR code is drawn in the page
        secret = re.search(r'<code class="secret" id="secret">([A-Z2-7 ]+)</code>', text).group(1)
        key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))

        wrong = client.post(SET_UP, {"code": "000000" if code_for(key) != "000000" else "111111"})
        assert "That code is not right" in wrong.content.decode()
        assert client.get("/staff/review/")["Location"].startswith(SET_UP)

        later = now() + datetime.timedelta(seconds=5)  # past the wait a wrong code brings
        with time_machine.travel(later):
            before = client.session.session_key
            response = client.post(SET_UP, {"code": code_for(key, later), "next": "/staff/review/"})
            assert response.status_code == 200
            codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
            assert len(codes) == 6
            assert client.session.session_key != before  # a new session key once verified
            assert not SessionStore().exists(before)
            for page in STAFF_PAGES:
                assert client.get(page).status_code == 200, page
        assert TOTPDevice.objects.get(user=sam).confirmed
        assert sorted(StaticToken.objects.filter(device__user=sam).values_list("token", flat=True)) == sorted(codes)

    def test_the_admin_refuses_a_session_without_its_code_even_without_the_middleware(self, sam, required):
        request = RequestFactory().get("/admin/")
        request.user = sam
        sam.otp_device = None
        sam.is_verified = lambda: False
        assert not admin.site.has_permission(request)
        device = TOTPDevice.objects.create(user=sam, confirmed=True)
        sam.otp_device, sam.is_verified = device, lambda: True
        assert admin.site.has_permission(request)

    def test_the_admins_sign_in_page_sends_staff_to_their_second_step(self, client, sam, required):
        client.force_login(sam)
        response = client.get(reverse("admin:login"))
        assert response.status_code == 302 and response["Location"].startswith(SET_UP)

    def test_an_account_that_is_not_staff_is_never_asked(self, client, alice, required):
        response = sign_in(client, alice, "/my-groups/")
        assert response["Location"] == "/my-groups/"
        assert client.get("/my-groups/").status_code == 200
        assert client.get(SET_UP).status_code == 403
        TOTPDevice.objects.create(user=alice, confirmed=True)  # even with a device left from her staff days
        client.logout()
        assert sign_in(client, alice, "/my-groups/")["Location"] == "/my-groups/"


class TestOptional:
    def test_staff_without_a_device_sign_in_with_the_password_alone(self, client, sam, optional):
        response = sign_in(client, sam)
        assert response["Location"] == "/staff/review/"
        assert client.get("/staff/review/").status_code == 200
        assert "Set up two-factor sign-in" in client.get(TWO_FACTOR).content.decode()

    def test_staff_find_their_two_factor_page_among_the_staff_links(self, client, sam, optional):
        sign_in(client, sam)
        assert f'href="{TWO_FACTOR}"' in client.get("/my-groups/").content.decode()

    def test_staff_who_set_up_a_device_are_still_asked_for_a_code(self, client, sam, optional):
        give_device(sam)
        response = sign_in(client, sam)
        assert response["Location"] == f"{VERIFY}?next=/staff/review/"
        assert client.get("/staff/review/")["Location"].startswith(VERIFY)

    def test_the_setting_is_required_by_default_and_optional_on_a_demonstration_site(self):
        def read(**env):
            environment = {key: value for key, value in os.environ.items()
                           if key not in ("DEMO", "STAFF_TWO_FACTOR", "DEBUG", "SECRET_KEY", "SITE_URL")} | env
            return subprocess.run(
                [sys.executable, "-c", "import hub.settings as s; print(s.STAFF_TWO_FACTOR)"],
                env=environment, capture_output=True, text=True, timeout=60, check=False,
            )

        assert read().stdout.strip() == "required"
        assert read(DEMO="true").stdout.strip() == "optional"
        assert read(DEMO="true", STAFF_TWO_FACTOR="required").stdout.strip() == "required"
        refused = read(STAFF_TWO_FACTOR="sometimes")
        assert refused.returncode != 0 and "STAFF_TWO_FACTOR must be required or optional" in refused.stderr


class TestCode:
    def test_staff_with_a_device_give_a_code_after_the_password(self, client, sam, required):
        key, _codes = give_device(sam)
        response = sign_in(client, sam)
        assert response["Location"] == f"{VERIFY}?next=/staff/review/"
        assert client.get("/admin/")["Location"].startswith(VERIFY)
        before = client.session.session_key
        response = client.post(VERIFY, {"code": code_for(key), "next": "/staff/review/"})
        assert response["Location"] == "/staff/review/"
        assert client.session.session_key != before
        assert client.get("/staff/review/").status_code == 200
        assert client.get("/admin/").status_code == 200

    def test_the_emailed_sign_in_link_also_asks_for_a_code(self, client, sam, required):
        key, _codes = give_device(sam)
        client.post(reverse("accounts:sign-in-link"), {"email": sam.email})
        link = re.search(r"https?://[^/]+(/account/sign-in/link/[^\s]+/)", mail.outbox[-1].body).group(1)
        response = client.post(link)
        assert response["Location"].startswith(VERIFY)
        assert client.get("/staff/review/")["Location"].startswith(VERIFY)
        client.post(VERIFY, {"code": code_for(key)})
        assert client.get("/staff/review/").status_code == 200

    def test_a_wrong_code_is_refused_and_the_next_is_slowed(self, client, sam, required):
        key, _codes = give_device(sam)
        sign_in(client, sam)
        start = now()
        with time_machine.travel(start, tick=False):
            right = code_for(key, start)
            wrong = "123456" if right != "123456" else "654321"
            assert "That code is not right" in client.post(VERIFY, {"code": wrong}).content.decode()
            # Straight after, even the right code waits: guessing costs time.
            response = client.post(VERIFY, {"code": right})
            assert "Wait 1 second before trying again" in response.content.decode()
            assert "several" not in response.content.decode()  # there was only one
            assert client.get("/staff/review/").status_code == 302
        with time_machine.travel(start + datetime.timedelta(seconds=2), tick=False):
            assert client.post(VERIFY, {"code": right})["Location"] == reverse("accounts:home")
        assert client.get("/staff/review/").status_code == 200

    def test_a_code_already_used_is_refused_saying_each_code_works_once(self, client, sam, required):
        key, _codes = give_device(sam)
        sign_in(client, sam)
        start = now()
        with time_machine.travel(start, tick=False):
            assert client.post(VERIFY, {"code": code_for(key, start)}).status_code == 302
            client.post(reverse("accounts:sign-out"))
            sign_in(client, sam)
            response = client.post(VERIFY, {"code": code_for(key, start)})
        text = response.content.decode()
        assert "it has been used already: each code works once" in text and "next code" in text
        assert client.get("/staff/review/").status_code == 302

    def test_each_wrong_code_doubles_the_wait(self, client, sam, required):
        key, _codes = give_device(sam)
        sign_in(client, sam)
        start = now()
        for seconds in (0, 1, 3):  # each just after the wait the one before brought: 1, then 2 seconds
            with time_machine.travel(start + datetime.timedelta(seconds=seconds), tick=False):
                assert "That code is not right" in client.post(VERIFY, {"code": "000000x"}).content.decode()
        at = start + datetime.timedelta(seconds=3)
        with time_machine.travel(at, tick=False):
            assert "Wait 4 seconds" in client.post(VERIFY, {"code": code_for(key, at)}).content.decode()
        at = start + datetime.timedelta(seconds=7)
        with time_machine.travel(at, tick=False):
            assert client.post(VERIFY, {"code": code_for(key, at)}).status_code == 302

    def test_a_recovery_code_works_once(self, client, sam, required):
        _key, codes = give_device(sam)
        sign_in(client, sam)
        assert client.post(VERIFY, {"code": codes[0].upper()})["Location"] == reverse("accounts:home")
        assert client.get("/staff/review/").status_code == 200
        client.post(reverse("accounts:sign-out"))
        sign_in(client, sam)
        response = client.post(VERIFY, {"code": codes[0]})
        assert "That code is not right" in response.content.decode()
        assert client.get("/staff/review/").status_code == 302
        assert StaticToken.objects.filter(device__user=sam).count() == 1

    def test_a_device_cannot_be_replaced_by_setting_up_again_without_a_code(self, client, sam, required):
        give_device(sam)
        client.force_login(sam)
        assert client.get(SET_UP)["Location"].startswith(VERIFY)
        assert TOTPDevice.objects.filter(user=sam).count() == 1


class TestTurningOff:
    def test_staff_turn_off_their_own_device_after_a_code_and_are_led_to_set_up_again(self, client, sam, required):
        key, _codes = give_device(sam)
        sign_in(client, sam)
        client.post(VERIFY, {"code": code_for(key)})
        later = now() + datetime.timedelta(seconds=31)  # the next code: each works once
        with time_machine.travel(later):
            refused = client.post(TWO_FACTOR, {"code": "not-a-code"})
            assert "That code is not right" in refused.content.decode()
            assert TOTPDevice.objects.filter(user=sam).exists()
        with time_machine.travel(later + datetime.timedelta(seconds=5)):
            response = client.post(TWO_FACTOR, {"code": code_for(key, later + datetime.timedelta(seconds=5))})
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=sam).exists() and not StaticDevice.objects.filter(user=sam).exists()
        assert client.get("/staff/review/")["Location"].startswith(SET_UP)

    def test_a_superuser_removes_another_staff_members_devices_in_the_admin(self, client, sam, optional):
        give_device(sam)
        root = make_user("root@example.org", staff=True, is_superuser=True)
        client.force_login(root)
        device = TOTPDevice.objects.get(user=sam)
        change = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
        assert change.status_code == 200
        assert device.key not in change.content.decode()  # the secret is never shown
        client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
        client.post(reverse("admin:otp_static_staticdevice_delete",
                            args=[StaticDevice.objects.get(user=sam).pk]), {"post": "yes"})
        assert not TOTPDevice.objects.filter(user=sam).exists() and not StaticDevice.objects.filter(user=sam).exists()

    def test_staff_who_are_not_superusers_cannot_see_devices_in_the_admin(self, client, sam, optional):
        client.force_login(sam)
        assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 403


def secret_on(page) -> str:
    return re.search(r'<code class="secret" id="secret">([A-Z2-7 ]+)</code>', page.content.decode()).group(1)


def key_of(secret: str) -> bytes:
    secret = secret.replace(" ", "")
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


class TestSettingUpInOneSession:
    def test_a_key_seen_by_someone_with_only_the_password_is_never_the_one_set_up(self, sam, required):
        """Someone with the password opens the set-up page, notes the key and leaves; the owner
        sets up later: the noted key is worth nothing."""
        attacker = Client(REMOTE_ADDR="198.51.100.66")
        sign_in(attacker, sam)
        noted = key_of(secret_on(attacker.get(SET_UP)))
        attacker.post(reverse("accounts:sign-out"))

        owner = Client(REMOTE_ADDR="203.0.113.10")
        sign_in(owner, sam)
        key = key_of(secret_on(owner.get(SET_UP)))
        assert key != noted
        assert TOTPDevice.objects.filter(user=sam).count() == 1  # the one the attacker saw is gone
        assert owner.post(SET_UP, {"code": code_for(key)}).status_code == 200
        assert TOTPDevice.objects.get(user=sam).confirmed

        attacker = Client(REMOTE_ADDR="198.51.100.66")
        sign_in(attacker, sam)
        later = now() + datetime.timedelta(seconds=60)
        with time_machine.travel(later, tick=False):
            response = attacker.post(VERIFY, {"code": code_for(noted, later), "next": "/admin/"})
        assert "That code is not right" in response.content.decode()
        assert attacker.get("/admin/")["Location"].startswith(VERIFY)

    def test_each_visit_shows_a_new_key(self, client, sam, required):
        sign_in(client, sam)
        assert secret_on(client.get(SET_UP)) != secret_on(client.get(SET_UP))
        assert TOTPDevice.objects.filter(user=sam, confirmed=False).count() == 1

    def test_a_session_cannot_confirm_an_app_another_session_was_shown(self, sam, required):
        first, second = Client(), Client()
        sign_in(first, sam)
        sign_in(second, sam)
        key = key_of(secret_on(first.get(SET_UP)))
        # The second session was shown no key: a code from the first's is not checked.
        response = second.post(SET_UP, {"code": code_for(key)})
        assert "Set-up was started again, so the key has changed" in response.content.decode()
        assert key_of(secret_on(response)) != key
        # And the first session's key has gone with it: setting up starts again there too.
        response = first.post(SET_UP, {"code": code_for(key)})
        assert "Set-up was started again" in response.content.decode()
        assert not TOTPDevice.objects.filter(user=sam, confirmed=True).exists()

    def test_setting_up_and_turning_off_are_emailed_to_the_account(self, client, sam, required):
        sign_in(client, sam)
        key = key_of(secret_on(client.get(SET_UP)))
        client.post(SET_UP, {"code": code_for(key)})
        assert [message.to for message in mail.outbox] == [[sam.email]]
        assert "Two-factor sign-in was set up" in mail.outbox[0].subject
        assert reverse("accounts:password-reset") in mail.outbox[0].body  # what to do if it was not them
        later = now() + datetime.timedelta(seconds=31)  # the next code: each works once
        with time_machine.travel(later, tick=False):
            assert client.post(TWO_FACTOR, {"code": code_for(key, later)}).status_code == 302
        assert len(mail.outbox) == 2 and mail.outbox[1].to == [sam.email]
        assert "Two-factor sign-in was turned off" in mail.outbox[1].subject

    def test_removing_someones_app_in_the_admin_is_emailed_to_them(self, client, sam, optional):
        give_device(sam)
        client.force_login(make_user("root@example.org", staff=True, is_superuser=True))
        device = TOTPDevice.objects.get(user=sam)
        client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
        assert [message.to for message in mail.outbox] == [[sam.email]]
        assert "turned off" in mail.outbox[0].subject


class TestTheWait:
    def wrong_codes(self, client, start, times) -> datetime.datetime:
        """Give `times` wrong codes, each just after the wait the one before brought; when it ends."""
        at = start
        for _ in range(times):
            with time_machine.travel(at, tick=False):
                response = client.post(VERIFY, {"code": "000000x"})
                assert "That code is not right" in response.content.decode()
            device = TOTPDevice.objects.get(user__email="sam@example.org")
            at = at + datetime.timedelta(seconds=2 ** (device.throttling_failure_count - 1))
        return at

    def test_the_wait_after_wrong_codes_is_never_more_than_a_few_minutes(self, client, sam, required):
        key, _codes = give_device(sam)
        sign_in(client, sam)
        start = now()
        ready = self.wrong_codes(client, start, 14)  # unchecked, the wait would now be 2¹³ s: over two hours
        with time_machine.travel(ready - datetime.timedelta(seconds=1), tick=False):
            text = client.post(VERIFY, {"code": code_for(key)}).content.decode()
            seconds = int(re.search(r"Wait (\d+) second", text).group(1))
            assert 0 < seconds <= two_factor.MAX_WAIT_SECONDS
        with time_machine.travel(ready, tick=False):
            assert client.post(VERIFY, {"code": code_for(key, ready)}).status_code == 302
        assert ready - start < datetime.timedelta(minutes=60)

    def test_a_new_password_clears_the_wait_and_other_changes_do_not(self, client, sam, required):
        key, _codes = give_device(sam)
        sign_in(client, sam)
        start = now()
        self.wrong_codes(client, start, 6)
        sam.refresh_from_db()
        sam.name = "Sam"
        sam.save()
        assert TOTPDevice.objects.get(user=sam).throttling_failure_count == 6
        sam.set_password("a brand new pass phrase")
        sam.save()
        assert TOTPDevice.objects.get(user=sam).throttling_failure_count == 0
        assert StaticDevice.objects.get(user=sam).throttling_failure_count == 0
        owner = Client()
        owner.post(SIGN_IN, {"username": sam.email, "password": "a brand new pass phrase"})
        at = start + datetime.timedelta(seconds=1)
        with time_machine.travel(at, tick=False):
            assert owner.post(VERIFY, {"code": code_for(key, at)}).status_code == 302

    def test_a_password_reset_clears_the_wait(self, client, sam, required):
        give_device(sam)
        sign_in(client, sam)
        self.wrong_codes(client, now(), 3)
        other = Client()
        other.post(reverse("accounts:password-reset"), {"email": sam.email})
        link = re.search(r"https?://[^/]+(/account/password/[^\s]+)", mail.outbox[-1].body).group(1)
        form = other.get(link)["Location"]
        other.post(form, {"new_password1": "a brand new pass phrase", "new_password2": "a brand new pass phrase"})
        assert TOTPDevice.objects.get(user=sam).throttling_failure_count == 0

    def test_a_superuser_clears_the_wait_in_the_admin_and_staff_cannot(self, client, sam, optional):
        give_device(sam)
        TOTPDevice.objects.filter(user=sam).update(throttling_failure_count=8, throttling_failure_timestamp=now())
        StaticDevice.objects.filter(user=sam).update(throttling_failure_count=8, throttling_failure_timestamp=now())
        changelist = reverse("admin:accounts_user_changelist")
        action = {"action": "clear_two_factor_wait", "_selected_action": [sam.pk]}
        client.force_login(make_user("colleague@example.org", staff=True))
        client.post(changelist, action)
        assert TOTPDevice.objects.get(user=sam).throttling_failure_count == 8
        client.force_login(make_user("root@example.org", staff=True, is_superuser=True))
        response = client.post(changelist, action, follow=True)
        assert "may give a sign-in code again at once" in response.content.decode()
        assert TOTPDevice.objects.get(user=sam).throttling_failure_count == 0
        assert StaticDevice.objects.get(user=sam).throttling_failure_timestamp is None

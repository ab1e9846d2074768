"""Two-factor sign-in for staff: required or optional, set up with a real authenticator
code, asked for after the password and after the emailed sign-in link, wrong codes refused
and slowed, recovery codes single-use, the admin closed to a session without its code, and
accounts that are not staff never asked."""

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
from django.test import RequestFactory
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

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
            assert "Wait 1 second" in response.content.decode()
            assert client.get("/staff/review/").status_code == 302
        with time_machine.travel(start + datetime.timedelta(seconds=2), tick=False):
            assert client.post(VERIFY, {"code": right})["Location"] == reverse("accounts:home")
        assert client.get("/staff/review/").status_code == 200

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

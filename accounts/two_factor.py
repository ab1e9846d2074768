"""Two-factor sign-in for staff, with django-otp: after the password or the emailed sign-in
link, a code from an authenticator app (TOTP), or one of a few single-use recovery codes.

STAFF_TWO_FACTOR says who is asked. "required": every staff member sets up an app before
reaching any page (accounts.middleware) or the admin (accounts.admin). "optional": only
staff who have set one up are asked, and they must answer. Accounts that are not staff are
never asked. Until the code is given, the session reaches only the two-factor pages and
signing out. Wrong codes are slowed by django-otp's throttling: each one doubles the wait
before the next is checked (OTP_*_THROTTLE_FACTOR in hub/settings.py).
"""

import base64
import math

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles

# Enough recovery codes to get by until a lost phone is replaced, few enough to keep safe.
RECOVERY_CODES = 6
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


class Throttled(Exception):
    """Too many wrong codes lately; `seconds` says how long to wait."""

    def __init__(self, seconds: int):
        super().__init__(seconds)
        self.seconds = seconds


def required() -> bool:
    return settings.STAFF_TWO_FACTOR == "required"


def is_verified(user) -> bool:
    """Whether this session has given a code (django-otp's middleware marks the user)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def has_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def second_step(request) -> str | None:
    """The address of the step this session still owes before it may be used, or None."""
    user = request.user
    if not roles.is_staff(user) or is_verified(user):
        return None
    if has_device(user):
        return reverse("accounts:two-factor-verify")
    if required():
        return reverse("accounts:two-factor-set-up")
    return None


def verify_session(request, device) -> None:
    """Mark the session as having passed the second step, under a new session key, so a
    key seen before the code was given is worth nothing after."""
    request.session.cycle_key()
    django_otp.login(request, device)


# Setting up an authenticator app.

def device_being_set_up(user) -> TOTPDevice:
    """The app being set up: unconfirmed, and unused, until a code from it is entered."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The device's secret as an app asks for it typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[start:start + 4] for start in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice, title: str) -> str:
    """The set-up address as a QR code, an inline SVG drawn here (nothing from another site)."""
    return segno.make(device.config_url, error="m", micro=False).svg_inline(
        scale=4, border=4, dark="#000", light="#fff", title=title)


def _normal(code: str) -> str:
    return "".join(str(code).split()).lower()


def _check_allowed(device) -> None:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        locked_until = (details or {}).get("locked_until")
        wait = (locked_until - timezone.now()).total_seconds() if locked_until else 1
        raise Throttled(max(1, math.ceil(wait)))


def _check(device, code: str) -> bool:
    _check_allowed(device)
    return device.verify_token(code)


def finish_set_up(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code from it; replace any earlier devices; make new recovery
    codes (returned, to be shown once: only they are never stored anywhere else) and mark
    the session verified. None if the code is wrong. Raises Throttled."""
    user = request.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False).first()
        if device is None or not _check(device, _normal(code)):  # None: finished a moment ago, in another tab
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        StaticDevice.objects.filter(user=user).delete()
        recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=recovery, token=one) for one in codes])
    verify_session(request, device)
    return codes


def verify(request, code: str):
    """The device that accepts `code` for the signed-in user (a six-digit code from the
    app, or a recovery code, which then works no more), or None. Raises Throttled.

    A wrong code of either kind slows both: the app and the recovery codes share one wait,
    so trying both kinds in turn gains a guesser nothing."""
    code = _normal(code)
    kind = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    with transaction.atomic():
        devices = list(devices_for_user(request.user, confirmed=True, for_verify=True))
        for device in devices:
            _check_allowed(device)
        matched = next((device for device in devices if isinstance(device, kind) and device.verify_token(code)), None)
        for device in devices:
            if device is matched or isinstance(device, kind):
                continue  # verify_token has counted (or cleared) these itself
            if matched is None:
                device.throttle_increment()
            else:
                device.throttle_reset()
    return matched


def turn_off(user) -> None:
    """Remove every device of `user`: the app and the recovery codes."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()

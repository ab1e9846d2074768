"""Two-factor sign-in for staff, with django-otp: after the password or the emailed sign-in
link, a code from an authenticator app (TOTP), or one of a few single-use recovery codes.

STAFF_TWO_FACTOR says who is asked. "required": every staff member sets up an app before
reaching any page (accounts.middleware) or the admin (accounts.admin). "optional": only
staff who have set one up are asked, and they must answer. Accounts that are not staff are
never asked. Until the code is given, the session reaches only the two-factor pages and
signing out. Wrong codes are slowed by django-otp's throttling: each one doubles the wait
before the next is checked (OTP_*_THROTTLE_FACTOR in hub/settings.py), up to MAX_WAIT_SECONDS.
The wait is the account's, whoever gave the wrong codes, so it is kept short, is forgotten
when the password changes (whoever tried no longer has it), and a superuser can clear it
in the admin (accounts.admin).

A key is shown to one session only: each visit to the set-up page makes a new one, the
session keeps which device it made, and only that session can confirm it. Setting up and
turning off are emailed to the account's address, so a change made by someone else is seen.
"""

import base64
import math

import django_otp
import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lib.urls import absolute_url
from outbox.notify import notify

from . import roles

# Enough recovery codes to get by until a lost phone is replaced, few enough to keep safe.
RECOVERY_CODES = 6
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
# The longest wait after wrong codes. django-otp doubles it without end, so someone with
# only the password could keep the owner from signing in for days; a few minutes still
# keep guessing a six-digit code to a few hundred tries a day.
MAX_WAIT_SECONDS = 300
# The session keeps the id of the app it started setting up: only it may confirm that app.
SETTING_UP = "accounts.two_factor.setting_up"


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

def start_set_up(request) -> TOTPDevice:
    """A new app to set up, with a new key, for this session alone. Any other app still
    being set up for the account is deleted, so a key shown before (perhaps to someone who
    has only the password, and left) can never be confirmed."""
    user = request.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    request.session[SETTING_UP] = device.pk
    return device


def device_being_set_up(request) -> TOTPDevice | None:
    """The app this session started setting up, while it waits for its first code; None if
    this session started none, or it has been confirmed or replaced since."""
    pk = request.session.get(SETTING_UP)
    if not isinstance(pk, int):
        return None
    return TOTPDevice.objects.filter(pk=pk, user=request.user, confirmed=False).first()


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


def _most_failures(device) -> int:
    """The failure count at which django-otp's wait (factor × 2^(count − 1)) reaches MAX_WAIT_SECONDS."""
    factor = device.get_throttle_factor()
    return 1 + int(math.log2(max(1, MAX_WAIT_SECONDS / factor))) if factor > 0 else 0


def _cap_wait(device) -> None:
    most = _most_failures(device)
    if device.throttling_failure_count > most:
        type(device).objects.filter(pk=device.pk).update(throttling_failure_count=most)
        device.throttling_failure_count = most


def clear_wait(user) -> None:
    """Forget the wrong codes given for `user`: the next code is checked at once."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)


@receiver(pre_save, sender=get_user_model(), dispatch_uid="accounts.two_factor.password_changed")
def _clear_wait_on_new_password(sender, instance, raw=False, update_fields=None, **kwargs):
    # Wrong codes are mostly given by someone who has the password; once it changes (a
    # reset, or a new one set), they have it no more, and the owner should not wait for them.
    if raw or instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    before = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if before is not None and before != instance.password:
        clear_wait(instance)


def _check_allowed(device) -> None:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        locked_until = (details or {}).get("locked_until")
        wait = (locked_until - timezone.now()).total_seconds() if locked_until else 1
        raise Throttled(max(1, math.ceil(wait)))


def _check(device, code: str) -> bool:
    _check_allowed(device)
    if device.verify_token(code):
        return True
    _cap_wait(device)
    return False


def finish_set_up(request, code: str) -> list[str] | None:
    """Confirm the app this session started setting up (start_set_up) with a code from it;
    replace any earlier devices; make new recovery codes (returned, to be shown once: only
    they are never stored anywhere else), mark the session verified and tell the account's
    address. None if the code is wrong, or this session has no app being set up. Raises
    Throttled."""
    user = request.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(
            pk=request.session.get(SETTING_UP), user=user, confirmed=False).first()
        if device is None or not _check(device, _normal(code)):  # None: finished a moment ago, in another tab
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        StaticDevice.objects.filter(user=user).delete()
        recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=recovery, token=one) for one in codes])
        tell_owner(user, "two-factor-on")
    request.session.pop(SETTING_UP, None)
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
        if matched is None:
            for device in devices:
                _cap_wait(device)
    return matched


def turn_off(user) -> None:
    """Remove every device of `user` (the app and the recovery codes), and tell them."""
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        tell_owner(user, "two-factor-off")


def tell_owner(user, template: str) -> None:
    """Email `user` that two-factor sign-in was set up ("two-factor-on") or turned off
    ("two-factor-off") on their account, so that a change they did not make is noticed."""
    notify([user.email], template, {
        "user": user, "required": required(),
        "two_factor_url": absolute_url(reverse("accounts:two-factor")),
        "password_reset_url": absolute_url(reverse("accounts:password-reset")),
    })

"""Sign-in rules: slowing down guessing, and one-time sign-in links."""

import datetime

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils import timezone
from django.utils.http import base36_to_int

from .models import SignInAttempt


def _keys(email: str, address: str) -> list[str]:
    return [SignInAttempt.key_for("email", email), SignInAttempt.key_for("ip", address)]


def sign_in_blocked(email: str, address: str) -> bool:
    """Too many failed attempts for this address or from this network address lately."""
    since = timezone.now() - datetime.timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)
    email_key, ip_key = _keys(email, address)
    recent = SignInAttempt.objects.filter(at__gte=since)
    return (
        recent.filter(key=email_key).count() >= settings.SIGN_IN_MAX_FAILURES
        or recent.filter(key=ip_key).count() >= settings.SIGN_IN_MAX_FAILURES * 3
    )


def record_failed_sign_in(email: str, address: str):
    SignInAttempt.objects.bulk_create([SignInAttempt(key=key) for key in _keys(email, address)])


def clear_failed_sign_ins(email: str):
    SignInAttempt.objects.filter(key=SignInAttempt.key_for("email", email)).delete()


def purge_sign_in_attempts(now=None) -> dict:
    """Scheduled job: forget failed sign-ins once they no longer count."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)
    deleted, _ = SignInAttempt.objects.filter(at__lt=cutoff).delete()
    return {"forgotten": deleted}


class SignInLinkTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for "email me a sign-in link".

    Like password-reset tokens they include the time of the last sign-in, so a link works
    once: signing in changes that time and every earlier link stops working. They also
    expire sooner, after SIGN_IN_LINK_MINUTES.
    """

    key_salt = "accounts.SignInLinkTokenGenerator"

    def check_token(self, user, token):
        if not super().check_token(user, token):
            return False
        try:
            issued = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        return self._num_seconds(self._now()) - issued <= settings.SIGN_IN_LINK_MINUTES * 60


sign_in_link_tokens = SignInLinkTokenGenerator()

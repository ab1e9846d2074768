"""Signing up and confirming an address, and the emailed sign-in and password-reset links.
(How often people may try: accounts.limits.)"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils import timezone

from lib.links import OneTimeLink
from lib.urls import absolute_url
from outbox.notify import notify

from . import limits

# A sign-in link works once: signing in sets last_login, which the token covers. A new
# password ends every link made before it.
SIGN_IN_LINK = OneTimeLink(
    "accounts.sign-in", lambda: datetime.timedelta(minutes=settings.SIGN_IN_LINK_MINUTES),
    state=lambda user: [user.email, user.password, user.last_login],
)
# A password-reset link works once: choosing the new password changes the password hash.
PASSWORD_RESET_LINK = OneTimeLink(
    "accounts.password-reset", lambda: datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
    state=lambda user: [user.email, user.password, user.last_login],
)

# An address-confirmation link works once: confirming changes email_confirmed, and choosing
# another password (by a password reset) ends it too. It works as long as the unconfirmed
# account is kept.
CONFIRM_ADDRESS_LINK = OneTimeLink(
    "accounts.confirm-address", lambda: datetime.timedelta(days=settings.UNCONFIRMED_ACCOUNT_DAYS),
    state=lambda user: [user.email, user.password, user.email_confirmed],
)
# The session remembers the address just signed up with (to send the email again) and,
# when a new account was made, which one (an invitation's link may confirm it: signed_up_here).
SIGNED_UP = "accounts.signed_up"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class LinkTokens:
    """What Django's password-reset views call a token generator, answered by a
    OneTimeLink, so that a password-reset link is made and checked like every other."""

    def __init__(self, link: OneTimeLink):
        self.link = link

    def make_token(self, user) -> str:
        return self.link.make(user)

    def check_token(self, user, token) -> bool:
        return user is not None and self.link.check(user, token)


password_reset_tokens = LinkTokens(PASSWORD_RESET_LINK)


def email_account(user, template: str, context: dict) -> None:
    """Email `user` about their account, unless their address has had as many such emails
    lately as it may (accounts.limits.ACCOUNT_EMAILS): then nothing is sent, and the caller
    goes on as if it had been, so the page reads the same."""
    if limits.ACCOUNT_EMAILS.claim(user.email) is not None:
        notify([user.email], template, context)


def email_sign_in_link(user) -> None:
    email_account(user, "sign-in-link", {
        "user": user, "minutes": settings.SIGN_IN_LINK_MINUTES,
        "url": absolute_url(reverse("accounts:sign-in-link-use", args=[SIGN_IN_LINK.make(user)])),
    })


def email_password_reset_link(user, uidb64: str, token: str) -> None:
    email_account(user, "password-reset", {
        "user": user, "url": absolute_url(reverse("accounts:password-reset-confirm", args=[uidb64, token])),
    })


def _with_next(path: str, next_url: str = "") -> str:
    return f"{path}?{urlencode({'next': next_url})}" if next_url else path


def sign_up(email: str, password: str, name: str = "", next_url: str = ""):
    """Make an account that cannot be used until its address is confirmed, and email the
    link that confirms it. If the address already has an account, nothing is made and the
    address is told so instead: the person signing up sees the same either way, so the
    page cannot be used to find out who has an account. Returns the new account, or None."""
    existing = get_user_model().objects.filter(email__iexact=email).first()
    if existing is not None:
        make_password(password)  # the same work as making an account, so the reply takes as long
        email_already_registered(existing)
        return None
    user = get_user_model().objects.create_user(email=email, password=password, name=name, email_confirmed=False)
    email_address_confirmation(user, next_url)
    return user


def remember_sign_up(request, email: str, user=None) -> None:
    request.session[SIGNED_UP] = {"email": email, "account": user.pk if user is not None else None}


def signed_up_here(request, email: str):
    """The unconfirmed account for `email` made by signing up in this very session, or None.
    A link emailed to that address (an invitation) then proves the address is theirs; an
    account someone else made for the address, elsewhere, is never confirmed this way."""
    account = (request.session.get(SIGNED_UP) or {}).get("account")
    if not account:
        return None
    return get_user_model().objects.filter(
        pk=account, email__iexact=email, email_confirmed=False, is_active=True).first()


def send_confirmation_again(email: str) -> None:
    """Email the confirmation link again, or, for an account already confirmed, say so."""
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return
    if user.email_confirmed:
        email_already_registered(user)
    else:
        email_address_confirmation(user)


def email_address_confirmation(user, next_url: str = "") -> None:
    path = reverse("accounts:confirm-address", args=[CONFIRM_ADDRESS_LINK.make(user)])
    email_account(user, "confirm-address", {
        "user": user, "days": settings.UNCONFIRMED_ACCOUNT_DAYS, "url": absolute_url(_with_next(path, next_url)),
    })


def email_already_registered(user) -> None:
    email_account(user, "already-registered", {
        "user": user, "confirmed": user.email_confirmed,
        "sign_in_url": absolute_url(reverse("accounts:sign-in")),
        "sign_in_link_url": absolute_url(reverse("accounts:sign-in-link")),
        "password_reset_url": absolute_url(reverse("accounts:password-reset")),
    })


def confirm_address(user) -> None:
    if not user.email_confirmed:
        user.email_confirmed = True
        user.save(update_fields=["email_confirmed"])


def confirm_and_sign_in(request, user) -> None:
    """A link emailed to the account's address was opened here: the address is theirs."""
    confirm_address(user)
    request.session.pop(SIGNED_UP, None)
    login(request, user, backend=MODEL_BACKEND)


def delete_unconfirmed_accounts(now=None) -> dict:
    """Scheduled job: delete accounts whose address was not confirmed in time. They could
    never be used, so nothing else hangs on them."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.UNCONFIRMED_ACCOUNT_DAYS)
    stale = get_user_model().objects.filter(email_confirmed=False, date_joined__lt=cutoff)
    count = stale.count()
    stale.delete()
    return {"deleted": count}

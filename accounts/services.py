"""Signing up and confirming an address, and the emailed sign-in and password-reset links.
(How often people may try: accounts.limits.)"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
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

# An address-confirmation link works once: confirming sets the password and email_confirmed.
# It works as long as the unconfirmed account is kept.
CONFIRM_ADDRESS_LINK = OneTimeLink(
    "accounts.confirm-address", lambda: datetime.timedelta(days=settings.UNCONFIRMED_ACCOUNT_DAYS),
    state=lambda user: [user.email, user.password, user.email_confirmed],
)
# The session remembers the address just signed up with, to send the email again.
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


def sign_up(email: str, name: str = "", next_url: str = ""):
    """Make an account with no usable password, and email the link whose page confirms the
    address and has its owner choose the password: so only whoever reads the address's
    mail can ever sign in to it. An address that already has an account gets, instead,
    its confirmation link again if it is still waiting for one, or an email saying it has
    an account: the person signing up sees the same either way, so the page cannot be used
    to find out who has an account. Returns the new account, or None."""
    accounts = get_user_model().objects
    existing = accounts.with_address(email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = accounts.create_user(email=email, password=None, name=name, email_confirmed=False)
        except IntegrityError:
            # The same address signed up a moment ago, by another request: that account exists now.
            existing = accounts.with_address(email).first()
        else:
            email_address_confirmation(user, next_url)
            return user
    if existing is not None:
        email_existing_account(existing, next_url)
    return None


def remember_sign_up(request, email: str) -> None:
    request.session[SIGNED_UP] = {"email": email}


def send_confirmation_again(email: str) -> None:
    """Email the confirmation link again, or, for an account already confirmed, say so."""
    user = get_user_model().objects.with_address(email).filter(is_active=True).first()
    if user is not None:
        email_existing_account(user)


def email_existing_account(user, next_url: str = "") -> None:
    """An account's address was given to sign up: what it needs is its confirmation link,
    or, confirmed, to be told it has an account."""
    if user.email_confirmed:
        email_already_registered(user)
    else:
        email_address_confirmation(user, next_url)


def email_address_confirmation(user, next_url: str = "") -> None:
    path = reverse("accounts:confirm-address", args=[CONFIRM_ADDRESS_LINK.make(user)])
    email_account(user, "confirm-address", {
        "user": user, "days": settings.UNCONFIRMED_ACCOUNT_DAYS, "url": absolute_url(_with_next(path, next_url)),
    })


def email_already_registered(user) -> None:
    email_account(user, "already-registered", {
        "user": user,
        "sign_in_url": absolute_url(reverse("accounts:sign-in")),
        "sign_in_link_url": absolute_url(reverse("accounts:sign-in-link")),
        "password_reset_url": absolute_url(reverse("accounts:password-reset")),
    })


def confirm_address(user) -> None:
    """The confirmation link was opened and the password chosen there (accounts.forms.
    ConfirmAddressForm): the address is the owner's and the account can be used."""
    user.email_confirmed = True
    user.save(update_fields=["email_confirmed", "name", "password"])


def delete_unconfirmed_accounts(now=None) -> dict:
    """Scheduled job: delete accounts whose address was not confirmed in time. They could
    never be used, so nothing else hangs on them."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.UNCONFIRMED_ACCOUNT_DAYS)
    # Only accounts nobody ever signed in to: an established account whose "confirmed" box
    # was unticked by mistake is never deleted (the admin shows the box read-only).
    stale = get_user_model().objects.filter(email_confirmed=False, last_login__isnull=True, date_joined__lt=cutoff)
    count = stale.count()
    stale.delete()
    return {"deleted": count}

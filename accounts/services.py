"""The emailed sign-in and password-reset links. (How often people may try: accounts.limits.)"""

import datetime

from django.conf import settings
from django.urls import reverse

from lib.links import OneTimeLink
from lib.urls import absolute_url
from outbox.notify import notify

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


def email_sign_in_link(user) -> None:
    notify([user.email], "sign-in-link", {
        "user": user, "minutes": settings.SIGN_IN_LINK_MINUTES,
        "url": absolute_url(reverse("accounts:sign-in-link-use", args=[SIGN_IN_LINK.make(user)])),
    })


def email_password_reset_link(user, uidb64: str, token: str) -> None:
    notify([user.email], "password-reset", {
        "user": user, "url": absolute_url(reverse("accounts:password-reset-confirm", args=[uidb64, token])),
    })

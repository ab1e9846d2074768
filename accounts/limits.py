"""Every limit on how often something may be done, written one way.

A limit counts steps (a failed sign-in, a new account, an email asked for) by what they
are keyed on: the visitor's network address (lib.addresses.client_address, which believes
X-Forwarded-For only from TRUSTED_PROXIES, and names an IPv6 visitor by their /64 network),
an account, a group, or a pair of these. It
never counts by an account alone where a stranger could take the steps: a limit anyone can
trigger for someone else's account would lock that person out. Counts are rows of
RateLimitHit in the database, so every worker sees the same count; only a keyed hash of
the key is stored. Each limit reads its numbers from settings when used.
"""

import datetime
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import RateLimitHit

LIMITS: dict[str, "Limit"] = {}


class LimitReached(Exception):
    """Too many steps lately; the message says so plainly, and how long to wait."""


def _wait(minutes: int) -> str:
    if minutes % 1440 == 0:
        return ngettext("%(count)d day", "%(count)d days", minutes // 1440) % {"count": minutes // 1440}
    if minutes % 60 == 0:
        return ngettext("%(count)d hour", "%(count)d hours", minutes // 60) % {"count": minutes // 60}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


class Limit:
    """At most `allowed()` steps per key within the last `minutes()`.

    `message` is shown when refused; it may use %(allowed)s and %(wait)s (such as "1 hour").
    """

    def __init__(self, name: str, allowed: Callable[[], int], minutes: Callable[[], int], message):
        self.name, self.allowed, self.minutes, self.message = name, allowed, minutes, message
        LIMITS[name] = self

    def key(self, *parts) -> str:
        values = "\x1f".join(str(part).strip().lower() for part in parts)
        return hashlib.sha256(f"{settings.SECRET_KEY}:{self.name}:{values}".encode()).hexdigest()

    def _recent(self, parts):
        since = timezone.now() - datetime.timedelta(minutes=self.minutes())
        return RateLimitHit.objects.filter(limit=self.name, key=self.key(*parts), at__gte=since)

    def reached(self, *parts) -> bool:
        return self._recent(parts).count() >= self.allowed()

    def count(self, *parts) -> None:
        RateLimitHit.objects.create(limit=self.name, key=self.key(*parts))

    def clear(self, *parts) -> None:
        RateLimitHit.objects.filter(limit=self.name, key=self.key(*parts)).delete()

    def refusal(self) -> str:
        return self.message % {"allowed": self.allowed(), "wait": _wait(self.minutes())}

    def check(self, *parts) -> None:
        """Raise LimitReached if the limit is reached for this key."""
        if self.reached(*parts):
            raise LimitReached(self.refusal())

    def claim(self, *parts) -> RateLimitHit | None:
        """Count one more step and return its row; None, counting nothing, if there have been
        too many. The step is counted before the count is checked, so requests arriving at
        the same moment on several workers cannot all slip under the limit."""
        if self.reached(*parts):
            return None
        hit = RateLimitHit.objects.create(limit=self.name, key=self.key(*parts))
        if self._recent(parts).count() > self.allowed():
            hit.delete()
            return None
        return hit

    def take(self, *parts) -> None:
        """Count one more step, or raise LimitReached (counting nothing) if there have been too many."""
        if self.claim(*parts) is None:
            raise LimitReached(self.refusal())


# Failed sign-ins with a password, per (visitor, account): the visitor guessing is stopped;
# the account's owner, elsewhere, is not.
SIGN_IN_FAILURES = Limit(
    "sign-in", lambda: settings.SIGN_IN_MAX_FAILURES, lambda: settings.SIGN_IN_LOCKOUT_MINUTES,
    _("There have been too many attempts to sign in from here. Wait %(wait)s, "
      "or ask for a sign-in link or a new password by email."),
)
# Failed sign-ins per visitor, whatever the account: trying one password on many accounts.
SIGN_IN_FAILURES_FROM_ADDRESS = Limit(
    "sign-in-address", lambda: settings.SIGN_IN_MAX_FAILURES_PER_ADDRESS, lambda: settings.SIGN_IN_LOCKOUT_MINUTES,
    SIGN_IN_FAILURES.message,
)
SIGN_IN_LINKS = Limit(
    "sign-in-link", lambda: settings.SIGN_IN_LINKS_PER_HOUR, lambda: 60,
    _("There have been too many requests for sign-in links from here. Wait %(wait)s and try again."),
)
PASSWORD_RESETS = Limit(
    "password-reset", lambda: settings.PASSWORD_RESETS_PER_HOUR, lambda: 60,
    _("There have been too many requests for a new password from here. Wait %(wait)s and try again."),
)
SIGN_UPS = Limit(
    "sign-up", lambda: settings.SIGN_UPS_PER_HOUR, lambda: 60,
    _("There have been too many new accounts made from here. Wait %(wait)s and try again, "
      "or sign in if you already have an account."),
)
# Sending the "confirm your email address" link again, per visitor.
CONFIRMATION_EMAILS = Limit(
    "confirmation-email", lambda: settings.CONFIRMATION_EMAILS_PER_HOUR, lambda: 60,
    _("We have sent the confirmation email several times in the last hour. Wait %(wait)s and try again."),
)
# Emails about an account (confirming its address, "you already have an account", a
# sign-in link, a password reset), per recipient address, however many visitors ask: the
# site cannot be made to fill someone's inbox. Past it the email is simply not sent, and
# the page reads as always, so nothing is refused and nobody is locked out: the links
# already sent still work, and so does the password. accounts.services.email_account.
ACCOUNT_EMAILS = Limit(
    "account-email", lambda: settings.ACCOUNT_EMAILS_PER_HOUR, lambda: 60,
    "",  # never shown: the page cannot say whether an email went
)
# Per account: one account cannot fill the staff's review queue.
LISTINGS = Limit(
    "listing", lambda: settings.LISTINGS_PER_DAY, lambda: 1440,
    _("You have sent %(allowed)s listings for review today, which is as many as one account may. "
      "Please try again tomorrow, or ask us if you need to list more groups."),
)
# Per group: a group's invitations cannot make the site a relay for unwanted email.
INVITATIONS = Limit(
    "invitation", lambda: settings.INVITATIONS_PER_DAY, lambda: 1440,
    _("This group has sent %(allowed)s invitations today, which is as many as a group may. "
      "Please try again tomorrow."),
)

# The public "ask the group to contact me" form. Counted apart from the requests themselves,
# so that withdrawing or deleting a request does not make room for another.
INTRODUCTIONS_FROM_ADDRESS = Limit(
    "introduction", lambda: settings.INTRODUCTIONS_PER_HOUR_PER_SENDER, lambda: 60,
    _("You have sent several requests in the last hour. Please wait an hour, or contact "
      "the group directly using the details on this page."),
)
INTRODUCTIONS_TO_GROUP = Limit(
    "introduction-group", lambda: settings.INTRODUCTIONS_PER_DAY_PER_GROUP, lambda: 1440,
    _("This group has had a lot of requests today. Please contact it directly using the "
      "details on this page, or try again tomorrow."),
)

# The public forms to the self-help team (enquiries/): a message to the team, and a report
# that a group's listing is wrong, per visitor; reports about one group, per group, so its
# coordinators cannot be flooded.
ENQUIRIES_FROM_ADDRESS = Limit(
    "enquiry", lambda: settings.ENQUIRIES_PER_HOUR_PER_SENDER, lambda: 60,
    _("You have sent several messages in the last hour. Please wait %(wait)s, or phone us."),
)
LISTING_PROBLEMS_FROM_ADDRESS = Limit(
    "listing-problem", lambda: settings.LISTING_PROBLEMS_PER_HOUR_PER_SENDER, lambda: 60,
    _("You have reported several problems in the last hour. Please wait %(wait)s and try again."),
)
LISTING_PROBLEMS_TO_GROUP = Limit(
    "listing-problem-group", lambda: settings.LISTING_PROBLEMS_PER_DAY_PER_GROUP, lambda: 1440,
    _("This listing has had several reports today, and the group and the self-help team have been told. "
      "Thank you: please try again tomorrow if it is still wrong."),
)

# The public subscription form (subscriptions/: the interest list), per visitor; and its
# confirmation emails per recipient address, whoever asks, so the form cannot be made to
# fill someone's inbox. Past the second the email is simply not sent and the page reads
# as always (it cannot say whether an address was asked for before).
SUBSCRIPTIONS_FROM_ADDRESS = Limit(
    "subscription", lambda: settings.SUBSCRIPTIONS_PER_HOUR_PER_SENDER, lambda: 60,
    _("You have asked to join several lists in the last hour. Please wait %(wait)s and try again, "
      "or contact the self-help team."),
)
SUBSCRIPTION_EMAILS = Limit(
    "subscription-email", lambda: settings.SUBSCRIPTION_EMAILS_PER_DAY, lambda: 1440,
    "",  # never shown: the page cannot say whether an email went
)


# Per account: messages a coordinator sends to other groups (network/), so the hub cannot be
# made a relay for unwanted email to groups' coordinators. Only the account itself counts.
GROUP_MESSAGES = Limit(
    "group-message", lambda: settings.GROUP_MESSAGES_PER_DAY, lambda: 1440,
    _("You have sent %(allowed)s messages to other groups today, which is as many as one person may. "
      "Please try again tomorrow."),
)


def forget_expired_hits(now=None) -> dict:
    """Scheduled job: forget counted steps once they no longer count."""
    now = now or timezone.now()
    forgotten = 0
    for limit in LIMITS.values():
        cutoff = now - datetime.timedelta(minutes=limit.minutes())
        forgotten += RateLimitHit.objects.filter(limit=limit.name, at__lt=cutoff).delete()[0]
    forgotten += RateLimitHit.objects.exclude(limit__in=list(LIMITS)).delete()[0]
    return {"forgotten": forgotten}

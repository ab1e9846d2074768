"""The one subscription system: an email address, confirmed, following something.

Today a subscription follows one kind of thing, an *interest*: "I'd join a group about
<subject> near <place>", told when such a group starts. Alerts of new groups and the
team's bulletins (issue 19) are further kinds of the same `Subscription`, never a second
system: the same address rules, the same double opt-in, the same one-click unsubscribe,
the same retention.

- **The address** is the only personal data. It follows lib/email_addresses.py's rules
  and is deleted with the subscription on unsubscribe.
- **Double opt-in.** Nothing but the confirmation email is sent until `confirmed_at` is
  set by the emailed link (`services.CONFIRM_LINK`, a lib.links.OneTimeLink that works
  once). An unconfirmed subscription is deleted after SUBSCRIPTION_CONFIRM_DAYS.
- **Unsubscribe** is one click from every email, for ever, without signing in: a random
  `token` per subscription in the link and in the `List-Unsubscribe` header.
- **The place** is a postcode district (outward code, "NG7") and its centre, never a
  street: the district is what insight counts by, and its centre is what distance is
  measured from.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import email_addresses
from lib.text import validate_one_line

TOKEN_BYTES = 24
DISTANCES = [1, 3, 5, 10, 25, 50]
DEFAULT_MILES = 10


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def of_kind(self, kind):
        return self.filter(kind=kind)


class Subscription(models.Model):
    class Kind(models.TextChoices):
        INTEREST = "interest", _("Would join a group that doesn’t exist yet")

    email = models.EmailField(
        _("email address"), max_length=email_addresses.MAX_LENGTH,
        validators=[validate_one_line, email_addresses.validate_plain],
        help_text=_("Not displayed, not shown to staff. Deleted on unsubscribe."),
    )
    kind = models.CharField(_("what it follows"), max_length=16, choices=Kind.choices, default=Kind.INTEREST)
    subject = models.ForeignKey("directory.Category", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+", verbose_name=_("subject"))
    district = models.CharField(_("postcode district"), max_length=4, blank=True, validators=[validate_one_line],
                                help_text=_("The first part of a postcode, like NG7."))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    miles = models.PositiveSmallIntegerField(_("distance in miles"), default=DEFAULT_MILES)
    # The language the page was read in when they asked: their emails are written in it.
    language = models.CharField(_("language"), max_length=12, blank=True, validators=[validate_one_line])
    token = models.CharField(_("unsubscribe key"), max_length=64, unique=True, default=new_token, editable=False,
                             validators=[validate_one_line])
    created_at = models.DateTimeField(_("asked for"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["created_at"]
        constraints = [
            # One address follows one thing once: asking again resends the confirmation.
            models.UniqueConstraint(fields=["email", "kind", "subject", "district"], name="subscription_once"),
        ]
        indexes = [
            # The job telling subscribers of new groups reads confirmed ones of a kind.
            models.Index(fields=["kind", "confirmed_at"], name="subscription_kind_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject or ''} {self.district}".strip()

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def subject_ids(self) -> set[int]:
        """The subjects a group may be about to match: this one, the one it is part of, and
        those under it (a new bereavement group matches an interest in widowhood, and the
        other way round)."""
        if self.subject is None:
            return set()
        ids = {self.subject.pk, *self.subject.children.values_list("pk", flat=True)}
        if self.subject.parent_id:
            ids.add(self.subject.parent_id)
        return ids


class AnnouncedGroup(models.Model):
    """A listed group the job has already told subscribers about (or found listed before
    there were subscribers to tell): each group is announced once, ever."""

    group = models.OneToOneField("directory.Group", primary_key=True, on_delete=models.CASCADE,
                                 related_name="+")
    at = models.DateTimeField(_("seen listed"), default=timezone.now)
    told = models.PositiveIntegerField(_("subscribers told"), default=0)

    class Meta:
        verbose_name = _("group announced")
        verbose_name_plural = _("groups announced")

    def __str__(self):
        return str(self.group_id)


def announced_q() -> Q:
    return Q(pk__in=AnnouncedGroup.objects.values("group_id"))

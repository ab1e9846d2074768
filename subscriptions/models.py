"""The one subscription system: an email address, confirmed, following something.

A subscription follows one of two kinds of thing:

- an *interest*: "I'd join a group about <subject> near <place>", told once when such a
  group starts (jobs.tell_of_new_groups);
- the *bulletin*: the self-help team's news (a `Bulletin` staff write and publish) with the
  new and changed groups about chosen subjects (none chosen: every subject) within a
  distance of a place (none: the whole directory), weekly or monthly (jobs.send_digests).

Both are the same `Subscription`, never a second system: the same address rules, the same
double opt-in, the same one-click unsubscribe, the same retention.

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

import datetime
import secrets

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import email_addresses
from lib.text import NAME, OWN_WORDS, paragraphs, validate_one_line

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

    def due(self, now=None):
        """Confirmed bulletin subscriptions whose next digest is due: a week (or a month)
        since the last one, or since they confirmed, oldest first."""
        now = now or timezone.now()
        since = Coalesce("last_sent_at", "confirmed_at")
        frequency = Subscription.Frequency
        return (self.confirmed().of_kind(Subscription.Kind.BULLETIN).alias(since=since)
                .filter(Q(frequency=frequency.WEEKLY, since__lte=now - datetime.timedelta(days=7))
                        | Q(frequency=frequency.MONTHLY, since__lte=now - relativedelta(months=1)))
                .order_by("since", "pk"))


class Subscription(models.Model):
    class Kind(models.TextChoices):
        INTEREST = "interest", _("Would join a group that doesn’t exist yet")
        BULLETIN = "bulletin", _("News and new groups")

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        MONTHLY = "monthly", _("Every month")

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
    # The bulletin's choices: how often, and which subjects (none: every subject).
    frequency = models.CharField(_("how often"), max_length=8, choices=Frequency.choices, blank=True)
    subjects = models.ManyToManyField("directory.Category", blank=True, related_name="+",
                                      verbose_name=_("subjects"))
    last_sent_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)
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
            # One address follows one thing once: asking again resends the confirmation. An
            # interest is one subject near one place; the bulletin is one per address.
            models.UniqueConstraint(fields=["email", "kind", "subject", "district"], name="subscription_once",
                                    condition=Q(kind="interest")),
            models.UniqueConstraint(fields=["email"], name="bulletin_once", condition=Q(kind="bulletin")),
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

    @property
    def is_bulletin(self) -> bool:
        return self.kind == self.Kind.BULLETIN

    def describe(self) -> str:
        """What a bulletin subscription follows, in one sentence in the reader's language."""
        subjects = ", ".join(subject.label for subject in self.subjects.all())
        values = {"subjects": subjects, "miles": self.miles, "district": self.district,
                  "how_often": self.get_frequency_display().lower()}
        if subjects and self.district:
            text = _("The self-help team’s news, and new and changed groups about %(subjects)s within "
                     "%(miles)s miles of %(district)s (or online), %(how_often)s.")
        elif subjects:
            text = _("The self-help team’s news, and new and changed groups about %(subjects)s anywhere in "
                     "the directory, %(how_often)s.")
        elif self.district:
            text = _("The self-help team’s news, and new and changed groups about any subject within "
                     "%(miles)s miles of %(district)s (or online), %(how_often)s.")
        else:
            text = _("The self-help team’s news, and new and changed groups about any subject anywhere in "
                     "the directory, %(how_often)s.")
        return text % values

    def next_due(self) -> datetime.datetime | None:
        """When the next digest is due (bulletin subscriptions, once confirmed)."""
        since = self.last_sent_at or self.confirmed_at
        if not self.is_bulletin or since is None:
            return None
        if self.frequency == self.Frequency.MONTHLY:
            return since + relativedelta(months=1)
        return since + datetime.timedelta(days=7)

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


class BulletinQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False).order_by("-published_at", "-pk")


class Bulletin(models.Model):
    """The self-help team's news, written by staff and published: shown on /news/ for
    anyone, and sent to bulletin subscribers in their next digest with the new groups that
    match what they follow."""

    title = models.CharField(_("title"), max_length=NAME, validators=[validate_one_line],
                             help_text=_("Example: “Spring news from the self-help team”."))
    body = models.TextField(
        _("news"), **paragraphs(OWN_WORDS),
        help_text=_("Plain text, in paragraphs: news from the team, events, groups looking for members or "
                    "coordinators. Subscribers get it by email with the new groups they follow."))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("written by"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)

    objects = BulletinQuerySet.as_manager()

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("subscriptions:bulletin", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def parts(self) -> list[str]:
        """The body's paragraphs, as it is shown on a page."""
        return [part.strip() for part in self.body.replace("\r\n", "\n").split("\n\n") if part.strip()]

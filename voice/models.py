"""Groups' voice, by their choice: opportunities to influence services, forums, and the
group's own well-being reflection.

Influencing services is a choice (DOMAIN.md §7): a group hears only about the levels and
subjects it asked for, and declining costs it nothing. A reflection is the group's own
(§8): private to its coordinators unless they publish a summary.
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import agency_of, is_staff
from directory.models import Category, Group, related_category_ids
from lib.text import FEEDBACK, LINE, MESSAGE, NAME, OWN_WORDS, paragraphs, validate_one_line

from . import wellbeing
from .areas import AreaMixin, AreaQuerySet

# Groups meet monthly, so they need two or three months to discuss anything and reply.
MIN_NOTICE = datetime.timedelta(weeks=8)
MAX_AHEAD = datetime.timedelta(days=731)


class Level(models.TextChoices):
    """The pyramid of opportunity (Wilson, Two Worlds, ch. 6), from its base to its top."""

    INDIVIDUAL = "individual", _("Working with individual professionals")
    FORUM = "forum", _("Forums and local bodies")
    FORMAL = "formal", _("Formal consultation")


LEVEL_HINTS = {
    Level.INDIVIDUAL: _("Feedback to a ward or a team, a talk to staff, a training day planned together."),
    Level.FORUM: _("Where groups and services meet regularly, such as a mental health forum."),
    Level.FORMAL: _("Consultations run by the NHS, the council or other public bodies."),
}


class TopicsMixin(models.Model):
    """Subjects something is about: some categories, or any subject."""

    any_topic = models.BooleanField(
        _("any subject"), default=False,
        help_text=_("For things that matter to groups whatever they are about."),
    )

    class Meta:
        abstract = True

    def topic_names(self) -> list[str]:
        if self.any_topic:
            return [str(_("Any subject"))]
        return [category.label for category in self.topics.all()]


class TopicsQuerySet(AreaQuerySet):
    def about_topics_of(self, preferences):
        """Those about a subject the group chose, or about any subject."""
        if preferences.any_topic:
            return self
        ids = related_category_ids(preferences.topics.all())
        if not ids:
            return self.none()
        return self.filter(Q(any_topic=True) | Q(topics__in=ids)).distinct()

    def posted_for(self, user):
        """What a poster may manage: staff, everything; a practitioner, their agency's."""
        if is_staff(user):
            return self
        agency = agency_of(user)
        return self.filter(agency=agency) if agency else self.none()


class OpportunityQuerySet(TopicsQuerySet):
    def open(self, today=None):
        today = today or timezone.localdate()
        return self.filter(withdrawn_at__isnull=True, closes_on__gte=today)

    def matching(self, preferences):
        """What a group hears about: a level it chose, and a subject it chose (or any)."""
        if preferences is None or not preferences.levels():
            return self.none()
        return self.filter(level__in=preferences.levels()).about_topics_of(preferences)


class Opportunity(TopicsMixin, AreaMixin):
    """A chance for groups to influence a service, posted by staff or an agency."""

    class Kind(models.TextChoices):
        FEEDBACK = "feedback", _("Informal feedback")
        TALK = "talk", _("A talk")
        TRAINING = "training", _("A joint training day")
        CONSULTATION = "consultation", _("A formal consultation")
        OTHER = "other", _("Something else")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(
        _("title"), max_length=NAME, validators=[validate_one_line],
        help_text=_("Example: “Tell us what would make the stroke ward better for families”."),
    )
    kind = models.CharField(_("what kind of opportunity"), max_length=16, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    description = models.TextField(
        _("what you are asking"), **paragraphs(OWN_WORDS),
        help_text=_("In everyday words: what you want to know, why, and what will happen with what groups say."),
    )
    topics = models.ManyToManyField(
        Category, blank=True, related_name="opportunities", verbose_name=_("subjects"),
    )
    time_asked = models.CharField(
        _("time it asks of a group"), max_length=LINE, validators=[validate_one_line],
        help_text=_("Example: “One meeting of about an hour” or “Reading 4 pages and a 30-minute call”."),
    )
    fee = models.DecimalField(
        _("fee paid to the group (£)"), max_digits=7, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty if there is no fee."),
    )
    expenses_paid = models.BooleanField(_("travel and other expenses are paid"), default=False)
    closes_on = models.DateField(_("closing date"))
    short_notice_reason = models.TextField(
        _("why the closing date is less than 8 weeks away"), blank=True, **paragraphs(MESSAGE),
        help_text=_("Groups usually meet once a month, so they need about two months. Shown to groups."),
    )
    contact = models.CharField(
        _("who groups can ask about it"), max_length=LINE, blank=True, validators=[validate_one_line],
        help_text=_("Optional. A role and a way to reach them. Shown to groups."),
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="opportunities_posted",
        on_delete=models.SET_NULL,
    )
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, related_name="opportunities", on_delete=models.SET_NULL,
        help_text=_("Empty when the intermediary’s own staff posted it."),
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["closes_on", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("voice:opportunity", args=[self.uuid])

    @property
    def posted_on(self) -> datetime.date:
        return timezone.localdate(self.created_at)

    @property
    def is_open(self) -> bool:
        return self.withdrawn_at is None and self.closes_on >= timezone.localdate()

    @property
    def is_short_notice(self) -> bool:
        return self.closes_on - self.posted_on < MIN_NOTICE

    def poster_name(self) -> str:
        return self.agency.name if self.agency_id else settings.SITE_NAME

    @staticmethod
    def clean_closing_date(closes_on, reason, posted_on, today, changed=True):
        """The closing date rule, shared by the form and anything else that saves one."""
        errors = {}
        if closes_on is None:
            return errors
        if changed and closes_on <= today:
            errors["closes_on"] = ValidationError(_("The closing date must be after today."), code="past")
        elif closes_on - today > MAX_AHEAD:
            errors["closes_on"] = ValidationError(_("Choose a closing date within two years."), code="too_far")
        elif closes_on - posted_on < MIN_NOTICE and not (reason or "").strip():
            errors["short_notice_reason"] = ValidationError(
                _("The closing date is less than 8 weeks away. Say why, so groups understand: most meet "
                  "only once a month."), code="short_notice")
        return errors

    def clean(self):
        today = timezone.localdate()
        changed = True
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values_list("closes_on", flat=True).first()
            changed = stored != self.closes_on
        posted_on = self.posted_on if self.pk else today
        errors = self.clean_closing_date(self.closes_on, self.short_notice_reason, posted_on, today, changed)
        errors.update(self.clean_area())
        if errors:
            raise ValidationError(errors)


class Interest(models.Model):
    """A group said "we're interested": the poster sees the group's name and message."""

    opportunity = models.ForeignKey(Opportunity, related_name="interests", on_delete=models.CASCADE)
    group = models.ForeignKey(Group, related_name="opportunity_interests", on_delete=models.CASCADE)
    message = models.TextField(
        _("a message for them"), blank=True, **paragraphs(MESSAGE),
        help_text=_("Optional. Say how they can reach you, for example the group’s email address."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [models.UniqueConstraint(fields=["opportunity", "group"], name="one_interest_per_group")]

    def __str__(self):
        return f"{self.group} → {self.opportunity}"


def _sort_key() -> int:
    return secrets.randbelow(2**31)


class Feedback(models.Model):
    """Feedback a group gives as a group, named or anonymous.

    The hub keeps which group gave it, so the group can see, change or take back its own
    feedback. When it is anonymous, every page but the group's own shows only
    `described_as` ("a group for Diabetes"). Posters see feedback in the order of a random
    `sort_key` and without dates, so it cannot be matched with other replies by time.
    """

    opportunity = models.ForeignKey(Opportunity, related_name="feedback", on_delete=models.CASCADE)
    group = models.ForeignKey(Group, related_name="opportunity_feedback", on_delete=models.CASCADE)
    text = models.TextField(_("your feedback"), **paragraphs(FEEDBACK))
    anonymous = models.BooleanField(_("anonymous"), default=False)
    described_as = models.CharField(max_length=LINE, blank=True, validators=[validate_one_line])
    sort_key = models.PositiveIntegerField(default=_sort_key, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "group"], name="one_feedback_per_group"),
            models.CheckConstraint(condition=Q(anonymous=False) | ~Q(described_as=""),
                                   name="anonymous_feedback_is_described"),
        ]

    def __str__(self):
        return self.shown_as()

    def shown_as(self) -> str:
        """How anyone but the group itself sees who gave it."""
        return self.described_as if self.anonymous else self.group.name


class Preferences(TopicsMixin):
    """What a group wants to hear about. Nothing, until the group says otherwise."""

    group = models.OneToOneField(Group, related_name="voice_preferences", on_delete=models.CASCADE)
    hears_individual = models.BooleanField(default=False)
    hears_forum = models.BooleanField(default=False)
    hears_formal = models.BooleanField(default=False)
    topics = models.ManyToManyField(Category, blank=True, related_name="+", verbose_name=_("subjects"))
    # How far from where the group meets it wants to hear about; empty: any distance.
    miles = models.PositiveSmallIntegerField(_("how far from where the group meets"), null=True, blank=True)
    # Opportunities the group said "not for us" to: only so they leave the group's own
    # list. Not a reply: never shown or counted anywhere, and forgotten once they close.
    hidden = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("what a group wants to hear about")
        verbose_name_plural = _("what groups want to hear about")

    def __str__(self):
        return str(self.group)

    def levels(self) -> list[str]:
        return [level for level in Level.values if getattr(self, f"hears_{level}")]

    def level_labels(self) -> list[str]:
        return [Level(level).label for level in self.levels()]

    def distance_in_words(self) -> str:
        if self.miles is None:
            return str(_("any distance"))
        return str(_("within %(miles)s miles of where the group meets") % {"miles": self.miles})


class ForumQuerySet(TopicsQuerySet):
    def active(self):
        return self.filter(closed_at__isnull=True)

    def matching(self, preferences):
        """Forums are the middle of the pyramid: for groups that chose that level."""
        if preferences is None or not preferences.hears_forum:
            return self.none()
        return self.about_topics_of(preferences)


class Forum(TopicsMixin, AreaMixin):
    """A standing forum where groups and services meet, such as a mental health forum."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=NAME, validators=[validate_one_line],
                            help_text=_("Example: “Nottingham Mental Health Forum”."))
    description = models.TextField(
        _("what the forum is for"), **paragraphs(OWN_WORDS),
        help_text=_("In everyday words: who comes, what it talks about, what it has changed."),
    )
    topics = models.ManyToManyField(Category, blank=True, related_name="forums", verbose_name=_("subjects"))
    usual_place = models.CharField(
        _("where it usually meets"), max_length=LINE, blank=True, validators=[validate_one_line],
        help_text=_("Example: “Council House, Nottingham, and online”."),
    )
    contact = models.CharField(
        _("who groups can ask about it"), max_length=LINE, blank=True, validators=[validate_one_line],
        help_text=_("Optional. A role and a way to reach them. Shown to groups."),
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="forums_posted", on_delete=models.SET_NULL,
    )
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, related_name="forums", on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    level = Level.FORUM
    objects = ForumQuerySet.as_manager()

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("voice:forum", args=[self.uuid])

    poster_name = Opportunity.poster_name

    def upcoming_meetings(self):
        return self.meetings.filter(date__gte=timezone.localdate())

    def clean(self):
        errors = self.clean_area()
        if errors:
            raise ValidationError(errors)


class ForumMeeting(models.Model):
    forum = models.ForeignKey(Forum, related_name="meetings", on_delete=models.CASCADE)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    place = models.CharField(_("where"), max_length=LINE, blank=True, validators=[validate_one_line],
                             help_text=_("Leave empty if it is the usual place."))
    notes = models.TextField(
        _("agenda or notes"), blank=True, **paragraphs(OWN_WORDS),
        help_text=_("Before the meeting, what it will talk about; afterwards, what was said and agreed."),
    )

    class Meta:
        verbose_name = _("forum meeting")
        verbose_name_plural = _("forum meetings")
        ordering = ["date", "start_time"]

    def __str__(self):
        return f"{self.forum}: {self.date:%Y-%m-%d}"


class ForumMembership(models.Model):
    """A group is a member of a forum. Leaving deletes the row: nothing is kept."""

    forum = models.ForeignKey(Forum, related_name="memberships", on_delete=models.CASCADE)
    group = models.ForeignKey(Group, related_name="forum_memberships", on_delete=models.CASCADE)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")
        constraints = [models.UniqueConstraint(fields=["forum", "group"], name="one_membership_per_group")]

    def __str__(self):
        return f"{self.group} in {self.forum}"


class Reflection(models.Model):
    """A group's own look at what it does for members' well-being.

    Private to the group's coordinators: not staff, not anyone else. Only `summary`, and
    only once the group publishes it, is ever shown beyond them.
    """

    group = models.ForeignKey(Group, related_name="reflections", on_delete=models.CASCADE)
    held_on = models.DateField(_("when the group talked about it"), default=timezone.localdate)
    answers = models.JSONField(default=dict)
    words_control = models.TextField(_("what members said about control"), blank=True,
                                     **paragraphs(OWN_WORDS))
    words_resilience = models.TextField(_("what members said about resilience"), blank=True,
                                        **paragraphs(OWN_WORDS))
    words_participation = models.TextField(_("what members said about taking part"), blank=True,
                                           **paragraphs(OWN_WORDS))
    words_five_ways = models.TextField(_("what members said about the Five Ways"), blank=True,
                                       **paragraphs(OWN_WORDS))
    own_words = models.TextField(_("in members’ own words"), blank=True, **paragraphs(OWN_WORDS))
    summary = models.TextField(_("summary for the group’s page"), blank=True, **paragraphs(MESSAGE))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("well-being reflection")
        verbose_name_plural = _("well-being reflections")
        ordering = ["-held_on", "-pk"]
        constraints = [
            # The group's page shows one summary: publishing another takes the last one down.
            models.UniqueConstraint(fields=["group"], condition=Q(published_at__isnull=False),
                                    name="one_published_reflection_per_group"),
        ]

    def __str__(self):
        return f"{self.group}: {self.held_on:%Y-%m-%d}"

    def clean(self):
        unknown = set(self.answers) - set(wellbeing.ITEMS_BY_KEY)
        bad = {value for value in self.answers.values() if value not in wellbeing.Answer.LABELS}
        if unknown or bad:
            raise ValidationError(_("Some answers could not be understood."), code="bad_answers")

    def answer_label(self, key) -> str:
        return wellbeing.Answer.LABELS.get(self.answers.get(key), _("Not answered"))

    @property
    def answered(self) -> int:
        return sum(1 for item in wellbeing.ALL_ITEMS if item.key in self.answers)

    @property
    def is_finished(self) -> bool:
        """Every item answered; until then it is a draft the group can come back to."""
        return self.answered == len(wellbeing.ALL_ITEMS)

    def strong_items(self) -> list:
        return [item for item in wellbeing.ALL_ITEMS if self.answers.get(item.key) == wellbeing.Answer.STRONG]

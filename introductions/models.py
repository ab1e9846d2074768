"""Putting people in touch, by their choice: not referral.

An introduction carries only what the person agreed to share, is read only by the
group's coordinators (and the practitioner who made it), and its personal details are
deleted after a short time. What remains is a count: per group, month, direction and
outcome.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.text import LABEL, LINE, MESSAGE, paragraphs, validate_one_line

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_reference() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


class Direction(models.TextChoices):
    GROUP_CONTACTS = "group_contacts", _("The group gets in touch with the person")
    PERSON_CONTACTS = "person_contacts", _("The person gets in touch with the group")


class Outcome(models.TextChoices):
    NEW = "new", _("Not answered yet")
    CONTACTED = "contacted", _("Contacted")
    COULD_NOT_REACH = "could_not_reach", _("Could not reach them")
    CLOSED = "closed", _("Closed")
    # Only ever a count: a withdrawn request's details are deleted at once.
    WITHDRAWN = "withdrawn", _("Withdrawn by the person")


class Introduction(models.Model):
    class ContactMethod(models.TextChoices):
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")
        EMAIL = "email", _("Email")

    class MadeBy(models.TextChoices):
        PERSON = "person", _("The person themselves")
        PRACTITIONER = "practitioner", _("A practitioner, with the person’s agreement")

    class AgreedHow(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")

    class Interpreter(models.TextChoices):
        # Blank: the person did not say.
        YES = "yes", _("Would like an interpreter")
        NO = "no", _("No interpreter needed")

    reference = models.CharField(_("reference"), max_length=9, unique=True, default=new_reference)
    group = models.ForeignKey("directory.Group", related_name="introductions", on_delete=models.CASCADE)
    direction = models.CharField(_("who gets in touch"), max_length=16, choices=Direction.choices,
                                 default=Direction.GROUP_CONTACTS)
    made_by = models.CharField(_("made by"), max_length=12, choices=MadeBy.choices, default=MadeBy.PERSON)
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="introductions_made",
        on_delete=models.SET_NULL,
    )
    # Personal details: only what the person agreed to share. Emptied by the retention job.
    name = models.CharField(_("name"), max_length=80, blank=True, validators=[validate_one_line])
    contact_method = models.CharField(_("how to get in touch"), max_length=8, choices=ContactMethod.choices,
                                      blank=True)
    contact_value = models.CharField(_("phone number or email address"), max_length=254, blank=True,
                                     validators=[validate_one_line])
    good_times = models.CharField(_("good times to get in touch"), max_length=LINE, blank=True,
                                  validators=[validate_one_line])
    # Shorter than other messages: the first words to a group, read on a phone.
    message = models.TextField(_("message"), blank=True, **paragraphs(500))
    # The language the person would like the group to use: one of the directory's, or
    # another in their words; and whether they would like an interpreter. Personal
    # details like the rest, deleted with the introduction.
    language = models.ForeignKey(
        "directory.Language", verbose_name=_("preferred language"), null=True, blank=True, related_name="+",
        # A language someone asked for can't vanish from their request: it can be deleted
        # from the directory once the requests naming it are deleted (at most 60 days).
        on_delete=models.PROTECT,
    )
    language_other = models.CharField(_("another language"), max_length=LABEL, blank=True,
                                      validators=[validate_one_line])
    interpreter = models.CharField(_("interpreter"), max_length=3, choices=Interpreter.choices, blank=True)
    # The words the person agreed to, as the hub wrote them.
    consent_text = models.TextField(_("what the person agreed to"), **paragraphs(MESSAGE))
    consented_at = models.DateTimeField(_("agreed at"), default=timezone.now)
    agreed_how = models.CharField(_("how the person agreed"), max_length=10, choices=AgreedHow.choices, blank=True)
    # Keyed hash of the sender's network address, for rate limits; emptied with the details.
    source_key = models.CharField(max_length=64, blank=True, db_index=True)
    form_nonce = models.CharField(max_length=64, blank=True, unique=True, null=True)

    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.NEW)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    outcome_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)
    nudged_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["group", "outcome"], name="introduction_inbox_idx")]

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.outcome in (Outcome.NEW, Outcome.CONTACTED)

    @property
    def language_need(self) -> str:
        """The language the person prefers and whether they would like an interpreter, as one
        sentence for the group ("Prefers Bengali; would like an interpreter"); empty when
        they said neither. Whole sentences, so that each language can word them its own way."""
        language = self.language.label if self.language_id else self.language_other
        if language:
            if self.interpreter == self.Interpreter.YES:
                return _("Prefers %(language)s; would like an interpreter") % {"language": language}
            if self.interpreter == self.Interpreter.NO:
                return _("Prefers %(language)s; no interpreter needed") % {"language": language}
            return _("Prefers %(language)s") % {"language": language}
        return self.get_interpreter_display() if self.interpreter else ""

    @property
    def outcome_for_practitioner(self) -> str:
        """The outcome as "Introductions you have made" words it. One where the person gets in
        touch themselves is closed at once because the practitioner gave them the group's
        details: "Closed" would read like a failure."""
        if self.direction == Direction.PERSON_CONTACTS and self.outcome == Outcome.CLOSED:
            return _("Your client will get in touch")
        return self.get_outcome_display()


class IntroductionCount(models.Model):
    """What is left of introductions once their details are deleted: counts only."""

    group = models.ForeignKey("directory.Group", related_name="introduction_counts", on_delete=models.CASCADE)
    month = models.DateField(_("month"))
    direction = models.CharField(max_length=16, choices=Direction.choices)
    made_by = models.CharField(max_length=12, choices=Introduction.MadeBy.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("introduction count")
        verbose_name_plural = _("introduction counts")
        constraints = [models.UniqueConstraint(fields=["group", "month", "direction", "made_by", "outcome"],
                                               name="one_count_per_kind")]

    def __str__(self):
        return f"{self.group} {self.month:%Y-%m} {self.direction} {self.outcome}: {self.count}"

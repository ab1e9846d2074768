"""What people send the self-help team: an enquiry ("I don't know where to start", "there's
no group for this"), and a report that a group's listing is wrong.

Both carry only what the person chose to write, are read by staff (a listing's problem
also by the group's coordinators, without the reporter's address), and are deleted on the
introductions' schedule: INTRODUCTION_RETENTION_DAYS after they are answered, and never
later than INTRODUCTION_MAX_DAYS after they were sent (services.purge).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from introductions.models import new_reference
from lib import email_addresses
from lib.text import LINE, MESSAGE, NAME, paragraphs, validate_one_line

# What a listing problem may say: a few sentences, read on a phone.
PROBLEM_DETAILS = 1000


class Answered(models.Model):
    """Whether somebody has dealt with it, when, who, and their note (for staff only)."""

    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("answered by"))
    note = models.TextField(_("note"), blank=True, **paragraphs(MESSAGE))

    class Meta:
        abstract = True

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class Enquiry(Answered):
    class Topic(models.TextChoices):
        WHERE_TO_START = "where_to_start", _("I don’t know where to start")
        NO_GROUP = "no_group", _("There’s no group for what I need")
        OTHER = "other", _("Something else")

    class ReplyBy(models.TextChoices):
        EMAIL = "email", _("By email")
        PHONE = "phone", _("By phone")
        NONE = "none", _("I don’t need a reply")

    reference = models.CharField(_("reference"), max_length=9, unique=True, default=new_reference)
    topic = models.CharField(_("what it is about"), max_length=16, choices=Topic.choices)
    message = models.TextField(_("message"), **paragraphs(MESSAGE))
    # Personal details, all optional: only what the person chose to give. Deleted with the rest.
    name = models.CharField(_("name"), max_length=NAME, blank=True, validators=[validate_one_line])
    reply_by = models.CharField(_("reply"), max_length=8, choices=ReplyBy.choices, default=ReplyBy.NONE)
    reply_to = models.CharField(_("email address or phone number"), max_length=254, blank=True,
                                validators=[validate_one_line])
    good_times = models.CharField(_("good times to call"), max_length=LINE, blank=True,
                                  validators=[validate_one_line])
    # The reference of a request to be contacted the person quoted, so staff can see what it
    # points to (introductions.services.reference_summary), never its details.
    introduction_reference = models.CharField(_("reference of a request to a group"), max_length=9, blank=True,
                                              validators=[validate_one_line])
    consent_text = models.TextField(_("what the person agreed to"), **paragraphs(MESSAGE))

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created_at"]

    def __str__(self):
        return self.reference


class ListingProblem(Answered):
    class Kind(models.TextChoices):
        WHEN_OR_WHERE = "when_or_where", _("The meeting times or place are wrong")
        STOPPED = "stopped", _("The group has stopped meeting")
        CONTACT = "contact", _("The contact details don’t work")
        OTHER = "other", _("Something else")

    group = models.ForeignKey("directory.Group", related_name="listing_problems", on_delete=models.CASCADE)
    kind = models.CharField(_("what is wrong"), max_length=16, choices=Kind.choices)
    details = models.TextField(_("details"), blank=True, **paragraphs(PROBLEM_DETAILS))
    # Optional, for staff to reply: never shown to the group or put in an email.
    email = models.EmailField(_("email address"), max_length=email_addresses.MAX_LENGTH, blank=True,
                              validators=[validate_one_line, email_addresses.validate_plain])

    class Meta:
        verbose_name = _("problem with a listing")
        verbose_name_plural = _("problems with listings")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["group", "answered_at"], name="listing_problem_group_idx")]

    def __str__(self):
        return f"{self.group}: {self.get_kind_display()}"

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hub.phones import normalise_uk_phone
from introductions.services import normalise_reference
from lib.email_addresses import EmailAddressField
from lib.text import LINE, MESSAGE, NAME, validate_multi_line, validate_one_line

from .models import PROBLEM_DETAILS, Enquiry, ListingProblem


class TrapMixin:
    """A field people leave empty and automated spam fills: hidden from view and from screen
    readers (the `trap` class), as on the form asking a group to get in touch."""

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))


def consent_text() -> str:
    return _(
        "I agree that the self-help team at %(site)s may read what I write here and use the details I give "
        "to reply. They are deleted %(days)s days after the team answers, and never kept longer than "
        "%(most)s days."
    ) % {"site": settings.SITE_NAME, "days": settings.INTRODUCTION_RETENTION_DAYS,
         "most": settings.INTRODUCTION_MAX_DAYS}


class ContactForm(TrapMixin, forms.Form):
    topic = forms.ChoiceField(
        label=_("What is it about?"), choices=Enquiry.Topic.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose what your message is about.")},
    )
    message = forms.CharField(
        label=_("Your message"), max_length=MESSAGE, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Tell us what you are looking for and roughly where. You don’t need to say more about "
                    "your health than you want to."),
        error_messages={"required": _("Write a few words so that we know how to help."),
                        "max_length": _("Use %(limit_value)s characters or fewer.")},
        validators=[validate_multi_line],
    )
    introduction_reference = forms.CharField(
        label=_("A reference we gave you (optional)"), max_length=20, required=False,
        help_text=_("If you asked a group to contact you, the reference on that page, like ABCD-EF23."),
        validators=[validate_one_line],
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=NAME, required=False,
                           validators=[validate_one_line],
                           error_messages={"max_length": _("Use %(limit_value)s characters or fewer.")})
    reply_by = forms.ChoiceField(
        label=_("Would you like a reply?"), choices=Enquiry.ReplyBy.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you would like a reply, and how.")},
    )
    reply_to = forms.CharField(
        label=_("Your email address or phone number"), max_length=254, required=False,
        help_text=_("Only if you would like a reply."), validators=[validate_one_line],
    )
    good_times = forms.CharField(label=_("Good times to call (optional)"), max_length=LINE, required=False,
                                 validators=[validate_one_line])
    consent = forms.BooleanField(
        error_messages={"required": _("Tick the box to say you agree, so that we can read your message.")},
    )
    website = forms.CharField(required=False, label=_("Leave this empty"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text()

    def clean_introduction_reference(self):
        text = self.cleaned_data["introduction_reference"].strip()
        if not text:
            return ""
        reference = normalise_reference(text)
        if not reference:
            raise forms.ValidationError(_("A reference is eight letters and numbers, like ABCD-EF23."),
                                        code="invalid")
        return reference

    def clean(self):
        cleaned = super().clean()
        reply_by, value = cleaned.get("reply_by"), (cleaned.get("reply_to") or "").strip()
        if reply_by in (None, Enquiry.ReplyBy.NONE):
            cleaned["reply_to"] = ""
            cleaned["good_times"] = ""
            return cleaned
        if not value:
            self.add_error("reply_to", forms.ValidationError(
                _("Enter the email address or phone number we should reply to, or choose “I don’t need a "
                  "reply”."), code="required"))
        elif reply_by == Enquiry.ReplyBy.EMAIL:
            try:
                cleaned["reply_to"] = EmailAddressField().clean(value)
            except forms.ValidationError as error:
                self.add_error("reply_to", error)
        else:
            try:
                cleaned["reply_to"] = normalise_uk_phone(value)
            except ValueError as error:
                self.add_error("reply_to", forms.ValidationError(str(error), code="invalid"))
        return cleaned


class ListingProblemForm(TrapMixin, forms.Form):
    """The short form on every group's page. Prefixed, so its fields never share an id with
    anything else on that page."""

    prefix = "problem"

    kind = forms.ChoiceField(
        label=_("What is wrong?"), choices=ListingProblem.Kind.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong with the listing.")},
    )
    details = forms.CharField(
        label=_("Tell us more (optional)"), max_length=PROBLEM_DETAILS, required=False,
        widget=forms.Textarea(attrs={"rows": 3}), validators=[validate_multi_line],
        help_text=_("For example: the group now meets on Thursdays. Please don’t write about your health."),
        error_messages={"max_length": _("Use %(limit_value)s characters or fewer.")},
    )
    email = EmailAddressField(
        label=_("Your email address (optional)"), required=False,
        help_text=_("Only if you would like the self-help team to reply. The group does not see it. It is "
                    "deleted with your report."),
    )
    website = forms.CharField(required=False, label=_("Leave this empty"), max_length=200)


class AnswerForm(forms.Form):
    """Staff (or a group's coordinators, for its listing problems) mark something answered."""

    note = forms.CharField(
        label=_("Note (optional)"), max_length=MESSAGE, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, for the rest of the team. Deleted with the message."),
        validators=[validate_multi_line],
        error_messages={"max_length": _("Use %(limit_value)s characters or fewer.")},
    )

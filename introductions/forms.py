import secrets

from django import forms
from django.core import signing
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.phones import normalise_uk_phone
from lib.text import LINE, validate_multi_line, validate_one_line

from .models import Direction, Introduction

NONCE_SALT = "introductions.form"
NONCE_MAX_AGE = 6 * 3600  # a form left open for an afternoon still works


class ContactDetailsMixin:
    """Checks the way to get in touch matches the value given."""

    def clean_contact(self, required: bool):
        cleaned = self.cleaned_data
        method, value = cleaned.get("contact_method"), (cleaned.get("contact_value") or "").strip()
        if not required and not method and not value:
            return
        if not method:
            if "contact_method" not in self.errors:
                self.add_error("contact_method", forms.ValidationError(
                    _("Choose how the group should get in touch."), code="required"))
            if not value:
                self.add_error("contact_value", forms.ValidationError(
                    _("Enter the phone number or email address."), code="required"))
            return
        if not value:
            self.add_error("contact_value", forms.ValidationError(
                _("Enter the phone number or email address."), code="required"))
            return
        try:
            if method == Introduction.ContactMethod.EMAIL:
                validate_email(value)
                cleaned["contact_value"] = value.lower()
            else:
                cleaned["contact_value"] = normalise_uk_phone(value, mobile=method == Introduction.ContactMethod.TEXT)
        except forms.ValidationError:
            self.add_error("contact_value", forms.ValidationError(
                _("Enter an email address, like name@example.org."), code="invalid"))
        except ValueError as error:
            self.add_error("contact_value", forms.ValidationError(str(error), code="invalid"))


class AskToBeContactedForm(ContactDetailsMixin, forms.Form):
    name = forms.CharField(
        label=_("Your first name, or any name you like"), max_length=80,
        error_messages={"required": _("Enter a name the group can call you."),
                        "max_length": _("Use 80 characters or fewer.")},
                        validators=[validate_one_line],
    )
    contact_method = forms.ChoiceField(
        label=_("How should the group get in touch?"), choices=Introduction.ContactMethod.choices,
        widget=forms.RadioSelect, error_messages={"required": _("Choose how the group should get in touch.")},
    )
    contact_value = forms.CharField(label=_("Your phone number or email address"), max_length=254, required=False,
                                    validators=[validate_one_line])
    good_times = forms.CharField(
        label=_("Good times to get in touch"), max_length=LINE, required=False,
        help_text=_("Optional. For example: weekday evenings."),
        error_messages={"max_length": _("Use 200 characters or fewer.")},
        validators=[validate_one_line],
    )
    message = forms.CharField(
        label=_("A short message"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. Please don’t include health details: you can talk about those with the group "
                    "when you’re ready."),
        error_messages={"max_length": _("Use 500 characters or fewer.")},
        validators=[validate_multi_line],
    )
    consent = forms.BooleanField(
        error_messages={"required": _("Tick the box to say you agree, or choose to contact the group yourself.")},
    )
    # Left empty by people; filled by automated spam. Hidden from view and from screen readers.
    website = forms.CharField(required=False, label=_("Leave this empty"), max_length=200)
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args, group=None, consent_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text
        if not self.is_bound:
            self.initial["form_token"] = signing.dumps(secrets.token_urlsafe(24), salt=NONCE_SALT)

    def clean_form_token(self):
        try:
            return signing.loads(self.cleaned_data["form_token"], salt=NONCE_SALT, max_age=NONCE_MAX_AGE)
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("This form was open too long. Please check your details and send it again."),
                code="expired") from None
        except signing.BadSignature:
            raise forms.ValidationError(_("Please send the form again."), code="forged") from None

    def clean(self):
        cleaned = super().clean()
        self.clean_contact(required=True)
        return cleaned

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class PractitionerIntroductionForm(ContactDetailsMixin, forms.Form):
    direction = forms.ChoiceField(
        label=_("What did your client choose?"), widget=forms.RadioSelect,
        choices=[(Direction.GROUP_CONTACTS, _("The group gets in touch with my client")),
                 (Direction.PERSON_CONTACTS, _("My client will get in touch with the group"))],
        error_messages={"required": _("Choose whether the group gets in touch or your client does.")},
    )
    name = forms.CharField(label=_("Your client’s first name, or the name they chose"), max_length=80, required=False,
                           validators=[validate_one_line],
                           error_messages={"max_length": _("Use 80 characters or fewer for your client’s name.")})
    contact_method = forms.ChoiceField(label=_("How should the group get in touch?"),
                                       choices=[("", "—"), *Introduction.ContactMethod.choices], required=False)
    contact_value = forms.CharField(label=_("Their phone number or email address"), max_length=254, required=False,
                                    validators=[validate_one_line],
                                    error_messages={"max_length": _("Use 254 characters or fewer for the phone "
                                                                    "number or email address.")})
    good_times = forms.CharField(label=_("Good times to get in touch"), max_length=LINE, required=False,
                                 validators=[validate_one_line],
                                 error_messages={"max_length": _("Use %(limit_value)d characters or fewer for good "
                                                                 "times to get in touch.")})
    message = forms.CharField(
        label=_("A short message from your client"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Optional. No health details."),
        validators=[validate_multi_line],
        error_messages={"max_length": _("Use 500 characters or fewer for the message.")},
    )
    agreed_how = forms.ChoiceField(label=_("How did your client agree?"), choices=Introduction.AgreedHow.choices,
                                   widget=forms.RadioSelect,
                                   error_messages={"required": _("Choose how your client agreed.")})
    agreed_on = forms.DateField(label=_("When did they agree?"),
                                widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                                error_messages={"required": _("Enter the date your client agreed."),
                                                "invalid": _("Enter the date your client agreed as a real date, "
                                                             "like 24/2/2027.")})
    consent = forms.BooleanField(
        label=_("My client agreed to share exactly these details with the group."),
        error_messages={"required": _("Tick the box to confirm your client agreed.")},
    )

    def __init__(self, *args, group_contacts=True, **kwargs):
        """`group_contacts`: whether the group can be asked to get in touch (when it takes
        introductions, introductions.services.accepts_introductions); otherwise the one choice
        is that the client gets in touch, and nothing else is offered."""
        super().__init__(*args, **kwargs)
        if not group_contacts:
            field = self.fields["direction"]
            field.choices = [choice for choice in field.choices if choice[0] == Direction.PERSON_CONTACTS]
            field.initial = Direction.PERSON_CONTACTS
            field.error_messages["invalid_choice"] = _(
                "This group can’t be asked to get in touch: give your client its details instead.")
            # Nothing about the client goes to the group, so nothing is asked.
            for name in ("name", "contact_method", "contact_value", "good_times", "message"):
                del self.fields[name]
            self.fields["consent"].label = _("My client agreed that I record this introduction.")

    def clean_agreed_on(self):
        day = self.cleaned_data["agreed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date can’t be in the future."), code="future")
        if (timezone.localdate() - day).days > 30:
            raise forms.ValidationError(_("Ask your client again: their agreement is more than a month old."),
                                        code="stale")
        return day

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("direction") == Direction.GROUP_CONTACTS:
            if not cleaned.get("name"):
                self.add_error("name", forms.ValidationError(_("Enter a name the group can ask for."),
                                                             code="required"))
            self.clean_contact(required=True)
        else:
            # The client makes contact: nothing personal is kept.
            for field in ("name", "contact_method", "contact_value", "good_times", "message"):
                cleaned[field] = ""
        return cleaned


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=[
        ("contacted", _("Contacted")), ("could_not_reach", _("Could not reach them")),
        ("closed", _("Closed: no longer needed")),
    ])


class EraseForm(forms.Form):
    """Staff erase an introduction by its reference: asked, then confirmed."""

    reference = forms.CharField(
        label=_("Reference"), max_length=20, help_text=_("Eight letters and numbers, like ABCD-EF23."),
        error_messages={"required": _("Enter the reference the person gave you.")},
    )

    def clean_reference(self):
        from .services import normalise_reference

        reference = normalise_reference(self.cleaned_data["reference"])
        if not reference:
            raise forms.ValidationError(_("A reference is eight letters and numbers, like ABCD-EF23."),
                                        code="invalid")
        if not Introduction.objects.filter(reference=reference).exists():
            raise forms.ValidationError(_(
                "No request has this reference. Its details may already have been deleted: they are never "
                "kept longer than the retention period."), code="not_found")
        return reference

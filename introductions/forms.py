import secrets

from django import forms
from django.core import signing
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.language_names import in_label_order
from directory.models import Language
from hub.phones import normalise_uk_phone
from hub.widgets import Select
from lib.text import LABEL, LINE, validate_multi_line, validate_one_line

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


ANOTHER_LANGUAGE = "other"
LANGUAGE_NEED_FIELDS = ("language", "language_other", "interpreter")


class LanguageNeedForm(forms.Form):
    """The language the person would like the group to use, and whether they would like an
    interpreter: both optional, asked after the contact details. `cleaned_data` gives
    `language` (a directory Language or None), `language_other` and `interpreter`."""

    language = forms.ChoiceField(
        label=_("Which language would you like the group to use?"), required=False, widget=Select,
        help_text=_("Optional."), error_messages={"invalid_choice": _("Choose a language from the list.")},
    )
    language_other = forms.CharField(
        label=_("If it is another language, which one?"), max_length=LABEL, required=False,
        validators=[validate_one_line],
        error_messages={"max_length": _("Use %(limit_value)d characters or fewer for the language.")},
    )
    interpreter = forms.ChoiceField(
        label=_("Would you like an interpreter?"), required=False, widget=forms.RadioSelect, initial="",
        choices=[(Introduction.Interpreter.YES, _("Yes, please")), (Introduction.Interpreter.NO, _("No, thank you")),
                 ("", _("Prefer not to say"))],
        error_messages={"invalid_choice": _("Choose yes, no or prefer not to say.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = {language.code: language for language in in_label_order(Language.objects.all())}
        self.fields["language"].choices = [
            ("", _("No preference")),
            *((code, language.label) for code, language in self.languages.items()),
            (ANOTHER_LANGUAGE, _("Another language (write it below)")),
        ]

    def preselect_reader_language(self):
        """Choose the language the page is read in, when the directory has it and it is not
        English: someone reading in Urdu most likely prefers Urdu, and can change it. Only
        an exact match: Simplified Chinese is read by speakers of Mandarin and Cantonese."""
        code = get_language() or ""
        if not self.is_bound and code in self.languages and code != "en":
            self.initial["language"] = code

    def clean_language(self):
        code = self.cleaned_data["language"]
        return self.languages.get(code, code)  # a Language, ANOTHER_LANGUAGE or ""

    def clean_language_need(self):
        """One language, from the list or in the person's words, never both."""
        cleaned = self.cleaned_data
        chosen, other = cleaned.get("language"), (cleaned.get("language_other") or "").strip()
        if chosen == ANOTHER_LANGUAGE and not other and "language_other" not in self.errors:
            self.add_error("language_other", forms.ValidationError(
                _("Write which language, or choose one from the list."), code="required"))
        elif isinstance(chosen, Language) and other:
            self.add_error("language_other", forms.ValidationError(
                _("You chose %(language)s from the list: leave this box empty, or choose “Another language”.")
                % {"language": chosen.name}, code="both"))
        cleaned["language"] = chosen if isinstance(chosen, Language) else None
        cleaned["language_other"] = "" if cleaned["language"] else other


class AskToBeContactedForm(ContactDetailsMixin, LanguageNeedForm):
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

    field_order = ["name", "contact_method", "contact_value", "good_times", *LANGUAGE_NEED_FIELDS, "message"]

    def __init__(self, *args, group=None, consent_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text
        if not self.is_bound:
            self.initial["form_token"] = signing.dumps(secrets.token_urlsafe(24), salt=NONCE_SALT)
        self.preselect_reader_language()

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
        self.clean_language_need()
        return cleaned

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class PractitionerIntroductionForm(ContactDetailsMixin, LanguageNeedForm):
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

    field_order = ["direction", "name", "contact_method", "contact_value", "good_times", *LANGUAGE_NEED_FIELDS,
                   "message"]

    def __init__(self, *args, group_contacts=True, **kwargs):
        """`group_contacts`: whether the group can be asked to get in touch (when it takes
        introductions, introductions.services.accepts_introductions); otherwise the one choice
        is that the client gets in touch, and nothing else is offered."""
        super().__init__(*args, **kwargs)
        self.fields["language"].label = _("Which language would your client like the group to use?")
        self.fields["language_other"].label = _("If it is another language, which one?")
        self.fields["interpreter"].label = _("Would your client like an interpreter?")
        self.fields["interpreter"].choices = [(Introduction.Interpreter.YES, _("Yes")),
                                              (Introduction.Interpreter.NO, _("No")), ("", _("They didn’t say"))]
        self.fields["interpreter"].error_messages["invalid_choice"] = _("Choose yes, no or they didn’t say.")
        if not group_contacts:
            field = self.fields["direction"]
            field.choices = [choice for choice in field.choices if choice[0] == Direction.PERSON_CONTACTS]
            field.initial = Direction.PERSON_CONTACTS
            field.error_messages["invalid_choice"] = _(
                "This group can’t be asked to get in touch: give your client its details instead.")
            # Nothing about the client goes to the group, so nothing is asked.
            for name in ("name", "contact_method", "contact_value", "good_times", "message", *LANGUAGE_NEED_FIELDS):
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
            self.clean_language_need()
        else:
            # The client makes contact: nothing personal is kept.
            for field in ("name", "contact_method", "contact_value", "good_times", "message", "language_other",
                          "interpreter"):
                cleaned[field] = ""
            cleaned["language"] = None
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

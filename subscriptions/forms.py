from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from directory.coverage import district_of
from directory.forms import category_choices, miles_choices
from directory.geo import MAX_PLACE_LENGTH, PLACE_TOO_LONG, LocationError, geocoder, outward_centroids
from directory.models import Category
from directory.subjects import SubjectsField
from hub.widgets import Select
from lib.email_addresses import EmailAddressField
from lib.text import validate_one_line

from .models import DEFAULT_MILES, DISTANCES, Bulletin, Subscription


def consent_text() -> str:
    return _(
        "I agree that %(site)s may keep my email address, the subject and the postcode district (like NG7) to "
        "email me when a group about it starts near there. Nothing else is sent. If I don’t confirm within "
        "%(days)s days, it is deleted; once confirmed, it is kept until I unsubscribe, which every email lets "
        "me do in one click, and then it is deleted."
    ) % {"site": settings.SITE_NAME, "days": settings.SUBSCRIPTION_CONFIRM_DAYS}


def bulletin_consent_text() -> str:
    return _(
        "I agree that %(site)s may keep my email address, the subjects, the postcode district (like NG7) and "
        "how often I chose, to email me the self-help team’s news and the new and changed groups that match. "
        "Nothing else is sent. If I don’t confirm within %(days)s days, it is deleted; once confirmed, it is "
        "kept until I unsubscribe, which every email lets me do in one click, and then it is deleted."
    ) % {"site": settings.SITE_NAME, "days": settings.SUBSCRIPTION_CONFIRM_DAYS}


class InterestForm(forms.Form):
    """"I'd join a group about <subject> near <place>": the interest list's one form."""

    subject = forms.ChoiceField(
        label=_("I’d join a group about"), widget=Select,
        error_messages={"required": _("Choose what the group would be about."),
                        "invalid_choice": _("Choose a subject from the list.")},
    )
    place = forms.CharField(
        label=_("Near"), max_length=MAX_PLACE_LENGTH, validators=[validate_one_line],
        help_text=_("A postcode, the first part of one, or a town. We keep only the first part, like NG7."),
        error_messages={"required": _("Enter a postcode or a town, so we know where the group would be."),
                        "max_length": PLACE_TOO_LONG},
    )
    miles = forms.TypedChoiceField(
        label=_("How far could you travel?"), coerce=int, initial=DEFAULT_MILES, widget=Select,
        choices=miles_choices(DISTANCES),
        error_messages={"invalid_choice": _("Choose a distance from the list.")},
    )
    email = EmailAddressField(
        label=_("Your email address"),
        help_text=_("We’ll email you a link to confirm. Nothing else is sent until you do."),
        error_messages={"required": _("Enter your email address, so we can tell you when a group starts.")},
    )
    consent = forms.BooleanField(
        error_messages={"required": _("Tick the box to say you agree, so that we can keep your address.")},
    )
    website = forms.CharField(required=False, label=_("Leave this empty"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("", _("Choose a subject")), *category_choices()[1:]]
        self.fields["consent"].label = consent_text()
        self.point = None

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean_subject(self) -> Category:
        category = Category.objects.filter(slug=self.cleaned_data["subject"]).first()
        if category is None:
            raise forms.ValidationError(_("Choose a subject from the list."), code="invalid_choice")
        return category

    def clean_place(self) -> str:
        """The postcode district of the place: the only part of it kept."""
        try:
            point = geocoder().locate(self.cleaned_data["place"])
        except LocationError as error:
            raise forms.ValidationError(str(error), code="unknown_place") from None
        district = district_of(point)
        self.point = outward_centroids()[district]
        return district


class BulletinForm(forms.Form):
    """Subscribe to the team's news and the new and changed groups: which subjects (none:
    every one), near where (optional: the whole directory), how often, and the address."""

    subjects = SubjectsField(
        label=_("Subjects"), help_text=_("Optional. Choose none to hear of groups about every subject."))
    place = forms.CharField(
        label=_("Near"), required=False, max_length=MAX_PLACE_LENGTH, validators=[validate_one_line],
        help_text=_("Optional. A postcode, the first part of one, or a town. We keep only the first part, like "
                    "NG7. Leave it empty to hear of groups anywhere in the directory."),
        error_messages={"max_length": PLACE_TOO_LONG},
    )
    miles = InterestForm.base_fields["miles"]
    frequency = forms.ChoiceField(
        label=_("How often would you like the email?"), choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.MONTHLY,
        widget=forms.RadioSelect, error_messages={"required": _("Choose how often to get the email."),
                                                  "invalid_choice": _("Choose how often to get the email.")},
    )
    email = EmailAddressField(
        label=_("Your email address"),
        help_text=_("We’ll email you a link to confirm. Nothing else is sent until you do."),
        error_messages={"required": _("Enter your email address, so we can send you the news.")},
    )
    consent = InterestForm.base_fields["consent"]
    website = InterestForm.base_fields["website"]

    is_spam = InterestForm.is_spam

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = bulletin_consent_text()
        self.point = None

    def clean_place(self) -> str:
        """The postcode district of the place, if one is given: the only part of it kept."""
        if not self.cleaned_data["place"].strip():
            return ""
        return InterestForm.clean_place(self)


class BulletinWritingForm(forms.ModelForm):
    """Staff write or change a bulletin; who wrote it is set by the view."""

    class Meta:
        model = Bulletin
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}


class PublishForm(forms.Form):
    """Nothing to fill in: the button is the whole of it (every POST is bound to a form)."""

"""Forms of the support exchange. Places are checked here, so a bad postcode is a message
beside the field, never an error page."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.geo import MAX_PLACE_LENGTH, LocationError, geocoder, great_circle_miles
from directory.models import Group
from directory.subjects import SubjectsField
from hub.widgets import Select
from lib.dates import format_day
from lib.email_addresses import EmailAddressField
from lib.text import LINE, MESSAGE, NAME, validate_multi_line, validate_one_line

from . import services
from .kinds import Role, explained_role_choices, grouped_kind_choices, is_room
from .matching import OFFER_AREA_MARGIN_MILES
from .models import (
    MAX_CAPACITY,
    MAX_FEE,
    GroupSupportContact,
    Offer,
    PractitionerProfile,
    SupportRequest,
    TalkOffer,
    TalkWanted,
    review_date_default,
)

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"type": "time"})
CAPACITY_ERRORS = {
    "min_value": _("Enter a number of people from 1 to %(limit)s.") % {"limit": f"{MAX_CAPACITY:,}"},
    "max_value": _("Enter a number of people from 1 to %(limit)s.") % {"limit": f"{MAX_CAPACITY:,}"},
    "invalid": _("Enter a number of people, like 12."),
}
FEE_ERRORS = {
    "min_value": _("A fee can’t be less than nothing. Leave it empty if there is no fee."),
    "max_value": _("Enter a fee of up to £%(limit)s.") % {"limit": f"{MAX_FEE:,}"},
    "invalid": _("Enter the fee in pounds, like 50 or 49.50."),
    "max_decimal_places": _("Enter the fee in pounds and pence, like 49.50."),
    "max_digits": _("Enter a fee of up to £%(limit)s.") % {"limit": f"{MAX_FEE:,}"},
}


def date_field(label, help_text="", required=True):
    return forms.DateField(label=label, help_text=help_text, required=required, widget=DATE_WIDGET,
                           error_messages={"invalid": _("Enter a date, like 24/3/2027."),
                                           "required": _("Enter a date.")})


def future(form, name, what):
    """Add the service's message for a date that isn't after today."""
    try:
        services.check_future(form.cleaned_data.get(name), what)
    except services.NotAllowed as error:
        form.add_error(name, forms.ValidationError(str(error), code="past"))


class PlaceMixin:
    """Turns the `place` field into a point, with the geocoder's plain message if it can't."""

    point = None

    def clean_place(self):
        text = self.cleaned_data.get("place", "")
        try:
            self.point = geocoder().locate(text)
        except LocationError as error:
            raise forms.ValidationError(str(error), code="place") from None
        return self.point.label or text


def clean_phone(value) -> str:
    """A phone number given for the other side of something agreed: the directory's UK rule."""
    try:
        return Group.clean_phone_number(value)
    except ValidationError as error:
        raise forms.ValidationError(error.messages[0], code="invalid_phone") from None


class GroupContactForm(forms.ModelForm):
    """How professionals reach the group once something is agreed."""

    email = EmailAddressField(label=_("Email"), required=False)

    class Meta:
        model = GroupSupportContact
        fields = ["name", "phone", "email"]
        labels = {"name": _("Who to ask for (optional)"), "phone": _("Phone")}
        help_texts = {"name": _("A first name or a role, like “Sam, our secretary”.")}

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("phone") or cleaned.get("email")):
            raise forms.ValidationError(_("Give a phone number or an email address, or both."), code="required")
        return cleaned


class ProfileForm(PlaceMixin, forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Which roles can you take with a group?"), widget=forms.CheckboxSelectMultiple,
        choices=explained_role_choices,
        help_text=_("Choose any that fit. Groups choose the role they want you to take, and it can change."),
        error_messages={"required": _("Choose at least one role.")},
    )

    subjects = SubjectsField(
        label=_("Subjects you know about"),
        help_text=_("Optional. Choose those you could speak or advise on. You are suggested as a speaker only "
                    "to groups about a subject you know, and first for other knowledge and training."))
    contact_email = EmailAddressField(
        label=_("Work email"), required=False,
        help_text=_("Optional. Shown only to a group you agree something with, once it is agreed."))

    class Meta:
        model = PractitionerProfile
        fields = ["roles", "place", "radius_miles", "limits", "about", "subjects", "contact_phone", "contact_email"]
        labels = {
            "place": _("Where you work: a postcode or town"),
            "radius_miles": _("How far you cover, in miles"),
            "limits": _("Your limits"),
            "about": _("How you can help groups"),
            "contact_phone": _("Work phone"),
        }
        help_texts = {
            "place": _("For example: NG7 or Mansfield."),
            "radius_miles": _("From 1 to 100. Groups in this area see you as someone who might help."),
            "limits": _("One on each line. For example: “I have safeguarding duties.” “I can’t hold members’ "
                        "personal details.” “Daytime only.” Groups see these before they agree anything."),
            "about": _("Optional. In everyday words."),
            "contact_phone": _("Optional. Shown only to a group you agree something with, once it is agreed."),
        }
        widgets = {"limits": forms.Textarea(attrs={"rows": 5}), "about": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"radius_miles": {
            "min_value": _("Enter a distance from 1 to 100 miles."),
            "max_value": _("Enter a distance from 1 to 100 miles."),
            "invalid": _("Enter a distance in whole miles, like 10."),
            "required": _("Enter how far you cover, in miles."),
        }, "place": {"required": _("Enter a postcode or town.")}}

    def save(self, commit=True):
        profile = super().save(commit=False)
        profile.set_point(self.point)
        if commit:
            profile.save()
        return profile

    def clean_contact_phone(self):
        return clean_phone(self.cleaned_data["contact_phone"])


class OfferForm(PlaceMixin, forms.ModelForm):
    capacity = forms.IntegerField(
        label=_("How many people the room holds"), required=False, min_value=1, max_value=MAX_CAPACITY,
        help_text=_("Only for rooms and places for events."), error_messages=CAPACITY_ERRORS,
    )
    available_until = date_field(_("Available until"), _("Optional. Leave empty if it goes on."), required=False)

    class Meta:
        model = Offer
        fields = ["kind", "title", "description", "place", "capacity", "step_free", "hearing_loop",
                  "accessible_toilet", "parking", "cost", "times", "available_until"]
        labels = {
            "kind": _("What kind of help is it?"),
            "title": _("A short title"),
            "description": _("What you offer"),
            "place": _("Where: a postcode or town"),
            "cost": _("Cost"),
            "times": _("When it is available"),
        }
        help_texts = {
            "title": _("For example: “Meeting room at Bulwell Health Centre”."),
            "description": _("In everyday words: what it is, what is included, how to use it."),
            "place": _("For a room, its postcode. For help, where you work from."),
            "cost": _("For example: “Free”, or “£10 an evening”."),
            "times": _("For example: “Weekday evenings until 9pm”."),
        }
        widgets = {"kind": Select, "description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"kind": {"required": _("Choose what kind of help it is.")},
                          "title": {"required": _("Enter a short title.")},
                          "description": {"required": _("Say what you offer.")},
                          "place": {"required": _("Enter a postcode or town.")}}

    def __init__(self, *args, profile=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        self.fields["kind"].choices = grouped_kind_choices(blank=_("Choose…"))

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and is_room(kind):
            if not cleaned.get("capacity") and "capacity" not in self.errors:
                self.add_error("capacity", forms.ValidationError(
                    _("Enter how many people the room holds, so groups know if they fit."), code="required"))
        elif kind:
            cleaned["capacity"] = None
        future(self, "available_until", _("The “available until” date"))
        if self.point is not None and self.profile is not None:
            miles = great_circle_miles(self.profile.latitude, self.profile.longitude,
                                       self.point.latitude, self.point.longitude)
            if miles > self.profile.radius_miles + OFFER_AREA_MARGIN_MILES:
                self.add_error("place", forms.ValidationError(
                    _("%(place)s is %(miles)s miles from %(home)s, far outside the area you cover (%(radius)s "
                      "miles). Offer help inside your area, or change your area on your profile first.")
                    % {"place": self.point.label, "miles": round(miles), "home": self.profile.place,
                       "radius": self.profile.radius_miles}, code="outside_area"))
        return cleaned

    def save(self, commit=True):
        offer = super().save(commit=False)
        offer.set_point(self.point)
        if commit:
            offer.save()
        return offer


class RequestForm(PlaceMixin, forms.ModelForm):
    people = forms.IntegerField(
        label=_("About how many people come?"), required=False, min_value=1, max_value=MAX_CAPACITY,
        help_text=_("Only if you are asking for a room."), error_messages=CAPACITY_ERRORS,
    )

    class Meta:
        model = SupportRequest
        fields = ["kind", "note", "place", "people", "needs_step_free", "visibility"]
        labels = {
            "kind": _("What would help?"),
            "note": _("Anything else to say (optional)"),
            "place": _("Where: a postcode or town near where you meet"),
            "needs_step_free": _("We need step-free access"),
            "visibility": _("Who can see this request?"),
        }
        help_texts = {
            "note": _("For example: “Tuesday evenings, 7 to 9pm, twice a month.” Please don’t include anyone’s "
                      "personal details."),
            "place": _("So we can suggest help nearby. For example: NG7 or Hucknall."),
            "visibility": _("Only the group, the people you agree to work with and our staff ever see your "
                            "arrangements."),
        }
        widgets = {"kind": Select, "note": forms.Textarea(attrs={"rows": 4}), "visibility": forms.RadioSelect}
        error_messages = {"kind": {"required": _("Choose what would help.")},
                          "place": {"required": _("Enter a postcode or town.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = grouped_kind_choices(blank=_("Choose…"))
        self.fields["visibility"].choices = SupportRequest.Visibility.choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") and not is_room(cleaned["kind"]):
            cleaned["people"] = None
        return cleaned

    def save(self, commit=True):
        support_request = super().save(commit=False)
        support_request.set_point(self.point)
        if commit:
            support_request.save()
        return support_request


class AcceptForm(forms.Form):
    agreed = forms.CharField(
        label=_("What you agree"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MESSAGE,
        help_text=_("In your own words: what they will do, and what they won’t. Both of you can read this."),
        error_messages={"required": _("Write down what you agree, so both sides remember it.")},
        validators=[validate_multi_line],
    )
    role = forms.ChoiceField(label=_("The role they take"), widget=forms.RadioSelect,
                             error_messages={"required": _("Choose the role they take.")})
    review_on = date_field(_("When to look at it again"),
                           _("Usually a few months away. At the review you can keep it going, change it or end it."))

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        roles = [role for role in roles if role in Role.values] or Role.values
        self.fields["role"].choices = [(choice, label) for choice, label in explained_role_choices()
                                       if choice in roles]
        self.initial.setdefault("review_on", review_date_default())
        if len(roles) == 1:
            self.initial.setdefault("role", roles[0])

    def clean_review_on(self):
        day = self.cleaned_data["review_on"]
        try:
            services.check_review_date(day)
        except services.NotAllowed as error:
            raise forms.ValidationError(str(error), code="review_date") from None
        return day


class ReviewForm(AcceptForm):
    DECISIONS = [
        ("renew", _("Keep it going as it is")),
        ("change", _("Change what we agreed")),
        ("end", _("End it")),
    ]
    decision = forms.ChoiceField(label=_("What would you like to do?"), choices=DECISIONS, widget=forms.RadioSelect,
                                 help_text=_("You don’t need to give a reason."),
                                 error_messages={"required": _("Choose what you would like to do.")})
    note = forms.CharField(label=_("A note, if you like"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Optional."),
                           validators=[validate_multi_line])
    field_order = ["decision", "review_on", "agreed", "role", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["agreed", "role", "review_on"]:
            self.fields[name].required = False
        self.fields["review_on"].help_text = _("To keep it going or change it: when to look at it again.")
        self.fields["agreed"].help_text = _("Only if you are changing it.")

    def clean_review_on(self):
        day = self.cleaned_data.get("review_on")
        if day is None or self.data.get(self.add_prefix("decision")) == "end":
            return day
        return super().clean_review_on()

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision in ("renew", "change") and not cleaned.get("review_on") and "review_on" not in self.errors:
            self.add_error("review_on", forms.ValidationError(_("Choose when to look at it again."),
                                                              code="required"))
        if decision == "change":
            if not (cleaned.get("agreed") or "").strip():
                self.add_error("agreed", forms.ValidationError(_("Write down what you now agree."), code="required"))
            if not cleaned.get("role"):
                self.add_error("role", forms.ValidationError(_("Choose the role they take."), code="required"))
        return cleaned


class EndForm(forms.Form):
    note = forms.CharField(label=_("A note, if you like"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Optional. You don’t need to give a reason."), validators=[validate_multi_line])


class CallOffVisitForm(forms.Form):
    message = forms.CharField(label=_("A message, if you like"), required=False, max_length=MESSAGE,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Optional. You don’t need to give a reason."),
                              validators=[validate_multi_line])


class OfferHelpForm(forms.Form):
    """A practitioner offers to help with a request."""

    role = forms.ChoiceField(label=_("The role you could take"), widget=forms.RadioSelect,
                             error_messages={"required": _("Choose the role you could take.")})
    offer = forms.ModelChoiceField(label=_("One of your organisation’s offers (optional)"),
                                   queryset=Offer.objects.none(), required=False, widget=Select,
                                   empty_label=_("None"))
    message = forms.CharField(label=_("A message to the group"), max_length=MESSAGE,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("What you could do, and anything they should know."),
                              error_messages={"required": _("Write a short message to the group.")},
                              validators=[validate_multi_line])

    def __init__(self, *args, roles=(), offers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(c, label) for c, label in explained_role_choices() if c in roles] or \
            explained_role_choices()
        if offers is not None:
            self.fields["offer"].queryset = offers


class VisitForm(forms.Form):
    date = date_field(_("Date of the meeting you would like to come to"))
    purpose = forms.CharField(
        label=_("Why you would like to come"), max_length=MESSAGE, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In a sentence or two, in everyday words. The group decides, and may say no without a reason."),
        error_messages={"required": _("Say why you would like to come.")},
        validators=[validate_multi_line],
    )

    def __init__(self, *args, days=(), **kwargs):
        """`days`: the days the group meets (Group.meeting_days). When they are known, the
        visitor chooses one of them; otherwise any date is typed."""
        super().__init__(*args, **kwargs)
        if days:
            self.fields["date"] = forms.TypedChoiceField(
                label=_("Which meeting would you like to come to?"), widget=forms.RadioSelect,
                choices=[(day.isoformat(), format_day(day)) for day in days],
                coerce=datetime.date.fromisoformat,
                help_text=_("If none of these suits you, the group can suggest another date when it answers."),
                error_messages={"required": _("Choose the meeting you would like to come to."),
                                "invalid_choice": _("Choose one of the days the group meets.")})

    def clean(self):
        cleaned = super().clean()
        future(self, "date", _("The date"))
        day = cleaned.get("date")
        if day and day > timezone.localdate() + datetime.timedelta(days=366):
            self.add_error("date", forms.ValidationError(_("Choose a meeting within the next year."), code="far"))
        return cleaned


class VisitAnswerForm(forms.Form):
    DECISIONS = [
        ("accept", _("Yes, they can come on that date")),
        ("other_date", _("Yes, but on another date")),
        ("decline", _("No, thank you")),
    ]
    decision = forms.ChoiceField(label=_("Your answer"), choices=DECISIONS, widget=forms.RadioSelect,
                                 help_text=_("You don’t need to give a reason."),
                                 error_messages={"required": _("Choose your answer.")})
    other_date = date_field(_("The other date"), _("Only if you are suggesting another date."), required=False)
    message = forms.CharField(label=_("A message, if you like"), required=False, max_length=MESSAGE,
                              widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Optional."),
                              validators=[validate_multi_line])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "other_date":
            if not cleaned.get("other_date") and "other_date" not in self.errors:
                self.add_error("other_date", forms.ValidationError(_("Enter the other date."), code="required"))
            else:
                future(self, "other_date", _("The other date"))
        return cleaned


class TalkWantedForm(forms.ModelForm):
    fee = forms.DecimalField(label=_("Fee, in pounds (optional)"), required=False, min_value=0, max_value=MAX_FEE,
                             max_digits=7, decimal_places=2, error_messages=FEE_ERRORS,
                             help_text=_("What you would pay the group. Leave empty if there is no fee."))
    reply_by = date_field(_("Reply by (optional)"), _("Groups often meet once a month: give them at least four "
                                                      "weeks."), required=False)

    class Meta:
        model = TalkWanted
        fields = ["topic", "details", "audience", "when", "fee", "reply_by"]
        labels = {"topic": _("What would you like a talk about?"), "details": _("More about it (optional)"),
                  "audience": _("Who would be listening?"), "when": _("When would suit you? (optional)")}
        help_texts = {"topic": _("For example: “What it is like to live with aphasia”."),
                      "audience": _("For example: “Ward nurses and therapists, about 20 people”."),
                      "when": _("For example: “A Tuesday lunchtime in the spring”.")}
        widgets = {"details": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"topic": {"required": _("Say what the talk would be about.")},
                          "audience": {"required": _("Say who would be listening.")}}

    def clean(self):
        cleaned = super().clean()
        reply_by = cleaned.get("reply_by")
        if reply_by and reply_by < timezone.localdate() + datetime.timedelta(days=services.TALK_REPLY_DAYS):
            self.add_error("reply_by", forms.ValidationError(
                _("Groups often meet only once a month. Give them at least four weeks to talk it over."),
                code="too_soon"))
        return cleaned


class TalkOfferForm(forms.ModelForm):
    fee = forms.DecimalField(label=_("Fee, in pounds (optional)"), required=False, min_value=0, max_value=MAX_FEE,
                             max_digits=7, decimal_places=2, error_messages=FEE_ERRORS,
                             help_text=_("If you ask for a fee, it is shown. Leave empty if there is none."))

    class Meta:
        model = TalkOffer
        fields = ["title", "details", "audience", "length", "fee"]
        labels = {"title": _("Title of the talk or training"), "details": _("What you would talk about"),
                  "audience": _("Who it is for (optional)"), "length": _("How long it takes (optional)")}
        help_texts = {"title": _("For example: “Living with tinnitus: what helps”."),
                      "audience": _("For example: “GP practice staff”."), "length": _("For example: “About an hour”.")}
        widgets = {"details": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"title": {"required": _("Enter a title.")},
                          "details": {"required": _("Say what you would talk about.")}}


def talk_time_field():
    return forms.TimeField(label=_("Starts at"), required=False, widget=TIME_WIDGET,
                           help_text=_("For example 19:00. Needed before the talk can be agreed."),
                           error_messages={"invalid": _("Enter a time, like 19:00.")})


def talk_place_fields():
    return (forms.CharField(label=_("Where"), max_length=NAME, required=False, validators=[validate_one_line],
                            help_text=_("The room and address, or tick “online”.")),
            forms.BooleanField(label=_("Online: the link is sent nearer the time"), required=False))


class ProposeTalkForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Which group?"), queryset=None, widget=Select, empty_label=None)
    date = date_field(_("Suggested date"))
    start_time = talk_time_field()
    place, online = talk_place_fields()
    note = forms.CharField(label=_("A message (optional)"), max_length=MESSAGE, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}), validators=[validate_multi_line])

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        if groups is None:
            del self.fields["group"]
        else:
            self.fields["group"].queryset = groups

    def clean(self):
        cleaned = super().clean()
        future(self, "date", _("The date"))
        return cleaned


class BookingActionForm(forms.Form):
    ACTIONS = [("agree", _("Agree")), ("other_date", _("Suggest another date")), ("decline", _("Say no")),
               ("cancel", _("Call it off"))]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    date = date_field(_("Another date"), required=False)
    start_time = talk_time_field()
    place, online = talk_place_fields()
    note = forms.CharField(label=_("A message (optional)"), max_length=MESSAGE, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}), validators=[validate_multi_line])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "agree":
            if cleaned.get("start_time") is None and "start_time" not in self.errors:
                self.add_error("start_time", forms.ValidationError(_("Enter the time the talk starts."),
                                                                   code="required"))
            if not cleaned.get("place") and not cleaned.get("online") and "place" not in self.errors:
                self.add_error("place", forms.ValidationError(_("Say where the talk is, or tick “online”."),
                                                              code="required"))
        if cleaned.get("action") == "other_date":
            if not cleaned.get("date") and "date" not in self.errors:
                self.add_error("date", forms.ValidationError(_("Enter the other date."), code="required"))
            else:
                future(self, "date", _("The other date"))
        return cleaned


class OfferSearchForm(forms.Form):
    """GET form: every field is optional, and junk gives a message, never an error page."""

    WITHIN = [(5, _("5 miles")), (10, _("10 miles")), (20, _("20 miles")), (50, _("50 miles"))]
    kind = forms.ChoiceField(label=_("Kind of help"), required=False, widget=Select)
    where = forms.CharField(label=_("Near (postcode or town)"), required=False, max_length=MAX_PLACE_LENGTH)
    within = forms.TypedChoiceField(label=_("Within"), choices=WITHIN, coerce=int, required=False, empty_value=10,
                                    widget=Select)
    people = forms.IntegerField(label=_("Room for at least this many people"), required=False, min_value=1,
                                max_value=MAX_CAPACITY, error_messages=CAPACITY_ERRORS)
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = grouped_kind_choices(blank=_("Any kind"))
        self.point = None

    def clean_where(self):
        text = self.cleaned_data.get("where", "").strip()
        if text:
            try:
                self.point = geocoder().locate(text)
            except LocationError as error:
                raise forms.ValidationError(str(error), code="place") from None
        return text


class GroupLookupForm(forms.Form):
    """GET form on the agency page: find a listed group by name to add to the agency's list."""

    q = forms.CharField(label=_("Find a group by name"), max_length=100, required=False)


# Small forms behind buttons: each POST is bound to a form, so junk gets a message.


def error_text(form) -> str:
    """A form's errors as one sentence-list, for a message above the page it came from."""
    return " ".join(error for errors in form.errors.values() for error in errors)


class AgencyGroupForm(forms.Form):
    """Add a listed group to the agency's own list."""

    group = forms.ModelChoiceField(queryset=None, error_messages={
        "required": _("Choose a group to add."),
        "invalid_choice": _("That group is not in the directory."),
    })
    note = forms.CharField(max_length=LINE, required=False, strip=True, validators=[validate_one_line], error_messages={
        "max_length": _("Keep the note to %(limit_value)d characters or fewer."),
    })

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class OfferActiveForm(forms.Form):
    """Withdraw an offer ("0"), or publish it again ("1")."""

    active = forms.TypedChoiceField(choices=[("1", _("Offer it again")), ("0", _("Withdraw the offer"))],
                                    coerce=lambda value: value == "1", error_messages={
                                        "required": _("Choose whether to withdraw the offer or offer it again."),
                                        "invalid_choice": _("Choose whether to withdraw the offer or offer it "
                                                            "again."),
                                    })


class AskPractitionerForm(forms.Form):
    message = forms.CharField(max_length=MESSAGE, required=False, widget=forms.Textarea,
                              validators=[validate_multi_line], error_messages={
        "max_length": _("Keep the message to %(limit_value)d characters or fewer."),
    })


class BrokerForm(AskPractitionerForm):
    """Staff put forward one of the live offers of the request's kind, or a practitioner."""

    offer = forms.ModelChoiceField(queryset=None, required=False, error_messages={
        "invalid_choice": _("That offer is no longer available."),
    })
    practitioner = forms.ModelChoiceField(queryset=None, required=False, error_messages={
        "invalid_choice": _("This person is no longer working with groups here."),
    })

    def __init__(self, *args, offers, practitioners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers
        self.fields["practitioner"].queryset = practitioners

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("offer") or cleaned.get("practitioner")):
            raise forms.ValidationError(_("Choose an offer or a person to suggest."), code="required")
        return cleaned


class MatchReplyForm(forms.Form):
    """Yes or no to a suggestion. A practitioner saying yes names one of the roles they take
    (`roles`); the group's answer needs no role (`roles` None)."""

    answer = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))], error_messages={
        "required": _("Choose yes or no."), "invalid_choice": _("Choose yes or no."),
    })
    role = forms.CharField(required=False, max_length=50, validators=[validate_one_line])

    def __init__(self, *args, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = roles

    def clean(self):
        cleaned = super().clean()
        if self.roles is not None and cleaned.get("answer") == "yes" and cleaned.get("role") not in self.roles:
            self.add_error("role", forms.ValidationError(_("Choose the role you could take."), code="invalid"))
        return cleaned


class VisitResponseForm(forms.Form):
    """The practitioner takes the group's other date, or withdraws."""

    action = forms.ChoiceField(choices=[("take_other_date", _("That date suits me")),
                                        ("withdraw", _("Withdraw my request"))],
                               error_messages={"required": _("This request can’t be changed now."),
                                               "invalid_choice": _("This request can’t be changed now.")})

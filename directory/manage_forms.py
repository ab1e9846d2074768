"""Forms coordinators and staff use to write and keep a group's listing."""

import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hub.widgets import FoldedCheckboxes, Select
from lib.dates import format_day
from lib.email_addresses import EmailAddressField
from lib.text import LABEL, LINE, MESSAGE, NAME, validate_multi_line, validate_one_line

from .geo import LocationError, geocoder
from .language_names import in_label_order
from .models import Category, Group, GroupTranslation, Language, Meeting, MeetingChange, Venue
from .postcodes import is_northern_ireland, normalise_postcode
from .recurrence import MONTHLY_PATTERNS, next_dates

YES_NO_UNSURE = [("yes", _("Yes")), ("no", _("No")), ("unsure", _("Not sure"))]
ANSWERS = {"yes": True, "no": False, "unsure": None}


class GroupDetailsForm(forms.ModelForm):
    """A group's details. The listing form asks them a section at a time (`only`, see
    directory.listing); the edit form shows every section, each in its own fieldset."""

    # Every field once, in the order the listing form asks them (test_manage_sections).
    SECTIONS = {
        "about": (_("About the group"),
                  ["name", "summary", "who_for", "description", "run_by", "affiliation"]),
        "subjects": (_("What the group is about"), ["categories"]),
        "contact": (_("How people get in touch"),
                    ["contact_role", "email", "phone", "website", "contact_route", "professionals_rule"]),
        "facts": (_("What newcomers ask"),
                  ["newcomers", "cost", "cost_amount", "cost_covers", "bring_someone", "first_visit",
                   "women_only", "family_welcome", "languages", "started_year"]),
    }

    categories = forms.ModelMultipleChoiceField(
        label=_("What the group is about"),
        queryset=Category.objects.filter(parent__isnull=False).select_related("parent"),
        widget=FoldedCheckboxes,
        help_text=_("Choose one, two or three. Open a subject to see what is under it."),
        error_messages={"required": _("Choose at least one subject.")},
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages spoken at meetings"), queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple, required=False,
    )
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https",
        help_text=_("Optional. For example: https://www.example.org"),
    )
    started_year = forms.IntegerField(
        label=_("Year the group started"), required=False, min_value=1900,
        help_text=_("Optional. For example: 2019."),
        error_messages={"min_value": _("Enter a year from 1900 onwards."),
                        "invalid": _("Enter a year as four numbers, like 2019.")},
    )

    class Meta:
        model = Group
        fields = [
            "name", "summary", "who_for", "categories", "description", "newcomers",
            "women_only", "family_welcome", "languages", "run_by", "affiliation",
            "contact_role", "email", "phone", "website", "contact_route", "first_visit", "bring_someone",
            "professionals_rule", "cost", "cost_amount", "cost_covers",
        ]
        labels = {
            "cost": _("Does it cost anything to come?"),
            "cost_amount": _("How much, in pounds"),
            "first_visit": _("Do people need to get in touch before their first meeting?"),
            "bring_someone": _("Can people bring someone with them, such as a friend or a carer?"),
            "name": _("Name of the group"),
            "who_for": _("Who the group is for"),
            "description": _("What happens at a meeting"),
            "newcomers": _("What newcomers can expect"),
            "email": _("Email address for the group"),
            "phone": _("Phone number for the group"),
        }
        help_texts = {
            "who_for": _("For example: “Anyone with tinnitus, and their partners.”"),
            "description": _("In your own words: what a meeting is like, so people know what to expect."),
            "email": _("Shown on the listing. A shared group address is better than a personal one."),
            "phone": _("Shown on the listing. Optional."),
            "cost_amount": _("Only if there is a charge. For example: 2.50."),
        }
        error_messages = {
            "name": {"required": _("Enter the name of the group.")},
            "summary": {"required": _("Enter a one-line summary, for search results.")},
            "who_for": {"required": _("Say who the group is for.")},
            "description": {"required": _("Say what happens at a meeting.")},
            "run_by": {"required": _("Say who runs the group, for example “Run by its members”.")},
            "cost_amount": {"invalid": _("Enter the amount in pounds, like 2.50."),
                            "min_value": _("Enter an amount of at least 1p, or choose “Free”."),
                            "max_value": _("Enter an amount under £1,000."),
                            "max_digits": _("Enter an amount under £1,000."),
                            "max_decimal_places": _("Enter pounds and pence, like 2.50.")},
        }
        widgets = {
            "contact_route": forms.RadioSelect, "professionals_rule": forms.RadioSelect,
            "cost": forms.RadioSelect, "bring_someone": forms.RadioSelect, "first_visit": forms.RadioSelect,
            "cost_amount": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
            "who_for": forms.Textarea(attrs={"rows": 3}), "description": forms.Textarea(attrs={"rows": 6}),
            "newcomers": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, only=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Subjects grouped under their headings, as in the search form.
        children = list(self.fields["categories"].queryset.order_by("parent__position", "position", "name"))
        groups = {}
        for child in children:
            groups.setdefault(child.parent.label, []).append((child.pk, child.label))
        self.fields["categories"].choices = list(groups.items())
        self.fields["languages"].choices = [
            (language.pk, language.label) for language in in_label_order(self.fields["languages"].queryset)]
        if self.instance.started_on:
            self.initial["started_year"] = self.instance.started_on.year
        # "Not said" last, in the form's words: leaving a question out shows nothing on the listing.
        for name, choices in [("cost", Group.Cost.choices), ("bring_someone", Group.BringSomeone.choices),
                              ("first_visit", Group.FirstVisit.choices)]:
            self.fields[name].choices = [c for c in choices if c[0]] + [("", _("Don’t say on the listing"))]
        # One section of the listing form: the other fields are asked, and their rules
        # checked, on their own step, and all again when the listing is sent.
        self.only = only
        if only is not None:
            for name in [name for name in self.fields if name not in only]:
                del self.fields[name]

    @property
    def sections(self):
        """(title, [bound fields]) for each section, for the edit form's fieldsets."""
        return [(title, [self[name] for name in names if name in self.fields])
                for title, names in self.SECTIONS.values()]

    # The listing's rules are the model's (Group.clean_*), asked here so that each error
    # shows beside its field.
    def clean_categories(self):
        chosen = self.cleaned_data["categories"]
        Group.clean_category_count(chosen)
        return chosen

    def clean_phone(self):
        return Group.clean_phone_number(self.cleaned_data.get("phone"))

    def clean_started_year(self):
        year = self.cleaned_data.get("started_year")
        if year and year > timezone.localdate().year:
            raise forms.ValidationError(_("The year can’t be in the future."), code="future")
        return year

    def clean(self):
        cleaned = super().clean()
        if "email" in self.fields:
            try:
                Group.clean_contact_details(cleaned.get("email"), cleaned.get("phone"), cleaned.get("website"))
            except forms.ValidationError as error:
                self.add_error("email", error)
        if "cost" not in self.fields:
            return cleaned
        # An amount or a purpose left over from another answer is dropped rather than
        # refused: the answer to "does it cost anything?" is what the person meant.
        cost = cleaned.get("cost")
        if cost != Group.Cost.CHARGE:
            cleaned["cost_amount"] = None
        if cost not in (Group.Cost.CHARGE, Group.Cost.DONATIONS):
            cleaned["cost_covers"] = ""
        if "cost" in cleaned and "cost_amount" not in self.errors:
            try:
                Group.clean_cost(cost, cleaned.get("cost_amount"), cleaned.get("cost_covers"))
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def _update_errors(self, errors):
        # The model's rules about fields of other sections wait for those sections.
        if self.only is not None and hasattr(errors, "error_dict"):
            kept = {name: messages for name, messages in errors.error_dict.items()
                    if name in self.fields or name == NON_FIELD_ERRORS}
            if not kept:
                return
            errors = forms.ValidationError(kept)
        super()._update_errors(errors)

    def save(self, commit=True):
        group = super().save(commit=False)
        year = self.cleaned_data.get("started_year")
        if not year:
            group.started_on = None
        elif not (group.started_on and group.started_on.year == year):
            group.started_on = datetime.date(year, 1, 1)  # a known month is kept when the year is unchanged
        if commit:
            group.save()
            self.save_m2m()
        return group


class CharacteristicsForm(forms.Form):
    """The four defining characteristics of a self-help group, asked plainly."""

    # Each question says what it needs when it is left unanswered, so the error summary
    # reads as four different things to do rather than "This field is required." four times.
    shares_experience = forms.ChoiceField(
        label=_("Do members share the experience the group is about, themselves or through someone close?"),
        choices=YES_NO_UNSURE, widget=forms.RadioSelect,
        error_messages={"required": _("Say whether members share the experience the group is about.")},
    )
    mutual_support = forms.ChoiceField(
        label=_("Do you meet mainly to support each other?"), choices=YES_NO_UNSURE, widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you meet mainly to support each other.")},
    )
    run_by_members = forms.ChoiceField(
        label=_("Do members run the group themselves?"),
        help_text=_("If a nurse, social worker or other professional runs it, say no: it can still be listed."),
        choices=YES_NO_UNSURE, widget=forms.RadioSelect,
        error_messages={"required": _("Say whether members run the group themselves.")},
    )
    free_to_come_and_go = forms.ChoiceField(
        label=_("Can people come and go freely?"), choices=YES_NO_UNSURE, widget=forms.RadioSelect,
        error_messages={"required": _("Say whether people can come and go freely.")},
    )

    def apply(self, group):
        for name in self.fields:
            setattr(group, name, ANSWERS[self.cleaned_data[name]])


class MeetingForm(forms.ModelForm):
    """When and where a group meets; the venue's details are part of the same form."""

    at_home = forms.BooleanField(
        label=_("We meet at a member’s home"), required=False,
        help_text=_("The address below is kept private: the listing shows only the town and “address given "
                    "when you get in touch”, and the group is placed at the centre of its postcode district."),
    )
    venue_name = forms.CharField(label=_("Name of the place"), required=False, max_length=NAME,
                                 help_text=_("For meetings in person. For example: St Ann’s Community Centre."),
                                 validators=[validate_one_line])
    venue_address_1 = forms.CharField(label=_("Address"), required=False, max_length=NAME,
                                      validators=[validate_one_line])
    venue_town = forms.CharField(label=_("Town or city"), required=False, max_length=LABEL,
                                 validators=[validate_one_line])
    venue_postcode = forms.CharField(label=_("Postcode"), required=False, max_length=10, validators=[validate_one_line])
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    hearing_loop = forms.BooleanField(label=_("Hearing loop"), required=False)
    accessible_toilet = forms.BooleanField(label=_("Accessible toilet"), required=False)
    parking = forms.BooleanField(label=_("Parking"), required=False)
    transport = forms.CharField(label=_("Getting there"), required=False, max_length=LINE,
                                help_text=_("Optional. For example: “Buses 36 and 37 stop outside.”"),
                                validators=[validate_one_line])

    # How many months apart, for the patterns tied to the month; stored in the meeting's
    # `interval` (recurrence.MONTHLY_PATTERNS), which the weeks field fills for "every few weeks".
    months = forms.TypedChoiceField(
        label=_("How many months apart"), coerce=int, required=False, empty_value=1,
        choices=[(1, _("Every month")), (2, _("Every 2 months")), (3, _("Every 3 months (quarterly)")),
                 (4, _("Every 4 months")), (6, _("Every 6 months"))],
        help_text=_("Only for meetings on a set week or date of the month. The first meeting sets which months."),
        widget=Select,
    )

    VENUE_FIELDS = ["at_home", "venue_name", "venue_address_1", "venue_town", "venue_postcode",
                    "step_free", "hearing_loop", "accessible_toilet", "parking", "transport"]

    class Meta:
        model = Meeting
        fields = ["attendance", "pattern", "weekday", "interval", "week_of_month", "day_of_month", "months",
                  "starts_on", "ends_on", "start_time", "end_time", "online_details", "notes"]
        widgets = {
            "attendance": forms.RadioSelect, "pattern": forms.RadioSelect,
            "weekday": Select, "week_of_month": Select(choices=[("", "—"), (1, _("First")), (2, _("Second")),
                                                                 (3, _("Third")), (4, _("Fourth"))]),
            # Browsers' date and time pickers need ISO values, whatever the site's language.
            "starts_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "ends_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "start_time": forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
            "end_time": forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        }
        help_texts = {
            "interval": _("Only for meetings every few weeks: 2 for fortnightly."),
            "starts_on": _("The date of one meeting, or of the first one."),
            "week_of_month": _("Only for meetings on a set week of the month."),
            "day_of_month": _("Only for meetings on the same date each month: 1 to 28."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        venue = self.instance.venue if self.instance.pk and self.instance.venue_id else None
        if venue:
            self.initial.update({
                "at_home": venue.at_home, "venue_name": venue.name, "venue_address_1": venue.address_1,
                "venue_town": venue.town,
                "venue_postcode": venue.postcode, "step_free": venue.step_free, "hearing_loop": venue.hearing_loop,
                "accessible_toilet": venue.accessible_toilet, "parking": venue.parking,
                "transport": venue.transport,
            })
        self.fields["pattern"].choices = Meeting.Pattern.choices  # a radio list needs no blank choice
        self.fields["pattern"].error_messages["required"] = _("Choose how often the group meets.")
        self.fields["weekday"].choices = [("", _("Choose a day")), *Meeting.Weekday.choices]
        self.fields["starts_on"].error_messages["required"] = _("Enter the date of a meeting, like 25/11/2026.")
        self.fields["interval"].label = _("Every how many weeks")
        if not self.instance.pk:
            self.initial["starts_on"] = timezone.localdate()
        if self.instance.pattern in MONTHLY_PATTERNS:
            self.initial["months"] = self.instance.interval
        if self.instance.pattern != Meeting.Pattern.EVERY_N_WEEKS:
            self.initial["interval"] = 2  # only used for "every few weeks", where 1 would be refused
        self._point = None

    def clean(self):
        cleaned = super().clean()
        # One column, two meanings: weeks apart or months apart, as the pattern says.
        pattern = cleaned.get("pattern")
        if pattern in MONTHLY_PATTERNS:
            cleaned["interval"] = cleaned.get("months") or 1
        elif pattern != Meeting.Pattern.EVERY_N_WEEKS and "interval" not in self.errors:
            cleaned["interval"] = 1
        if cleaned.get("attendance") in (Meeting.Attendance.IN_PERSON, Meeting.Attendance.BOTH):
            at_home = cleaned.get("at_home")
            if at_home and not cleaned.get("venue_name"):
                cleaned["venue_name"] = str(_("A member’s home"))  # kept for coordinators; never shown
            missing = {
                "venue_name": _("Enter the name of the place where you meet."),
                "venue_address_1": _("Enter the address where you meet."),
                "venue_town": _("Enter the town or city where you meet."),
                "venue_postcode": _("Enter the postcode of the place where you meet."),
            }
            for name, message in missing.items():
                if not cleaned.get(name):
                    self.add_error(name, forms.ValidationError(message, code="required"))
            postcode = cleaned.get("venue_postcode")
            if postcode:
                try:
                    cleaned["venue_postcode"] = normalise_postcode(postcode)
                    if is_northern_ireland(cleaned["venue_postcode"].split(" ")[0]):
                        raise LocationError(_("Northern Ireland postcodes aren’t in our postcode data yet. "
                                              "Contact us and we will add the meeting place for you."))
                    self._point = geocoder().locate_postcode(cleaned["venue_postcode"])
                    if at_home:
                        Venue.district_centre(cleaned["venue_postcode"])
                except (ValueError, LocationError) as error:
                    self.add_error("venue_postcode", forms.ValidationError(str(error), code="postcode"))
        return cleaned

    def _post_clean(self):
        # The model checks that an in-person meeting has a venue; give it the one being written.
        if self.cleaned_data.get("attendance") in (Meeting.Attendance.IN_PERSON, Meeting.Attendance.BOTH):
            self.instance.venue = self.instance.venue if self.instance.venue_id else Venue()
        super()._post_clean()

    def save_for(self, group):
        """Save the meeting and its venue for `group`; a venue other groups use is never changed."""
        meeting = super().save(commit=False)
        meeting.group = group
        if meeting.in_person:
            data = self.cleaned_data
            fields = {
                "at_home": data["at_home"],
                "name": data["venue_name"], "address_1": data["venue_address_1"], "town": data["venue_town"],
                "postcode": data["venue_postcode"], "step_free": data["step_free"],
                "hearing_loop": data["hearing_loop"], "accessible_toilet": data["accessible_toilet"],
                "parking": data["parking"], "transport": data["transport"],
            }
            venue = meeting.venue if meeting.venue_id else None
            shared = venue is not None and venue.meetings.exclude(group=group).exists()
            if venue is None or shared:
                venue = Venue()
            # A venue that stops being a home is placed again at its own postcode (Venue.save
            # places a home at its district's centre).
            place_changed = venue.postcode != fields["postcode"] or venue.at_home != fields["at_home"]
            for key, value in fields.items():
                setattr(venue, key, value)
            if place_changed and self._point:
                venue.latitude, venue.longitude = self._point.latitude, self._point.longitude
            venue.save()
            meeting.venue = venue
        else:
            meeting.venue = None
        meeting.save()
        return meeting


class MeetingChangeForm(forms.ModelForm):
    """Cancel one date of a meeting, or move it to another day, time or place."""

    CANCEL, MOVE = "cancel", "move"
    # The dates offered: those of the year ahead, as many as a weekly meeting has.
    DAYS_AHEAD = 366
    MOST_DATES = 53

    on_date = forms.TypedChoiceField(
        label=_("Which date"), coerce=datetime.date.fromisoformat, widget=Select,
        error_messages={"required": _("Choose the date that changes."),
                        "invalid_choice": _("Choose one of the meeting’s dates from the list.")},
    )
    what = forms.ChoiceField(
        label=_("What happens that day"), widget=forms.RadioSelect,
        choices=[(CANCEL, _("There is no meeting that day")),
                 (MOVE, _("The meeting moves to another day, time or place"))],
        error_messages={"required": _("Choose whether the meeting is cancelled or moved.")},
    )

    class Meta:
        model = MeetingChange
        fields = ["on_date", "what", "new_date", "new_start_time", "new_end_time", "new_place", "note"]
        labels = {
            "new_date": _("New date"), "new_start_time": _("New start time"), "new_end_time": _("New end time"),
            "note": _("A short note for people reading the listing"),
        }
        help_texts = {
            "new_date": _("Only if it moves. The same date if only the time or place changes."),
            "new_start_time": _("Only if the time changes."),
            "new_end_time": _("Optional."),
        }
        widgets = {
            "new_date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "new_start_time": forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
            "new_end_time": forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        taken = set(meeting.changes.values_list("on_date", flat=True))
        today = timezone.localdate()
        dates = [day for day in next_dates(meeting.rule, self.MOST_DATES, after=today)
                 if day not in taken and (day - today).days <= self.DAYS_AHEAD]
        self.fields["on_date"].choices = [("", _("Choose a date")),
                                          *[(day.isoformat(), format_day(day)) for day in dates]]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("what") == self.CANCEL:
            cleaned.update(new_date=None, new_start_time=None, new_end_time=None, new_place="")
            for name in ["new_date", "new_start_time", "new_end_time", "new_place"]:
                self.errors.pop(name, None)
        elif cleaned.get("what") == self.MOVE and not cleaned.get("new_date") and "new_date" not in self.errors:
            self.add_error("new_date", forms.ValidationError(
                _("Enter the date it moves to, or the same date if only the time or place changes."),
                code="required"))
        return cleaned


class StageForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["stage", "paused_until", "stage_note"]
        widgets = {"stage": forms.RadioSelect,
                   "paused_until": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                   "stage_note": forms.Textarea(attrs={"rows": 4})}
        labels = {"stage_note": _("A note for people who read the listing")}
        help_texts = {"stage_note": _(
            "For a group that is closing or closed: where members could go instead, such as another "
            "group or a national organisation. For a paused group: when it may start again.")}

    def clean(self):
        cleaned = super().clean()
        stage = cleaned.get("stage")
        if stage in (Group.Stage.CLOSING, Group.Stage.CLOSED) and not cleaned.get("stage_note", "").strip():
            self.add_error("stage_note", forms.ValidationError(
                _("Say where members could go instead, so the listing still helps people."), code="required"))
        paused_until = cleaned.get("paused_until")
        if stage == Group.Stage.PAUSED and paused_until and paused_until < timezone.localdate():
            self.add_error("paused_until", forms.ValidationError(
                _("The date meetings start again can’t be in the past."), code="past"))
        if stage != Group.Stage.PAUSED:
            cleaned["paused_until"] = None
        return cleaned


class OtherGroupsForm(forms.ModelForm):
    """The group among other groups: open to their messages (network/), and asking for a new
    coordinator or for volunteers (shown on its page and in bulletins)."""

    class Meta:
        model = Group
        fields = ["open_to_groups", "looking_for_coordinator", "looking_for_volunteers"]


class TranslationForm(forms.ModelForm):
    """The group's name and own words in one other language (the page's address says which).
    The boxes carry the language, so browsers choose its fonts, keyboard and spelling."""

    class Meta:
        model = GroupTranslation
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}
        error_messages = {"description": {"required": _("Write what happens at a meeting in this language.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.update({"lang": self.instance.language, "dir": "auto"})


class ReviewForm(forms.Form):
    DECISIONS = [
        ("approve", _("List it")),
        ("approve_supported", _("List it as “run with professional support”")),
        ("changes", _("Ask the group for changes")),
        ("decline", _("Don’t list it")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message to the group"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when asking for changes or not listing it: say why, in everyday words."),
        max_length=MESSAGE, validators=[validate_multi_line],
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") in ("changes", "decline") and not cleaned.get("message", "").strip():
            self.add_error("message", forms.ValidationError(
                _("Write a message saying what to change, or why it can’t be listed."), code="required"))
        return cleaned


class InviteForm(forms.Form):
    email = EmailAddressField(
        label=_("Email address of the person to invite"),
        error_messages={"required": _("Enter an email address, like name@example.org."),
                        "invalid": _("Enter an email address, like name@example.org.")},
    )


class WithdrawInvitationForm(forms.Form):
    """Which of the group's invitations still waiting to be accepted to take back."""

    invitation = forms.ModelChoiceField(
        label=_("Invitation to withdraw"), queryset=None,
        error_messages={"invalid_choice": _("This invitation has already been accepted or withdrawn."),
                        "required": _("Choose an invitation of this group to withdraw.")},
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitation"].queryset = group.invitations.filter(accepted_at__isnull=True)


class ResendInvitationForm(WithdrawInvitationForm):
    """Which of the group's invitations still waiting to be accepted to send again."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitation"].label = _("Invitation to send again")
        self.fields["invitation"].error_messages["required"] = _("Choose an invitation of this group to send again.")


class SendClaimsForm(forms.Form):
    """Staff choose the groups kept by the team to send a claim to (directory.claims)."""

    groups = forms.ModelMultipleChoiceField(
        label=_("Groups to invite to claim their listing"), queryset=Group.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each is sent to the group’s public email address, shown beside its name."),
        error_messages={"required": _("Choose at least one group to send a claim to."),
                        "invalid_choice": _("A group you chose can no longer be sent a claim: someone may have "
                                            "sent one or taken it on since. Choose again."),
                        "invalid_pk_value": _("Choose groups from the list.")},
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = groups
        # The address may be longer than a phone's screen: only it may break anywhere (hub.css).
        self.fields["groups"].label_from_instance = lambda group: format_html(
            '<span>{} (<span class="long-address">{}</span>)</span>', group.name, group.email)

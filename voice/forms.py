"""Forms for opportunities, forums, a group's choices and its well-being reflection."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.subjects import SubjectsField
from lib.text import MESSAGE, validate_multi_line

from . import wellbeing
from .areas import DISTANCES, AreaKind
from .models import LEVEL_HINTS, Feedback, Forum, ForumMeeting, Interest, Level, Opportunity, Reflection

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TIME = forms.TimeInput(format="%H:%M", attrs={"type": "time"})


AREA_FIELDS = ["area_kind", "areas", "place", "miles"]
AREA_LABELS = {"area_kind": _("Which groups is it for?")}
AREA_WIDGETS = {"area_kind": forms.RadioSelect, "miles": forms.NumberInput(attrs={"min": 1, "max": 100})}
AREA_ERRORS = {"miles": {
    "min_value": _("Enter a distance from 1 to 100 miles."),
    "max_value": _("Enter a distance from 1 to 100 miles."),
    "invalid": _("Enter a distance in whole miles, like 10."),
}}


def _area_choices(form):
    """A radio list needs no blank choice, and none chosen is the default, anywhere; the area's
    own rule (`AreaMixin.clean_area`) checks the rest."""
    form.fields["area_kind"].choices = AreaKind.choices
    form.fields["area_kind"].required = False
    form.fields["area_kind"].help_text = _(
        "Groups hear about it only if it is for where they meet in person. Groups meeting only online hear "
        "only about what is for groups anywhere.")


def _check_topics(form, cleaned, message):
    if not cleaned.get("any_topic") and not cleaned.get("topics"):
        form.add_error("topics", forms.ValidationError(message, code="no_topic"))


class PreferencesForm(forms.Form):
    levels = forms.MultipleChoiceField(
        label=_("What would the group like to hear about?"), required=False,
        choices=[(level.value, f"{level.label}. {LEVEL_HINTS[level]}") for level in Level],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none, one or more. Nothing is sent until you choose."),
    )
    any_topic = forms.BooleanField(label=_("Any subject"), required=False)
    topics = SubjectsField(
        label=_("About which subjects?"),
        help_text=_("Choose “any subject”, or the subjects you want. A subject includes what is under it."),
    )
    miles = forms.TypedChoiceField(
        label=_("How far from where you meet do you want to hear about?"), required=False,
        coerce=int, empty_value=None, widget=forms.RadioSelect,
        choices=[("", _("Any distance"))] + [(miles, _("Within %(miles)s miles") % {"miles": miles})
                                              for miles in DISTANCES],
        help_text=_("Measured from the places where the group meets in person to where something is held. "
                    "Something for groups in your postcode district reaches you whatever you choose here. "
                    "A group that meets only online hears only about things for groups anywhere."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("levels"):
            _check_topics(self, cleaned, _("Choose at least one subject, or “any subject”, so the group "
                                           "hears about something."))
        elif cleaned.get("topics") or cleaned.get("any_topic"):
            self.add_error("levels", forms.ValidationError(
                _("Choose at least one kind of opportunity, or clear the subjects to hear about nothing."),
                code="no_level"))
        return cleaned

    @classmethod
    def initial_for(cls, preferences):
        if preferences is None:
            return {}
        return {"levels": preferences.levels(), "any_topic": preferences.any_topic,
                "topics": list(preferences.topics.all()), "miles": preferences.miles or ""}


class AreaFormMixin:
    def clean_area_kind(self):
        return self.cleaned_data.get("area_kind") or AreaKind.ANYWHERE


class OpportunityForm(AreaFormMixin, forms.ModelForm):
    topics = SubjectsField(label=_("Subjects"), help_text=_("Groups that chose these subjects will hear about it."))

    class Meta:
        model = Opportunity
        fields = ["title", "kind", "level", "description", "any_topic", "topics", *AREA_FIELDS, "time_asked",
                  "fee", "expenses_paid", "closes_on", "short_notice_reason", "contact"]
        labels = {"level": _("Level on the pyramid of opportunity"), **AREA_LABELS}
        help_texts = {"level": _("Groups choose which levels they hear about.")}
        error_messages = AREA_ERRORS
        widgets = {
            **AREA_WIDGETS,
            "kind": forms.RadioSelect, "level": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
            "short_notice_reason": forms.Textarea(attrs={"rows": 3}),
            "closes_on": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Opportunity.Kind.choices  # a radio list needs no blank choice
        self.fields["level"].choices = [(level.value, f"{level.label}. {LEVEL_HINTS[level]}") for level in Level]
        self.fields["closes_on"].help_text = _("At least 8 weeks from today, unless you say why not.")
        self.fields["fee"].validators.append(MinValueValidator(0, message=_("The fee can’t be less than £0.")))
        _area_choices(self)

    def clean(self):
        cleaned = super().clean()
        _check_topics(self, cleaned, _("Choose at least one subject, or “any subject”."))
        return cleaned


class ForumForm(AreaFormMixin, forms.ModelForm):
    topics = SubjectsField(label=_("Subjects"), help_text=_("Groups that chose these subjects will see the forum."))

    class Meta:
        model = Forum
        fields = ["name", "description", "any_topic", "topics", *AREA_FIELDS, "usual_place", "contact"]
        labels = AREA_LABELS
        error_messages = AREA_ERRORS
        widgets = {**AREA_WIDGETS, "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _area_choices(self)

    def clean(self):
        cleaned = super().clean()
        _check_topics(self, cleaned, _("Choose at least one subject, or “any subject”."))
        return cleaned


class ForumMeetingForm(forms.ModelForm):
    class Meta:
        model = ForumMeeting
        fields = ["date", "start_time", "place", "notes"]
        widgets = {"date": DATE, "start_time": TIME, "notes": forms.Textarea(attrs={"rows": 6})}


class InterestForm(forms.ModelForm):
    class Meta:
        model = Interest
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}


class FeedbackForm(forms.ModelForm):
    """Feedback as a group. `shown_as` is "named", or the category the poster will see."""

    shown_as = forms.ChoiceField(label=_("How the poster will see who it is from"), widget=forms.RadioSelect)

    class Meta:
        model = Feedback
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"text": _("What the group wants them to know. To stay anonymous, leave out names.")}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.descriptions = {}
        choices = [("named", _("From “%(name)s”") % {"name": group.name})]
        categories = list(group.categories.select_related("parent"))
        for category in categories + [c.parent for c in categories if c.parent_id]:
            key = f"category-{category.pk}"
            if key not in self.descriptions:
                self.descriptions[key] = str(_("a group for %(subject)s") % {"subject": category.label})
                choices.append((key, _("Anonymous: “%(description)s”") % {"description": self.descriptions[key]}))
        self.fields["shown_as"].choices = choices
        self.fields["shown_as"].help_text = _(
            "Anonymous feedback shows only a subject: the poster never sees your group’s name, and nor does "
            "anyone else. If few groups work on your subject, the wider subject is harder to guess.")
        if self.instance.pk:
            self.initial["shown_as"] = next(
                (key for key, text in self.descriptions.items() if self.instance.anonymous
                 and text == self.instance.described_as), "named")

    def save(self, commit=True):
        feedback = super().save(commit=False)
        choice = self.cleaned_data["shown_as"]
        feedback.anonymous = choice != "named"
        feedback.described_as = self.descriptions.get(choice, "")
        if commit:
            feedback.save()
        return feedback


def _answer_field(item):
    """An item's four answers; leaving it is fine: a reflection can be saved part-answered
    and finished later, and an item left is "not answered"."""
    return forms.ChoiceField(label=item.label, help_text=item.hint, choices=wellbeing.Answer.CHOICES,
                             widget=forms.RadioSelect, required=False)


class ReflectionForm(forms.ModelForm):
    """The checklist and the Five Ways, each item a question with four answers."""

    class Meta:
        model = Reflection
        fields = ["held_on", "words_control", "words_resilience", "words_participation", "words_five_ways",
                  "own_words"]
        widgets = {"held_on": DATE, **{name: forms.Textarea(attrs={"rows": 3}) for name in [
            "words_control", "words_resilience", "words_participation", "words_five_ways"]},
            "own_words": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "held_on": _("The date of the meeting where you talked about it."),
            "own_words": _("Anything else members want to remember, in their own words."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in wellbeing.ALL_ITEMS:
            self.fields[f"answer_{item.key}"] = _answer_field(item)
            if self.instance.pk and item.key in self.instance.answers:
                self.initial[f"answer_{item.key}"] = self.instance.answers[item.key]

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("The date can’t be in the future."), code="future")
        return held_on

    def sections(self):
        """(title, [(level title, [bound fields])], words field) for each heading, then the Five Ways."""
        for heading in wellbeing.CHECKLIST:
            levels = [(_("For members themselves"), [self[f"answer_{item.key}"] for item in heading.individual]),
                      (_("For the group and the wider community"),
                       [self[f"answer_{item.key}"] for item in heading.community])]
            yield heading.key, heading.title, levels, self[f"words_{heading.key}"]
        yield ("five_ways", _("The Five Ways to Wellbeing"),
               [(None, [self[f"answer_{item.key}"] for item in wellbeing.FIVE_WAYS])], self["words_five_ways"])

    def save(self, commit=True):
        reflection = super().save(commit=False)
        reflection.answers = {item.key: self.cleaned_data[f"answer_{item.key}"] for item in wellbeing.ALL_ITEMS
                              if self.cleaned_data[f"answer_{item.key}"]}
        if commit:
            reflection.save()
        return reflection


class PublishForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary for the group’s page"), max_length=MESSAGE, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Only this text is shown, under the heading “What members say the group does for them”. "
                    "Nothing else from the reflection is shown. Leave out anyone’s name."),
        error_messages={"required": _("Write the summary you want on the group’s page.")},
        validators=[validate_multi_line],
    )

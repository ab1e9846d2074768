from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.forms import DEFAULT_DISTANCE, DISTANCES, SearchForm, category_choices
from directory.models import Category
from directory.subjects import SubjectsField

from .models import Event


class EventForm(forms.ModelForm):
    """Post or change an event. Whose event it is (a group's or the hub's) is set by the view."""

    subjects = SubjectsField(label=_("What it is about"),
                             help_text=_("Optional. People looking for events on these subjects find it."))

    class Meta:
        model = Event
        fields = ["title", "kind", "on_date", "start_time", "end_time", "description", "place_name", "address",
                  "town", "postcode", "online", "online_details", "subjects", "open_to"]
        widgets = {
            "on_date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "start_time": forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
            "end_time": forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"online": _("It is online (or online too)")}

    def clean_on_date(self):
        day = self.cleaned_data["on_date"]
        if day < timezone.localdate() and (self.instance.pk is None or day != self.instance.on_date):
            raise forms.ValidationError(_("Choose a date from today on."), code="past")
        return day


class CancelEventForm(forms.Form):
    """Nothing to fill in: the button is the whole of it (every POST is bound to a form)."""


class EventFilterForm(forms.Form):
    """The events page's filters, a GET form like the search: a part that can't be
    understood is reported and left out. The place and distance are the search's own
    fields and messages (directory.forms.SearchForm)."""

    category = forms.ChoiceField(
        label=_("Subject"), required=False, widget=SearchForm.base_fields["category"].widget,
        error_messages={"invalid_choice": _("Choose a subject from the list.")})
    where = SearchForm.base_fields["where"]
    distance = SearchForm.base_fields["distance"]

    clean_where = SearchForm.clean_where

    def __init__(self, data=None, *args, strict=False, **kwargs):
        self.distance_replaced = False
        if data is not None and not strict and data.get("distance") not in [str(d) for d in DISTANCES]:
            # As on the search page: no distance, or one we don't offer, uses the default.
            self.distance_replaced = bool(data.get("distance"))
            data = data.copy()
            data["distance"] = str(DEFAULT_DISTANCE)
        super().__init__(data, *args, **kwargs)
        self.fields["category"].choices = category_choices()
        self.point = None
        self.place_suggestion = ""

    @property
    def subjects(self) -> list[Category]:
        slug = self.cleaned_data.get("category") if hasattr(self, "cleaned_data") else None
        return list(Category.objects.filter(slug=slug)) if slug else []

    def filter(self, events):
        """`events` narrowed to what the form asks for, leaving out any part with an error."""
        subjects = self.subjects
        if subjects:
            events = events.about(subjects)
        if self.point:
            events = events.near(self.point, self.cleaned_data.get("distance") or DEFAULT_DISTANCE)
        return events

    def feed_query(self) -> dict[str, str]:
        """The parameters of the calendar feed for what this form asks for."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        query = {}
        if data.get("category"):
            query["subject"] = data["category"]
        if self.point:
            query["place"] = data["where"]
            query["miles"] = str(data.get("distance") or DEFAULT_DISTANCE)
        return query

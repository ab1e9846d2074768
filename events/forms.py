from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.forms import DEFAULT_DISTANCE, SubjectPlaceForm
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


class EventFilterForm(SubjectPlaceForm):
    """The events page's filters (directory.forms.SubjectPlaceForm, as on the search)."""

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

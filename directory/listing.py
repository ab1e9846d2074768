"""Listing a new group a step at a time, with the answers kept in the session between steps.

Each step is checked by the forms that have always checked a listing: GroupDetailsForm a
section at a time (its SECTIONS), CharacteristicsForm and MeetingForm. Only the answers of
a step that passed are kept, under the forms' own field names and only the values the form
read, so what is kept is bounded by the forms' own limits. Kept answers are never trusted:
checking the answers and sending bind every form again to all of them, and the listing is
sent through services.submit_listing as before. The answers go once the listing is sent,
or with the session.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.db.models import Model, QuerySet
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.dates import format_day, format_time

from . import recurrence
from .manage_forms import CharacteristicsForm, GroupDetailsForm, MeetingForm

SESSION_KEY = "listing"


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    section: str | None = None  # a section of GroupDetailsForm
    characteristics: bool = False
    meeting: bool = False

    def forms(self, data=None) -> list[forms.BaseForm]:
        """This step's forms, bound to `data` (a POST or kept answers) when given."""
        step_forms = []
        if self.section:
            step_forms.append(GroupDetailsForm(data, prefix="group", only=GroupDetailsForm.SECTIONS[self.section][1]))
        if self.characteristics:
            step_forms.append(CharacteristicsForm(data, prefix="about"))
        if self.meeting:
            step_forms.append(MeetingForm(data, prefix="meeting"))
        return step_forms


def _title(section):
    return GroupDetailsForm.SECTIONS[section][0]


STEPS = [
    Step("about", _title("about"), "about", characteristics=True),
    Step("subjects", _title("subjects"), "subjects"),
    Step("meeting", gettext_lazy("When and where you meet"), meeting=True),
    Step("contact", _title("contact"), "contact"),
    Step("facts", _title("facts"), "facts"),
]
FIRST = STEPS[0]


def step_called(slug) -> Step | None:
    return next((step for step in STEPS if step.slug == slug), None)


def whole_forms(data) -> dict[str, forms.BaseForm]:
    """The listing's three forms, whole, as services.submit_listing takes them."""
    return {"details": GroupDetailsForm(data, prefix="group"),
            "characteristics": CharacteristicsForm(data, prefix="about"),
            "meeting": MeetingForm(data, prefix="meeting")}


def _read(form, data) -> dict[str, list[str]]:
    """The values `form` read from `data`: a list for a field of several choices, else one."""
    kept = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if key not in data:
            continue  # an unticked box
        if getattr(field.widget, "allow_multiple_selected", False):
            kept[key] = data.getlist(key)
        else:
            kept[key] = [data.get(key)]
    return kept


class Answers:
    """The answers kept so far, step by step, in `session`."""

    def __init__(self, session):
        self.session = session
        kept = session.get(SESSION_KEY)
        self.kept = kept if isinstance(kept, dict) else {}

    def data(self, step) -> MultiValueDict | None:
        kept = self.kept.get(step.slug)
        if not isinstance(kept, dict):
            return None
        return MultiValueDict({str(key): [str(value) for value in values]
                               for key, values in kept.items() if isinstance(values, list)})

    def all_data(self) -> MultiValueDict:
        data = MultiValueDict()
        for step in STEPS:
            data.update(self.data(step) or {})
        return data

    def keep(self, step, step_forms, data):
        kept = {}
        for form in step_forms:
            kept.update(_read(form, data))
        self.kept[step.slug] = kept
        self.session[SESSION_KEY] = self.kept
        self.session.modified = True

    def first_unfinished(self) -> Step | None:
        return next((step for step in STEPS if self.data(step) is None), None)

    def after(self, step) -> Step | None:
        """Where to go once `step` is answered: the next step on the first time through;
        the answers to check once every step is answered (None)."""
        if self.first_unfinished() is None:
            return None
        index = STEPS.index(step)
        return STEPS[index + 1] if index + 1 < len(STEPS) else self.first_unfinished()

    def first_refused(self) -> Step | None:
        """The first step whose kept answers its forms refuse now (changed in the session,
        or a subject since removed), or None."""
        for step in STEPS:
            if not all([form.is_valid() for form in step.forms(self.data(step))]):  # noqa: C419
                return step
        return None

    def clear(self):
        self.kept = {}
        self.session.pop(SESSION_KEY, None)


def step_of(form, name) -> Step:
    """The step that asks field `name` of `form` (one of whole_forms)."""
    for step in STEPS:
        for step_form in step.forms():
            if type(step_form) is type(form) and name in step_form.fields:
                return step
    return FIRST


def _shown(form, name, value) -> str:
    field = form.fields[name]
    if isinstance(field, forms.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(value, QuerySet | list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, datetime.time):
        return format_time(value)
    if isinstance(value, datetime.date):
        return format_day(value)
    choices = getattr(field, "choices", None)
    if choices:
        labels = {}
        for key, label in choices:
            if isinstance(label, list | tuple):
                labels.update({str(k): v for k, v in label})
            else:
                labels[str(key)] = label
        return str(labels.get(str(value), value))
    return str(value)


def _anchor(form, name) -> str:
    bound = form[name]
    return f"{bound.auto_id}_group" if bound.use_fieldset else bound.id_for_label


# Meeting fields the summary says in one line ("Every Tuesday"), and those only for a place.
_PATTERN_FIELDS = {"pattern", "weekday", "interval", "week_of_month", "day_of_month", "months"}


def summary(whole) -> list[tuple[Step, list[tuple[str, str, str]]]]:
    """What was answered, step by step: (step, [(question, answer, the field's id)]), from
    whole_forms that are valid. Questions left unanswered are left out."""
    rows = {step.slug: [] for step in STEPS}
    for form in whole.values():
        for name in form.fields:
            value = form.cleaned_data.get(name)
            if isinstance(form, MeetingForm):
                if name in _PATTERN_FIELDS:
                    continue
                if name in MeetingForm.VENUE_FIELDS and not form.instance.in_person:
                    continue
            if value in (None, "", []) or (isinstance(value, QuerySet) and not value.exists()):
                continue
            if isinstance(form.fields[name], forms.BooleanField) and not value:
                continue
            rows[step_of(form, name).slug].append((form.fields[name].label, _shown(form, name, value),
                                                   _anchor(form, name)))
    meeting = whole["meeting"]
    rows["meeting"].insert(1, (_("How often"), recurrence.describe(meeting.instance.rule),
                               _anchor(meeting, "pattern")))
    return [(step, rows[step.slug]) for step in STEPS]


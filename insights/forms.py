import re

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.subjects import choice_label, subject_queryset
from hub.widgets import Select

from .coverage import known_areas

MAX_AREAS = 12


class SubjectField(forms.ModelChoiceField):
    def label_from_instance(self, category):
        return choice_label(category)


class CoverageForm(forms.Form):
    """Read from the query string, so a view of the gaps can be bookmarked and shared."""

    miles = forms.IntegerField(
        label=_("Within how many miles"), min_value=1, max_value=50, initial=10,
        help_text=_("A district counts as covered if a group meets within this distance of its centre."),
        error_messages={"min_value": _("Enter a distance from 1 to 50 miles."),
                        "max_value": _("Enter a distance from 1 to 50 miles."),
                        "invalid": _("Enter the distance as a whole number of miles, like 10."),
                        "required": _("Enter a distance in miles, like 10.")},
    )
    subject = SubjectField(queryset=subject_queryset(), required=False, empty_label=_("Any subject"),
                           label=_("Subject"), widget=Select)
    areas = forms.CharField(
        label=_("Postcode areas"), required=False, max_length=60,
        help_text=_("The letters at the start of postcodes, like NG DE LE. Leave empty for the areas where "
                    "listed groups meet."),
    )

    def clean_areas(self):
        areas = sorted({part for part in re.split(r"[\s,;]+", self.cleaned_data["areas"].upper()) if part})
        unknown = [area for area in areas if area not in known_areas()]
        if unknown:
            raise forms.ValidationError(
                _("We don’t know the postcode area %(areas)s. Use the letters only, like NG or DE.")
                % {"areas": ", ".join(unknown)}, code="unknown_area")
        if len(areas) > MAX_AREAS:
            raise forms.ValidationError(_("Choose at most %(n)s postcode areas at a time.") % {"n": MAX_AREAS},
                                        code="too_many")
        return areas


class GrowthForm(forms.Form):
    basis = forms.ChoiceField(
        label=_("Count a group as new in the year"), required=False, widget=forms.RadioSelect,
        choices=[("listed", _("it was listed in the directory")), ("started", _("the group says it started"))],
    )

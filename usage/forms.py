from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2000


class YearForm(forms.Form):
    """Which year's numbers: read from the query string, so a year can be bookmarked."""

    year = forms.IntegerField(
        label=_("Year"), min_value=FIRST_YEAR, max_value=9999, initial=lambda: timezone.localdate().year,
        error_messages={"invalid": _("Enter a year, like 2024."), "min_value": _("Enter a year, like 2024."),
                        "max_value": _("Enter a year, like 2024.")},
    )

    def chosen_year(self) -> int:
        """The year asked for, or this year when none (or one that can't be read) was."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["year"]
        return timezone.localdate().year

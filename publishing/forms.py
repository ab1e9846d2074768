from django import forms
from django.utils.translation import gettext_lazy as _

from directory.forms import SearchForm


class ListForm(SearchForm):
    """What a printed list is for: a subject, a place and a distance, nothing narrower.

    The same fields, messages and place look-up as the public search. A list is for
    handing to everyone a team sees, so it has no words or "narrow your search" choices
    that would leave groups out.
    """

    FILTER_FIELDS = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["q", *SearchForm.FILTER_FIELDS]:
            del self.fields[name]

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("category") and not data.get("where"):
            raise forms.ValidationError(
                _("Choose what the groups are about, or enter a postcode or town, or both."),
                code="nothing_chosen",
            )
        return data

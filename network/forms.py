from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from directory.forms import DEFAULT_DISTANCE, DISTANCES, SearchForm, category_choices
from directory.models import Category
from lib.text import MESSAGE, validate_multi_line


class FindGroupsForm(forms.Form):
    """The network page's search, a GET form like the public search: a part that can't be
    understood is reported and left out. The place and distance are the search's own fields
    and messages; without a place, the distance is from where the coordinator's group meets."""

    category = forms.ChoiceField(
        label=SearchForm.base_fields["category"].label, required=False,
        widget=SearchForm.base_fields["category"].widget,
        error_messages={"invalid_choice": _("Choose a subject from the list.")})
    where = SearchForm.base_fields["where"]
    distance = SearchForm.base_fields["distance"]

    clean_where = SearchForm.clean_where

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("distance") not in [str(d) for d in DISTANCES]:
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

    @property
    def distance_value(self) -> int:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return data.get("distance") or DEFAULT_DISTANCE


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=MESSAGE, validators=[validate_multi_line],
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write your message.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit as the reader's language writes numbers ("2,000"); a pasted message is cut
        # at it by the browser, so the page says it before anything is sent.
        limit = number_format(MESSAGE, force_grouping=True)
        self.fields["body"].help_text = _("Up to %(limit)s characters.") % {"limit": limit}
        self.fields["body"].error_messages["max_length"] = _(
            "Keep your message to %(limit)s characters or fewer.") % {"limit": limit}

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from directory.forms import SearchForm, SubjectPlaceForm
from lib.text import MESSAGE, validate_multi_line


class FindGroupsForm(SubjectPlaceForm):
    """The network page's search (directory.forms.SubjectPlaceForm, as on the search); without
    a place, the distance is from where the coordinator's group meets."""

    category = forms.ChoiceField(
        label=SearchForm.base_fields["category"].label, required=False,
        widget=SearchForm.base_fields["category"].widget,
        error_messages={"invalid_choice": _("Choose a subject from the list.")})


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

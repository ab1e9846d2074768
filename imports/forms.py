from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.text import LINE, validate_one_line
from openreferral.spreadsheet import FIELDS

from .models import ImportRun

SPREADSHEET_TYPES = (".csv", ".xlsx")
OPENREFERRAL_TYPES = (".json", ".zip", ".csv")


class NewImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What are you importing?"), widget=forms.RadioSelect, initial=ImportRun.Kind.SPREADSHEET,
        choices=[(ImportRun.Kind.SPREADSHEET, gettext_lazy("A spreadsheet (CSV or Excel .xlsx) of groups")),
                 (ImportRun.Kind.FILE, gettext_lazy("An Open Referral file (JSON, or a .zip of CSV tables)")),
                 (ImportRun.Kind.FEED, gettext_lazy("An Open Referral feed, by its address"))],
    )
    file = forms.FileField(
        label=gettext_lazy("File"), required=False,
        help_text=gettext_lazy("For a spreadsheet or an Open Referral file."),
    )
    url = forms.URLField(
        label=gettext_lazy("Feed address"), required=False, max_length=LINE, assume_scheme="https",
        validators=[validate_one_line],
        help_text=gettext_lazy("For a feed. Example: https://directory.example.gov.uk/api"),
    )
    publish = forms.BooleanField(label=gettext_lazy("List new groups at once, without review"), required=False)
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("Leave out refused records and import the rest"), required=False)

    def clean(self):
        data = super().clean()
        kind, upload, url = data.get("kind"), data.get("file"), data.get("url")
        if kind == ImportRun.Kind.FEED:
            if not url:
                self.add_error("url", _("Enter the feed’s address."))
            return data
        if kind and not upload:
            self.add_error("file", _("Choose a file to upload."))
            return data
        if upload is None:
            return data
        limit = settings.IMPORT_MAX_UPLOAD_MB
        if upload.size > limit * 1024**2:
            self.add_error("file", _("The file is larger than %(limit)s MB. Split it into smaller files.") % {
                "limit": limit})
        name = upload.name.lower()
        allowed = SPREADSHEET_TYPES if kind == ImportRun.Kind.SPREADSHEET else OPENREFERRAL_TYPES
        if not name.endswith(allowed):
            self.add_error("file", _("Choose a file ending in %(types)s.") % {"types": _(" or ").join(allowed)})
        return data


class ColumnsForm(forms.Form):
    """One choice of field for each of the spreadsheet's columns (and of its sheet, if it has several)."""

    def __init__(self, *args, header, sheets=(), initial_columns=None, sheet="", **kwargs):
        super().__init__(*args, **kwargs)
        self.header = header
        if len(sheets) > 1:
            self.fields["sheet"] = forms.ChoiceField(label=_("Sheet"), choices=[(s, s) for s in sheets],
                                                     initial=sheet)
        choices = [("", _("(not imported)"))] + [(name, label) for name, label, _words in FIELDS]
        for number, name in enumerate(header):
            self.fields[f"column_{number}"] = forms.ChoiceField(
                label=_("Column “%(name)s”") % {"name": name}, choices=choices, required=False,
                initial=(initial_columns or {}).get(name, ""))

    def clean(self):
        data = super().clean()
        chosen = [data.get(f"column_{n}") for n in range(len(self.header))]
        taken = [value for value in chosen if value]
        if "name" not in taken:
            raise forms.ValidationError(_("Choose the column that holds each group’s name."), code="no_name")
        twice = sorted({value for value in taken if taken.count(value) > 1})
        if twice:
            labels = {name: str(label) for name, label, _words in FIELDS}
            raise forms.ValidationError(_("Each field can come from one column only: %(fields)s.") % {
                "fields": ", ".join(labels[t] for t in twice)}, code="twice")
        return data

    def columns(self) -> dict:
        return {name: self.cleaned_data[f"column_{n}"] for n, name in enumerate(self.header)
                if self.cleaned_data.get(f"column_{n}")}


class StartForm(forms.Form):
    publish = forms.BooleanField(label=gettext_lazy("List new groups at once, without review"), required=False)
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("Leave out refused records and import the rest"), required=False)

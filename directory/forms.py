from django import forms
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from hub.widgets import Select

from . import caching
from .geo import MAX_PLACE_LENGTH, PLACE_TOO_LONG, LocationError, geocoder
from .language_names import in_label_order
from .models import Category, Language, Meeting
from .search import Filters, Query
from .search.text import MAX_QUERY_LENGTH

DISTANCES = [1, 3, 5, 10, 25, 50]
DEFAULT_DISTANCE = 10


def category_choices():
    """Two-level choices: each top-level category, then its children under it."""
    return caching.remember("category-choices", _build_category_choices)


def language_choices():
    return caching.remember("language-choices", lambda: [("", str(_("Any language")))] + [
        (language.code, language.label) for language in in_label_order(Language.objects.all())
    ])


def _build_category_choices():
    choices = [("", str(_("Anything")))]
    categories = list(Category.objects.select_related("parent"))
    tops = [c for c in categories if c.parent_id is None]
    for top in tops:
        children = [c for c in categories if c.parent_id == top.pk]
        choices.append((top.label, [(top.slug, _("%(name)s (all)") % {"name": top.label})]
                        + [(c.slug, c.label) for c in children]))
    return choices


def miles_choices(distances):
    """Choices of "Within 10 miles" for each distance, in the reader's language: a field
    calls this each time it is shown (a list made when the module is imported would stay
    in the language of that moment)."""
    return lambda: [(d, ngettext("Within %(miles)s mile", "Within %(miles)s miles", d) % {"miles": d})
                    for d in distances]


class SearchForm(forms.Form):
    """The public search. A GET form: every field is optional, and a field that can't be
    understood is reported and left out, so a search never fails because of one part."""

    q = forms.CharField(
        label=_("Words to search for"), required=False, strip=True, max_length=MAX_QUERY_LENGTH,
        help_text=_("Optional. For example: grief, dementia, tinnitus."),
    )
    category = forms.ChoiceField(
        label=_("What the group is about"), required=False, widget=Select,
        error_messages={"invalid_choice": _("Choose a subject from the list.")},
    )
    where = forms.CharField(
        label=_("Where"), required=False, strip=True, max_length=MAX_PLACE_LENGTH,
        error_messages={"max_length": PLACE_TOO_LONG},
        help_text=_("A postcode, the first part of one, or a town. For example: NG1 6AA, NG1 or Derby."),
    )
    distance = forms.TypedChoiceField(
        label=_("Distance"), required=False, coerce=int, empty_value=DEFAULT_DISTANCE,
        choices=miles_choices(DISTANCES), initial=DEFAULT_DISTANCE, widget=Select,
    )
    meets = forms.ChoiceField(
        label=_("How it meets"), required=False, widget=Select,
        error_messages={"invalid_choice": _("Choose how the group meets from the list.")},
        choices=[("", _("In person or online")), ("in_person", _("In person")),
                 ("online", _("Online")), ("both", _("Both in person and online"))],
    )
    day = forms.TypedChoiceField(
        label=_("Day of the week"), required=False, coerce=int, empty_value=None, widget=Select,
        error_messages={"invalid_choice": _("Choose a day from the list.")},
        choices=[("", _("Any day")), *Meeting.Weekday.choices],
    )
    time = forms.ChoiceField(
        label=_("Time of day"), required=False, widget=Select,
        error_messages={"invalid_choice": _("Choose a time of day from the list.")},
        choices=[("", _("Any time")), ("daytime", _("Daytime (before 5pm)")),
                 ("evening", _("Evening (5pm or later)"))],
    )
    language = forms.ChoiceField(
        label=_("Language of the meeting"), required=False, widget=Select,
        error_messages={"invalid_choice": _("Choose a language from the list.")},
    )
    women_only = forms.BooleanField(label=_("Women only"), required=False)
    family = forms.BooleanField(label=_("Family and friends welcome"), required=False)
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    new = forms.BooleanField(label=_("New groups (started in the last 2 years)"), required=False)

    FILTER_FIELDS = ["meets", "day", "time", "language", "women_only", "family", "step_free", "new"]

    def __init__(self, data=None, *args, **kwargs):
        distance_replaced = False
        query_cut = data is not None and len(data.get("q") or "") > MAX_QUERY_LENGTH
        if query_cut:
            # Cut here rather than refused, so the search still runs; and in the data, so
            # the page never shows a huge search back.
            data = data.copy()
            data["q"] = data["q"][:MAX_QUERY_LENGTH]
        if data is not None and data.get("distance") not in [str(d) for d in DISTANCES]:
            # A search without a distance (from a subject link, say) or with one we don't
            # offer uses the default, and the distance box shows it, so that the next
            # search keeps it.
            distance_replaced = bool(data.get("distance"))
            data = data.copy()
            data["distance"] = str(DEFAULT_DISTANCE)
        super().__init__(data, *args, **kwargs)
        self.fields["category"].choices = category_choices()
        self.fields["language"].choices = language_choices()
        self.notes = []
        if query_cut:
            self.notes.append(
                _("Your search was very long, so we used the first %(count)s characters.")
                % {"count": MAX_QUERY_LENGTH}
            )
        if distance_replaced:
            self.notes.append(_("Choose a distance from the list. We used %(miles)s miles.")
                              % {"miles": DEFAULT_DISTANCE})
        self.point = None
        self.place_suggestion = ""
        self.query_cut = query_cut

    def clean_where(self):
        text = self.cleaned_data["where"]
        if text:
            try:
                self.point = geocoder().locate(text)
            except LocationError as error:
                # The page offers the place it guessed as a link, so the message need not.
                self.place_suggestion = error.suggestion
                message = str(error)
                if error.suggestion:
                    message = _("We couldn’t find “%(place)s”.") % {"place": text[:60]}
                raise forms.ValidationError(message, code="unknown_place") from None
        return text

    @property
    def location_failed(self) -> bool:
        return "where" in self.errors

    def to_query(self, page: int = 1) -> Query:
        """The search this form asks for, leaving out any field that had an error."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        category_ids = ()
        if data.get("category"):
            category = Category.objects.filter(slug=data["category"]).first()
            if category:
                category_ids = tuple(category.with_children_ids())
        filters = Filters(
            meets=data.get("meets") or "",
            weekday=data.get("day"),
            time_of_day=data.get("time") or "",
            women_only=bool(data.get("women_only")),
            family_welcome=bool(data.get("family")),
            language=data.get("language") or "",
            step_free=bool(data.get("step_free")),
            new_groups=bool(data.get("new")),
        )
        return Query(
            words=data.get("q") or "",
            category_ids=category_ids,
            point=self.point,
            miles=data.get("distance") or DEFAULT_DISTANCE,
            filters=filters,
            page=page,
            language=get_language() or "",
        )

    def active_filters(self) -> list[str]:
        """Plain descriptions of the choices under “Narrow your search” that are in use."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        described = []
        for name in self.FILTER_FIELDS:
            value = data.get(name)
            if value in (None, "", False):
                continue
            field = self.fields[name]
            if isinstance(field, forms.BooleanField):
                described.append(str(field.label))
            else:
                described.append(str(dict(field.choices).get(value, value)))
        return described

    @property
    def filters_open(self) -> bool:
        """Show the narrowing choices when any is in use or has a problem."""
        if not self.is_bound:
            return False
        return bool(self.active_filters()) or any(name in self.errors for name in self.FILTER_FIELDS)

    def clear_filters_url(self) -> str:
        """This search without any of the narrowing choices."""
        from urllib.parse import urlencode

        keep = {name: self.data.get(name) for name in ("q", "category", "where", "distance")}
        return "?" + urlencode({k: v for k, v in keep.items() if v})


class SubjectPlaceForm(forms.Form):
    """A subject, a place and a distance, read as the search reads them (a GET form: a part
    that can't be understood is reported and left out; the place and distance are the
    search's own fields and messages). The events page and its feeds, the new groups' feed
    and the network of groups filter with it."""

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

    @property
    def distance_value(self) -> int:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return data.get("distance") or DEFAULT_DISTANCE


FEED_PARAMETERS = {"subject", "place", "miles"}


def read_feed_parameters(params, form_class=SubjectPlaceForm) -> tuple[SubjectPlaceForm, list[str], bool]:
    """A feed's ?subject=<slug>&place=<where>&miles=<n>, read strictly (a feed reader or a
    calendar can't show a form's errors, so a part it can't use is refused, not left out):
    the form, the problems in words (none when it can be used), and whether it was sent
    parameters it does not take."""
    data = {"category": str(params.get("subject", ""))[:100], "where": params.get("place", ""),
            "distance": params.get("miles", "")}
    if data["where"] and not data["distance"]:
        data["distance"] = str(DEFAULT_DISTANCE)
    form = form_class(data, strict=True)
    problems = [] if form.is_valid() else [str(error) for errors in form.errors.values() for error in errors]
    return form, problems, bool(set(params) - FEED_PARAMETERS)


def page_number(value) -> tuple[int, bool]:
    """A page number from the query string: (number, whether it was understood)."""
    if value in (None, ""):
        return 1, True
    try:
        number = int(str(value).strip())
    except ValueError:
        return 1, False
    if number < 1 or number > 100_000:
        return 1, False
    return number, True

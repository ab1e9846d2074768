"""The one way a form offers the directory's subjects: every subject, each top-level one
followed by its own, as tick boxes ("Mental health: all of it", "Mental health: Depression")."""

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .models import Category


def subject_queryset():
    """Every subject, each top-level one followed by its own."""
    return (Category.objects.select_related("parent")
            .annotate(top_position=Coalesce("parent__position", "position"),
                      top_name=Coalesce("parent__name", "name"),
                      is_child=Case(When(parent__isnull=True, then=Value(0)), default=Value(1),
                                    output_field=IntegerField()))
            .order_by("top_position", "top_name", "is_child", "position", "name"))


def choice_label(category) -> str:
    """How a list of every subject names one, in the reader's language: "Carers: all of it"
    for a top-level subject, "Carers: Young carers" for one under it."""
    if category.parent_id:
        return category.label_with_parent
    return _("%(subject)s: all of it") % {"subject": category.label}


class SubjectsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(queryset=subject_queryset(), **kwargs)

    def label_from_instance(self, category):
        return choice_label(category)

"""Staff pages: where a feed and a group's own listing disagree."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from directory.models import Group
from directory.permissions import require_staff

from .models import SourceRecord
from .ownership import choose, differences


class ChoiceForm(forms.Form):
    record = forms.IntegerField(widget=forms.HiddenInput)
    key = forms.CharField(widget=forms.HiddenInput, max_length=250)
    choice = forms.ChoiceField(label=_("Which to keep"), widget=forms.RadioSelect, choices=[
        ("feed", _("What the feed says")), ("group", _("What the group says"))])


@login_required
def feed_differences(request):
    """Every group where a feed says something other than the group."""
    require_staff(request)
    ids = SourceRecord.objects.filter(kind=SourceRecord.Kind.SERVICE).exclude(disputed={}).values("object_id")
    return render(request, "openreferral/feed_differences.html", {"groups": Group.objects.filter(pk__in=ids)})


@login_required
def group_differences(request, slug):
    """One group's differences with its feed, each with the choice between them."""
    require_staff(request)
    group = get_object_or_404(Group, slug=slug)
    if request.method == "POST":
        form = ChoiceForm(request.POST)
        found = {(d.record.pk, d.key): d for d in differences(group)}
        if not form.is_valid():
            raise Http404
        difference = found.get((form.cleaned_data["record"], form.cleaned_data["key"]))
        if difference is None:
            raise Http404
        choose(group, difference.record, difference.key, form.cleaned_data["choice"] == "feed", request.user)
        messages.success(request, _("Done: the group’s history records your choice."))
        return redirect("openreferral-staff:group-differences", group.slug)
    rows = [(d, ChoiceForm(initial={"record": d.record.pk, "key": d.key, "choice": "group"},
                           auto_id=f"id_%s_{n}")) for n, d in enumerate(differences(group))]
    return render(request, "openreferral/group_differences.html", {"group": group, "rows": rows})

"""Staff pages: the configured feeds, and the groups gone from their source."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from directory.models import Group
from directory.permissions import require_staff

from . import feeds
from .models import FeedSource, SourceRecord


class KeepForm(forms.Form):
    """Nothing to fill in: the form is there so that the POST is bound and checked."""


@require_safe
@login_required
def feed_list(request):
    """Every configured feed with its last check and result; then the groups gone from
    their source, each with what staff can do."""
    require_staff(request)
    return render(request, "openreferral/feeds.html", {
        "feeds": FeedSource.objects.all(),
        "missing": feeds.missing_records(),
        "hour": settings.OPENREFERRAL_FEED_HOUR,
        "can_change": request.user.has_perm("openreferral.change_feedsource"),
        "can_add": request.user.has_perm("openreferral.add_feedsource"),
    })


@require_POST
@login_required
def keep_listing(request, pk):
    """Staff have looked at a group gone from its source and keep its listing as it is."""
    require_staff(request)
    record = get_object_or_404(SourceRecord, pk=pk, kind=SourceRecord.Kind.SERVICE, missing_since__isnull=False)
    group = get_object_or_404(Group, pk=record.object_id)
    if KeepForm(request.POST).is_valid():
        feeds.keep(record)
        messages.success(request, _("%(name)s stays listed as it is. It leaves this list until its source drops it "
                                    "again.") % {"name": group.name})
    return redirect("openreferral-feeds:feeds")

"""The posters' side: staff and practitioners post opportunities and forums, and read replies.

Anonymous feedback shows only how the group chose to be described; replies carry no
dates and come in a random order, so nothing here links anonymous feedback to a group.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lib.forms import form_data

from . import services
from .forms import ForumForm, ForumMeetingForm, OpportunityForm
from .models import Forum, Opportunity
from .permissions import forum_to_manage, opportunity_to_manage, require_poster


@login_required
def posted(request):
    require_poster(request)
    today = timezone.localdate()
    opportunities = Opportunity.objects.posted_for(request.user).select_related("agency")
    return render(request, "voice/posted.html", {
        "open": opportunities.open(today).order_by("closes_on"),
        "closed": opportunities.exclude(pk__in=opportunities.open(today)).order_by("-closes_on")[:50],
        "forums": Forum.objects.posted_for(request.user).select_related("agency").order_by("closed_at", "name"),
    })


def _post_new(request, form_class, post, template, name):
    """The form that posts a new opportunity or forum (`name`, in the template) with `post`."""
    require_poster(request)
    form = form_class(form_data(request))
    if request.method == "POST" and form.is_valid():
        item, told = post(request.user, form)
        if told:
            messages.success(request, ngettext(
                "Posted. %(n)s group that asked to hear about this has been told by email.",
                "Posted. %(n)s groups that asked to hear about this have been told by email.", told) % {"n": told})
        else:
            messages.success(request, _("Posted. No group has asked to hear about this yet, so nobody was "
                                        "emailed."))
        return redirect(item)
    return render(request, template, {"form": form, name: None})


def _edit_posted(request, form_class, item, template, name):
    """The form that changes an opportunity or forum already posted."""
    form = form_class(form_data(request), instance=item)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.save_with_topics(form)
        messages.success(request, _("Saved."))
        return redirect(item)
    return render(request, template, {"form": form, name: item})


@login_required
def new_opportunity(request):
    return _post_new(request, OpportunityForm, services.post_opportunity, "voice/opportunity_form.html",
                     "opportunity")


@login_required
def edit_opportunity(request, uuid):
    opportunity = opportunity_to_manage(request, uuid)
    return _edit_posted(request, OpportunityForm, opportunity, "voice/opportunity_form.html", "opportunity")


@login_required
def opportunity(request, uuid):
    opportunity = opportunity_to_manage(request, uuid)
    return render(request, "voice/opportunity.html", {
        "opportunity": opportunity,
        "interests": opportunity.interests.select_related("group").order_by("group__name"),
        "feedback": opportunity.feedback.select_related("group").order_by("sort_key"),
    })


@login_required
@require_POST
def withdraw_opportunity(request, uuid):
    opportunity = opportunity_to_manage(request, uuid)
    services.withdraw(opportunity)
    messages.success(request, _("Withdrawn. Groups no longer see it."))
    return redirect(opportunity)


@login_required
def new_forum(request):
    return _post_new(request, ForumForm, services.post_forum, "voice/forum_form.html", "forum")


@login_required
def edit_forum(request, uuid):
    forum = forum_to_manage(request, uuid)
    return _edit_posted(request, ForumForm, forum, "voice/forum_form.html", "forum")


@login_required
def forum(request, uuid):
    forum = forum_to_manage(request, uuid)
    return render(request, "voice/forum.html", {
        "forum": forum,
        "members": forum.memberships.select_related("group").order_by("group__name"),
        "meetings": forum.meetings.order_by("-date"),
    })


@login_required
def forum_meeting(request, uuid, pk=None):
    forum = forum_to_manage(request, uuid)
    meeting = get_object_or_404(forum.meetings, pk=pk) if pk else None
    form = ForumMeetingForm(form_data(request), instance=meeting)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.forum = forum
        saved.save()
        messages.success(request, _("Meeting saved."))
        return redirect(forum)
    return render(request, "voice/forum_meeting_form.html", {"forum": forum, "form": form, "meeting": meeting})


@login_required
@require_POST
def close_forum(request, uuid):
    forum = forum_to_manage(request, uuid)
    Forum.objects.filter(pk=forum.pk).update(closed_at=timezone.now())
    messages.success(request, _("The forum is closed. Groups can no longer join it."))
    return redirect(forum)

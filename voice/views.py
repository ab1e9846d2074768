"""A group's side: what it hears about, its replies, and the forums it belongs to.

Every page here is for the group's coordinators only (see permissions.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib.forms import form_data

from . import services
from .areas import places_of
from .forms import FeedbackForm, InterestForm, PreferencesForm
from .models import Feedback, Interest
from .permissions import group_for_coordinator


def _with_replies(queryset, group):
    return queryset.annotate(
        interested=Exists(Interest.objects.filter(opportunity=OuterRef("pk"), group=group)),
        gave_feedback=Exists(Feedback.objects.filter(opportunity=OuterRef("pk"), group=group)),
    )


@login_required
def have_your_say(request, slug):
    group = group_for_coordinator(request, slug)
    preferences = services.preferences_of(group)
    return render(request, "voice/have_your_say.html", {
        "group": group,
        "preferences": preferences,
        "opportunities": _with_replies(services.opportunities_for(group, preferences), group),
        "hidden": services.hidden_opportunities(group, preferences),
        "replied": _with_replies(services.replied_opportunities(group), group).order_by("-closes_on"),
        "forums": services.forums_for(group, preferences),
    })


@login_required
def preferences(request, slug):
    group = group_for_coordinator(request, slug)
    current = services.preferences_of(group)
    form = PreferencesForm(form_data(request), initial=PreferencesForm.initial_for(current))
    if request.method == "POST" and form.is_valid():
        saved = services.save_preferences(group, form.cleaned_data)
        if saved.levels():
            messages.success(request, _("Saved. The group will hear about what it chose."))
        else:
            messages.success(request, _("Saved. The group will not hear about any opportunities."))
        return redirect("voice:have-your-say", group.slug)
    districts = sorted({place.district for place in places_of(group)})
    return render(request, "voice/preferences.html", {"group": group, "form": form, "districts": districts})


def _opportunity(group, uuid):
    opportunity = services.opportunity_for_group(group, uuid)
    if opportunity is None:
        raise Http404
    return opportunity


def _detail(request, group, opportunity, interest_form=None, status=200):
    interest = Interest.objects.filter(opportunity=opportunity, group=group).first()
    feedback = Feedback.objects.filter(opportunity=opportunity, group=group).first()
    preferences = services.preferences_of(group)
    return render(request, "voice/group_opportunity.html", {
        "group": group, "opportunity": opportunity, "interest": interest, "feedback": feedback,
        "interest_form": interest_form or InterestForm(instance=interest),
        "is_hidden": bool(preferences and str(opportunity.uuid) in preferences.hidden),
    }, status=status)


@login_required
def group_opportunity(request, slug, uuid):
    group = group_for_coordinator(request, slug)
    return _detail(request, group, _opportunity(group, uuid))


def _closed(request, group, opportunity):
    messages.error(request, _("This has closed, so it can’t take replies any more."))
    return redirect("voice:group-opportunity", group.slug, opportunity.uuid)


@login_required
@require_POST
def interested(request, slug, uuid):
    group = group_for_coordinator(request, slug)
    opportunity = _opportunity(group, uuid)
    if not opportunity.is_open:
        return _closed(request, group, opportunity)
    form = InterestForm(request.POST)
    if not form.is_valid():
        return _detail(request, group, opportunity, interest_form=form)
    services.say_interested(group, opportunity, form)
    messages.success(request, _("Saved. They will see that %(group)s is interested, and your message.")
                     % {"group": group.name})
    return redirect("voice:group-opportunity", group.slug, opportunity.uuid)


@login_required
@require_POST
def not_for_us(request, slug, uuid):
    group = group_for_coordinator(request, slug)
    opportunity = _opportunity(group, uuid)
    services.not_for_us(group, opportunity)
    messages.success(request, _("Done: it is off your list. Nothing is sent, and nobody is told."))
    return redirect("voice:have-your-say", group.slug)


@login_required
@require_POST
def show_again(request, slug, uuid):
    group = group_for_coordinator(request, slug)
    opportunity = _opportunity(group, uuid)
    services.show_again(group, opportunity)
    messages.success(request, _("It is back on your list."))
    return redirect("voice:group-opportunity", group.slug, opportunity.uuid)


@login_required
def feedback(request, slug, uuid):
    group = group_for_coordinator(request, slug)
    opportunity = _opportunity(group, uuid)
    existing = Feedback.objects.filter(opportunity=opportunity, group=group).first()
    if not opportunity.is_open:
        return _closed(request, group, opportunity)
    form = FeedbackForm(form_data(request), instance=existing, group=group)
    if request.method == "POST" and form.is_valid():
        saved = services.give_feedback(group, opportunity, form)
        if saved.anonymous:
            messages.success(request, _("Thank you. They will see it as from “%(who)s”.") % {"who": saved.described_as})
        else:
            messages.success(request, _("Thank you. They will see it as from %(group)s.") % {"group": group.name})
        return redirect("voice:group-opportunity", group.slug, opportunity.uuid)
    return render(request, "voice/feedback.html", {
        "group": group, "opportunity": opportunity, "form": form, "existing": existing,
        "named_interest": Interest.objects.filter(opportunity=opportunity, group=group).exists(),
    })


@login_required
@require_POST
def take_back(request, slug, uuid, what):
    if what not in ("interest", "feedback"):
        raise Http404
    group = group_for_coordinator(request, slug)
    opportunity = _opportunity(group, uuid)
    services.take_back(group, opportunity, what)
    messages.success(request, _("Taken back: they no longer see it."))
    return redirect("voice:group-opportunity", group.slug, opportunity.uuid)


def _forum(group, uuid):
    forum = services.forum_for_group(group, uuid)
    if forum is None:
        raise Http404
    return forum


@login_required
def group_forum(request, slug, uuid):
    group = group_for_coordinator(request, slug)
    forum = _forum(group, uuid)
    return render(request, "voice/group_forum.html", {
        "group": group, "forum": forum,
        "upcoming": forum.upcoming_meetings(),
        "past": forum.meetings.exclude(pk__in=forum.upcoming_meetings()).order_by("-date")[:12],
        "members": forum.memberships.select_related("group").order_by("group__name") if forum.is_member else None,
        "member_count": forum.memberships.count(),
    })


@login_required
@require_POST
def join_forum(request, slug, uuid):
    group = group_for_coordinator(request, slug)
    forum = _forum(group, uuid)
    if forum.closed_at:
        messages.error(request, _("This forum has closed."))
    else:
        services.join_forum(group, forum)
        messages.success(request, _("%(group)s is now a member of %(forum)s.") % {"group": group.name, "forum": forum})
    return redirect("voice:group-forum", group.slug, forum.uuid)


@login_required
@require_POST
def leave_forum(request, slug, uuid):
    group = group_for_coordinator(request, slug)
    forum = _forum(group, uuid)
    services.leave_forum(group, forum)
    messages.success(request, _("%(group)s has left %(forum)s. Nothing is kept about it.")
                     % {"group": group.name, "forum": forum})
    return redirect("voice:have-your-say", group.slug)

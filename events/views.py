from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from directory.forms import read_feed_parameters
from lib.forms import form_data
from lib.urls import absolute_url
from publishing.calendar import events_calendar

from .forms import CancelEventForm, EventFilterForm, EventForm
from .models import MOST_LISTED, Event
from .permissions import can_change, event_to_change, group_to_manage, is_staff, require_staff


def _calendar_file(filename, mimetype, body):
    response = HttpResponse(body, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def event_list(request):
    """Events to come, soonest first, narrowed by subject and place like the search."""
    form = EventFilterForm(request.GET if request.GET else None)
    events = Event.objects.upcoming()
    feed_query = {}
    if form.is_bound:
        form.is_valid()  # each part with an error is reported and left out
        events = form.filter(events)
        feed_query = form.feed_query()
    events = list(events.select_related("group").prefetch_related("subjects")[:MOST_LISTED])
    # webcal:// asks the reader's calendar program to subscribe, rather than download once.
    feed = "webcal://" + absolute_url(reverse("events:calendar")).split("://", 1)[1]
    if feed_query:
        feed += "?" + urlencode(feed_query)
    return render(request, "events/list.html", {"form": form, "events": events, "feed": feed,
                                                "filtered": bool(feed_query),
                                                "may_post_for_hub": is_staff(request.user)},
                  status=400 if form.is_bound and form.errors else 200)


@require_safe
def event_detail(request, event_uuid):
    event = get_object_or_404(Event.objects.public().select_related("group").prefetch_related("subjects"),
                              uuid=event_uuid)
    return render(request, "events/detail.html", {"event": event, "may_change": can_change(request.user, event)})


@require_safe
def event_ics(request, event_uuid):
    event = get_object_or_404(Event.objects.public(), uuid=event_uuid)
    return _calendar_file(*events_calendar([event], event.title, filename=event.title))


@require_safe
def calendar_feed(request):
    """The calendar subscription (webcal) of events to come: ?subject=<slug>&place=<where>&miles=<n>.
    A calendar program cannot show a form's errors, so a parameter it can't use is refused
    with a plain message (400) rather than ignored."""
    form, problems, unknown = read_feed_parameters(request.GET, EventFilterForm)
    if unknown:
        problems.append(_("This calendar takes only subject, place and miles."))
    if problems:
        return HttpResponseBadRequest("\n".join(problems), content_type="text/plain; charset=utf-8")
    events = form.filter(Event.objects.upcoming()).select_related("group")[:MOST_LISTED]
    name = " · ".join(part for part in [_("Events"), *(subject.label for subject in form.subjects),
                                        form.point.label if form.point else ""] if part)
    return _calendar_file(*events_calendar(events, name))


def _save(request, form, group):
    event = form.save(commit=False)
    event.group = group
    event.save()
    form.save_m2m()
    messages.success(request, _("Event saved: %(title)s.") % {"title": event.title})
    return redirect(event)


@login_required
def add_group_event(request, slug):
    group = group_to_manage(request, slug)
    form = EventForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        return _save(request, form, group)
    return render(request, "events/edit.html", {"form": form, "group": group, "event": None},
                  status=400 if form.errors else 200)


@login_required
def add_hub_event(request):
    require_staff(request)
    form = EventForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        return _save(request, form, None)
    return render(request, "events/edit.html", {"form": form, "group": None, "event": None},
                  status=400 if form.errors else 200)


@login_required
def edit_event(request, event_uuid):
    event = event_to_change(request, event_uuid)
    form = EventForm(form_data(request), instance=event)
    if request.method == "POST" and form.is_valid():
        return _save(request, form, event.group)
    return render(request, "events/edit.html", {"form": form, "group": event.group, "event": event},
                  status=400 if form.errors else 200)


@login_required
def cancel_event(request, event_uuid):
    """GET asks "are you sure?"; POST marks the event cancelled (it stays listed, marked, so
    that people who meant to go find out)."""
    event = event_to_change(request, event_uuid)
    form = CancelEventForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        event.cancelled = True
        event.save(update_fields=["cancelled"])
        messages.success(request, _("The event is cancelled: %(title)s.") % {"title": event.title})
        return redirect(event)
    return render(request, "events/cancel.html", {"event": event})

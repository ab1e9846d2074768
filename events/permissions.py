"""Who may post and change events: decided here, and nowhere else.

- Anyone, signed in or not, reads the events of the hub and of listed groups.
- A group's coordinators post events for their group, change them and cancel them; staff
  may do the same for any group (directory.permissions.can_manage, the rule for keeping a
  group's listing).
- Staff alone post the self-help team's own events (an event with no group) and change them.
- Anyone else signed in has no link to an event they may not change: "not found".
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from directory.permissions import can_manage, group_to_manage, is_staff, require_staff

from .models import Event

__all__ = ["can_change", "event_to_change", "group_to_manage", "is_staff", "require_staff"]


def can_change(user, event) -> bool:
    if event.group_id is None:
        return is_staff(user)
    return can_manage(user, event.group)


def event_to_change(request, event_uuid) -> Event:
    """The event if the signed-in person may change it; 404 otherwise."""
    event = get_object_or_404(Event.objects.select_related("group"), uuid=event_uuid)
    if not can_change(request.user, event):
        raise Http404
    return event

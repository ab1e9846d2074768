"""Who may do what to a group's listing: decided here, and nowhere else.

- A group's coordinators keep its listing: edit it, its meetings and venues, confirm it,
  change its stage, invite co-coordinators, step down, and read its history.
- Intermediary staff may do all of that for any group, review new listings, and undo a
  change.
- Anyone else signed in (a coordinator of another group, a practitioner) has no link to
  the group: they get "not found", so the page does not even confirm the group exists
  beyond its public listing.
- Signed-out visitors are sent to sign in.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Group


def is_staff(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff


def is_coordinator(user, group) -> bool:
    return user.is_authenticated and group.coordinators.filter(user=user).exists()


def can_manage(user, group) -> bool:
    return is_staff(user) or is_coordinator(user, group)


def group_to_manage(request, slug) -> Group:
    """The group at `slug` if the signed-in person may manage it; 404 otherwise."""
    group = get_object_or_404(Group, slug=slug)
    if not can_manage(request.user, group):
        raise Http404
    return group


def require_staff(request):
    if not is_staff(request.user):
        raise PermissionDenied

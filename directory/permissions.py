"""Who may do what to a group's listing: decided here, and nowhere else.

- A group's coordinators keep its listing: edit it, its meetings and venues (and cancel or
  move one date of a meeting), confirm it, change its stage, invite co-coordinators (and
  resend or withdraw an invitation), remove one, step down, and read its history.
- Intermediary staff may do all of that for any group, review new listings, and undo a
  change; but who speaks for a group is the group's own business: only a coordinator takes
  another coordinator off it (`group_for_coordinators`), and staff never become
  coordinators (`directory.services.may_coordinate`).
- Anyone else signed in (a coordinator of another group, a practitioner) has no link to
  the group: they get "not found", so the page does not even confirm the group exists
  beyond its public listing.
- Signed-out visitors are sent to sign in.

The roles themselves (staff, coordinator, practitioner) are defined in accounts/roles.py;
"not found" against "forbidden" follows the rule in the README's architecture section.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.roles import is_coordinator, is_staff

from .models import Group

__all__ = ["can_manage", "group_for_coordinators", "group_to_manage", "is_coordinator", "is_staff",
           "require_staff"]


def can_manage(user, group) -> bool:
    return is_staff(user) or is_coordinator(user, group)


def group_to_manage(request, slug) -> Group:
    """The group at `slug` if the signed-in person may manage it; 404 otherwise."""
    group = get_object_or_404(Group, slug=slug)
    if not can_manage(request.user, group):
        raise Http404
    return group


def group_for_coordinators(request, slug) -> Group:
    """Pages where only the group speaks for itself (its introductions, reflections, what it
    asks for and agrees to): its coordinators. Staff, who keep every listing, are linked to
    the group but may not act or read for it (403); anyone else has no link (404)."""
    group = get_object_or_404(Group, slug=slug)
    if is_coordinator(request.user, group):
        return group
    if is_staff(request.user):
        # The refusal's reason is shown on the 403 page (templates/403.html).
        raise PermissionDenied(_(
            "Only the group’s own coordinators can open this page: what it holds is for the group alone. "
            "Staff keep the group’s listing, but not this."))
    raise Http404


def require_staff(request):
    if not is_staff(request.user):
        raise PermissionDenied(_("This page is for the staff of the self-help team."))

"""Who may do what with opportunities, forums and reflections: decided here, and nowhere else.

- A group's coordinators, and only they, choose what the group hears about, see the
  opportunities and forums that match, reply, join and leave forums, and keep the
  group's well-being reflections. Staff, who keep every listing, are linked to the group
  but not let in ("forbidden"): a reflection is the group's own until it publishes a
  summary, and the group-side pages would show which group gave anonymous feedback.
  Anyone else signed in has no link to the group ("not found").
- Staff and practitioners (people in an agency's team) post opportunities and forums.
  Staff manage every one; a practitioner manages their own agency's, and gets "not
  found" for anyone else's. Anyone else signed in gets "forbidden" for posting pages.
- Signed-out visitors are sent to sign in (the views use `login_required`).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.roles import is_practitioner, is_staff
from directory.models import Group
from directory.permissions import group_for_coordinators

from .models import Forum, Opportunity


def group_for_coordinator(request, slug) -> Group:
    """The group at `slug` if the signed-in person coordinates it (see group_for_coordinators)."""
    return group_for_coordinators(request, slug)


def can_post(user) -> bool:
    return is_staff(user) or is_practitioner(user)


def require_poster(request):
    if not can_post(request.user):
        raise PermissionDenied


def opportunity_to_manage(request, uuid) -> Opportunity:
    require_poster(request)
    return get_object_or_404(Opportunity.objects.posted_for(request.user), uuid=uuid)


def forum_to_manage(request, uuid) -> Forum:
    require_poster(request)
    return get_object_or_404(Forum.objects.posted_for(request.user), uuid=uuid)

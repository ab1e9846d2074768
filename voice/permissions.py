"""Who may do what with opportunities, forums and reflections: decided here, and nowhere else.

- A group's coordinators, and only they, choose what the group hears about, see the
  opportunities and forums that match, reply, join and leave forums, and keep the
  group's well-being reflections. Staff are not let in ("not found"): a reflection is
  the group's own until it publishes a summary, and the group-side pages would show
  which group gave anonymous feedback.
- Staff and practitioners (people in an agency's team) post opportunities and forums.
  Staff manage every one; a practitioner manages their own agency's, and gets "not
  found" for anyone else's. Anyone else signed in gets "forbidden" for posting pages.
- Signed-out visitors are sent to sign in (the views use `login_required`).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from directory.models import Group
from directory.permissions import is_coordinator, is_staff

from .models import Forum, Opportunity


def group_for_coordinator(request, slug) -> Group:
    """The group at `slug` if the signed-in person coordinates it; 404 for everyone else."""
    group = get_object_or_404(Group, slug=slug)
    if not is_coordinator(request.user, group):
        raise Http404
    return group


def can_post(user) -> bool:
    return is_staff(user) or (user.is_authenticated and user.is_active and user.is_practitioner)


def require_poster(request):
    if not can_post(request.user):
        raise PermissionDenied


def opportunity_to_manage(request, uuid) -> Opportunity:
    require_poster(request)
    return get_object_or_404(Opportunity.objects.posted_for(request.user), uuid=uuid)


def forum_to_manage(request, uuid) -> Forum:
    require_poster(request)
    return get_object_or_404(Forum.objects.posted_for(request.user), uuid=uuid)

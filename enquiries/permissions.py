"""Who may read messages to the self-help team and reports of a wrong listing: decided here.

- Anyone may write to the team (/contact/) and report a problem with a group's listing
  while its page answers (the group is reachable).
- An enquiry, with the enquirer's details, is read by staff alone; so is the address of
  someone who reported a problem.
- A group's coordinators read the problems reported with its listing (what is wrong and the
  details, never who reported it) and mark them dealt with. Staff read every report in
  their own inbox, so on the group's page they get "forbidden", as on its other pages
  where only the group acts; anyone else has no link to the group ("not found").
"""

from django.shortcuts import get_object_or_404

from directory.models import Group
from directory.permissions import group_for_coordinators, require_staff

__all__ = ["group_for_problems", "reportable_group", "require_staff"]


def reportable_group(slug) -> Group:
    """A problem can be reported with a group whose page answers."""
    return get_object_or_404(Group.objects.reachable(), slug=slug)


def group_for_problems(request, slug) -> Group:
    return group_for_coordinators(request, slug)

"""Who may do what among groups writing to each other: decided here, and nowhere else.

- A group's network page (finding other groups, its conversations) and each of its
  conversations are for its coordinators alone (`directory.permissions.group_for_coordinators`):
  what groups write to each other is theirs.
- Staff are linked to every group (they keep its listing) but never read what groups write to
  each other, as they never read introductions: they get "forbidden" (403), with the reason.
  There is no admin page for these messages either.
- Anyone else signed in (a coordinator of a third group, a practitioner) has no link to the
  group's conversations: "not found" (404), so a page never confirms a conversation exists.
  A coordinator of one of the two groups opens a conversation only through their own group's
  address; through any other, it is not found.
- Signed-out visitors are sent to sign in.

Writing: a group writes only while it is open to other groups itself, and only to a group
that is open and has a coordinator on the hub to read it (`Group.objects.open_to_groups()`);
a new conversation only with a listed group. Turning "open" off takes the group out of the
network's search and stops new messages both ways; its conversations stay readable by both.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from directory.models import Group
from directory.permissions import group_for_coordinators

from .models import Conversation

__all__ = ["conversation_for", "group_for_coordinators", "why_not_write"]


def conversation_for(request, slug, pk) -> tuple[Group, Conversation]:
    """The conversation `pk` of the group at `slug`, for that group's coordinators: 403 for
    staff, 404 for anyone else and for a conversation the group is not part of."""
    group = group_for_coordinators(request, slug)
    return group, get_object_or_404(Conversation.objects.involving(group).select_related(
        "from_group", "to_group"), pk=pk)


def run_by_the_same_people(group):
    """`group` and the groups a coordinator of it also coordinates (ids, as a query): they need
    no message through the hub to reach each other."""
    return Group.objects.filter(Q(pk=group.pk) | Q(coordinators__user__coordinating__group=group)).values("pk")


def why_not_write(from_group, to_group, new: bool = False) -> str:
    """Why `from_group` may not write to `to_group` now, in words; empty when it may."""
    if from_group.pk == to_group.pk:
        return _("Choose another group to write to.")
    if run_by_the_same_people(from_group).filter(pk=to_group.pk).exists():
        return _("Someone who coordinates %(group)s coordinates your group too, so the hub has no message to "
                 "pass on: talk to each other directly.") % {"group": to_group.name}
    if not from_group.open_to_groups:
        return _("Open your group to messages from other groups first: then other groups can answer you.")
    reachable = Group.objects.open_to_groups()
    if new:
        reachable = reachable.listed()
    if not reachable.filter(pk=to_group.pk).exists():
        return _("%(group)s is not open to messages from other groups at the moment, so no more can be sent "
                 "here.") % {"group": to_group.name}
    return ""

"""Who may read an introduction: decided here, and nowhere else.

- The coordinators of the group it was sent to read it in their inbox and record what
  happened.
- The practitioner who made it sees it in their own list, with its outcome only.
- Nobody else: not staff, not other coordinators, not other practitioners. Staff see
  counts, never contents.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from directory.models import Group
from directory.permissions import is_coordinator


def inbox_group(request, slug) -> Group:
    group = get_object_or_404(Group, slug=slug)
    if not is_coordinator(request.user, group):
        raise Http404  # staff included: contents are for the group alone
    return group


def require_practitioner(request):
    if not (request.user.is_authenticated and request.user.is_practitioner):
        raise PermissionDenied

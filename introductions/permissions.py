"""Who may read an introduction: decided here, and nowhere else.

- The coordinators of the group it was sent to read it in their inbox and record what
  happened.
- The practitioner who made it sees it in their own list, with its outcome only.
- A group is asked to contact someone only when somebody will receive the request
  (`group_takes_introductions`: the rule is `Group.takes_introductions`); otherwise the
  person is given the group's own details, and a request sent anyway is refused.
- Nobody else: not other coordinators, not other practitioners (they have no link to the
  group's inbox: "not found"), and not staff, who keep every listing but see counts, never
  contents ("forbidden").
"""

from django.core.exceptions import PermissionDenied

from accounts.roles import is_practitioner
from directory.permissions import group_for_coordinators


def inbox_group(request, slug):
    return group_for_coordinators(request, slug)


def require_practitioner(request):
    if not is_practitioner(request.user):
        raise PermissionDenied


def group_takes_introductions(group) -> bool:
    """Whether the group may be asked to contact someone: listed, letting people ask, and with
    a coordinator on the hub to read it (Group.takes_introductions)."""
    return group.takes_introductions

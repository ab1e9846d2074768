"""Who someone is, written once: intermediary staff, a group's coordinator, a practitioner,
a member of an agency.

Every app's permissions.py decides with these, and nothing else asks `user.is_staff` or
`user.team_id` to find out a role. Each answers False (or None) for signed-out visitors
and for accounts that have been switched off.

This module sits below the directory app: it works on the objects it is given (a group's
`coordinators` by their related name) and imports no other app.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_staff(user) -> bool:
    """The intermediary's staff: they review and keep every listing."""
    return _active(user) and user.is_staff


def staff_q(prefix: str = "") -> Q:
    """The same rule as `is_staff`, for a query on users (or through a relation to them)."""
    return Q(**{f"{prefix}is_active": True, f"{prefix}is_staff": True})


def staff_members():
    """Every account that is staff now: those told when a group needs the team's care."""
    return get_user_model().objects.filter(staff_q())


def is_coordinator(user, group) -> bool:
    """One of the people who keep this group's listing and speak for it.

    Staff never are, even with a place among its coordinators (an account made staff after
    joining, or by a bulk change that skipped the hand-over in directory.signals): a group's
    introductions and reflections are for the group alone, and staff never read them.
    """
    return _active(user) and not user.is_staff and group.coordinators.filter(user=user).exists()


def coordinator_q(prefix: str = "") -> Q:
    """The accounts `is_coordinator` can be true of, for a query: on users, or through a
    relation to them (`coordinator_q("user__")` on a group's coordinators)."""
    return Q(**{f"{prefix}is_active": True, f"{prefix}is_staff": False})


def active_coordinators(group):
    """The group's coordinators who count: those `is_coordinator` is true of. A group with
    none is kept by the self-help team (directory.services.has_active_coordinator)."""
    return group.coordinators.filter(coordinator_q("user__"))


def is_practitioner(user) -> bool:
    """Someone who works in a team of an agency (an NHS trust, a council team, a CVS)."""
    return _active(user) and user.team_id is not None


def agency_of(user):
    """The agency a practitioner works for, or None for everyone else."""
    return user.team.agency if is_practitioner(user) else None


def in_agency(user, agency_id) -> bool:
    """Whether the person works for this agency: what an agency owns, any of its
    practitioners may act for, so nothing is lost when someone moves on."""
    return agency_id is not None and is_practitioner(user) and user.team.agency_id == agency_id


def practitioner_q(prefix: str = "") -> Q:
    """The same rule as `is_practitioner`, for a query: on users, or through a relation to
    them (`practitioner_q("user__")`)."""
    return Q(**{f"{prefix}is_active": True, f"{prefix}team__isnull": False})


def practitioners():
    """Every account that is a practitioner now."""
    return get_user_model().objects.filter(practitioner_q())

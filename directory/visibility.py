"""Who sees a group: two tiers, each written once, here.

*Reachable*: the group's own page answers. Its listing is published and the group has not
closed; paused and closing groups are reachable (and marked). A published group that has
closed is *gone*: its page answers 410 with where its members can go instead.

*Listed*: reachable, and not hidden by the freshness rules (freshness.is_hidden). Every
surface that lists groups shows only these: search and its counts, printed lists and the
printed directory, calendar feeds, the Open Referral API and export, support matching
and insight.

Each tier is a `Q` for querysets (`prefix` reaches it across a relation, e.g. "group__")
and a function of one group, which Group's properties and the search index's tags
(search/tags.py) call. The functions read only the group's fields, so they also work on
the historical models that migrations index.
"""

import datetime

from django.db.models import Q

from . import freshness


def _group():
    from .models import Group

    return Group


def reachable_q(prefix: str = "") -> Q:
    Group = _group()  # noqa: N806 - a model class
    return Q(**{f"{prefix}status": Group.Status.PUBLISHED}) & ~Q(**{f"{prefix}stage": Group.Stage.CLOSED})


def listed_q(prefix: str = "", today: datetime.date | None = None) -> Q:
    return reachable_q(prefix) & ~freshness.hidden_q(prefix, today)


def is_reachable(group) -> bool:
    Group = _group()  # noqa: N806 - a model class
    return group.status == Group.Status.PUBLISHED and group.stage != Group.Stage.CLOSED


def is_gone(group) -> bool:
    """Published once, and closed since: its page says so, and where to go instead."""
    Group = _group()  # noqa: N806 - a model class
    return group.status == Group.Status.PUBLISHED and group.stage == Group.Stage.CLOSED


def is_listed(group, today: datetime.date | None = None) -> bool:
    return is_reachable(group) and not freshness.is_hidden(group.last_confirmed_on, freshness.hidden_before(today))

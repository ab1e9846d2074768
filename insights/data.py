"""The numbers behind each insight page, as tables (and the series their charts draw)."""

import datetime
from collections import Counter, defaultdict

from django.db.models import Count, Exists, Min, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.freshness import State, state_of
from directory.models import Category, Group, GroupChange
from introductions.models import Direction, Introduction, IntroductionCount, Outcome
from lib.counts import small, suppress
from voice.models import Feedback, Forum, ForumMembership, Interest, Level, Opportunity, Preferences, Reflection
from voice.services import groups_reached

from .report import Table

# Directory growth -----------------------------------------------------------------------

def growth(basis: str = "listed", today=None) -> list[tuple[int, int, int, int]]:
    """(year, new, closed, in the directory at the end of the year), from the first year to this one.

    "listed": a group is new in the year it was first listed (approved, or created for
    groups that came in already listed). "started": in the year the group says it started.
    A group counts as closed in the year it last moved to "closed".
    """
    today = today or timezone.localdate()
    groups = Group.objects.filter(status=Group.Status.PUBLISHED).annotate(
        approved=Min("history__at", filter=Q(history__action=GroupChange.Action.APPROVED)))
    new, closed = Counter(), Counter()
    closed_at = {}
    for change in GroupChange.objects.filter(group__stage=Group.Stage.CLOSED, group__status=Group.Status.PUBLISHED,
                                             action=GroupChange.Action.STAGE_CHANGED).order_by("at"):
        stage = (change.changes or {}).get("stage")
        if isinstance(stage, list) and len(stage) == 2 and stage[1] == Group.Stage.CLOSED:
            closed_at[change.group_id] = change.at
    for group in groups.only("pk", "created_at", "started_on", "stage", "updated_at"):
        listed = group.approved or group.created_at
        if basis == "started" and group.started_on:
            new[group.started_on.year] += 1
        else:
            new[timezone.localtime(listed).year] += 1
        if group.stage == Group.Stage.CLOSED:
            closed[timezone.localtime(closed_at.get(group.pk, group.updated_at)).year] += 1
    if not new:
        return []
    rows, total = [], 0
    for year in range(min(new), max(today.year, max(new), max(closed, default=0)) + 1):
        total += new[year] - closed[year]
        rows.append((year, new[year], closed[year], total))
    return rows


# Freshness --------------------------------------------------------------------------------

AGE_BANDS = [
    (182, "in the last 6 months"), (365, "6 to 12 months ago"), (548, "12 to 18 months ago"),
    (730, "18 months to 2 years ago"), (None, "more than 2 years ago"),
]


def freshness(today=None) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    today = today or timezone.localdate()
    states, ages = Counter(), Counter()
    fields = ["pk", "last_confirmed_on", "created_at", "reminders_sent", "last_reminder_at"]
    # Every reachable group, hidden ones included: staff chase those.
    for group in Group.objects.reachable().only(*fields):
        states[state_of(group, today)] += 1
        if not group.last_confirmed_on:
            ages["never"] += 1
            continue
        days = (today - group.last_confirmed_on).days
        ages[next(label for limit, label in AGE_BANDS if limit is None or days < limit)] += 1
    order = [State.FRESH, State.REMINDED, State.NEEDS_CHECKING, State.OUT_OF_DATE, State.HIDDEN]
    age_labels = {
        "in the last 6 months": _("Confirmed in the last 6 months"),
        "6 to 12 months ago": _("Confirmed 6 to 12 months ago"),
        "12 to 18 months ago": _("Confirmed 12 to 18 months ago"),
        "18 months to 2 years ago": _("Confirmed 18 months to 2 years ago"),
        "more than 2 years ago": _("Confirmed more than 2 years ago"),
        "never": _("Never confirmed by the group"),
    }
    return ([(str(State.LABELS[key]), states[key]) for key in order],
            [(age_labels[key], ages[key]) for key in [*(label for _limit, label in AGE_BANDS), "never"]])


# Introductions (counts only) ------------------------------------------------------------------

def introductions(months: int = 24, today=None) -> dict:
    """Introductions by month, direction, outcome and who made them, from the live ones and
    the counts left once their details were deleted. Small numbers are hidden."""
    today = today or timezone.localdate()
    rows = defaultdict(int)
    live = (Introduction.objects.annotate(month=TruncMonth("created_at"))
            .values("month", "direction", "outcome", "made_by").annotate(n=Count("pk")))
    kept = IntroductionCount.objects.values("month", "direction", "outcome", "made_by").annotate(n=Sum("count"))
    for row in [*live, *kept]:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        rows[(month.replace(day=1), row["direction"], row["outcome"], row["made_by"])] += row["n"]
    first = _add_months(today.replace(day=1), -(months - 1))
    series = [_add_months(first, n) for n in range(months)]
    by_month = Counter()
    by_direction, by_outcome, by_maker = Counter(), Counter(), Counter()
    for (month, direction, outcome, made_by), n in rows.items():
        by_direction[direction] += n
        by_outcome[outcome] += n
        by_maker[made_by] += n
        if month >= first:
            by_month[month] += n
    total = sum(by_direction.values())
    makers = dict(Introduction.MadeBy.choices)
    return {
        "total": small(total),
        "months": series,
        "by_month": suppress([by_month[month] for month in series]),
        "direction": list(zip([label for _v, label in Direction.choices],
                              suppress([by_direction[value] for value in Direction.values]), strict=True)),
        "outcome": list(zip([label for _v, label in Outcome.choices],
                            suppress([by_outcome[value] for value in Outcome.values]), strict=True)),
        "made_by": list(zip([makers[value] for value in makers],
                            suppress([by_maker[value] for value in makers]), strict=True)),
    }


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


# Opportunities, forums and responses -------------------------------------------------------------

def voice(today=None) -> list[Table]:
    today = today or timezone.localdate()
    open_now = Opportunity.objects.open(today)
    levels = Table(_("Who hears about each level"),
                   [_("Level"), _("Groups that chose to hear about it"), _("Open opportunities"), _("Open forums")],
                   numeric=(1, 2, 3))
    for level in Level:
        hearing = Preferences.objects.filter(**{f"hears_{level.value}": True}).exclude(
            group__stage=Group.Stage.CLOSED).count()
        forums_open = Forum.objects.active().count() if level == Level.FORUM else 0
        levels.rows.append([level.label, hearing, open_now.filter(level=level).count(), forums_open])

    opportunities = Table(
        _("Opportunities and the replies to them"),
        [_("Title"), _("From"), _("Level"), _("What kind"), _("Posted"), _("Closes"), _("Open"),
         _("Groups it reached"), _("Groups interested"), _("Feedback from groups")],
        numeric=(7, 8, 9))
    listing = (Opportunity.objects.select_related("agency").prefetch_related("topics")
               .annotate(interested=Count("interests", distinct=True), feedback_count=Count("feedback", distinct=True))
               .order_by("-created_at")[:200])
    for item in listing:
        # How many groups an opportunity reached is hidden when small: with the number of
        # replies it could point to which group gave anonymous feedback.
        opportunities.rows.append([
            item.title, item.poster_name(), item.get_level_display(), item.get_kind_display(), item.posted_on,
            item.closes_on, item.is_open, small(groups_reached(item).count()), item.interested, item.feedback_count])

    forums = Table(_("Forums"), [_("Forum"), _("Run by"), _("Member groups"), _("Next meeting"), _("Open")],
                   numeric=(2,))
    for forum in Forum.objects.select_related("agency").annotate(members=Count("memberships")).order_by("name"):
        upcoming = forum.upcoming_meetings().first()
        forums.rows.append([forum.name, forum.poster_name(), forum.members, upcoming.date if upcoming else "",
                            forum.closed_at is None])
    return [levels, opportunities, forums]


def voice_totals() -> dict:
    return {
        "open": Opportunity.objects.open().count(),
        "replies": Interest.objects.count() + Feedback.objects.count(),
        "forums": Forum.objects.active().count(),
        "members": ForumMembership.objects.filter(forum__closed_at__isnull=True).count(),
    }


# Reflections (counts only) ---------------------------------------------------------------------

def reflections(today=None) -> list[Table]:
    today = today or timezone.localdate()
    groups = Group.objects.annotate(reflected=Exists(Reflection.objects.filter(group=OuterRef("pk"))))
    headline = Table(_("Groups’ own reflections on well-being"), [_("What"), _("Number")], numeric=(1,))
    headline.rows = [
        [_("Groups that have made a reflection"), small(groups.filter(reflected=True).count())],
        [_("Groups with a summary on their page"),
         small(Reflection.objects.filter(published_at__isnull=False).values("group").distinct().count())],
    ]
    years = list(range(today.year - 4, today.year + 1))
    made = Counter(Reflection.objects.filter(held_on__year__gte=years[0]).values_list("held_on__year", flat=True))
    by_year = Table(_("Reflections made each year"), [_("Year"), _("Reflections")], numeric=(1,))
    by_year.rows = [[year, n] for year, n in zip(years, suppress([made[year] for year in years]), strict=True)]
    return [headline, by_year]


# Support requests and arrangements ------------------------------------------------------------

REVIEW_SOON_DAYS = 14
AGE_OF_REQUESTS = [(14, "under 2 weeks"), (28, "2 to 4 weeks"), (91, "1 to 3 months"), (None, "over 3 months")]


def support(today=None) -> dict:
    """Requests by area of support and what became of them; how long open ones have waited;
    arrangements and their reviews. Counts of groups' requests: nothing about a person."""
    from support.kinds import KINDS, Area
    from support.models import Arrangement, Match, SupportRequest

    today = today or timezone.localdate()
    live = [Match.Status.WAITING_FOR_GROUP, Match.Status.WAITING_FOR_PRACTITIONER]
    requests = SupportRequest.objects.annotate(
        put_forward=Exists(Match.objects.filter(request=OuterRef("pk"), status__in=live)))
    by_area = defaultdict(Counter)
    ages = Counter()
    now = timezone.now()
    for kind, status, put_forward, created_at in requests.values_list("kind", "status", "put_forward", "created_at"):
        area = KINDS[kind].area if kind in KINDS else None
        if status == SupportRequest.Status.OPEN:
            by_area[area]["open_matched" if put_forward else "open_unmatched"] += 1
            days = (now - created_at).days
            ages[next(label for limit, label in AGE_OF_REQUESTS if limit is None or days < limit)] += 1
        else:
            by_area[area][status] += 1
    requests_table = Table(
        _("Requests for support by area"),
        [_("Area of support"), _("Open, nobody put forward yet"), _("Open, someone put forward"), _("Arranged"),
         _("Closed by the group")], numeric=(1, 2, 3, 4))
    for area in Area:
        counts = by_area[area]
        requests_table.rows.append([area.label, counts["open_unmatched"], counts["open_matched"],
                                    counts[SupportRequest.Status.ARRANGED], counts[SupportRequest.Status.CLOSED]])
    age_labels = {"under 2 weeks": _("Asked under 2 weeks ago"), "2 to 4 weeks": _("Asked 2 to 4 weeks ago"),
                  "1 to 3 months": _("Asked 1 to 3 months ago"), "over 3 months": _("Asked over 3 months ago")}
    age_rows = [(age_labels[label], ages[label]) for _limit, label in AGE_OF_REQUESTS]
    ages_table = Table(_("Open requests by how long they have waited"), [_("Waiting"), _("Open requests")],
                       [list(row) for row in age_rows], numeric=(1,))
    active = Arrangement.objects.filter(status=Arrangement.Status.ACTIVE)
    arrangements = Table(_("Arrangements"), [_("What"), _("Arrangements")], numeric=(1,))
    arrangements.rows = [
        [_("Going on"), active.count()],
        [_("Review date passed"), active.filter(review_on__lte=today).count()],
        [_("Review due in the next %(n)s days") % {"n": REVIEW_SOON_DAYS},
         active.filter(review_on__gt=today, review_on__lte=today + datetime.timedelta(days=REVIEW_SOON_DAYS)).count()],
        [_("Ended"), Arrangement.objects.filter(status=Arrangement.Status.ENDED).count()],
    ]
    return {"tables": [requests_table, ages_table, arrangements], "ages": age_rows}


# The interest list: people who would join a group that doesn't exist yet (counts only) -------------

def interest_list() -> list[Table]:
    """Confirmed interest subscriptions counted by subject and by postcode district, each
    table under the small-number rule. Never an address: only counts leave the query."""
    from subscriptions.models import Subscription

    confirmed = Subscription.objects.confirmed().of_kind(Subscription.Kind.INTEREST)
    counts = dict(confirmed.order_by().values_list("subject").annotate(people=Count("pk")))
    # Named in the reader's language, and in its alphabetical order.
    by_subject = sorted(((category.label_with_parent, counts[category.pk])
                         for category in Category.objects.filter(pk__in=counts).select_related("parent")),
                        key=lambda row: row[0].casefold())
    by_district = list(confirmed.values("district").annotate(people=Count("pk")).order_by("district"))
    subjects = Table(_("People who would join a group that doesn’t exist yet, by subject"),
                     [_("Subject"), _("People")], numeric=(1,),
                     empty=_("Nobody has joined the interest list yet."))
    subjects.rows = [[label, n] for (label, _people), n in
                     zip(by_subject, suppress([people for _label, people in by_subject]), strict=True)]
    districts = Table(_("People who would join a group that doesn’t exist yet, by postcode district"),
                      [_("District"), _("People")], numeric=(1,),
                      empty=_("Nobody has joined the interest list yet."))
    districts.rows = [[row["district"], n]
                      for row, n in zip(by_district, suppress([row["people"] for row in by_district]), strict=True)]
    return [subjects, districts]

"""Scheduled work for subscriptions, run by `manage.py run_jobs`."""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from directory.geo import Point, great_circle_miles
from directory.models import Category, Group, GroupChange
from events.models import Event
from lib.urls import absolute_url

from . import services
from .models import AnnouncedGroup, Bulletin, Subscription, announced_q

logger = logging.getLogger(__name__)


def related_subjects() -> dict[int, set[int]]:
    """Each subject → itself, the subject it is part of and the subjects under it."""
    related = defaultdict(set)
    for pk, parent in Category.objects.values_list("pk", "parent_id"):
        related[pk].add(pk)
        if parent:
            related[pk].add(parent)
            related[parent].add(pk)
    return related


def meeting_places(group) -> list[tuple[float, float]]:
    return [(m.venue.latitude, m.venue.longitude) for m in group.meetings.all()
            if m.venue_id and m.venue.latitude is not None and m.venue.longitude is not None]


def widened(subject_ids, related) -> set[int] | None:
    """The subjects a group may be about to match a choice of `subject_ids`: each, the one it
    is part of, and those under it (a new bereavement group matches an interest in
    widowhood, and the other way round); None for no choice (any subject)."""
    return set().union(*(related.get(pk, {pk}) for pk in subject_ids)) if subject_ids else None


def subjects_followed(subscription, related) -> set[int] | None:
    """`widened` for what `subscription` follows: an interest its one subject; a bulletin
    those chosen, or None (every subject) for none."""
    if subscription.kind == Subscription.Kind.INTEREST:
        return set(related.get(subscription.subject_id, set()))
    return widened([subject.pk for subject in subscription.subjects.all()], related)


def matches(follows, group, subjects: set[int] | None, places) -> bool:
    """Whether a group is one `follows` (a subscription, or anything with latitude,
    longitude and miles) asks for: about one of `subjects` (None: any subject), and meeting
    online, or in person within its distance of its place (no place: anywhere).

    The one rule for every kind of subscription and the new groups' feed."""
    if subjects is not None and not subjects & {category.pk for category in group.categories.all()}:
        return False
    if group.meets_online or follows.latitude is None or follows.longitude is None:
        return True
    return any(great_circle_miles(follows.latitude, follows.longitude, *place) <= follows.miles
               for place in places)


def take_directory_as_it_is() -> int:
    """Record every listed group as announced without telling anyone: for a directory that
    arrives whole (the demo, a site's first import), whose groups are not new."""
    rows = [AnnouncedGroup(group_id=pk) for pk in Group.objects.listed().exclude(announced_q())
            .values_list("pk", flat=True)]
    AnnouncedGroup.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def tell_of_new_groups(now=None) -> dict:
    """Each group newly listed (approved, or imported, or back from a draft) is announced
    once, ever: every confirmed interest subscription it matches (`matches`) gets one email
    naming the new groups of this run and linking to their pages. Nothing for a group
    already announced, nor to a subscription not confirmed."""
    now = now or timezone.now()
    candidates = list(Group.objects.listed().exclude(announced_q())
                      .prefetch_related("categories", "meetings__venue").order_by("name"))
    # Claimed one by one, so that two runs at once never both tell of a group: the second
    # waits for the first's row and finds it there.
    announced = {}
    for group in candidates:
        row, made = AnnouncedGroup.objects.get_or_create(group=group, defaults={"at": now})
        if made:
            announced[group.pk] = row
    new = [group for group in candidates if group.pk in announced]
    if not new:
        return {"groups": 0, "emails": 0}
    related = related_subjects()
    places = {group.pk: meeting_places(group) for group in new}
    told = defaultdict(int)
    emails = 0
    interests = Subscription.objects.confirmed().of_kind(Subscription.Kind.INTEREST).select_related("subject")
    for subscription in interests.iterator():
        subjects = subjects_followed(subscription, related)
        found = [group for group in new if matches(subscription, group, subjects, places[group.pk])]
        if not found:
            continue
        with translation.override(subscription.language or settings.LANGUAGE_CODE):  # the links in it
            services.email_subscriber(subscription, "subscription-new-groups", {
                "groups": [{"name": group.name, "url": absolute_url(group.get_absolute_url()),
                            "online": group.meets_online} for group in found],
                "subject": subscription.subject.label, "district": subscription.district,
                "miles": subscription.miles,
            })
        emails += 1
        for group in found:
            told[group.pk] += 1
    for pk, count in told.items():
        AnnouncedGroup.objects.filter(pk=pk).update(told=count)
    if emails:
        logger.info("Subscriptions: %d new groups, %d subscribers told", len(new), emails)
    return {"groups": len(new), "emails": emails}


# A change to a group's history that changes what its listing says to the public.
LISTING_CHANGES = [GroupChange.Action.EDITED, GroupChange.Action.MEETING_ADDED, GroupChange.Action.MEETING_CHANGED,
                   GroupChange.Action.MEETING_REMOVED, GroupChange.Action.STAGE_CHANGED,
                   GroupChange.Action.ROLLED_BACK]
# The most of each part one digest names (the rest are on the site), and how far ahead its
# events reach (to the digest after next).
MOST_IN_DIGEST = 20
EVENTS_AHEAD = {Subscription.Frequency.WEEKLY: datetime.timedelta(days=14),
                Subscription.Frequency.MONTHLY: datetime.timedelta(days=62)}


def _digest_groups(earliest, now):
    """The listed groups first listed (`AnnouncedGroup.at`), and those whose listing changed
    (`GroupChange`), since `earliest`: {pk: group}, {pk: first listed}, {pk: last changed}."""
    listed = Group.objects.listed()
    first_listed = dict(AnnouncedGroup.objects.filter(at__gt=earliest, at__lte=now, group__in=listed)
                        .values_list("group_id", "at"))
    last_changed = {}
    for pk, at in (GroupChange.objects.filter(at__gt=earliest, at__lte=now, action__in=LISTING_CHANGES,
                                              group__in=listed).values_list("group_id", "at")):
        last_changed[pk] = max(at, last_changed.get(pk, at))
    groups = {group.pk: group for group in Group.objects.filter(pk__in={*first_listed, *last_changed})
              .prefetch_related("categories", "meetings__venue").order_by("name")}
    return groups, first_listed, last_changed


def _group_line(group) -> dict:
    return {"name": group.name, "url": absolute_url(group.get_absolute_url()), "online": group.meets_online}


def _asking_for_help() -> list:
    """Listed groups asking for a new coordinator or volunteers (`looking_for_help`)."""
    return list(Group.objects.listed().looking_for_help().prefetch_related("categories", "meetings__venue")
                .order_by("name"))


def _asking_line(group) -> dict:
    return {**_group_line(group), "coordinator": group.looking_for_coordinator,
            "volunteers": group.looking_for_volunteers}


def digest_for(subscription, since, now, groups, first_listed, last_changed, related, asking=()) -> dict:
    """What one subscriber's digest says: the bulletins published since `since`, the new and
    changed groups that match what it follows (`matches`), the events to come about its
    subjects near its place (`Event.objects.upcoming().about().near()`), and the groups it
    follows that ask for a new coordinator or volunteers (of `asking`). Empty parts are []."""
    subjects = subjects_followed(subscription, related)
    new, changed = [], []
    for pk, group in groups.items():
        if not matches(subscription, group, subjects, meeting_places(group)):
            continue
        if first_listed.get(pk) and first_listed[pk] > since:
            new.append(group)
        elif last_changed.get(pk) and last_changed[pk] > since:
            changed.append(group)
    bulletins = list(Bulletin.objects.published().filter(published_at__gt=since, published_at__lte=now)
                     .order_by("published_at")[:MOST_IN_DIGEST])
    events = Event.objects.upcoming(today=timezone.localdate(now)).filter(
        on_date__lte=timezone.localdate(now + EVENTS_AHEAD.get(subscription.frequency, datetime.timedelta(14))),
        cancelled=False)
    chosen = list(subscription.subjects.all())
    if chosen:
        events = events.about(chosen)
    if subscription.latitude is not None and subscription.longitude is not None:
        events = events.near(Point(subscription.latitude, subscription.longitude), subscription.miles)
    helping = [group for group in asking if matches(subscription, group, subjects, meeting_places(group))]
    return {"bulletins": bulletins, "new": new[:MOST_IN_DIGEST], "changed": changed[:MOST_IN_DIGEST],
            "asking": helping[:MOST_IN_DIGEST],
            "events": list(events[:MOST_IN_DIGEST]), "more_new": max(len(new) - MOST_IN_DIGEST, 0),
            "more_changed": max(len(changed) - MOST_IN_DIGEST, 0)}


def _claim(subscription, now) -> bool:
    """Take this subscriber's digest for this run: an UPDATE that succeeds only if no other
    run has sent it since this one read the row, so two runners never both send it."""
    return Subscription.objects.filter(pk=subscription.pk, last_sent_at=subscription.last_sent_at,
                                       confirmed_at__isnull=False).update(last_sent_at=now) == 1


@transaction.atomic
def send_digests(now=None) -> dict:
    """Scheduled job: each confirmed bulletin subscription that is due (a week, or a month,
    since its last digest or since it confirmed) gets one email in its language: the
    bulletins published since, the new and changed groups it follows, and events to come.
    With nothing to say, nothing is sent, and its next digest is due a period later.

    At most SUBSCRIPTION_DIGESTS_PER_RUN subscribers a run, the longest waiting first; the
    rest are due still, and sent theirs in the next runs. Two runners at once share them
    out: rows another has locked are skipped (PostgreSQL), and each subscriber's digest is
    claimed by a conditional UPDATE of `last_sent_at` before it is written (`_claim`)."""
    now = now or timezone.now()
    due = list(Subscription.objects.due(now).select_for_update(skip_locked=True, of=("self",))
               .prefetch_related("subjects")[:settings.SUBSCRIPTION_DIGESTS_PER_RUN])
    if not due:
        return {"due": 0, "emails": 0}
    earliest = min(subscription.last_sent_at or subscription.confirmed_at for subscription in due)
    groups, first_listed, last_changed = _digest_groups(earliest, now)
    asking = _asking_for_help()
    related = related_subjects()
    emails = 0
    for subscription in due:
        since = subscription.last_sent_at or subscription.confirmed_at
        if not _claim(subscription, now):
            continue  # another run has sent it
        with translation.override(subscription.language or settings.LANGUAGE_CODE):  # the links in it
            digest = digest_for(subscription, since, now, groups, first_listed, last_changed, related, asking)
            if not any(digest[part] for part in ("bulletins", "new", "changed")):
                continue  # events and groups asking for help, alone, are not news enough to email about
            services.email_subscriber(subscription, "bulletin-digest", {
                "follows": services.later(subscription.describe),
                "bulletins": [{"title": bulletin.title, "body": bulletin.body,
                               "url": absolute_url(bulletin.get_absolute_url())} for bulletin in digest["bulletins"]],
                "new": [_group_line(group) for group in digest["new"]],
                "changed": [_group_line(group) for group in digest["changed"]],
                "asking": [_asking_line(group) for group in digest["asking"]],
                "more_new": digest["more_new"], "more_changed": digest["more_changed"],
                "events": [{"title": event.title, "on": event.on_date, "place": event.location,
                            "url": absolute_url(event.get_absolute_url())} for event in digest["events"]],
                "news_url": absolute_url(reverse("subscriptions:news")),
            })
        emails += 1
    if emails:
        logger.info("Subscriptions: %d digests due, %d sent", len(due), emails)
    return {"due": len(due), "emails": emails}

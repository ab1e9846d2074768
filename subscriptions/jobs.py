"""Scheduled work for subscriptions, run by `manage.py run_jobs`."""

import logging
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from directory.geo import great_circle_miles
from directory.models import Category, Group
from lib.urls import absolute_url

from . import services
from .models import AnnouncedGroup, Subscription, announced_q

logger = logging.getLogger(__name__)


def _related_subjects() -> dict[int, set[int]]:
    """Each subject → itself, the subject it is part of and the subjects under it."""
    related = defaultdict(set)
    for pk, parent in Category.objects.values_list("pk", "parent_id"):
        related[pk].add(pk)
        if parent:
            related[pk].add(parent)
            related[parent].add(pk)
    return related


def _places(group) -> list[tuple[float, float]]:
    return [(m.venue.latitude, m.venue.longitude) for m in group.meetings.all()
            if m.venue_id and m.venue.latitude is not None and m.venue.longitude is not None]


def matches(subscription, group, subjects: set[int], places) -> bool:
    """Whether a new group is one `subscription` would join: about its subject (or the one
    it is part of, or one under it), and meeting online or in person within its distance."""
    if not subjects & {category.pk for category in group.categories.all()}:
        return False
    if group.meets_online:
        return True
    if subscription.latitude is None or subscription.longitude is None:
        return False
    return any(great_circle_miles(subscription.latitude, subscription.longitude, *place) <= subscription.miles
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
    related = _related_subjects()
    places = {group.pk: _places(group) for group in new}
    told = defaultdict(int)
    emails = 0
    interests = Subscription.objects.confirmed().of_kind(Subscription.Kind.INTEREST).select_related("subject")
    for subscription in interests.iterator():
        subjects = related.get(subscription.subject_id, set())
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

"""Writing between groups, finding groups to write to, and forgetting old conversations."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts import limits
from directory.geo import bounding_box, great_circle_miles
from directory.models import Group, Meeting
from directory.services import email_coordinators
from lib.urls import absolute_url

from .models import Conversation, Message
from .permissions import run_by_the_same_people, why_not_write

# At most this many groups on the network page: the nearest (or first by name).
SHOWN = 50


class NotAllowed(Exception):
    """A step the rules don't allow; the message says why, plainly."""


def find(group, subjects=(), point=None, miles=None) -> list[Group]:
    """Listed groups open to other groups, never `group` itself nor another group one of its
    coordinators runs (`run_by_the_same_people`): about any of `subjects` (or a
    subject under one), and meeting within `miles` of `point` or only online. Nearest first,
    each with `distance` (None for online only), then by name."""
    found = Group.objects.listed().open_to_groups().exclude(pk__in=run_by_the_same_people(group))
    ids = {pk for subject in subjects for pk in subject.with_children_ids()}
    if ids:
        found = found.filter(categories__in=ids).distinct()
    distances = {}
    if point is not None:
        min_lat, max_lat, min_lon, max_lon = bounding_box(point.latitude, point.longitude, miles)
        for group_id, lat, lon in Meeting.objects.filter(
                group__in=found, venue__latitude__range=(min_lat, max_lat),
                venue__longitude__range=(min_lon, max_lon)).values_list(
                "group_id", "venue__latitude", "venue__longitude"):
            miles_away = great_circle_miles(point.latitude, point.longitude, lat, lon)
            if miles_away <= miles and miles_away < distances.get(group_id, miles + 1):
                distances[group_id] = miles_away
        found = found.filter(Q(pk__in=distances) | Q(meets_online=True, meets_in_person=False))
    groups = list(found.prefetch_related("categories__parent"))
    for each in groups:
        each.distance = distances.get(each.pk)
    groups.sort(key=lambda each: (each.distance is None, each.distance or 0, each.name.lower()))
    return groups


def place_of(group):
    """Where the group meets, for the network page's first search: its first venue placed on
    the map, or None for a group that meets only online."""
    from directory.geo import Point

    venue = (Meeting.objects.filter(group=group, venue__latitude__isnull=False)
             .order_by("pk").values_list("venue__latitude", "venue__longitude").first())
    return Point(*venue) if venue else None


@transaction.atomic
def write(from_group, to_group, user, body: str) -> Conversation:
    """A message from one of `from_group`'s coordinators to `to_group`, in the conversation
    between the two (started now if there is none). `to_group`'s coordinators are emailed a
    link to it, never what was written or who wrote it. The first message back from the group
    written to shows both sides' addresses from then on."""
    # Both groups locked, in one order, so two first messages at once make one conversation.
    locked = {g.pk: g for g in Group.objects.select_for_update().filter(
        pk__in=[from_group.pk, to_group.pk]).order_by("pk")}
    from_group, to_group = locked[from_group.pk], locked[to_group.pk]
    conversation = Conversation.objects.between(from_group, to_group).first()
    reason = why_not_write(from_group, to_group, new=conversation is None)
    if reason:
        raise NotAllowed(reason)
    limits.GROUP_MESSAGES.take(user.pk)
    now = timezone.now()
    if conversation is None:
        conversation = Conversation.objects.create(from_group=from_group, to_group=to_group, started_at=now)
    Message.objects.create(conversation=conversation, group=from_group, author=user, body=body, sent_at=now)
    conversation.last_message_at = now
    if from_group.pk == conversation.to_group_id and conversation.replied_at is None:
        conversation.replied_at = now
    conversation.save(update_fields=["last_message_at", "replied_at"])
    email_coordinators(to_group, "network-message", {
        "from_group": from_group,
        "url": absolute_url(reverse("network:conversation", args=[to_group.slug, conversation.pk])),
    })
    return conversation


def addresses(conversation) -> dict[int, list[str]]:
    """Once the group written to has replied: for each of the two groups, the addresses of its
    coordinators who wrote in the conversation (their accounts' own, which they chose to use
    here; a group's public address may not reach the person writing). Before that, none."""
    if not conversation.shows_addresses:
        return {}
    found = {}
    for group_id, email in conversation.messages.filter(author__isnull=False).order_by("sent_at").values_list(
            "group_id", "author__email"):
        found.setdefault(group_id, [])
        if email not in found[group_id]:
            found[group_id].append(email)
    return found


def purge(now=None) -> dict:
    """Scheduled job: delete conversations nobody has written in for
    GROUP_MESSAGES_RETENTION_DAYS, with their messages."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.GROUP_MESSAGES_RETENTION_DAYS)
    deleted = 0
    for conversation in Conversation.objects.filter(last_message_at__lt=cutoff).iterator():
        conversation.delete()
        deleted += 1
    return {"deleted": deleted}

"""Numbers for the demo, so that a group's numbers page and staff's insight are not empty:
about fourteen months of daily totals for the demo coordinator's groups, and a few
searches that found nothing. Made from a fixed seed, so every load is the same; made once."""

import datetime
import random

from django.utils import timezone

from directory.models import Group

from .models import DailyCount, EmptySearch, Kind

DEMO_COORDINATOR = "coordinator@example.org"
DAYS = 430
# On a typical day: how likely a count is, and how large it may be.
DAILY = {Kind.PAGE_VIEW: (0.9, 9), Kind.LEAFLET: (0.25, 3), Kind.POSTER: (0.08, 2), Kind.CALENDAR: (0.12, 2)}
EMPTY_SEARCHES = [("hoarding", "NG7", 9), ("hoarding", "NG5", 4), ("sight loss", "DE1", 7),
                  ("long covid", "LE2", 6), ("long covid", "NG1", 3), ("gambling", "CM1", 5)]


def add_demo_numbers(today=None) -> int:
    today = today or timezone.localdate()
    made = 0
    for group in Group.objects.filter(coordinators__user__email=DEMO_COORDINATOR).order_by("slug"):
        if DailyCount.objects.filter(group=group).exists():
            continue
        chance = random.Random(group.slug)  # noqa: S311 - demo numbers, not secrets
        rows = []
        for back in range(DAYS, 0, -1):
            day = today - datetime.timedelta(days=back)
            for kind, (likely, most) in DAILY.items():
                if chance.random() < likely:
                    rows.append(DailyCount(group=group, day=day, kind=kind, count=chance.randint(1, most)))
        made += len(DailyCount.objects.bulk_create(rows))
    if not EmptySearch.objects.exists():
        chance = random.Random("empty searches")  # noqa: S311 - demo numbers, not secrets
        rows = [EmptySearch(day=today - datetime.timedelta(days=chance.randint(1, 60) + index * 61),
                            words=words, district=district, count=n)
                for words, district, n in EMPTY_SEARCHES for index in range(2)]
        made += len(EmptySearch.objects.bulk_create(rows))
    return made

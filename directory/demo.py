"""Loading the fictional demo directory, and generating synthetic groups for scale work."""

import datetime
import io
import json
import random
import tempfile
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models, transaction
from django.utils import timezone

from . import search
from .geo import geographic_centroids
from .models import Category, Group, Language, Meeting, MeetingChange, Venue
from .recurrence import Pattern, next_dates

DEMO = Path(__file__).resolve().parent / "data" / "demo"
DEMO_PASSWORD = "selfhelp-demo"  # noqa: S105 - fictional accounts in the demo directory only
# How a record in activity.json names a record of another model, when not by a dict of its fields.
NAMED_BY = {"accounts.user": "email", "accounts.agency": "name", "accounts.team": "name",
            "directory.group": "slug", "directory.category": "slug"}


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Load the demo directory as a feed, then its people and activity; safe to run again.

    The groups, venues and meetings come from directory.json, an Open Referral (HSDS 3)
    document read by the importer as any feed is. It is imported once: in a later month
    the document would carry later confirmation dates, and groups already loaded, perhaps
    changed by someone trying the demo, are left alone. The rest, which the standard has no
    place for, comes from activity.json, each record made once.
    """
    activity = json.loads((DEMO / "activity.json").read_text(encoding="utf-8"))
    document = json.loads((DEMO / "directory.json").read_text(encoding="utf-8"))
    groups = Group.objects.count()
    if not Group.objects.filter(name__in=[service["name"] for service in document["services.csv"]]).exists():
        _confirmed_later(document, _months_since(activity["directory_as_of"]))
        with tempfile.TemporaryDirectory() as folder:
            feed = Path(folder) / "directory.json"
            feed.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            call_command("import_openreferral", str(feed), "--publish", "--source-name", "demo",
                         stdout=io.StringIO())
    made = sum(_make(record) for record in activity["records"])
    made += sum(_one_off_change(item) for item in activity.get("one_off_changes", []))
    from imports.demo import add_demo_import  # (imports reads the demo's folder from here)

    made += add_demo_import()  # a finished import in the staff's history of imports
    from usage.demo import add_demo_numbers

    made += add_demo_numbers()  # a year and more of page views and downloads, for the numbers pages
    made += sum(_gone_from_feed(gone["group"], gone["days"]) for gone in activity.get("gone_from_feed", []))
    from embeds.demo import add_demo_partner

    made += add_demo_partner()  # a GP practice's website showing the finder
    from subscriptions.demo import add_demo_bulletins

    made += add_demo_bulletins()  # the team's news, published and a draft, and a subscriber
    from subscriptions.jobs import take_directory_as_it_is

    # The demo's groups arrive all at once and are not new: the interest list hears only of
    # groups listed after this (one approved by someone trying the demo, say).
    take_directory_as_it_is()
    return {"groups": Group.objects.count() - groups, "records": made}


def _gone_from_feed(slug: str, days: int) -> bool:
    """Mark a group as no longer in the demo feed, as the nightly import would, unless
    it is marked already."""
    from openreferral.models import SourceRecord

    group = Group.objects.get(slug=slug)
    return bool(SourceRecord.objects.filter(kind=SourceRecord.Kind.SERVICE, object_id=group.pk,
                                            missing_since__isnull=True).update(
        missing_since=timezone.now() + datetime.timedelta(days=days)))


def _months_since(month: str) -> int:
    year, number = (int(part) for part in month.split("-"))
    today = timezone.localdate()
    return max(0, (today.year - year) * 12 + today.month - number)


def _confirmed_later(document: dict, months: int) -> None:
    """Move the groups' confirmation dates forward, so the demo always shows a directory
    kept mostly up to date, with a few listings going stale, however long ago it was made."""
    if not months:
        return
    terms = {term["id"] for term in document["taxonomy_terms.csv"] if term.get("code") == "last-confirmed"}
    for service in document["services.csv"]:
        if service.get("assured_date"):
            service["assured_date"] = _later(service["assured_date"], months)
    for attribute in document["attributes.csv"]:
        if attribute["taxonomy_term_id"] in terms:
            attribute["value"] = _later(attribute["value"], months)


def _later(day: str, months: int) -> str:
    day = datetime.date.fromisoformat(day)
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, 28)).isoformat()  # a day every month has


def _make(record: dict) -> bool:
    """Make one record of activity.json, unless one matching its key is there already."""
    model = apps.get_model(record["model"])
    key = {name: _value(model, name, raw) for name, raw in record["key"].items()}
    if "set" in record:
        return _set(model, key, record["set"])
    if model.objects.filter(**key).exists():
        return False
    fields = {name: _value(model, name, raw) for name, raw in record.get("fields", {}).items()}
    many = {name: fields.pop(name) for name in list(fields) if model._meta.get_field(name).many_to_many}
    made = model.objects.create(**key, **fields)
    for name, values in many.items():
        getattr(made, name).set(values)
    if isinstance(made, get_user_model()):
        made.set_password(DEMO_PASSWORD)
        made.save(update_fields=["password"])
    if isinstance(made, Meeting):
        made.group.refresh_meeting_summary()
    return True


def _one_off_change(item: dict) -> bool:
    """Cancel or move one date of a demo group's first meeting (activity.json, one_off_changes),
    unless that meeting has a date changed already. Its dates follow the day the demo is loaded."""
    meeting = Meeting.objects.filter(group__slug=item["group"]).order_by("pk").first()
    if meeting is None or meeting.changes.exists():
        return False
    today = timezone.localdate()
    if not next_dates(meeting.rule, 1, after=today):  # no dates to change
        return False
    if item["date"] == "christmas":
        holidays = datetime.date(today.year, 12, 20)
        if today > holidays + datetime.timedelta(days=13):
            holidays = holidays.replace(year=today.year + 1)
        day = next_dates(meeting.rule, 1, after=max(today + datetime.timedelta(days=1), holidays))[0]
    else:
        day = next_dates(meeting.rule, item["date"], after=today + datetime.timedelta(days=1))[-1]
    change = MeetingChange(meeting=meeting, on_date=day, note=item.get("note", ""))
    if "days_later" in item:
        change.new_date = day + datetime.timedelta(days=item["days_later"])
        change.new_start_time = datetime.time.fromisoformat(item["start_time"]) if item.get("start_time") else None
        change.new_place = item.get("place", "")
    change.full_clean()
    change.save()
    return True


def _set(model, key: dict, values: dict) -> bool:
    """Give a record made elsewhere (a group from directory.json) the values the feed has no
    place for. Only fields still at their default are set, so a second load, or a change
    made by someone trying the demo, is left alone."""
    found = model.objects.filter(**key).first()
    if found is None:
        return False
    changed = []
    for name, raw in values.items():
        field = model._meta.get_field(name)
        if getattr(found, field.attname) == field.get_default():
            setattr(found, field.attname, _value(model, name, raw))
            changed.append(field.attname)
    if changed:
        found.full_clean()
        found.save(update_fields=changed)
    return bool(changed)


def _value(model, name: str, raw):
    field = model._meta.get_field(name)
    if field.many_to_many:
        return [_named(field.related_model, item) for item in raw]
    if field.is_relation:
        return _named(field.related_model, raw)
    if isinstance(raw, int) and isinstance(field, models.DateTimeField):
        return timezone.now() + datetime.timedelta(days=raw)
    if isinstance(raw, int) and isinstance(field, models.DateField):
        return timezone.localdate() + datetime.timedelta(days=raw)
    return raw


def _named(model, raw):
    if isinstance(raw, dict):
        return model.objects.get(**{name: _value(model, name, value) for name, value in raw.items()})
    return model.objects.get(**{NAMED_BY[model._meta.label_lower]: raw})


KINDS = ["Support Group", "Self-Help Group", "Circle", "Café", "Friends", "Network", "Club"]
EXTRA_WORDS = (
    "friendly welcoming peer listening sharing coffee walk garden craft newcomers evening "
    "morning advice information speakers outings confidential experience together hope "
    "coping practical volunteers library hall kitchen music chat quiz picnic library"
).split()


def generate_groups(count: int, seed: int = 1, progress=None) -> int:
    """Create `count` synthetic groups spread over Great Britain, then rebuild the index."""
    rng = random.Random(seed)
    children = list(Category.objects.filter(parent__isnull=False))
    language_ids = list(Language.objects.values_list("pk", flat=True))
    english = Language.objects.filter(code="en").values_list("pk", flat=True).first()
    outwards = list(geographic_centroids().items())
    today = datetime.date.today()
    prefix = f"generated-{seed}-{Group.objects.count()}"
    batch_size = 5000
    made = 0
    while made < count:
        size = min(batch_size, count - made)
        with transaction.atomic():
            groups, venues, plans = [], [], []
            for i in range(size):
                number = made + i
                category = rng.choice(children)
                outward, (lat, lon) = rng.choice(outwards)
                lat += rng.uniform(-0.02, 0.02)
                lon += rng.uniform(-0.03, 0.03)
                town = outward
                words = " ".join(rng.sample(EXTRA_WORDS, 6))
                kind = rng.choice(KINDS)
                name = f"{outward} {category.name} {kind} {number}"
                groups.append(Group(
                    name=name,
                    slug=f"{prefix}-{number}",
                    summary=f"A {words.split()[0]} group for people affected by {category.name.lower()}.",
                    who_for=f"Anyone affected by {category.name.lower()}, and their families.",
                    description=f"We meet to share experience of {category.name.lower()}: {words}.",
                    newcomers="Come along; you can just listen.",
                    stage=rng.choices(["active", "starting", "paused", "closing", "closed"], [85, 5, 5, 3, 2])[0],
                    status=Group.Status.PUBLISHED,
                    started_on=today - datetime.timedelta(days=rng.randint(30, 40 * 365)),
                    women_only=rng.random() < 0.06,
                    family_welcome=rng.random() < 0.4,
                    last_confirmed_on=today - datetime.timedelta(days=rng.randint(0, 240)),
                ))
                online_only = rng.random() < 0.08
                venue = None
                if not online_only:
                    venue = Venue(
                        name=f"{town} Community Centre {number}", address_1=f"{rng.randint(1, 200)} High Street",
                        town=town, postcode=f"{outward} {rng.randint(1, 9)}AA", latitude=lat, longitude=lon,
                        step_free=rng.random() < 0.7, hearing_loop=rng.random() < 0.3,
                    )
                    venues.append(venue)
                plans.append((category, venue, online_only))
            Group.objects.bulk_create(groups, batch_size=1000)
            Venue.objects.bulk_create(venues, batch_size=1000)
            meetings, category_links, language_links = [], [], []
            for group, (category, venue, online_only) in zip(groups, plans, strict=True):
                pattern = rng.choice([Pattern.WEEKLY, Pattern.EVERY_N_WEEKS, Pattern.NTH_WEEKDAY,
                                      Pattern.LAST_WEEKDAY, Pattern.MONTHLY_DATE, Pattern.IRREGULAR])
                attendance = "online" if online_only else rng.choices(["in_person", "both"], [85, 15])[0]
                hour = rng.choice([10, 11, 13, 14, 18, 19, 19, 20])
                meetings.append(Meeting(
                    group=group, venue=venue, attendance=attendance, pattern=pattern,
                    interval=2 if pattern == Pattern.EVERY_N_WEEKS else 1,
                    weekday=rng.randint(0, 6) if pattern not in (Pattern.MONTHLY_DATE, Pattern.IRREGULAR) else None,
                    week_of_month=rng.randint(1, 4) if pattern == Pattern.NTH_WEEKDAY else None,
                    day_of_month=rng.randint(1, 28) if pattern == Pattern.MONTHLY_DATE else None,
                    starts_on=datetime.date(2025, 1, 6),
                    start_time=None if pattern == Pattern.IRREGULAR else datetime.time(hour, 0),
                    end_time=None if pattern == Pattern.IRREGULAR else datetime.time(hour + 2, 0),
                ))
                group.meets_in_person = attendance != "online"
                group.meets_online = attendance != "in_person"
                category_links.append(Group.categories.through(group_id=group.pk, category_id=category.pk))
                language = english if rng.random() < 0.9 else rng.choice(language_ids)
                language_links.append(Group.languages.through(group_id=group.pk, language_id=language))
            Meeting.objects.bulk_create(meetings, batch_size=1000)
            Group.objects.bulk_update(groups, ["meets_in_person", "meets_online"], batch_size=1000)
            Group.categories.through.objects.bulk_create(category_links, batch_size=1000)
            Group.languages.through.objects.bulk_create(language_links, batch_size=1000)
        made += size
        if progress:
            progress(made, count)
    search.rebuild()
    return made

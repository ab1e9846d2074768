"""Loading the fictional demo directory, and generating synthetic groups for scale work."""

import datetime
import random

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from . import search
from .geo import outward_centroids
from .models import Category, Group, Language, Meeting, Venue
from .recurrence import Pattern


def _month(text: str | None) -> datetime.date | None:
    if not text:
        return None
    year, month = text.split("-")[:2]
    return datetime.date(int(year), int(month), 1)


def _shifted(day: datetime.date | None, months: int) -> datetime.date | None:
    if day is None:
        return None
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _time(text: str | None) -> datetime.time | None:
    return datetime.time.fromisoformat(text) if text else None


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create the demo groups that are not there yet; safe to run again."""
    from .demo_data import GROUPS, REFERENCE_MONTH, VENUES

    reference, today = _month(REFERENCE_MONTH), timezone.localdate()
    shift = (today.year - reference.year) * 12 + today.month - reference.month

    venues = {}
    for data in VENUES:
        fields = {k: v for k, v in data.items() if k != "key"}
        venue, _ = Venue.objects.get_or_create(
            name=fields.pop("name"), postcode=fields.pop("postcode"), defaults=fields,
        )
        venues[data["key"]] = venue
    categories = {c.slug: c for c in Category.objects.all()}
    languages = {language.code: language for language in Language.objects.all()}
    created = 0
    for data in GROUPS:
        slug = slugify(data["name"])[:160]
        if Group.objects.filter(slug=slug).exists():
            continue
        group = Group.objects.create(
            slug=slug,
            status=Group.Status.PUBLISHED,
            started_on=_month(data.get("started")),
            last_confirmed_on=_shifted(_month(data.get("confirmed")), shift),
            **{key: data[key] for key in [
                "name", "summary", "who_for", "description", "newcomers", "affiliation", "run_by",
                "run_with_professional_support", "women_only", "family_welcome", "stage",
                "stage_note", "contact_role", "email", "phone", "website", "contact_route",
                "professionals_rule",
            ]},
        )
        group.categories.set([categories[slug] for slug in data["categories"]])
        group.languages.set([languages[code] for code in data.get("languages", [])])
        for meeting in data["meetings"]:
            Meeting.objects.create(
                group=group,
                attendance=meeting["attendance"],
                venue=venues[meeting["venue"]] if meeting.get("venue") else None,
                online_details=meeting.get("online_details", ""),
                pattern=meeting["pattern"],
                interval=meeting.get("interval") or 1,
                weekday=meeting.get("weekday"),
                week_of_month=meeting.get("week_of_month"),
                day_of_month=meeting.get("day_of_month"),
                starts_on=datetime.date.fromisoformat(meeting["starts_on"]),
                ends_on=datetime.date.fromisoformat(meeting["ends_on"]) if meeting.get("ends_on") else None,
                start_time=_time(meeting.get("start")),
                end_time=_time(meeting.get("end")),
                notes=meeting.get("notes", ""),
            )
        created += 1
    _demo_accounts()
    return {"groups": created, "venues": len(venues)}


DEMO_PASSWORD = "selfhelp-demo"  # noqa: S105 - fictional accounts in the demo directory only


def _demo_accounts():
    """A staff member, a practitioner and a coordinator of a few demo groups, to try the pages they use."""
    from django.contrib.auth import get_user_model

    from .models import Coordinator

    User = get_user_model()
    if not User.objects.filter(email="staff@example.org").exists():
        User.objects.create_user("staff@example.org", DEMO_PASSWORD, name="Demo staff member", is_staff=True)
    if not User.objects.filter(email="practitioner@example.org").exists():
        from accounts.models import Agency, Team

        agency, _ = Agency.objects.get_or_create(name="Riverside Community Health (demo)")
        team, _ = Team.objects.get_or_create(agency=agency, name="Stroke and neuro team")
        User.objects.create_user("practitioner@example.org", DEMO_PASSWORD, name="Demo practitioner", team=team)
    coordinator = User.objects.filter(email="coordinator@example.org").first()
    if coordinator is None:
        coordinator = User.objects.create_user("coordinator@example.org", DEMO_PASSWORD, name="Demo coordinator")
        for group in Group.objects.filter(slug__in=[slugify(g["name"]) for g in _demo_groups()[:3]]):
            Coordinator.objects.get_or_create(group=group, user=coordinator)


def _demo_groups():
    from .demo_data import GROUPS

    return GROUPS


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
    outwards = list(outward_centroids().items())
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

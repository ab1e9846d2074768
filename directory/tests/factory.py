"""Small helpers that make directory records for tests, with sensible defaults."""

import datetime
import itertools

from django.contrib.auth import get_user_model

from directory.models import Category, Coordinator, Group, Language, Meeting, Venue

_numbers = itertools.count(1)
# Every account made here signs in with this.
PASSWORD = "correct horse battery"

# Real postcodes with their Code-Point Open positions, so tests need no geocoding.
PLACES = {
    "NG1 5FW": (52.95549, -1.15541, "Nottingham"),
    "DE1 1AA": (52.91494, -1.46562, "Derby"),
    "LE1 6AA": (52.63300, -1.13236, "Leicester"),
    "CM1 1SQ": (51.74139, 0.47452, "Chelmsford"),
}


def category(slug):
    return Category.objects.get(slug=slug)


def make_venue(postcode="NG1 5FW", **kwargs):
    latitude, longitude, town = PLACES[postcode]
    kwargs.setdefault("name", f"Community Centre {next(_numbers)}")
    kwargs.setdefault("address_1", "1 Example Street")
    kwargs.setdefault("town", town)
    kwargs.setdefault("latitude", latitude)
    kwargs.setdefault("longitude", longitude)
    return Venue.objects.create(postcode=postcode, **kwargs)


def make_group(categories=("diabetes",), meetings=None, languages=(), **kwargs):
    """A listed group; `meetings` is a list of dicts for make_meeting (default: weekly, in person)."""
    number = next(_numbers)
    kwargs.setdefault("name", f"Test Group {number}")
    kwargs.setdefault("slug", f"test-group-{number}")
    kwargs.setdefault("summary", "A friendly group.")
    kwargs.setdefault("who_for", "Anyone affected.")
    kwargs.setdefault("description", "We sit in a circle and talk.")
    kwargs.setdefault("status", Group.Status.PUBLISHED)
    kwargs.setdefault("started_on", datetime.date(2015, 1, 1))
    group = Group.objects.create(**kwargs)
    group.categories.set([category(slug) for slug in categories])
    if languages:
        group.languages.set(Language.objects.filter(code__in=languages))
    for meeting in [{}] if meetings is None else meetings:
        make_meeting(group, **meeting)
    return group


def make_meeting(group, **kwargs):
    kwargs.setdefault("attendance", Meeting.Attendance.IN_PERSON)
    if kwargs["attendance"] != Meeting.Attendance.ONLINE and "venue" not in kwargs:
        kwargs["venue"] = make_venue(kwargs.pop("postcode", "NG1 5FW"))
    kwargs.pop("postcode", None)
    kwargs.setdefault("pattern", Meeting.Pattern.WEEKLY)
    if kwargs["pattern"] in (Meeting.Pattern.WEEKLY, Meeting.Pattern.EVERY_N_WEEKS,
                             Meeting.Pattern.NTH_WEEKDAY, Meeting.Pattern.LAST_WEEKDAY):
        kwargs.setdefault("weekday", 1)
    kwargs.setdefault("start_time", datetime.time(19, 0))
    kwargs.setdefault("end_time", datetime.time(21, 0))
    kwargs.setdefault("starts_on", datetime.date(2025, 1, 7))
    return Meeting.objects.create(group=group, **kwargs)


def make_user(email, staff=False, team=None, **kwargs):
    return get_user_model().objects.create_user(email=email, password=PASSWORD, is_staff=staff, team=team, **kwargs)


def make_coordinator(group, user):
    return Coordinator.objects.create(group=group, user=user)


def make_practitioner(email="pat@example.org"):
    from accounts.models import Agency, Team

    team = Team.objects.create(agency=Agency.objects.create(name="City NHS Trust"), name="Stroke team")
    return make_user(email, team=team)

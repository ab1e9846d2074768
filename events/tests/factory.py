"""Events for tests, placed without geocoding (directory.tests.factory.PLACES)."""

import datetime

from django.utils import timezone

from directory.tests.factory import PLACES
from events.models import Event


def make_event(group=None, days=7, postcode="NG1 5FW", subjects=(), **kwargs):
    """An event `days` from today; in person at `postcode`, or online with postcode=None."""
    kwargs.setdefault("title", "Open day")
    kwargs.setdefault("on_date", timezone.localdate() + datetime.timedelta(days=days))
    if postcode:
        latitude, longitude, town = PLACES[postcode]
        kwargs.setdefault("place_name", "Community Centre")
        kwargs.setdefault("town", town)
        kwargs.update(postcode=postcode, latitude=latitude, longitude=longitude)
    else:
        kwargs.setdefault("online", True)
    event = Event.objects.create(group=group, **kwargs)
    event.subjects.set(subjects)
    return event

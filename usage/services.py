"""Counting: once per client per day, without storing the client, and never at the cost of
the page.

`count(request, group, kind)` is called by the group's page and its leaflet, poster and
calendar views; `count_empty_search(request, words, where)` by the search when it found
nothing. Each costs a row of `SeenToday` (a keyed hash, gone tomorrow) and an update of one
total. Requests from bots and HEAD requests are not counted, nor the people who manage
the group. No cookie is read or set, and no address or time finer than a day is kept.
"""

import datetime
import hashlib
import hmac
import logging
import re
import secrets

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from directory.geo import places
from directory.permissions import can_manage
from directory.postcodes import is_full_postcode, normalise_outward, normalise_postcode
from lib.addresses import client_address

from .models import EMPTY_SEARCH_WORDS, DailyCount, DailySalt, EmptySearch, Kind, SeenToday

logger = logging.getLogger(__name__)

# Words a crawler, a link preview or a script puts in its User-Agent. Simple on purpose:
# a bot that hides is counted once a day like anyone, and can't do more than that.
BOT = re.compile(r"bot|crawl|spider|slurp|scrap|preview|fetch|monitor|curl|wget|python|http-?client|java/|"
                 r"go-http|okhttp|headless|lighthouse|facebookexternalhit|bingpreview", re.IGNORECASE)


def is_counted(request) -> bool:
    """A person's browser asking for the page: not a HEAD request, not a bot."""
    if request.method != "GET":
        return False
    agent = request.headers.get("User-Agent", "")
    return bool(agent) and not BOT.search(agent)


def _salt(day: datetime.date) -> bytes:
    found = DailySalt.objects.filter(day=day).values_list("salt", flat=True).first()
    if found is None:
        try:
            with transaction.atomic():
                found = DailySalt.objects.create(day=day, salt=secrets.token_hex(32)).salt
        except IntegrityError:  # made by another request at the same moment
            found = DailySalt.objects.get(day=day).salt
    return found.encode()


def first_time_today(request, scope: str, day: datetime.date) -> bool:
    """Whether this client is seen for `scope` for the first time on `day`; remembers only a
    hash keyed by the day's salt."""
    digest = hmac.new(_salt(day), f"{client_address(request)}\n{scope}".encode(), hashlib.sha256).hexdigest()
    try:
        with transaction.atomic():
            SeenToday.objects.create(day=day, digest=digest)
    except IntegrityError:
        return False
    return True


def _add(model, key: dict) -> None:
    if model.objects.filter(**key).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, count=1)
    except IntegrityError:  # made by another request at the same moment
        model.objects.filter(**key).update(count=F("count") + 1)


def count(request, group, kind: str) -> None:
    """Count `kind` (a usage.models.Kind) for `group`, once per client per day."""
    if not is_counted(request):
        return
    try:
        if request.user.is_authenticated and can_manage(request.user, group):
            return  # the group's own coordinators (and staff) looking at it are not its public
        day = timezone.localdate()
        if first_time_today(request, f"{kind}:{group.pk}", day):
            _add(DailyCount, {"group": group, "day": day, "kind": Kind(kind)})
    except DatabaseError as error:
        # The page matters more than the number: say what went wrong, never who asked.
        logger.warning("Usage not counted: %s", type(error).__name__)


def normalise_words(words: str) -> str:
    return " ".join((words or "").casefold().split())[:EMPTY_SEARCH_WORDS].strip()


def district_of(where: str) -> str:
    """The postcode district of a place searched for: a postcode's first part, a town's
    centre; "" for anything else. Never more than the district."""
    where = (where or "").strip()
    if not where:
        return ""
    outward = normalise_outward(where)
    if outward:
        return outward[:4]
    if is_full_postcode(where):
        return normalise_postcode(where).split(" ")[0][:4]
    return (places().get(" ".join(where.split()).casefold()) or "")[:4]


def count_empty_search(request, words: str, where: str) -> None:
    """Count a search that found nothing, by its words and district, once per client per day."""
    if not is_counted(request):
        return
    words, district = normalise_words(words), district_of(where)
    if not (words or district):
        return
    try:
        day = timezone.localdate()
        if first_time_today(request, f"search:{words}\n{district}", day):
            _add(EmptySearch, {"day": day, "words": words, "district": district})
    except DatabaseError as error:
        logger.warning("Empty search not counted: %s", type(error).__name__)


def forget_past_days(today=None) -> dict:
    """Scheduled job: delete the salts and hashes of days gone, so that nothing can link a
    client from one day to the next."""
    today = today or timezone.localdate()
    hashes = SeenToday.objects.filter(day__lt=today).delete()[0]
    salts = DailySalt.objects.filter(day__lt=today).delete()[0]
    return {"hashes": hashes, "salts": salts}

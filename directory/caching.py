"""What many pages build from the directory's tables and that changes rarely (the subjects
with their counts, the search form's choices), kept in Django's cache.

The cache is the database cache (settings.CACHES), so every worker shares one copy and
nothing lives in one process's memory. An entry's key holds the reader's language and, for
what counts listed groups, the freshness cut-off (freshness.hidden_before, which moves with
the date). The entry is kept with the directory's *version* it was built from and is used
only while that is still the version, so nothing stale is ever read.

The version is a random token, changed by every save and delete of a directory model
(`changed`, connected in signals.py), by every change to the search index (which bulk
loads and imports go through), and after every migrate or flush. The database cache
writes it in the same transaction as the change, so no worker sees the new version
before the new data.
"""

import hashlib
import uuid

from django.core.cache import cache
from django.utils.translation import get_language

from . import freshness

VERSION_KEY = "directory:version"
# An entry goes this long after it was made (one of an old version is built again anyway;
# the cache may also cull any entry, the version too, which only means building again).
TIMEOUT = 24 * 60 * 60


def version() -> str:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        # Should the cache keep nothing, a version of our own is never read again: safe.
        current = cache.get(VERSION_KEY) or uuid.uuid4().hex
    return current


def changed(**kwargs) -> None:
    """A directory model was saved or deleted: what was cached is now out of date."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def remember(name: str, build, *, listed: bool = False):
    """`build()`'s answer for this version of the directory and the reader's language; with
    `listed`, also for today's freshness cut-off (what counts listed groups).

    The entry is kept with the version it was built for, and both are read in one query:
    an entry of another version is built again."""
    key = get_language() or ""
    if listed:
        key += f":{freshness.hidden_before().isoformat()}"
    return remember_each(name, [(key, build)])[0]


def remember_each(name: str, wanted) -> list:
    """For each `(key, build)` of `wanted`, `build()`'s answer for this version of the
    directory, read together in one query: what is missing or of another version is built
    and kept. The key must hold everything else the answer depends on (the language, the
    date, what was asked). It is kept by its digest: the cache takes short keys without
    spaces (memcached's rule, checked by Django), and what was searched for may be neither."""
    keys = [f"directory:{name}:{hashlib.sha256(key.encode()).hexdigest()}" for key, _build in wanted]
    found = cache.get_many([VERSION_KEY, *keys])
    current = found.get(VERSION_KEY) or version()
    answers, built = [], {}
    for key, (_key, build) in zip(keys, wanted, strict=True):
        kept = found.get(key)
        if kept is not None and kept[0] == current:
            answers.append(kept[1])
        else:
            answers.append(build())
            built[key] = (current, answers[-1])
    if built:
        cache.set_many(built, TIMEOUT)
    return answers

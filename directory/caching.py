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
    key = f"directory:{name}:{get_language() or ''}"
    if listed:
        key += f":{freshness.hidden_before().isoformat()}"
    found = cache.get_many([VERSION_KEY, key])
    current = found.get(VERSION_KEY) or version()
    kept = found.get(key)
    if kept is not None and kept[0] == current:
        return kept[1]
    value = build()
    cache.set(key, (current, value), TIMEOUT)
    return value

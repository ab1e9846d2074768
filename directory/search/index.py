"""Keeping the search index and the spelling vocabulary in step with the groups."""

import datetime
from collections.abc import Iterable

from django.db import connection, transaction

from .. import caching
from . import tags
from .backends import backend
from .text import split_with_care, without_tags, words

BATCH = 500


def _category_text(categories) -> str:
    parts = []
    for category in categories:
        parts += [category.name, category.keywords]
        if category.parent_id:
            parent = category.parent
            parts += [parent.name, parent.keywords]
    return " ".join(str(p) for p in parts if p)


_LOOK_UP = object()


def document(group, fresh_after=_LOOK_UP) -> tuple[int, str, str, str, str]:
    """(id, name, categories, body, tags) for one group, folded for both backends.

    `fresh_after` is the index's cut-off for "confirmed recently" (see fresh_after_date());
    callers indexing many groups look it up once and pass it in.
    """
    if fresh_after is _LOOK_UP:
        fresh_after = fresh_after_date()
    meetings = list(group.meetings.all())
    categories = list(group.categories.all())
    languages = list(group.languages.all())
    towns = {m.venue.town for m in meetings if m.venue_id}
    # The group's words in every language it wrote them in (GroupTranslation).
    translations = list(group.translations.all())
    names = " ".join([group.name, *(t.name for t in translations if t.name)])
    body = " ".join([
        group.summary, group.who_for, group.description, group.newcomers,
        group.affiliation, " ".join(sorted(towns)),
        " ".join(str(language.name) for language in languages),
        *(t.description for t in translations),
    ])
    return (group.pk, without_tags(names), without_tags(_category_text(categories)), without_tags(body),
            tags.for_group(group, fresh_after, categories, languages, meetings))


def _model(name, apps=None):
    """A directory model: the live one, or a migration's historical one."""
    if apps is not None:
        return apps.get_model("directory", name)
    from django.apps import apps as live

    return live.get_model("directory", name)


def _documents(group_ids: Iterable[int], apps=None, fresh_after=_LOOK_UP):
    groups = (
        _model("Group", apps).objects.filter(pk__in=list(group_ids))
        .prefetch_related("categories__parent", "meetings__venue", "languages", "translations")
    )
    if fresh_after is _LOOK_UP:
        fresh_after = fresh_after_date(apps)
    return [document(group, fresh_after) for group in groups]


def _remember_words(rows, apps=None):
    SearchWord = _model("SearchWord", apps)  # noqa: N806 - a model class

    vocabulary = set()
    for row in rows:
        for text in row[1:4]:
            vocabulary.update(w for w in words(text) if 2 <= len(w) <= 40 and not w.isdigit())
    if vocabulary:
        SearchWord.objects.bulk_create(
            [SearchWord(word=w) for w in sorted(vocabulary)], ignore_conflicts=True, batch_size=BATCH,
        )


def index_groups(group_ids: Iterable[int], apps=None):
    """Bring the index up to date for these groups (listed or not: search filters later)."""
    group_ids = list(group_ids)
    if not group_ids:
        return
    if apps is None:  # not in a migration, before the cache table is made
        caching.changed()
    with transaction.atomic():
        # Tagged against the cut-off as it stands: refresh_freshness() cannot move it
        # between reading it and writing the rows (see fresh_after_date's lock).
        rows = _documents(group_ids, apps, fresh_after=fresh_after_date(apps, lock="share"))
        found = {row[0] for row in rows}
        engine = backend()
        engine.remove([pk for pk in group_ids if pk not in found])
        engine.store(rows)
        _remember_words(rows, apps)


def index_groups_written_with_care(apps=None):
    """Index again the groups whose words are split with care (text.split_with_care: Chinese,
    Japanese, scripts with vowel marks), once, when that began (a migration)."""
    fields = ["pk", "name", "summary", "who_for", "description", "newcomers", "affiliation"]
    ids = [row[0] for row in _model("Group", apps).objects.values_list(*fields).iterator()
           if split_with_care(" ".join(row[1:]))]
    for start in range(0, len(ids), BATCH):
        index_groups(ids[start:start + BATCH], apps)


def remove_groups(group_ids: Iterable[int]):
    caching.changed()
    backend().remove(list(group_ids))


def remove_orphans(using="default"):
    """Remove from the index any group no longer in the groups table."""
    from django.db import connections

    engine = backend(connections[using])
    if engine.table in connections[using].introspection.table_names():
        engine.remove_orphans()


def fresh_after_date(apps=None, lock=None):
    """The index's cut-off for "confirmed recently": groups confirmed after it are tagged
    fresh. None until first set: every group is tagged fresh, and search leaves out those
    now hidden by looking at their dates (see search._residual).

    lock: "share" while indexing, "update" while moving it (PostgreSQL; on SQLite every
    transaction that writes holds the whole database, so they never overlap).
    """
    table = _model("SearchIndexState", apps)._meta.db_table
    sql = f"SELECT fresh_after FROM {table} WHERE id = 1"  # noqa: S608 - a table name
    if lock and connection.vendor == "postgresql":
        sql += {"share": " FOR SHARE", "update": " FOR UPDATE"}[lock]
    # Asked on every search: a plain statement, without building a query.
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    day = row[0] if row else None
    return datetime.date.fromisoformat(day) if isinstance(day, str) else day


def _set_fresh_after(day, apps=None):
    _model("SearchIndexState", apps).objects.update_or_create(pk=1, defaults={"fresh_after": day})


def refresh_freshness(today=None) -> dict:
    """Scheduled job: move the index's "confirmed recently" cut-off to today's, tagging
    again the groups whose listings have passed it (or, if the cut-off moved back, come
    back within it), then compact the index. Search is right without it; it keeps
    search's look-ups small."""
    from directory.freshness import hidden_before
    from directory.models import Group

    cutoff = hidden_before(today)
    with transaction.atomic():
        before = fresh_after_date(lock="update")
        if before == cutoff:
            return {"groups_tagged_again": 0}
        _set_fresh_after(cutoff)
        changed = Group.objects.filter(last_confirmed_on__lte=max(cutoff, before or cutoff))
        if before is not None:
            changed = changed.filter(last_confirmed_on__gt=min(cutoff, before))
        ids = list(changed.values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            index_groups(ids[start:start + BATCH])
    # Once a day, after the day's changes, compact the index (apart: should it fail, the
    # new cut-off stands, and the next day's run compacts it).
    with transaction.atomic():
        backend().optimize()
    return {"groups_tagged_again": len(ids)}


def rebuild(progress=None, apps=None):
    """Index every group again, in batches; used after bulk loads (and by migrations,
    with their historical models as `apps`)."""
    from directory.freshness import hidden_before

    if apps is None:
        caching.changed()
    with transaction.atomic():
        _set_fresh_after(hidden_before(), apps)
        backend().clear()
        _model("SearchWord", apps).objects.all().delete()
        ids = list(_model("Group", apps).objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            batch = ids[start:start + BATCH]
            rows = _documents(batch, apps)
            backend().store(rows)
            _remember_words(rows, apps)
            if progress:
                progress(start + len(batch), len(ids))
        backend().optimize()
    # Fresh statistics let the query planner choose the indexes well after a bulk load.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

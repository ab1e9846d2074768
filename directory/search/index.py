"""Keeping the search index and the spelling vocabulary in step with the groups."""

from collections.abc import Iterable

from django.db import connection, transaction

from .backends import backend
from .text import fold, words

BATCH = 500


def _category_text(categories) -> str:
    parts = []
    for category in categories:
        parts += [category.name, category.keywords]
        if category.parent_id:
            parent = category.parent
            parts += [parent.name, parent.keywords]
    return " ".join(str(p) for p in parts if p)


def document(group) -> tuple[int, str, str, str]:
    """(id, name, categories, body) for one group, folded for both backends."""
    meetings = list(group.meetings.all())
    towns = {m.venue.town for m in meetings if m.venue_id}
    body = " ".join([
        group.summary, group.who_for, group.description, group.newcomers,
        group.affiliation, " ".join(sorted(towns)),
        " ".join(str(language.name) for language in group.languages.all()),
    ])
    return (group.pk, fold(group.name), fold(_category_text(group.categories.all())), fold(body))


def _documents(group_ids: Iterable[int]):
    from directory.models import Group

    groups = (
        Group.objects.filter(pk__in=list(group_ids))
        .prefetch_related("categories__parent", "meetings__venue", "languages")
    )
    return [document(group) for group in groups]


def _remember_words(rows):
    from directory.models import SearchWord

    vocabulary = set()
    for row in rows:
        for text in row[1:]:
            vocabulary.update(w for w in words(text) if 2 <= len(w) <= 40 and not w.isdigit())
    if vocabulary:
        SearchWord.objects.bulk_create(
            [SearchWord(word=w) for w in sorted(vocabulary)], ignore_conflicts=True, batch_size=BATCH,
        )


def index_groups(group_ids: Iterable[int]):
    """Bring the index up to date for these groups (listed or not: search filters later)."""
    group_ids = list(group_ids)
    if not group_ids:
        return
    rows = _documents(group_ids)
    found = {row[0] for row in rows}
    engine = backend()
    engine.remove([pk for pk in group_ids if pk not in found])
    engine.store(rows)
    _remember_words(rows)


def remove_groups(group_ids: Iterable[int]):
    backend().remove(list(group_ids))


def rebuild(progress=None):
    """Index every group again, in batches; used after bulk loads."""
    from directory.models import Group, SearchWord

    with transaction.atomic():
        backend().clear()
        SearchWord.objects.all().delete()
        ids = list(Group.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            batch = ids[start:start + BATCH]
            rows = _documents(batch)
            backend().store(rows)
            _remember_words(rows)
            if progress:
                progress(start + len(batch), len(ids))
    # Fresh statistics let the query planner choose the indexes well after a bulk load.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

"""Everyday words: what people type for what they are going through, understood as the
subjects it leads to ("lost my husband" → losing someone close).

The phrases are data (directory.models.EverydayPhrase), seeded by a migration and kept by
staff in the admin. A phrase is in a search when every one of its search words is (in any
order, a plural forgiven); the words it explains then lead to its subjects, and the
search's other words still narrow the results. See search.search() for how the subjects
weigh in the ranking.
"""

from dataclasses import dataclass

from django.db import connection

from .text import plural_variants, query_terms


def phrase_terms(words: str) -> list[str]:
    """A phrase's search words, cleaned exactly as a search's words are."""
    return query_terms(words)


def _forms(term: str) -> set[str]:
    return {term, *plural_variants(term)}


@dataclass(frozen=True)
class Understood:
    phrases: tuple[str, ...] = ()  # the phrases found, as staff wrote them
    subject_ids: tuple[int, ...] = ()  # the subjects they lead to
    explained: frozenset[str] = frozenset()  # the search words they account for


def understand(terms: list[str]) -> Understood:
    """The everyday phrases among these search words, and the subjects they lead to."""
    if not terms:
        return Understood()
    from ..models import EverydayPhrase

    forms = sorted({form for term in terms for form in _forms(term)})
    table = EverydayPhrase._meta.db_table
    links = EverydayPhrase.categories.through._meta.db_table
    with connection.cursor() as cursor:
        # Asked on every search with words: a plain statement on the anchors' index.
        cursor.execute(
            # A top-level subject leads to the subjects under it, as choosing it does.
            f"SELECT p.words, p.terms, c.id FROM {table} p "  # noqa: S608 - table names
            f"JOIN {links} l ON l.everydayphrase_id = p.id "
            "JOIN directory_category c ON c.id = l.category_id OR c.parent_id = l.category_id "
            f"WHERE p.anchor IN ({', '.join(['%s'] * len(forms))}) ORDER BY p.words, c.id",
            forms,
        )
        rows = cursor.fetchall()
    typed = {term: _forms(term) for term in terms}
    leads: dict[str, list[int]] = {}  # phrase → its subjects
    explained = set()
    for words, phrase_words, category_id in rows:
        matched = []
        for word in phrase_words.split():
            found = next((term for term, variants in typed.items() if word in variants), None)
            if found is None:
                break
            matched.append(found)
        else:
            leads.setdefault(words, []).append(category_id)
            explained.update(matched)
    # A phrase leading to a narrower subject narrows a wider one: "bereavement" and
    # "husband died" lead to losing someone close, not to every kind of bereavement.
    subjects = []
    for ids in leads.values():
        if any(set(other) < set(ids) for other in leads.values()):
            continue
        subjects += [pk for pk in ids if pk not in subjects]
    return Understood(tuple(leads), tuple(subjects), frozenset(explained))

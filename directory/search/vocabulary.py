"""Everyday words: what people type for what they are going through, understood as the
subjects it leads to ("lost my husband" → losing someone close).

The phrases are data (directory.models.EverydayPhrase), seeded by a migration and kept by
staff in the admin. A phrase is in a search when every one of its search words is (in any
order, a plural forgiven); the words it explains then lead to its subjects, and the
search's other words still narrow the results. See search.search() for how the subjects
weigh in the ranking.

The subjects' names in the reader's language are understood the same way, as phrases
leading to their subjects: "gofalwyr" on a Welsh page leads to carers, as "carers" does in
English through the words the index holds. A name is in a search when every one of its
words is, or every word of a part of it in brackets, or of the rest ("ذیابیطس (شوگر)",
diabetes (sugar), is understood from "شوگر" alone); single words of a longer name are not
enough, since no language but English has a list of its commonest words to leave out
("nad", "کی"). Only the page's language: a word of another language's name may be an
everyday English one (Polish "hazard" is gambling).
"""

import re
from dataclasses import dataclass

from django.db import connection

from ..subject_names import names_in
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


def _matched(phrase_words: list[str], typed: dict[str, set[str]]) -> list[str] | None:
    """The search words that are each of a phrase's words (a plural forgiven), or None when
    the search lacks one of them."""
    matched = []
    for word in phrase_words:
        found = next((term for term, variants in typed.items() if word in variants), None)
        if found is None:
            return None
        matched.append(found)
    return matched


_BRACKETED = re.compile(r"\(([^()]*)\)")


def _name_parts(name: str) -> list[str]:
    """A subject's name, then the parts of it that its brackets set apart."""
    inside = [part.strip() for part in _BRACKETED.findall(name)]
    outside = " ".join(_BRACKETED.sub(" ", name).split())
    return [name, *(part for part in [outside, *inside] if part and part != name)]


def _subject_names(typed: dict[str, set[str]], language: str) -> dict[str, tuple[str, list[str]]]:
    """English name → (its name in `language`, or the part of it, that the search has, and
    the search words that are its words), for each seeded subject so named."""
    found = {}
    for name, label in names_in(language):
        for part in _name_parts(label):
            terms = phrase_terms(part)
            matched = _matched(terms, typed) if terms else None
            if matched:
                found[name] = (part, matched)
                break
    return found


def understand(terms: list[str], language: str = "") -> Understood:
    """The everyday phrases, and the subjects' names in `language` (the page's), among these
    search words, and the subjects they lead to."""
    if not terms:
        return Understood()
    from ..models import EverydayPhrase

    typed = {term: _forms(term) for term in terms}
    named = _subject_names(typed, language)
    forms = sorted({form for term in terms for form in _forms(term)})
    table = EverydayPhrase._meta.db_table
    links = EverydayPhrase.categories.through._meta.db_table
    # A top-level subject leads to the subjects under it, as choosing it does.
    sql = (
        f"SELECT p.words, p.terms, c.id FROM {table} p "  # noqa: S608 - table names
        f"JOIN {links} l ON l.everydayphrase_id = p.id "
        "JOIN directory_category c ON c.id = l.category_id OR c.parent_id = l.category_id "
        f"WHERE p.anchor IN ({', '.join(['%s'] * len(forms))})"
    )
    params = forms
    if named:
        # The subjects named, found by their English names, already matched (no words).
        sql += (
            " UNION ALL SELECT n.name, NULL, c.id FROM directory_category n "
            "JOIN directory_category c ON c.id = n.id OR c.parent_id = n.id "
            f"WHERE n.name IN ({', '.join(['%s'] * len(named))})"
        )
        params = [*forms, *named]
    with connection.cursor() as cursor:
        # Asked on every search with words: one plain statement on the anchors' index.
        cursor.execute(sql + " ORDER BY 1, 3", params)
        rows = cursor.fetchall()
    leads: dict[str, list[int]] = {}  # phrase → its subjects
    explained = set()
    for words, phrase_words, category_id in rows:
        if phrase_words is None:
            words, matched = named[words]
        else:
            matched = _matched(phrase_words.split(), typed)
            if matched is None:
                continue
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

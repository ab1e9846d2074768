"""National organisations and helplines for what someone searched for, so that a search
with no group near is never a dead end.

Staff keep the list in the admin (models.NationalOrganisation). A search offers a few of
them (`templates/directory/_national.html`) only where the page would otherwise leave
someone with nothing, or little, to do: no group found, few meeting near, a place outside
the area the directory covers; and on a subject's own page (the search for that subject
alone, with no words and no place). A search with enough groups near offers none.

Which: those for the subjects the search is about (the subject chosen, and the subjects
its everyday words lead to), then those for the subjects these are part of, then those
for the subjects under a chosen top-level subject. With no subject understood, none: an
unrelated list would be noise, not help.
"""

from dataclasses import dataclass

from . import caching
from .models import Category, NationalOrganisation

MAX_SHOWN = 3

# Where on the search page the organisations go; one place only, so never twice.
COVERAGE, NO_RESULTS, FEW_NEAR, SUBJECT = "coverage", "no_results", "few_near", "subject"

# How close an organisation's subject is to the one searched for, closest first.
OWN, PART_OF, UNDER = 0, 1, 2


@dataclass(frozen=True)
class Offer:
    """What `_national.html` shows: the organisations and the subjects they are for."""

    organisations: tuple = ()
    subjects: tuple = ()

    def __bool__(self) -> bool:
        return bool(self.organisations)


def for_subjects(subjects, limit: int = MAX_SHOWN) -> list[NationalOrganisation]:
    """Up to `limit` shown organisations for these subjects (Category objects): those for a
    subject itself first, then for the subject it is part of, then (for a top-level
    subject) for the subjects under it; within each, staff's position, then name. Cached
    for these subjects (caching.py): a search for a subject asks on every page."""
    own = {subject.pk for subject in subjects}
    if not own:
        return []
    name = f"national:{limit}:{','.join(str(pk) for pk in sorted(own))}"
    return caching.remember(name, lambda: _for_subjects(subjects, own, limit))


def _for_subjects(subjects, own: set[int], limit: int) -> list[NationalOrganisation]:
    closeness = dict.fromkeys(own, OWN)
    for subject in subjects:
        if subject.parent_id and subject.parent_id not in closeness:
            closeness[subject.parent_id] = PART_OF
    for pk in Category.objects.filter(parent_id__in=own).exclude(pk__in=closeness).values_list("pk", flat=True):
        closeness[pk] = UNDER
    links = NationalOrganisation.categories.through.objects.filter(
        category_id__in=closeness, nationalorganisation__active=True,
    ).values_list("nationalorganisation_id", "category_id")
    rank = {}
    for organisation_id, category_id in links:
        rank[organisation_id] = min(rank.get(organisation_id, UNDER), closeness[category_id])
    organisations = NationalOrganisation.objects.filter(pk__in=rank)
    return sorted(organisations, key=lambda o: (rank[o.pk], o.position, o.name.casefold()))[:limit]


def place_on_search(*, outside: bool, hits: bool, few_near: bool, subject_page: bool) -> str:
    """Where the search page offers them, or "" for nowhere: in the notice of a place
    outside the area; else among the next steps when nothing was found; else beside the
    groups a little further away when few are near; else on a subject's own page."""
    if outside:
        return COVERAGE
    if not hits:
        return NO_RESULTS
    if few_near:
        return FEW_NEAR
    if subject_page:
        return SUBJECT
    return ""


def for_search(*, category, subjects, outside: bool, hits: bool, few_near: bool, subject_page: bool) -> dict:
    """What the search page needs, in one call: `national` (an Offer, empty for none) and
    `national_place` (where it goes). `category` is the subject chosen (or None),
    `subjects` those the search's everyday words lead to."""
    place = place_on_search(outside=outside, hits=hits, few_near=few_near, subject_page=subject_page)
    about = [category] if category else []
    about += [subject for subject in subjects if subject not in about]
    organisations = for_subjects(about) if place and about else []
    if not organisations:
        return {"national": Offer(), "national_place": ""}
    return {"national": Offer(tuple(organisations), tuple(about)), "national_place": place}

"""Words: how search text and group documents are split, cleaned and spelled.

Both search backends receive text already cleaned here, so they see the same words.
"""

import difflib
import re
import unicodedata

MAX_TERMS = 12
MAX_TERM_LENGTH = 40
MAX_QUERY_LENGTH = 200

_WORD = re.compile(r"[^\W_]+")

# Common English words, plus words that describe nearly every group, so they don't
# narrow a search ("diabetes support group" searches for diabetes).
STOP_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself no nor not now of off on once only or other our ours ourselves out
over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves near me
group groups support meeting meetings meet club local people person help
""".split())


def fold(text: str) -> str:
    """Lower case, accents removed: 'Café Ménière' → 'cafe meniere'."""
    if not text:
        return ""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# Reserved for the index's tags (see tags.PREFIX).
TAG_PREFIX = "0x"


def words(text: str) -> list[str]:
    """Every word in a document, folded, in order (none containing the tags' prefix)."""
    return [w for w in _WORD.findall(fold(text)) if TAG_PREFIX not in w]


def without_tags(text: str) -> str:
    """Folded text for the index, with the tags' prefix broken wherever it appears, so
    that however the index splits the words, none can be read as a tag."""
    return fold(text).replace(TAG_PREFIX, TAG_PREFIX[0] + " " + TAG_PREFIX[1:])


def query_terms(text: str) -> list[str]:
    """The words worth searching for in what someone typed: no stop words, no repeats."""
    terms = []
    for word in words((text or "")[:MAX_QUERY_LENGTH * 2]):
        word = word[:MAX_TERM_LENGTH]
        if word in STOP_WORDS or word in terms or len(word) < 2 and not word.isdigit():
            continue
        terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    return terms


def plural_variants(term: str) -> list[str]:
    variants = [term + "s", term + "es"]
    if term.endswith("ies"):
        variants.append(term[:-3] + "y")
    if term.endswith("es"):
        variants.append(term[:-2])
    if term.endswith("s"):
        variants.append(term[:-1])
    return variants


def edit_distance(a: str, b: str, limit: int) -> int:
    """Letters added, removed, changed or swapped to turn `a` into `b` (stops past `limit`)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_row, row = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        before, previous_row, row = previous_row, row, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous_row[j] + 1, row[j - 1] + 1, previous_row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
    return row[-1]


def closest(term: str, candidates: list[str]) -> str | None:
    """The candidate one slip of the keyboard away from `term` (two for longer words).

    Strict on purpose: a medical word that isn't in the directory must not be "corrected"
    into an everyday word that is (parkinson is not parking).
    """
    if len(term) < 5:
        return None
    limit = 1 if len(term) <= 6 else 2
    scored = []
    for candidate in candidates:
        distance = edit_distance(term, candidate, limit)
        if distance <= limit:
            ratio = difflib.SequenceMatcher(None, term, candidate).ratio()
            if ratio >= 0.8:
                scored.append((distance, -ratio, candidate))
    return min(scored)[2] if scored else None

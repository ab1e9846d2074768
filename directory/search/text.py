"""Words: how search text and group documents are split, cleaned and spelled.

Both search backends receive text already cleaned here, so they see the same words.

Two kinds of writing need care, both handled here for the index and for what is typed alike:

- Chinese and Japanese are written without spaces between words, and neither database
  splits them (SQLite's unicode61 tokenizer and PostgreSQL's parser keep a whole run of
  characters as one word). Each run is indexed and searched as its overlapping pairs of
  characters ("自助小组" as "自助 助小 小组"), so a word of two characters or more inside
  a sentence is found: a search has every pair of what was typed.
- Bengali, Punjabi (Gurmukhi) and other Indian scripts write vowels as marks joined to a
  letter. Python's and SQLite's idea of a word's characters leaves the marks out, which
  would cut "খাবার" into letters; here a word keeps its marks, and for SQLite
  (`for_unicode61`) each mark is written as a private-use character, which unicode61 keeps
  inside a word. PostgreSQL's parser keeps the marks itself.
"""

import difflib
import functools
import re
import unicodedata

MAX_TERMS = 12
MAX_TERM_LENGTH = 40
MAX_QUERY_LENGTH = 200

_WORD = re.compile(r"[^\W_]+")

# Chinese characters, Japanese kana and the iteration marks: scripts written without spaces.
_UNSPACED = "\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_UNSPACED_RUN = re.compile(f"[{_UNSPACED}]+")
# Marks written with a letter (Unicode categories Mn, Mc, Me) that fold() keeps: vowel signs.
# Those before U+1900 (every script of India, Arabic, Hebrew, Thai, Tibetan, Myanmar…) go to
# the private-use characters from U+E000 on, one for one, for SQLite; later ones are rare and
# are left out of the word there.
_PRIVATE_USE = 0xE000
_MARKS_MAPPED_BELOW = 0x1900

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


@functools.cache
def _marks() -> list[str]:
    return [c for c in map(chr, range(0x300, 0x20000)) if unicodedata.category(c).startswith("M")]


@functools.cache
def _word_with_marks() -> re.Pattern:
    ranges, marks = [], _marks()
    start = previous = marks[0]
    for mark in marks[1:] + ["\0"]:
        if ord(mark) != ord(previous) + 1:
            ranges.append(re.escape(start) + ("-" + re.escape(previous) if previous != start else ""))
            start = mark
        previous = mark
    return re.compile(r"(?:[^\W_]|[" + "".join(ranges) + "])+")


@functools.cache
def _marks_for_unicode61() -> dict[int, str | None]:
    return {ord(m): chr(_PRIVATE_USE + ord(m)) if ord(m) < _MARKS_MAPPED_BELOW else None for m in _marks()}


def _pairs(match) -> str:
    run = match.group()
    return " " + " ".join(run[i:i + 2] for i in range(max(1, len(run) - 1))) + " "


def _cleaned(text: str) -> str:
    """Folded, with text written without spaces split into pairs of characters."""
    text = fold(text)
    return text if text.isascii() else _UNSPACED_RUN.sub(_pairs, text)


def words(text: str) -> list[str]:
    """Every word in a document, folded, in order (none containing the tags' prefix)."""
    text = _cleaned(text)
    found = _WORD.findall(text) if text.isascii() else _word_with_marks().findall(text)
    return [w for w in found if TAG_PREFIX not in w]


def without_tags(text: str) -> str:
    """Folded text for the index, with the tags' prefix broken wherever it appears, so
    that however the index splits the words, none can be read as a tag."""
    return _cleaned(text).replace(TAG_PREFIX, TAG_PREFIX[0] + " " + TAG_PREFIX[1:])


def split_with_care(text: str) -> bool:
    """Whether the text has words written without spaces or with marks (see above)."""
    if text.isascii():
        return False
    text = fold(text)
    return bool(_UNSPACED_RUN.search(text)) or any(ord(c) in _marks_for_unicode61() for c in text)


def for_unicode61(text: str) -> str:
    """Cleaned text (or a word) as SQLite's unicode61 tokenizer must read it to keep marks
    inside their words: each as a private-use character (see the top of this module)."""
    return text if text.isascii() else text.translate(_marks_for_unicode61())


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

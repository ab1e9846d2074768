"""The name of a language meetings are held in, in the reader's language (Language.label).

The names come from CLDR, through `langcodes` and `language_data` (already used by the
Open Referral importer), so no catalogue needs an entry for "Polish" or "Gujarati" in
each language. CLDR is used rather than Django's own language names because Django's
cover fewer languages (no Gujarati, Somali or Cantonese) and some of its translations are
English left in (Urdu in Urdu).

The library's name is used only when it names the same language as the stored name: the
code alone can mislead (the directory stores Mandarin as `zh`, which CLDR calls Chinese).
Otherwise the stored name is translated through the catalogues: the seeded names the
library cannot give are marked below. A language staff added with neither shows as they
typed it. English readers always see the stored name, as staff wrote it.
"""

import functools

import langcodes
from django.utils.translation import gettext, gettext_noop
from language_data.names import code_to_names

# Seeded languages (directory/migrations/0001_initial.py) CLDR has no name for in the
# site's languages, or names differently from what the directory means.
CATALOGUE_NAMES = [
    gettext_noop("British Sign Language"),  # bfi: CLDR names it in English only
    gettext_noop("Mandarin"),  # stored as zh, which CLDR names "Chinese"
]


def in_label_order(languages) -> list:
    """Languages in the reader's alphabetical order of their names (Language.label)."""
    return sorted(languages, key=lambda language: language.label.casefold())


def language_label(code: str, name: str, reader: str) -> str:
    """`name` (the stored English name of language `code`) for a reader of `reader`."""
    if not reader or reader.split("-")[0] == "en":
        return name
    return library_name(code, name, reader) or gettext(name)


@functools.lru_cache(maxsize=1024)
def library_name(code: str, name: str, reader: str) -> str | None:
    """CLDR's name for `code` in `reader`'s language, or None when CLDR has none in that
    language or means a different language by `code` than `name` says."""
    try:
        language = langcodes.Language.get(code)
        reader_tag = langcodes.Language.get(reader)
    except (langcodes.LanguageTagError, ValueError):
        return None
    if not language.language:
        return None
    try:
        named = langcodes.find(name)
    except LookupError:
        return None
    if named.language != language.language:
        return None
    names = code_to_names(language.language)
    if not any(tag in names for tag in reader_tag.broader_tags() if tag != "und"):
        return None  # CLDR would give the English name
    return language.language_name(reader_tag)

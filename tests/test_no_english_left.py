"""The public journey in Welsh and in Urdu shows no English string of the site's own.

Each page is rendered over the demo directory in the language, and its visible text is
searched for the English of every message the language's catalogue translates: a message
found in English is one the page shows without translating (a string not marked, marked
but translated before the language was chosen, or built from English pieces). The groups'
own words stay as the groups wrote them, so only the site's messages are looked for, and
only their longer pieces (a message is cut at its placeholders), which group texts do not
share by chance.
"""

import html
import re
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.db import models
from django.test import Client

from directory.demo import load_demo
from directory.models import Category, Group, Language, Meeting, Venue
from hub.tests.test_catalogues import entries

pytestmark = pytest.mark.django_db

GROUP = "nottingham-tinnitus-self-help-group"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|<[^>]+>|&[a-z]+;")
MIN_PIECE = 14  # characters: shorter pieces ("Phone:", "Back") are left to the catalogue tests


def pages():
    """(what it is, English address, data to POST or None) along the public journey."""
    group = f"/groups/{GROUP}/"
    return [
        ("home", "/", None),
        ("search results", "/search/?q=tinnitus&where=NG1", None),
        ("a search with nothing near", "/search/?q=kite+flying+for+widowers&where=NG1", None),
        ("subjects", "/categories/", None),
        ("a group's page", group, None),
        ("get in touch", f"{group}get-in-touch/", None),
        ("get in touch, sent empty", f"{group}get-in-touch/", {}),
        ("report a problem", f"{group}report-a-problem/", None),
        ("contact the team", "/contact/", None),
        ("contact the team, sent empty", "/contact/", {}),
        ("start a group", "/start-a-group/", None),
        ("news and subscribing to it", "/news/", None),
        ("news, subscribing sent empty", "/news/", {}),
        ("lists to print", "/lists/", None),
        ("privacy", "/privacy/", None),
    ]


def english_pieces(language: str) -> list[str]:
    """The longer pieces of each message the language's catalogue translates."""
    catalogue = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    pieces = set()
    for entry in entries(catalogue):
        if entry.get("fuzzy") or "msgid_plural" in entry or entry.get("msgstr", entry["msgid"]) == entry["msgid"]:
            continue
        for piece in PLACEHOLDER.split(entry["msgid"]):
            piece = " ".join(piece.split())
            if len(piece) >= MIN_PIECE and " " in piece:
                pieces.add(piece)
    return sorted(pieces)


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style|title)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def groups_own_words() -> list[str]:
    """Every text the demo's groups wrote themselves (names, descriptions, who runs them,
    places, notes), longest first: taken out of a page before it is searched."""
    texts = set()
    for model in (Group, Meeting, Venue):
        fields = [field.name for field in model._meta.get_fields()
                  if isinstance(field, (models.CharField, models.TextField)) and not field.choices]
        for row in model.objects.values_list(*fields):
            texts.update(" ".join(value.split()) for value in row if value and len(value) >= MIN_PIECE)
    return sorted(texts, key=len, reverse=True)


@pytest.fixture
def demo(settings):
    import_module("directory.migrations.0001_initial").seed(Category, Language)
    load_demo()


@pytest.mark.parametrize("language", ["cy", "ur"])
def test_the_public_journey_shows_no_english_message(demo, language):
    pieces = english_pieces(language)
    assert len(pieces) > 300, "the catalogue's messages were not read"
    own_words = groups_own_words()
    client = Client()
    left = []
    for what, address, data in pages():
        address = f"/{language}{address}"
        response = client.get(address) if data is None else client.post(address, data)
        assert response.status_code in (200, 400), (what, response.status_code)
        assert f'lang="{language}"' in response.content.decode()[:300], what
        text = visible_text(response.content.decode())
        for words in own_words:
            text = text.replace(words, " ")
        left += [f"{what}: {piece!r}" for piece in pieces if piece in text]
    assert left == [], "English left on the page:\n" + "\n".join(left)

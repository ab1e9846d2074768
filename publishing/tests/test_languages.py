"""Leaflets in every offered language: the script's own font is embedded, the text reads
back, and a right-to-left leaflet says so (fonts from Debian's fonts-noto-core and
fonts-noto-cjk; print.css)."""

import re

import pytest
from django.test import override_settings
from django.utils import translation

from directory.models import GroupTranslation
from directory.tests.factory import make_group

from . import pdftools

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_address", "printed_on")]


@pytest.fixture
def group():
    return make_group(name="Nottingham Stroke Club", slug="nottingham-stroke-club", phone="0115 496 0101",
                      email="stroke@example.org", description="We have tea and share what helps.")


# Each language and the font its script is set in.
LANGUAGES = [
    ("ur", "Noto-Naskh-Arabic"),
    ("ar", "Noto-Naskh-Arabic"),
    ("bn", "Noto-Sans-Bengali"),
    ("pa", "Noto-Sans-Gurmukhi"),
    ("zh-hans", "Noto-Sans-CJK-SC"),
    ("cy", "DejaVu-Sans"),
    ("pl", "DejaVu-Sans"),
]


def heading_in(code: str) -> str:
    """A heading of the leaflet, "Who it is for", as the language's catalogue has it."""
    with translation.override(code):
        heading = translation.gettext("Who it is for")
    assert heading != "Who it is for", f"no {code} translation of the leaflet's heading"
    return heading


def reads_back(phrase: str, words: str) -> bool:
    """Each word of `phrase` is in the PDF's text. Poppler gives right-to-left lines in the
    order they are drawn, each word wrapped in direction marks, and puts spaces inside some
    Bengali words (where a vowel sign is drawn before its consonant); so words are looked
    for one by one, with the marks and spaces taken out."""
    text = re.sub(r"[\u200e\u200f\u202a-\u202e\s]", "", words)
    return all(word in text for word in phrase.split())


@pytest.mark.parametrize("code, font", LANGUAGES)
def test_a_leaflet_in_each_language_embeds_its_script_s_font_and_reads_back(client, group, code, font):
    response = client.get(f"/{code}/groups/{group.slug}/leaflet.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    fonts = pdftools.fonts(response.content)
    ours = [row for row in fonts if font in row["name"]]
    assert ours and all(row["embedded"] == "yes" for row in ours), fonts
    # Only the letters used are embedded (a subset: "ABCDEF+Name").
    assert all("+" in row["name"] for row in fonts)
    words = pdftools.text(response.content)
    assert reads_back(heading_in(code), words), words
    # The group's own words and its details are as the group wrote them.
    assert "Nottingham Stroke Club" in words and "0115 496 0101" in words and "stroke@example.org" in words


@pytest.mark.parametrize("code", ["ur", "ar", "cy"])
def test_a_leaflet_s_language_is_the_page_s(client, group, code):
    body = client.get(f"/{code}/groups/{group.slug}/leaflet.pdf").content
    assert f"/Lang ({code})".encode() in pdftools.catalog_entries(body)


@override_settings(LANGUAGES=[("en-gb", "English")])
def test_an_english_leaflet_is_unchanged(client, group):
    body = client.get(f"/groups/{group.slug}/leaflet.pdf").content
    assert {row["name"].split("+")[-1] for row in pdftools.fonts(body)} <= {"DejaVu-Sans", "DejaVu-Sans-Bold"}
    assert "How to get in touch" in pdftools.text(body)


@pytest.mark.parametrize(("code", "when"), [
    ("cy", "Bob dydd Mawrth, 7 y.h. i 9 y.h."),
    ("pl", "W każdy wtorek, od 19:00 do 21:00"),
    ("zh-hans", "每周二，19:00至21:00"),
])
def test_a_leaflet_says_when_the_group_meets_in_a_whole_sentence_of_its_language(client, group, code, when):
    words = pdftools.text(client.get(f"/{code}/groups/{group.slug}/leaflet.pdf").content)
    assert reads_back(when, words), words


def test_a_leaflet_has_the_groups_words_in_the_readers_language_or_its_own_with_a_note(client, group):
    urdu, name = "ہم ہر ہفتے ملتے ہیں اور چائے پیتے ہیں۔", "اسٹروک کلب"
    GroupTranslation.objects.create(group=group, language="ur", name=name, description=urdu)
    text = pdftools.text(client.get(f"/ur/groups/{group.slug}/leaflet.pdf").content)
    assert reads_back(urdu, text) and reads_back(name, text)
    assert "share what helps" not in text
    welsh = " ".join(pdftools.text(client.get(f"/cy/groups/{group.slug}/leaflet.pdf").content).split())
    with translation.override("cy"):
        note = translation.gettext("The group wrote this in English.")
    assert "We have tea and share what helps." in welsh and note in welsh and note != "The group wrote this in English."

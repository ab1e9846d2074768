"""A group's words in other languages on its pages: coordinators write, change and remove them
(recorded in the history, undone by staff), readers of that language see them on the group's
page, in search results and on the leaflet, and readers of another see the group's own words
with a note saying which language they are in."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from directory.models import GroupChange, GroupTranslation
from directory.tests.factory import make_coordinator, make_group

pytestmark = pytest.mark.django_db

URDU = "ہم ہر ہفتے ملتے ہیں اور چائے پیتے ہیں۔"
URDU_NAME = "خواتین کا حلقہ"
OWN = "We share food and listen to each other."


@pytest.fixture
def group(alice):
    group = make_group(name="Asian Women's Wellbeing Circle", slug="wellbeing-circle", description=OWN,
                       summary="A circle for Asian women.")
    make_coordinator(group, alice)
    return group


def note_in(code: str) -> str:
    with translation.override(code):
        note = translation.gettext("The group wrote this in English.")
    assert note != "The group wrote this in English." or code == "en-gb", f"no {code} translation of the note"
    return note


def write(client, group, language, **data):
    return client.post(reverse("directory:edit-translation", args=[group.slug, language]), data)


# Coordinators write them.

def test_a_coordinator_writes_the_groups_words_in_urdu_and_the_history_records_it(client, alice, group):
    client.force_login(alice)
    page = client.get(reverse("directory:translations", args=[group.slug]))
    assert reverse("directory:edit-translation", args=[group.slug, "ur"]) in page.content.decode()
    response = write(client, group, "ur", name=URDU_NAME, description=URDU)
    assert response.status_code == 302
    assert list(group.translations.values_list("language", "name", "description")) == [("ur", URDU_NAME, URDU)]
    change = group.history.get(action=GroupChange.Action.EDITED)
    assert change.changes == {"translation.ur.name": ["", URDU_NAME], "translation.ur.description": ["", URDU]}
    assert [row[0] for row in change.readable_changes()] == [
        "The group’s name in this language (اردو)", "What happens at a meeting, in this language (اردو)"]


def test_the_form_asks_for_the_words_and_carries_their_language(client, alice, group):
    client.force_login(alice)
    response = write(client, group, "ur", name=URDU_NAME, description="")
    assert response.status_code == 400
    assert "Write what happens at a meeting in this language." in response.content.decode()
    assert not group.translations.exists()
    form = response.content.decode()
    assert re.search(r'<textarea[^>]*lang="ur"', form) and re.search(r'<textarea[^>]*dir="auto"', form)


def test_only_the_sites_languages_can_be_written_in(client, alice, group):
    client.force_login(alice)
    assert client.get(reverse("directory:edit-translation", args=[group.slug, "en-gb"])).status_code == 404
    assert write(client, group, "xx", description="Words").status_code == 404
    assert not group.translations.exists()


def test_a_coordinator_removes_the_groups_words_in_a_language_after_being_asked(client, alice, group):
    GroupTranslation.objects.create(group=group, language="ur", description=URDU)
    client.force_login(alice)
    url = reverse("directory:remove-translation", args=[group.slug, "ur"])
    assert "Yes, remove it" in client.get(url).content.decode()
    assert group.translations.exists()
    client.post(url)
    assert not group.translations.exists()
    change = group.history.get(action=GroupChange.Action.EDITED)
    assert change.changes == {"translation.ur.description": [URDU, ""]}


@pytest.mark.parametrize("before", [None, "پہلے کے الفاظ"])
def test_staff_undo_a_change_to_the_groups_words_in_a_language(client, alice, sam, group, before):
    """Added: undoing removes it. Changed: undoing puts the words before back."""
    if before:
        GroupTranslation.objects.create(group=group, language="ur", description=before)
    client.force_login(alice)
    write(client, group, "ur", description=URDU)
    change = group.history.get(action=GroupChange.Action.EDITED)
    client.force_login(sam)
    client.post(reverse("directory:undo-change", args=[group.slug, change.pk]))
    assert list(group.translations.values_list("description", flat=True)) == ([before] if before else [])
    undone = group.history.get(action=GroupChange.Action.ROLLED_BACK)
    assert undone.changes == {"translation.ur.description": [URDU, before or ""]}


def test_staff_undo_the_removal_of_the_groups_words_in_a_language(client, alice, sam, group):
    GroupTranslation.objects.create(group=group, language="ur", name=URDU_NAME, description=URDU)
    client.force_login(alice)
    client.post(reverse("directory:remove-translation", args=[group.slug, "ur"]))
    client.force_login(sam)
    client.post(reverse("directory:undo-change", args=[group.slug, group.history.get().pk]))
    assert list(group.translations.values_list("name", "description")) == [(URDU_NAME, URDU)]


# Readers see them.

def test_the_page_in_urdu_shows_the_groups_urdu_words_marked_with_their_language(client, group):
    GroupTranslation.objects.create(group=group, language="ur", name=URDU_NAME, description=URDU)
    page = client.get(f"/ur/groups/{group.slug}/").content.decode()
    assert f'<h1 lang="ur" dir="auto">{URDU_NAME}</h1>' in page
    assert re.search(rf'<div lang="ur" dir="auto"><p>{URDU}</p></div>', page)
    assert OWN not in page
    assert note_in("ur") not in page


@pytest.mark.parametrize("code", ["cy", "bn"])
def test_the_page_in_another_language_shows_the_groups_own_words_with_a_note(client, group, code):
    GroupTranslation.objects.create(group=group, language="ur", description=URDU)
    page = client.get(f"/{code}/groups/{group.slug}/").content.decode()
    assert re.search(rf'<div lang="en-gb" dir="auto"><p>{OWN}</p></div>', page)
    assert note_in(code) in page
    assert URDU not in page


def test_the_page_in_english_shows_the_groups_own_words_without_a_note(client, group):
    GroupTranslation.objects.create(group=group, language="ur", description=URDU)
    page = client.get(f"/groups/{group.slug}/").content.decode()
    assert re.search(rf'<div lang="en-gb" dir="auto"><p>{OWN}</p></div>', page)
    assert '<p class="lead" lang="en-gb" dir="auto">A circle for Asian women.</p>' in page
    assert note_in("en-gb") not in page and URDU not in page


def test_search_results_in_urdu_show_the_groups_urdu_name_and_words(client, group):
    GroupTranslation.objects.create(group=group, language="ur", name=URDU_NAME, description=URDU)
    page = client.get("/ur/search/", {"q": "ملتے"}).content.decode()
    assert re.search(rf'<a href="/ur/groups/{group.slug}/" lang="ur" dir="auto">{URDU_NAME}</a>', page)
    assert f'<p class="own-words-snippet" lang="ur" dir="auto">{URDU}</p>' in page
    english = client.get("/search/", {"q": "ملتے"}).content.decode()
    assert "Asian Women&#x27;s Wellbeing Circle</a>" in english and URDU not in english

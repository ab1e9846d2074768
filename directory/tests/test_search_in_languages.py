"""A search in the reader's language: the subjects' names in the page's language lead to
their groups, as an English subject name does on an English page (search/vocabulary.py)."""

import pytest
from django.urls import reverse
from django.utils import translation

from directory import search
from directory.search import Query
from directory.tests.factory import make_group

pytestmark = pytest.mark.django_db


def in_language(language, english):
    with translation.override(language):
        return translation.gettext(english)


def search_page(client, language, words):
    with translation.override(language):
        url = reverse("directory:search")
    return client.get(url, {"q": words})


def found(response):
    return sorted(hit.group.name for hit in response.context["results"].hits)


@pytest.fixture
def carers():
    """Groups about carers whose own words are all English, and one about something else."""
    make_group(name="Tea for Carers", categories=["caring-for-an-adult"], description="A cuppa and a chat.")
    make_group(name="Memory Cafe", categories=["dementia-carers"], description="Songs and cake.")
    make_group(name="Sugar Friends", categories=["diabetes"], description="A cuppa and a chat.")


def test_a_welsh_subject_name_on_a_welsh_page_finds_the_subjects_groups(client, carers):
    welsh = in_language("cy", "Carers")
    assert welsh != "Carers"
    response = search_page(client, "cy", welsh.lower())
    assert found(response) == ["Memory Cafe", "Tea for Carers"]
    body = response.content.decode()
    # The subjects are named in Welsh, the line around them too.
    assert f"“{welsh}”" in body
    assert in_language("cy", "Caring for someone with dementia") in body
    assert "Caring for someone with dementia" not in body


@pytest.mark.parametrize("language", ["pl", "ur", "zh-hans"])
def test_a_subject_name_in_a_community_language_on_its_page_finds_the_subjects_groups(client, carers, language):
    name = in_language(language, "Caring for someone with dementia")
    assert name != "Caring for someone with dementia"
    assert found(search_page(client, language, name)) == ["Memory Cafe"]


def test_the_words_of_a_name_in_any_order_and_other_words_narrowing_it(client, carers):
    make_group(name="Singing for the Brain", categories=["dementia-carers"], description="We sing together.")
    words = in_language("pl", "Caring for someone with dementia").split()
    assert found(search_page(client, "pl", " ".join(reversed(words)))) == ["Memory Cafe", "Singing for the Brain"]
    assert found(search_page(client, "pl", " ".join([*words, "sing"]))) == ["Singing for the Brain"]


def test_a_part_of_a_name_in_brackets_is_enough(client):
    make_group(name="Sugar Friends", categories=["diabetes"], description="A cuppa and a chat.")
    make_group(name="Tea for Carers", categories=["carers"], description="A cuppa and a chat.")
    urdu = in_language("ur", "Diabetes")  # "Diabetes (sugar)" in Urdu
    sugar = urdu[urdu.index("(") + 1:urdu.index(")")]
    assert found(search_page(client, "ur", sugar)) == ["Sugar Friends"]
    assert found(search_page(client, "ur", urdu.split("(")[0])) == ["Sugar Friends"]


def test_one_word_of_a_longer_name_is_not_enough(carers):
    # Polish has no list of common words to leave out: "osoby" is in several names.
    name = in_language("pl", "Losing someone close")
    make_group(name="Widowed Friends", categories=["losing-someone-close"], description="Tea.")
    assert len(name.split()) > 1
    results = search.search(Query(words=name.split()[-1], language="pl"))
    assert results.subject_ids == ()


def test_an_english_page_does_not_take_another_languages_subject_names(client):
    polish = in_language("pl", "Gambling").lower()
    assert polish == "hazard"  # an everyday English word too
    make_group(name="Bet Free", categories=["gambling"], description="We meet on Mondays.")
    make_group(name="Safe at Home", categories=["physical-disability"],
               description="Talks on every fire hazard in the home.")
    assert found(search_page(client, "en-gb", polish)) == ["Safe at Home"]
    assert found(search_page(client, "pl", polish)) == ["Bet Free", "Safe at Home"]


def test_english_words_are_understood_alike_on_every_page(client, carers):
    english = search_page(client, "en-gb", "carers")
    welsh = search_page(client, "cy", "carers")
    assert found(english) == found(welsh) == ["Memory Cafe", "Tea for Carers"]
    assert english.context["results"].subject_ids == welsh.context["results"].subject_ids


def test_the_search_itself_is_told_the_language(carers):
    welsh = in_language("cy", "Carers").lower()
    assert search.search(Query(words=welsh)).total == 0
    assert search.search(Query(words=welsh, language="cy")).total == 2

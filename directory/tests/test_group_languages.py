"""Groups speak their own languages: a group's name and own words in other languages
(GroupTranslation), which text a reader sees (Group.text_for), and search finding a group
by the words of any of them, Chinese written without spaces and Bengali's vowel marks
included, on SQLite and PostgreSQL alike."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from directory import search
from directory.models import GroupTranslation
from directory.search import Query
from directory.search.text import query_terms, words
from directory.tests.factory import make_group

pytestmark = pytest.mark.django_db

URDU = "ہم ہر ہفتے ملتے ہیں، چائے پیتے ہیں اور ایک دوسرے کی بات سنتے ہیں۔"
CHINESE = "我们是一个自助小组，每周二下午在社区中心聚会，一起喝茶聊天。"
BENGALI = "আমরা চা খাই আর পরিবারের কথা বলি।"


def names(text):
    return [hit.group.name for hit in search.load(search.search(Query(words=text))).hits]


def translate(group, language, description, name=""):
    return GroupTranslation.objects.create(group=group, language=language, name=name, description=description)


# Which text a reader sees.

def test_a_reader_of_the_groups_own_language_sees_its_own_words():
    group = make_group(name="Asian Women's Circle", description="We share food.")
    translate(group, "ur", URDU, name="ایشیائی خواتین کا حلقہ")
    text = group.text_for("en-gb")
    assert (text.name, text.description, text.language) == ("Asian Women's Circle", "We share food.", "en-gb")
    assert not text.in_another_language


def test_a_reader_of_a_language_the_group_wrote_in_sees_its_translation():
    group = make_group(name="Asian Women's Circle", description="We share food.")
    translate(group, "ur", URDU, name="ایشیائی خواتین کا حلقہ")
    text = group.text_for("ur")
    assert (text.name, text.description) == ("ایشیائی خواتین کا حلقہ", URDU)
    assert text.language == text.name_language == "ur"
    assert not text.in_another_language


def test_a_translation_without_a_name_keeps_the_groups_own_name_in_its_own_language():
    group = make_group(name="Chinese Elders", description="We drink tea.")
    translate(group, "zh-hans", CHINESE)
    text = group.text_for("zh-hans")
    assert (text.name, text.name_language) == ("Chinese Elders", "en-gb")
    assert (text.description, text.language) == (CHINESE, "zh-hans")


def test_a_reader_of_a_language_the_group_did_not_write_in_sees_its_own_words_marked_as_such():
    group = make_group(name="Asian Women's Circle", description="We share food.")
    translate(group, "ur", URDU)
    text = group.text_for("cy")
    assert (text.name, text.description, text.language) == ("Asian Women's Circle", "We share food.", "en-gb")
    assert text.in_another_language


def test_a_group_writes_once_in_each_language():
    group = make_group()
    translate(group, "ur", URDU)
    with pytest.raises(IntegrityError), transaction.atomic():
        translate(group, "ur", "دوسرا")


def test_a_translation_is_in_one_of_the_sites_languages_and_bounded_like_the_groups_own_words():
    group = make_group()
    with pytest.raises(ValidationError) as refused:
        GroupTranslation(group=group, language="xx", name="A\nname", description="x" * 3001).full_clean()
    assert set(refused.value.message_dict) == {"language", "name", "description"}
    with pytest.raises(ValidationError) as refused:
        GroupTranslation(group=group, language="en-gb", description="The group's own language").full_clean()
    assert set(refused.value.message_dict) == {"language"}
    GroupTranslation(group=group, language="bn", description=BENGALI).full_clean()


# Search.

def test_search_finds_a_group_by_a_word_of_its_urdu_description():
    make_group(name="Asian Women's Circle", description="We share food.", languages=["ur"])
    make_group(name="Other Circle", description="We share food too.")
    translate(make_group(name="Walkers", description="We walk."), "ur", "ہم چلتے ہیں۔")
    asian = make_group(name="Wellbeing Circle", description="We share food.")
    translate(asian, "ur", URDU)
    assert names("ملتے") == ["Wellbeing Circle"]
    assert names("چائے پیتے") == ["Wellbeing Circle"]


def test_search_finds_a_group_by_its_name_in_another_language():
    group = make_group(name="Wellbeing Circle", description="We share food.")
    translate(group, "ur", URDU, name="خواتین کا حلقہ")
    assert names("حلقہ") == ["Wellbeing Circle"]


def test_search_finds_a_group_by_a_two_character_chinese_word_inside_a_sentence():
    elders = make_group(name="Chinese Elders", description="We drink tea.")
    translate(elders, "zh-hans", CHINESE)
    translate(make_group(name="Tea Club", description="Tea."), "zh-hans", "我们每周喝茶。")
    assert names("小组") == ["Chinese Elders"]  # "self-help group", in the middle of the sentence
    assert names("聚会") == ["Chinese Elders"]  # "meet", near the end
    assert sorted(names("喝茶")) == ["Chinese Elders", "Tea Club"]  # "drink tea", in both
    assert names("自助小组") == ["Chinese Elders"]  # a longer word: every pair of it
    assert names("喝咖啡") == []  # "drink coffee": 喝 alone is not enough


def test_a_chinese_search_is_read_as_overlapping_pairs_of_characters():
    assert query_terms("自助小组") == ["自助", "助小", "小组"]
    assert words("Tea 茶会 club") == ["tea", "茶会", "club"]


def test_search_finds_a_group_by_a_bengali_word_with_its_vowel_marks():
    group = make_group(name="Bengali Women", description="We drink tea.")
    translate(group, "bn", BENGALI)
    translate(make_group(name="Other", description="Other."), "bn", "আমরা খবর পড়ি।")  # খবর: the same letters
    assert words("খাবার কথা") == ["খাবার", "কথা"]
    assert names("পরিবারের") == ["Bengali Women"]
    assert names("কথা") == ["Bengali Women"]


def test_removing_a_translation_takes_its_words_out_of_search():
    group = make_group(name="Wellbeing Circle", description="We share food.")
    translation = translate(group, "ur", URDU)
    assert names("ملتے") == ["Wellbeing Circle"]
    translation.delete()
    assert names("ملتے") == []


def test_english_search_is_unchanged_by_translations():
    group = make_group(name="Tinnitus Circle", description="We talk about tinnitus.")
    translate(group, "ur", URDU)
    assert names("tinnitus") == ["Tinnitus Circle"]
    assert query_terms("Tinnitus support group in Nottingham") == ["tinnitus", "nottingham"]


def test_results_say_which_words_of_a_translation_a_group_was_found_by():
    group = make_group(name="Wellbeing Circle", description="We share food.")
    translate(group, "ur", URDU)
    [hit] = search.load(search.search(Query(words="ملتے"))).hits
    assert "“ملتے”" in hit.why


def test_groups_written_without_spaces_or_with_marks_are_indexed_again_once():
    """What migration 0009 does for groups indexed before words were split with care."""
    from directory.search.backends import backend
    from directory.search.index import index_groups_written_with_care

    make_group(name="Chinese Elders", description=CHINESE)
    make_group(name="Bengali Women", description=BENGALI)
    make_group(name="Tinnitus Circle", description="We talk about tinnitus.")
    backend().clear()
    index_groups_written_with_care()
    assert names("小组") == ["Chinese Elders"]
    assert names("পরিবারের") == ["Bengali Women"]
    assert names("tinnitus") == []  # all ASCII: indexed as before, so left alone

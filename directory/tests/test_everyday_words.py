"""Search in a person's own words: the everyday words that lead to subjects, the bands of
relevance ranked nearest first, and "more within 25 miles" when few groups are near."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from directory import search
from directory.geo import geocoder
from directory.models import EverydayPhrase, Meeting
from directory.search import ABOUT, MENTIONS, Filters, Query
from directory.tests.factory import category, make_group

pytestmark = pytest.mark.django_db

NOTTINGHAM = "NG1 5FW"
DERBY = "DE1 1AA"  # about 13 miles from Nottingham
LEICESTER = "LE1 6AA"  # about 22 miles from Nottingham
CHELMSFORD = "CM1 1SQ"


def found(query):
    results = search.load(search.search(query))
    return [hit.group.name for hit in results.hits]


def near(postcode, words="", miles=25, **kwargs):
    return Query(words=words, point=geocoder().locate(postcode), miles=miles, **kwargs)


class TestTheVocabulary:
    def test_everyday_words_lead_to_a_group_whose_listing_never_uses_them(self):
        make_group(name="Riverside Friends", categories=["losing-someone-close"],
                   summary="Afternoon tea.", description="We meet over tea and cake.")
        make_group(name="Tea and Talk", categories=["diabetes"], description="We meet over tea and cake.")
        for words in ["lost my husband", "my wife died", "I am a widower", "widows"]:
            assert found(Query(words=words)) == ["Riverside Friends"], words

    def test_a_top_level_subject_leads_to_every_subject_under_it(self):
        make_group(name="Baby Loss Circle", categories=["losing-a-child"], description="Tea.")
        make_group(name="Widowed Friends", categories=["losing-someone-close"], description="Tea.")
        make_group(name="Carers Cafe", categories=["caring-for-an-adult"], description="Tea.")
        assert found(Query(words="grief")) == ["Baby Loss Circle", "Widowed Friends"]

    def test_a_narrower_phrase_narrows_a_wider_one(self):
        make_group(name="Baby Loss Circle", categories=["losing-a-child"], description="Tea.")
        make_group(name="Widowed Friends", categories=["losing-someone-close"], description="Tea.")
        results = search.search(Query(words="bereavment support husband died"))
        assert results.corrections == {"bereavment": "bereavement"}
        assert found(Query(words="bereavment support husband died")) == ["Widowed Friends"]

    def test_the_other_words_still_narrow_the_subjects_groups(self):
        make_group(name="Walking Widows", categories=["losing-someone-close"], description="A gentle walk.")
        make_group(name="Widowed Friends", categories=["losing-someone-close"], description="Tea.")
        assert found(Query(words="widow walk")) == ["Walking Widows"]

    def test_words_staff_add_in_the_admin_lead_to_their_subjects(self, client, sam):
        make_group(name="Sugar Friends", categories=["diabetes"], description="Tea.")
        assert search.search(Query(words="hypos")).total == 0
        client.force_login(sam)
        response = client.post(reverse("admin:directory_everydayphrase_add"), {
            "words": "Hypos at night", "categories": [category("diabetes").pk],
        })
        assert response.status_code == 302
        assert EverydayPhrase.objects.get(words="Hypos at night").terms == "hypos night"
        assert found(Query(words="my hypos at night")) == ["Sugar Friends"]
        assert "Hypos at night" in client.get(reverse("admin:directory_everydayphrase_changelist"),
                                              {"q": "hypos"}).content.decode()

    def test_a_phrase_of_only_common_words_is_refused(self):
        phrase = EverydayPhrase(words="on my own")
        with pytest.raises(ValidationError) as error:
            phrase.full_clean(exclude=["categories"])
        assert error.value.error_dict["words"][0].code == "too_common"

    def test_the_migrations_list_covers_the_words_people_use(self):
        subjects = {words: {c.slug for c in phrase.categories.all()}
                    for phrase in EverydayPhrase.objects.prefetch_related("categories") for words in [phrase.words]}
        assert subjects["husband died"] == {"losing-someone-close"}
        assert subjects["can't stop drinking"] == {"alcohol"}
        assert subjects["my son has autism"] == {"autism-family"}
        assert subjects["memory problems"] == {"dementia-carers"}
        assert subjects["hearing voices"] == {"hearing-voices"}
        assert len(subjects) > 150


class TestBands:
    def test_an_incidental_word_in_a_description_ranks_below_the_subject(self):
        make_group(name="A Carers Cafe", categories=["caring-for-an-adult"], meetings=[{"postcode": NOTTINGHAM}],
                   description="Some of us look after a husband who has died since, or a mum.")
        make_group(name="Z Widowed Friends", categories=["losing-someone-close"], meetings=[{"postcode": DERBY}],
                   description="Tea and company.")
        results = search.load(search.search(near(NOTTINGHAM, "husband died")))
        assert [(hit.group.name, hit.band) for hit in results.hits] == [
            ("Z Widowed Friends", ABOUT), ("A Carers Cafe", MENTIONS)]
        assert results.hits[0].why == "about Losing someone close"
        assert results.hits[1].why == "mentions “husband”, “died”"

    def test_within_a_band_the_nearest_comes_first_then_those_online(self):
        make_group(name="A Derby Widows", categories=["losing-someone-close"], meetings=[{"postcode": DERBY}])
        make_group(name="B Online Widows", categories=["losing-someone-close"],
                   meetings=[{"attendance": Meeting.Attendance.ONLINE}])
        make_group(name="C Leicester Widows", categories=["losing-someone-close"], meetings=[{"postcode": LEICESTER}])
        make_group(name="D Nottingham Widows", categories=["losing-someone-close"],
                   meetings=[{"postcode": NOTTINGHAM}])
        make_group(name="E Nottingham Walkers", categories=["physical-disability"],
                   description="Widows and widowers welcome.", meetings=[{"postcode": NOTTINGHAM}])
        results = search.load(search.search(near(NOTTINGHAM, "lost my wife", miles=25)))
        assert [hit.group.name for hit in results.hits] == [
            "D Nottingham Widows", "A Derby Widows", "C Leicester Widows", "B Online Widows"]
        results = search.load(search.search(near(NOTTINGHAM, "widow", miles=25)))
        assert [hit.group.name for hit in results.hits] == [
            "D Nottingham Widows", "A Derby Widows", "C Leicester Widows", "E Nottingham Walkers",
            "B Online Widows"]
        assert [hit.band for hit in results.hits] == [ABOUT, ABOUT, ABOUT, MENTIONS, ABOUT]

    def test_asking_for_online_meetings_lists_each_band_nearest_first(self):
        make_group(name="A Far", categories=["losing-someone-close"],
                   meetings=[{"postcode": CHELMSFORD, "attendance": Meeting.Attendance.BOTH}])
        make_group(name="B Near", categories=["losing-someone-close"],
                   meetings=[{"postcode": NOTTINGHAM, "attendance": Meeting.Attendance.BOTH}])
        make_group(name="C Mentions", categories=["cancer"], description="For widows too.",
                   meetings=[{"attendance": Meeting.Attendance.ONLINE}])
        query = near(NOTTINGHAM, "widow", miles=10, filters=Filters(meets="online"))
        assert found(query) == ["B Near", "A Far", "C Mentions"]

    def test_without_a_place_each_band_is_in_name_order(self):
        make_group(name="Z Widowed", categories=["losing-someone-close"])
        make_group(name="A Cancer Cafe", categories=["cancer"], description="Widows welcome.")
        make_group(name="B Widowed", categories=["losing-someone-close"])
        results = search.search(Query(words="widow"))
        assert [hit.band for hit in results.hits] == [ABOUT, ABOUT, MENTIONS]
        assert found(Query(words="widow")) == ["B Widowed", "Z Widowed", "A Cancer Cafe"]


class TestMoreFurtherAway:
    def test_few_near_offers_how_many_more_meet_within_25_miles(self):
        make_group(name="Nottingham", categories=["losing-someone-close"], meetings=[{"postcode": NOTTINGHAM}])
        make_group(name="Derby", categories=["losing-someone-close"], meetings=[{"postcode": DERBY}])
        make_group(name="Leicester", categories=["losing-someone-close"], meetings=[{"postcode": LEICESTER}])
        make_group(name="Chelmsford", categories=["losing-someone-close"], meetings=[{"postcode": CHELMSFORD}])
        make_group(name="Online", categories=["losing-someone-close"],
                   meetings=[{"attendance": Meeting.Attendance.ONLINE}])
        make_group(name="Derby cancer", categories=["cancer"], meetings=[{"postcode": DERBY}])
        results = search.search(near(NOTTINGHAM, "lost my husband", miles=10))
        assert (results.total, results.near_total) == (2, 1)
        assert results.wider == (25, 2)

    def test_enough_near_offers_nothing_more(self):
        for number in range(3):
            make_group(name=f"Nottingham {number}", categories=["cancer"], meetings=[{"postcode": NOTTINGHAM}])
        make_group(name="Derby", categories=["cancer"], meetings=[{"postcode": DERBY}])
        results = search.search(near(NOTTINGHAM, "cancer", miles=10))
        assert (results.near_total, results.wider) == (3, None)

    def test_the_count_follows_the_filters_and_is_none_when_nothing_more_is_there(self):
        make_group(name="Derby evening", categories=["cancer"], meetings=[{"postcode": DERBY}])
        make_group(name="Derby morning", categories=["cancer"],
                   meetings=[{"postcode": DERBY, "start_time": datetime.time(10), "end_time": datetime.time(11)}])
        evening = Filters(time_of_day="evening")
        assert search.search(near(NOTTINGHAM, "cancer", miles=10, filters=evening)).wider == (25, 1)
        assert search.search(near(NOTTINGHAM, "cancer", miles=25, filters=evening)).wider is None
        assert search.search(near(NOTTINGHAM, "arthritis", miles=10)).wider is None


def test_no_match_at_all_is_not_called_a_match_of_some_words():
    make_group(name="Stroke Club", description="After a stroke.")
    results = search.search(Query(words="zebra giraffe"))
    assert (results.total, results.matched_any) == (0, False)


class TestTheCardShowsTheMeetingFound:
    def test_an_evening_search_shows_the_evening_meeting_not_the_morning_one(self):
        group = make_group(name="Young Widowed", categories=["losing-someone-close"], meetings=[
            {"postcode": NOTTINGHAM, "weekday": 5, "start_time": datetime.time(11), "end_time": datetime.time(13)},
            {"attendance": Meeting.Attendance.ONLINE, "weekday": 2, "start_time": datetime.time(20),
             "end_time": datetime.time(21)},
        ])
        results = search.load(search.search(Query(words="widow", filters=Filters(time_of_day="evening"))))
        [hit] = results.hits
        start, meeting = search.next_meeting(hit)
        assert meeting.start_time == datetime.time(20)
        assert start.hour == 20
        unfiltered = search.load(search.search(Query(words="widow")))
        assert len(unfiltered.hits[0].meetings) == len(group.meetings.all()) == 2


def test_the_demo_directory_shows_the_widows_words_finding_widowed_groups_nearest_first():
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    results = search.load(search.search(near("NG7 2RD", "lost my husband", miles=10)))
    assert [hit.group.name for hit in results.hits][:1] == ["Nottingham Young Widowed Group"]
    assert results.wider == (25, 1)
    wider = search.load(search.search(near("NG7 2RD", "bereavment support husband died", miles=25)))
    assert [hit.group.name for hit in wider.hits] == ["Nottingham Young Widowed Group", "Derby Widowed Friends"]
    assert 12 < wider.hits[1].distance < 13

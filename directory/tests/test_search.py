import datetime

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory import search
from directory.geo import geocoder, great_circle_miles
from directory.models import Category, Group, Meeting
from directory.search import Filters, Query
from directory.tests.factory import PLACES, category, make_group, make_meeting

pytestmark = pytest.mark.django_db


def names(query):
    results = search.load(search.search(query))
    return [hit.group.name for hit in results.hits]


def test_words_find_a_group_by_its_description():
    make_group(name="Monday Circle", description="We talk about tinnitus and hearing.")
    make_group(name="Other", description="Nothing relevant.")
    assert names(Query(words="tinnitus")) == ["Monday Circle"]


def test_plurals_are_forgiven():
    make_group(name="Twin Parents", description="For parents of a twin.")
    assert names(Query(words="twins")) == ["Twin Parents"]


def test_typos_are_forgiven_and_reported():
    make_group(name="Ringing Ears", description="We support people with tinnitus.")
    results = search.search(Query(words="tinitus"))
    assert results.corrections == {"tinitus": "tinnitus"}
    assert results.total == 1


def test_half_typed_words_match_as_a_prefix():
    make_group(name="Sugar Friends", categories=["diabetes"])
    assert names(Query(words="diab")) == ["Sugar Friends"]


def test_several_words_must_all_match():
    make_group(name="Stroke Club", description="After a stroke, with aphasia or not.")
    make_group(name="Heart Club", description="After a stroke or heart attack.")
    assert names(Query(words="stroke aphasia")) == ["Stroke Club"]


def test_when_no_group_has_every_word_groups_with_some_are_shown_and_flagged():
    make_group(name="Stroke Club", description="After a stroke.")
    results = search.search(Query(words="stroke zebra"))
    assert results.matched_any
    assert results.total == 1


def test_common_words_do_not_narrow_the_search():
    make_group(name="Sugar Friends", categories=["diabetes"], description="A circle.")
    assert names(Query(words="a diabetes support group for me")) == ["Sugar Friends"]


def test_category_words_and_keywords_are_searched():
    make_group(name="Tuesday Circle", categories=["diabetes"], description="We chat.")
    assert names(Query(words="insulin")) == ["Tuesday Circle"]


def test_a_match_in_the_name_outranks_a_match_in_the_description():
    make_group(name="Aardvark Circle", categories=["arthritis"], description="Some of us have tinnitus too.")
    make_group(name="Tinnitus Self-Help", categories=["arthritis"], description="We meet monthly.")
    make_group(name="Zebra Group", categories=["tinnitus-hearing"], description="We meet monthly.")
    assert names(Query(words="tinnitus")) == ["Tinnitus Self-Help", "Zebra Group", "Aardvark Circle"]


def test_distance_breaks_ties_and_is_shown():
    point = geocoder().locate("NG1 5FW")
    make_group(name="A Derby Group", categories=["cancer"], meetings=[{"postcode": "DE1 1AA"}])
    make_group(name="B Nottingham Group", categories=["cancer"], meetings=[{"postcode": "NG1 5FW"}])
    results = search.load(search.search(Query(words="cancer", point=point, miles=25)))
    assert [hit.group.name for hit in results.hits] == ["B Nottingham Group", "A Derby Group"]
    assert results.hits[0].distance == pytest.approx(0, abs=0.05)
    # The database's distance is the great-circle distance, measured the same way here.
    derby = PLACES["DE1 1AA"]
    expected = great_circle_miles(point.latitude, point.longitude, derby[0], derby[1])
    assert results.hits[1].distance == pytest.approx(expected, abs=0.001)
    assert 13 < expected < 13.5


def test_groups_beyond_the_distance_are_left_out_but_online_groups_stay():
    point = geocoder().locate("NG1")
    make_group(name="Derby", meetings=[{"postcode": "DE1 1AA"}])
    make_group(name="Chelmsford", meetings=[{"postcode": "CM1 1SQ"}])
    make_group(name="Online", meetings=[{"attendance": Meeting.Attendance.ONLINE}])
    make_group(name="Nottingham", meetings=[{"postcode": "NG1 5FW"}])
    make_group(name="Chelmsford and online", meetings=[{"postcode": "CM1 1SQ",
                                                         "attendance": Meeting.Attendance.BOTH}])
    assert names(Query(point=point, miles=10)) == ["Nottingham", "Online"]
    assert names(Query(point=point, miles=25)) == ["Nottingham", "Derby", "Online"]
    in_person = Query(point=point, miles=10, filters=Filters(meets="in_person"))
    assert names(in_person) == ["Nottingham"]
    online = Query(point=point, miles=10, filters=Filters(meets="online"))
    assert names(online) == ["Chelmsford and online", "Online"]


def test_a_group_meeting_in_two_places_is_as_near_as_its_nearest():
    point = geocoder().locate("DE1 1AA")
    make_group(name="Two Towns", meetings=[{"postcode": "NG1 5FW"}, {"postcode": "DE1 1AA"}])
    results = search.search(Query(point=point, miles=5))
    assert results.total == 1
    assert results.hits[0].distance == pytest.approx(0, abs=0.05)


def test_closed_and_unlisted_groups_never_appear_and_paused_ones_do():
    make_group(name="Closed", stage=Group.Stage.CLOSED)
    make_group(name="Pending", status=Group.Status.PENDING)
    make_group(name="Declined", status=Group.Status.DECLINED)
    make_group(name="Paused", stage=Group.Stage.PAUSED)
    make_group(name="Active")
    assert names(Query(words="friendly")) == ["Active", "Paused"]
    assert names(Query()) == ["Active", "Paused"]


def test_a_top_level_category_includes_its_children():
    make_group(name="Diabetes", categories=["diabetes"])
    make_group(name="Cancer", categories=["cancer"])
    make_group(name="Carers", categories=["caring-for-an-adult"])
    health = category("health-conditions")
    assert names(Query(category_ids=tuple(health.with_children_ids()))) == ["Cancer", "Diabetes"]


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(meets="online"), ["Online evening"]),
    (Filters(meets="in_person"), ["Daytime step-free", "Women only", "Family"]),
    (Filters(meets="both"), []),
    (Filters(weekday=4), ["Daytime step-free"]),
    (Filters(time_of_day="daytime"), ["Daytime step-free"]),
    (Filters(time_of_day="evening"), ["Online evening", "Women only", "Family"]),
    (Filters(women_only=True), ["Women only"]),
    (Filters(family_welcome=True), ["Family"]),
    (Filters(language="pa"), ["Women only"]),
    (Filters(step_free=True), ["Daytime step-free"]),
    (Filters(new_groups=True), ["Family"]),
    (Filters(women_only=True, language="pa", time_of_day="evening"), ["Women only"]),
])
def test_filters(filters, expected):
    make_group(name="Daytime step-free", meetings=[{"weekday": 4, "start_time": datetime.time(10),
                                                    "end_time": datetime.time(12)}])
    venue = Meeting.objects.get(group__name="Daytime step-free").venue
    venue.step_free = True
    venue.save()  # saving the venue brings its groups' search tags up to date
    make_group(name="Online evening", meetings=[{"attendance": Meeting.Attendance.ONLINE}])
    make_group(name="Women only", women_only=True, languages=["pa"])
    make_group(name="Family", family_welcome=True, started_on=datetime.date.today() - datetime.timedelta(days=100))
    assert sorted(names(Query(filters=filters))) == sorted(expected)


class TestIndexStaysInStep:
    def test_a_new_group_is_found_at_once(self):
        make_group(name="Brand New Vertigo Circle")
        assert search.search(Query(words="vertigo")).total == 1

    def test_an_edited_group_is_found_by_its_new_words_and_not_its_old(self):
        group = make_group(name="Walking Group", description="We walk.")
        group.description = "We swim together."
        group.save()
        assert search.search(Query(words="swim")).total == 1
        assert search.search(Query(words="walk")).total == 1  # still in the name
        group.name = "Swimming Group"
        group.save()
        assert search.search(Query(words="walking")).total == 0

    def test_a_deleted_group_leaves_the_index(self):
        group = make_group(name="Gone Group", description="Epilepsy.")
        group_id = group.pk
        group.delete()
        assert search.search(Query(words="epilepsy")).total == 0
        engine = search.backend()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {engine.table} WHERE {engine.key} = %s", [group_id])
            assert cursor.fetchone()[0] == 0

    def test_changing_categories_reindexes(self):
        group = make_group(name="Thursday Circle", categories=["diabetes"], description="We chat.")
        group.categories.set([category("gambling")])
        assert search.search(Query(words="gambling")).total == 1
        assert search.search(Query(words="insulin")).total == 0

    def test_renaming_a_category_reindexes_its_groups(self):
        make_group(name="Thursday Circle", categories=["vertigo-balance"], description="We chat.")
        vertigo = Category.objects.get(slug="vertigo-balance")
        vertigo.keywords = "labyrinthitis"
        vertigo.save()
        assert search.search(Query(words="labyrinthitis")).total == 1

    def test_a_new_meeting_town_is_searchable(self):
        group = make_group(name="Thursday Circle", meetings=[])
        make_meeting(group, postcode="CM1 1SQ")
        group.refresh_from_db()
        assert group.meets_in_person
        assert search.search(Query(words="chelmsford")).total == 1

    def test_deleting_the_last_online_meeting_updates_how_a_group_meets(self):
        group = make_group(name="Circle", meetings=[{"attendance": Meeting.Attendance.ONLINE}])
        group.refresh_from_db()
        assert group.meets_online
        group.meetings.all().delete()
        group.refresh_from_db()
        assert not group.meets_online

    def test_rebuild_gives_the_same_results(self):
        make_group(name="Tinnitus Circle")
        make_group(name="Other", description="tinnitus")
        before = names(Query(words="tinnitus"))
        search.rebuild()
        assert names(Query(words="tinnitus")) == before


@pytest.mark.parametrize("words", [
    '"', "*", "NEAR", "NEAR(a b)", "-", "(", ")", "a OR", "AND NOT", "^x", "col:word",
    "'; DROP TABLE directory_group; --",
    "1=1 OR 'a'='a'", "x" * 10_000, "🙂🙂", "\x00", "% _", "tinnitus:*", "a & b | !c", "<script>",
])
def test_awkward_text_never_breaks_search(words):
    make_group(name="Tinnitus Circle")
    results = search.search(Query(words=words))
    assert results.total >= 0
    assert Group.objects.count() == 1


def test_pages_past_the_end_show_the_last_page():
    for number in range(3):
        make_group(name=f"Group {number}")
    results = search.search(Query(page=99, per_page=2))
    assert results.page == 2
    assert len(results.hits) == 1
    assert results.total == 3


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.text(max_size=300))
def test_no_query_string_makes_search_raise(words):
    results = search.search(Query(words=words))
    assert results.total >= 0


@pytest.mark.parametrize(("typed", "meant"), [
    ("tinitus", "tinnitus"), ("bereavment", "bereavement"), ("demensia", "dementia"),
    ("twinns", "twins"), ("diabetis", "diabetes"), ("gamblng", "gambling"), ("strok", "stroke"),
])
def test_common_misspellings_are_corrected(typed, meant):
    from directory.search.text import closest

    vocabulary = ["tinnitus", "bereavement", "dementia", "twins", "diabetes", "diabetic", "gambling",
                  "stroke", "parking", "multiple", "twin"]
    assert closest(typed, vocabulary) == meant


@pytest.mark.parametrize("typed", ["parkinson", "sclerosis", "ms", "ptsd", "adhd"])
def test_words_the_directory_lacks_are_not_forced_onto_unrelated_words(typed):
    from directory.search.text import closest

    assert closest(typed, ["parking", "scoliosis", "me", "pets", "aphasia", "add"]) is None


def _every_page(query, per_page):
    found, page = [], 1
    while True:
        results = search.search(Query(**{**query.__dict__, "page": page, "per_page": per_page}))
        found += [hit.group_id for hit in results.hits]
        if page >= results.pages:
            return found, results.total
        page += 1


@pytest.mark.parametrize("walk_factor", [0, 10**9])
def test_pages_run_through_the_tiers_in_name_order_however_they_are_fetched(monkeypatch, walk_factor):
    # 0: every tier is paged by walking the groups in name order; 10**9: by looking up
    # and sorting its matches. Both must give the same order, page after page.
    monkeypatch.setattr(search, "WALK_FACTOR", walk_factor)
    expected = []
    for letter in "DBCA":
        make_group(name=f"{letter} Tinnitus Circle", categories=["arthritis"])
    expected += ["A Tinnitus Circle", "B Tinnitus Circle", "C Tinnitus Circle", "D Tinnitus Circle"]
    for letter in "ZYX":
        make_group(name=f"{letter} Ears", categories=["tinnitus-hearing"])
    expected += ["X Ears", "Y Ears", "Z Ears"]
    for letter in "NM":
        make_group(name=f"{letter} Circle", categories=["arthritis"], description="Some of us have tinnitus.")
    expected += ["M Circle", "N Circle"]
    make_group(name="Unrelated", categories=["arthritis"])
    ids, total = _every_page(Query(words="tinnitus"), per_page=3)
    assert total == len(expected)
    assert [Group.objects.get(pk=pk).name for pk in ids] == expected


def test_words_that_look_like_the_index_tags_are_ignored_in_listings_and_searches():
    make_group(name="Quiet Circle", description="0xunlisted 0xall 0xstale tinnitus")
    make_group(name="Other Circle", description="cancer")
    assert names(Query(words="tinnitus")) == ["Quiet Circle"]
    # Ignored like "support" or "group": the search is for everything.
    assert search.search(Query(words="0xunlisted")).terms == []
    assert search.search(Query(words="0xunlisted cancer")).total == 1


def test_a_category_filter_finds_only_groups_given_that_category():
    make_group(name="Diabetes", categories=["diabetes"])
    make_group(name="Cancer", categories=["cancer"], description="diabetes")
    assert names(Query(category_ids=(category("diabetes").pk,))) == ["Diabetes"]


@pytest.mark.parametrize("walk_factor", [0, 10**9])
def test_pages_by_place_run_from_the_nearest_to_those_meeting_only_online(monkeypatch, walk_factor):
    # Without words, groups meeting near and groups meeting only online are found apart,
    # and joined page after page: nearest first, then online by name, however the online
    # ones are fetched (0: walking the groups in name order; 10**9: sorting them).
    monkeypatch.setattr(search, "WALK_FACTOR", walk_factor)
    point = geocoder().locate("NG1 5FW")
    for name, postcode in [("Derby", "DE1 1AA"), ("Nottingham", "NG1 5FW"), ("Chelmsford", "CM1 1SQ"),
                           ("Derby too", "DE1 1AA")]:
        make_group(name=name, women_only=True, meetings=[{"postcode": postcode}])
    for name in ["Online C", "Online A", "Online B"]:
        make_group(name=name, women_only=True, meetings=[{"attendance": Meeting.Attendance.ONLINE}])
    make_group(name="Online but not women only", meetings=[{"attendance": Meeting.Attendance.ONLINE}])
    make_group(name="Closed online", women_only=True, stage=Group.Stage.CLOSED,
               meetings=[{"attendance": Meeting.Attendance.ONLINE}])
    expected = ["Nottingham", "Derby", "Derby too", "Online A", "Online B", "Online C"]
    query = Query(point=point, miles=25, filters=Filters(women_only=True))
    for per_page in (1, 2, 4, 50):
        ids, total = _every_page(query, per_page=per_page)
        assert total == len(expected)
        assert [Group.objects.get(pk=pk).name for pk in ids] == expected
    past_the_end = search.search(Query(**{**query.__dict__, "page": 99, "per_page": 4}))
    assert (past_the_end.page, [hit.group_id for hit in past_the_end.hits]) == (2, ids[4:])
    assert [hit.distance for hit in search.search(query).hits][3:] == [None, None, None]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    venues=st.lists(st.tuples(st.floats(50.0, 55.5), st.floats(-4.5, 1.5)), min_size=1, max_size=6),
    centre=st.tuples(st.floats(50.0, 55.5), st.floats(-4.5, 1.5)),
    miles=st.sampled_from([1, 3, 5, 10, 25, 50, 100, 300]),
    online=st.integers(0, 2),
)
def test_distance_search_finds_exactly_the_groups_within_the_distance(venues, centre, miles, online):
    # Grid squares narrow the search first; what it finds must still be exactly the
    # groups whose nearest venue is within the distance, measured on the great circle.
    from directory.geo import Point
    from directory.tests.factory import make_venue

    Group.objects.all().delete()
    expected = set()
    for number, (latitude, longitude) in enumerate(venues):
        group = make_group(name=f"Place {number}", meetings=[
            {"venue": make_venue("NG1 5FW", latitude=latitude, longitude=longitude)}])
        if great_circle_miles(centre[0], centre[1], latitude, longitude) <= miles:
            expected.add(group.pk)
    for number in range(online):  # meeting only online: found wherever the place is
        expected.add(make_group(name=f"Online {number}", meetings=[
            {"attendance": Meeting.Attendance.ONLINE}]).pk)
    found = {hit.group_id for hit in search.search(
        Query(point=Point(centre[0], centre[1]), miles=miles, per_page=50)).hits}
    # Venues a hair's breadth from the edge may fall either way with rounding.
    edge = {g.pk for g in Group.objects.filter(meets_in_person=True) if abs(great_circle_miles(
        centre[0], centre[1], g.meetings.get().venue.latitude, g.meetings.get().venue.longitude) - miles) < 1e-6}
    assert found - edge == expected - edge


@pytest.mark.django_db(transaction=True)
def test_groups_removed_without_signals_leave_the_index_when_tables_are_emptied():
    # Search counts in the index alone. The test runner empties tables directly and then
    # sends post_migrate; the index must forget those groups too.
    from django.core.management import call_command

    make_group(name="Tinnitus Circle")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM directory_group_categories")
        cursor.execute("DELETE FROM directory_meeting")
        cursor.execute("DELETE FROM directory_group")
    call_command("migrate", verbosity=0)  # sends post_migrate, as flushing does
    assert search.search(Query()).total == 0
    assert search.search(Query(words="tinnitus")).total == 0


def test_text_that_the_index_might_split_differently_cannot_pose_as_a_tag():
    # SQLite's tokenizer splits on some characters Python counts as letters (U+19B0).
    women = make_group(name="Women Together", women_only=True)
    make_group(name="Sly", description="\u19b00xwomen \u19b00xall tinnitus 10x better")
    assert names(Query(filters=Filters(women_only=True))) == [women.name]
    assert names(Query(words="\u19b00xwomen")) == sorted([women.name, "Sly"])  # ignored, like "group"
    assert names(Query(words="tinnitus")) == ["Sly"]


def test_words_postgresql_would_ignore_are_searched_like_any_other():
    make_group(name="Down Syndrome Parents")
    make_group(name="Uplift Circle")
    assert names(Query(words="down")) == ["Down Syndrome Parents"]
    assert search.search(Query(words="down")).total == 1


class TestTagsFollowEveryChange:
    def test_clearing_a_category_or_language_from_its_side(self):
        from directory.models import Language

        group = make_group(name="Circle", categories=["cancer"], languages=["pa"])
        cancer = category("cancer")
        cancer.groups.clear()
        assert names(Query(category_ids=(cancer.pk,))) == []
        Language.objects.get(code="pa").group_set.clear()
        assert names(Query(filters=Filters(language="pa"))) == []
        assert Group.objects.get(pk=group.pk)

    def test_deleting_a_language(self):
        from directory.models import Language

        make_group(name="Circle", languages=["pa"])
        Language.objects.get(code="pa").delete()
        assert names(Query(filters=Filters(language="pa"))) == []

    def test_a_meeting_moved_to_another_group(self):
        first = make_group(name="First", meetings=[{"weekday": 4}])
        second = make_group(name="Second", meetings=[{"weekday": 1}])
        meeting = first.meetings.get()
        meeting.group = second
        meeting.save()
        assert names(Query(filters=Filters(weekday=4))) == ["Second"]

    def test_editing_a_meeting_time_or_moving_a_venue(self):
        group = make_group(name="Circle", meetings=[{"weekday": 2, "start_time": datetime.time(10),
                                                     "end_time": datetime.time(11)}])
        assert names(Query(filters=Filters(time_of_day="evening"))) == []
        meeting = group.meetings.get()
        meeting.start_time, meeting.end_time = datetime.time(19), datetime.time(21)
        meeting.save()
        assert names(Query(filters=Filters(time_of_day="evening"))) == ["Circle"]
        nottingham = geocoder().locate("NG1")
        assert names(Query(point=nottingham, miles=5)) == ["Circle"]
        venue = meeting.venue
        venue.latitude, venue.longitude = PLACES["CM1 1SQ"][:2]
        venue.save()
        assert names(Query(point=nottingham, miles=5)) == []


def test_a_group_just_inside_a_long_distance_east_of_the_place_is_found():
    # A circle reaches furthest east north of its centre: the bounding box must too.
    from directory.geo import Point
    from directory.tests.factory import make_venue

    make_group(name="East", meetings=[{"venue": make_venue("NG1 5FW", latitude=52.974, longitude=-1.15 + 2.4022)}])
    assert great_circle_miles(52.95, -1.15, 52.974, -1.15 + 2.4022) < 100
    assert names(Query(point=Point(52.95, -1.15), miles=100)) == ["East"]


def test_a_venue_a_hair_from_the_place_is_no_distance_away():
    # Near the prime meridian a longitude can be as small as 1e-200; squaring the
    # difference must not fail on either database.
    from directory.geo import Point
    from directory.tests.factory import make_venue

    make_group(name="Greenwich", meetings=[{"venue": make_venue("NG1 5FW", latitude=51.4769, longitude=1e-200)}])
    results = search.search(Query(point=Point(51.4769, 0.0), miles=1))
    assert [hit.distance for hit in results.hits] == [0]


def test_the_daily_job_and_rebuilds_compact_the_index_without_changing_results():
    for number in range(4):
        make_group(name=f"Tinnitus Circle {number}", description="coffee and a chat")

    def found():
        return [(hit.group_id, hit.distance) for hit in search.search(Query(words="tinnitus coffee")).hits]

    def pieces():
        # SQLite: each change adds a segment to the FTS5 index until merged.
        if connection.vendor != "sqlite":
            return None
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(DISTINCT segid) FROM directory_group_fts_idx")
            return cursor.fetchone()[0]

    before = found()
    assert len(before) == 4
    assert pieces() in (None, *range(2, 100))
    assert search.refresh_freshness(today=datetime.date.today() + datetime.timedelta(days=1))
    assert found() == before
    assert pieces() in (None, 1)
    make_group(name="Tinnitus Circle 5", description="coffee")
    search.rebuild()
    assert len(found()) == 5
    assert pieces() in (None, 1)

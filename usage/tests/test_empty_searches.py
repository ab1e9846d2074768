"""Searches that found nothing: counted by words and postcode district, once per client per
day; staff see words searched for 5 times or more."""

import pytest
from django.urls import reverse

from directory.tests.factory import make_group
from usage.models import EmptySearch
from usage.numbers import empty_searches
from usage.services import district_of

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def _search(client, address="203.0.113.7", **params):
    return client.get(reverse("directory:search"), params, REMOTE_ADDR=address, HTTP_USER_AGENT=BROWSER)


def test_a_search_that_found_nothing_is_counted_by_words_and_district(client):
    make_group(name="Diabetes Friends")
    assert _search(client, q="  Hoarding   Support ", where="NG7 2AB").status_code == 200
    row = EmptySearch.objects.get()
    assert (row.words, row.district, row.count) == ("hoarding support", "NG7", 1)


def test_a_search_that_found_groups_is_not_counted(client):
    make_group(name="Diabetes Friends")
    _search(client, q="diabetes")
    assert not EmptySearch.objects.exists()


def test_one_client_counts_once_a_day(client):
    for _ in range(3):
        _search(client, q="hoarding")
    _search(client, address="198.51.100.9", q="hoarding")
    assert EmptySearch.objects.get().count == 2


def test_district_is_only_the_first_part_of_a_postcode():
    assert district_of("ng7 2ab") == "NG7"
    assert district_of("NG7") == "NG7"
    assert district_of("Somewhere Unknown") == ""


def _add(words, district, n, day="2026-03-10"):
    EmptySearch.objects.create(day=day, words=words, district=district, count=n)


def test_words_searched_fewer_than_5_times_are_not_shown():
    _add("hoarding", "NG7", 3)
    _add("hoarding", "NG1", 2, day="2026-03-11")
    _add("my neighbour jane", "NG7", 4)
    words, districts, both = empty_searches(2026)
    assert words.rows == [["hoarding", 5]]
    assert "my neighbour jane" not in str([districts.rows, both.rows])
    assert [row[0] for row in districts.rows] == ["NG1", "NG7"]
    assert [row[:2] for row in both.rows] == [["hoarding", "NG1"], ["hoarding", "NG7"]]
    assert all(str(row[-1]) == "fewer than 5" for row in both.rows)


def test_staff_read_and_download_them(client, sam):
    _add("hoarding", "NG7", 6)
    client.force_login(sam)
    page = client.get(reverse("insights:numbers"), {"year": 2026})
    assert page.status_code == 200
    assert "hoarding" in page.content.decode()
    csv = client.get(reverse("insights:numbers"), {"year": 2026, "format": "csv"}).content.decode("utf-8-sig")
    assert "hoarding,6" in csv

"""Counting a group's page views and downloads: once per client per day, without storing
the client, never with a cookie, and never at the cost of the page."""

import datetime
import logging
from unittest import mock

import pytest
import time_machine
from django.db import DatabaseError
from django.urls import reverse

from directory.tests.factory import make_coordinator, make_group
from usage.models import DailyCount, DailySalt, Kind, SeenToday
from usage.services import forget_past_days

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
DAY = datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC)


@pytest.fixture
def group():
    return make_group(name="Tinnitus Circle", slug="tinnitus-circle")


def _visit(client, url, address="203.0.113.7", agent=BROWSER, method="get"):
    return getattr(client, method)(url, REMOTE_ADDR=address, HTTP_USER_AGENT=agent)


def _count(group, kind=Kind.PAGE_VIEW):
    return sum(DailyCount.objects.filter(group=group, kind=kind).values_list("count", flat=True))


def test_one_client_twice_in_a_day_counts_once(client, group):
    with time_machine.travel(DAY):
        for _ in range(3):
            assert _visit(client, group.get_absolute_url()).status_code == 200
    assert _count(group) == 1


def test_two_clients_count_twice(client, group):
    with time_machine.travel(DAY):
        _visit(client, group.get_absolute_url(), address="203.0.113.7")
        _visit(client, group.get_absolute_url(), address="198.51.100.9")
    assert _count(group) == 2


def test_the_same_client_counts_again_the_next_day(client, group):
    with time_machine.travel(DAY):
        _visit(client, group.get_absolute_url())
    with time_machine.travel(DAY + datetime.timedelta(days=1)):
        _visit(client, group.get_absolute_url())
    assert list(DailyCount.objects.order_by("day").values_list("day", "count")) == [
        (datetime.date(2026, 3, 10), 1), (datetime.date(2026, 3, 11), 1)]


def test_nothing_kept_names_the_client(client, group):
    with time_machine.travel(DAY):
        _visit(client, group.get_absolute_url(), address="203.0.113.7")
    seen = SeenToday.objects.get()
    assert "203.0.113.7" not in seen.digest and len(seen.digest) == 64


def test_the_job_deletes_past_days_salts_and_hashes(client, group):
    with time_machine.travel(DAY):
        _visit(client, group.get_absolute_url())
    with time_machine.travel(DAY + datetime.timedelta(days=1)):
        _visit(client, group.get_absolute_url())
        assert forget_past_days() == {"hashes": 1, "salts": 1}
    assert list(DailySalt.objects.values_list("day", flat=True)) == [datetime.date(2026, 3, 11)]
    assert list(SeenToday.objects.values_list("day", flat=True)) == [datetime.date(2026, 3, 11)]
    assert DailyCount.objects.count() == 2  # the totals stay


def test_each_day_has_its_own_salt(client, group):
    with time_machine.travel(DAY):
        _visit(client, group.get_absolute_url())
    with time_machine.travel(DAY + datetime.timedelta(days=1)):
        _visit(client, group.get_absolute_url())
    first, second = DailySalt.objects.order_by("day").values_list("salt", flat=True)
    assert first != second


def test_counting_sets_no_cookie(client, group):
    response = _visit(client, reverse("publishing:group-calendar", args=[group.slug]))
    assert _count(group, Kind.CALENDAR) == 1
    assert not response.cookies


def test_a_counted_page_sets_no_more_cookies_than_an_uncounted_one(client, group):
    uncounted = _visit(client, group.get_absolute_url(), agent="Googlebot/2.1")
    client.cookies.clear()
    counted = _visit(client, group.get_absolute_url())
    assert _count(group) == 1
    # The page's own form sets its CSRF cookie for everyone; counting adds nothing.
    assert set(counted.cookies) == set(uncounted.cookies) <= {"csrftoken"}


@pytest.mark.parametrize("agent", ["Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0",
                                   "python-requests/2.32", ""])
def test_bots_are_not_counted(client, group, agent):
    assert _visit(client, group.get_absolute_url(), agent=agent).status_code == 200
    assert _count(group) == 0


def test_head_requests_are_not_counted(client, group):
    assert _visit(client, group.get_absolute_url(), method="head").status_code == 200
    assert _count(group) == 0


def test_the_groups_own_coordinators_are_not_counted(client, group, alice):
    make_coordinator(group, alice)
    client.force_login(alice)
    _visit(client, group.get_absolute_url())
    assert _count(group) == 0


@pytest.mark.parametrize(("name", "kind"), [("publishing:group-calendar", Kind.CALENDAR),
                                            ("publishing:group-leaflet", Kind.LEAFLET),
                                            ("publishing:group-poster", Kind.POSTER)])
def test_downloads_are_counted_by_kind(client, group, name, kind):
    for _ in range(2):
        assert _visit(client, reverse(name, args=[group.slug])).status_code == 200
    assert _count(group, kind) == 1
    assert _count(group, Kind.PAGE_VIEW) == 0


def test_a_counting_failure_does_not_break_the_page(client, group, caplog):
    with mock.patch("usage.services._salt", side_effect=DatabaseError("secret detail 203.0.113.7")), \
            caplog.at_level(logging.WARNING, logger="usage.services"):
        response = _visit(client, group.get_absolute_url())
    assert response.status_code == 200
    assert "Usage not counted: DatabaseError" in caplog.text
    assert "203.0.113.7" not in caplog.text

"""Reminders, the hand-over to staff, "may be out of date" and hiding, on a frozen clock."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from directory import search
from directory.freshness import State, state_of
from directory.models import Group, GroupChange
from directory.search import Query
from directory.services import send_reminders
from directory.tests.factory import make_coordinator, make_group, make_user

pytestmark = pytest.mark.django_db
CONFIRMED = datetime.date(2026, 1, 5)


def at(day: str):
    return time_machine.travel(datetime.datetime.fromisoformat(day + "T09:00:00+00:00"), tick=False)


@pytest.fixture(autouse=True)
def _freshness_settings(settings):
    settings.FRESHNESS_REMIND_DAYS = 182
    settings.FRESHNESS_SECOND_REMINDER_DAYS = 21
    settings.FRESHNESS_STAFF_DAYS = 28
    settings.FRESHNESS_OUT_OF_DATE_DAYS = 60
    settings.FRESHNESS_HIDE_DAYS = 120


@pytest.fixture
def group(alice):
    group = make_group(name="Vertigo Friends", last_confirmed_on=CONFIRMED)
    make_coordinator(group, alice)
    return group


def run(day):
    with at(day):
        return send_reminders()


def test_nothing_is_sent_before_six_months(group):
    assert run("2026-07-05") == {"first_reminders": 0, "second_reminders": 0, "passed_to_staff": 0}
    assert mail.outbox == []


def test_the_whole_cycle_of_reminders(client, group):
    # 182 days after 5 January is 6 July.
    assert run("2026-07-06")["first_reminders"] == 1
    assert mail.outbox[-1].to == ["alice@example.org"]
    assert "still right" in mail.outbox[-1].subject
    assert run("2026-07-07")["first_reminders"] == 0  # not twice
    assert run("2026-07-27")["second_reminders"] == 1
    assert "second reminder" in mail.outbox[-1].body
    group.refresh_from_db()
    with at("2026-08-20"):
        assert state_of(group) == State.REMINDED
    assert run("2026-08-24")["passed_to_staff"] == 1
    assert run("2026-08-25")["passed_to_staff"] == 0  # once
    group.refresh_from_db()
    with at("2026-08-25"):
        assert state_of(group) == State.NEEDS_CHECKING
    # 182 + 21 + 28 + 60 = 291 days: "may be out of date" from 23 October.
    with at("2026-10-23"):
        assert state_of(group) == State.OUT_OF_DATE
        page = client.get(group.get_absolute_url()).content.decode()
        assert "may be out of date" in page
        assert search.search(Query(words="vertigo")).total == 1
    # 120 days later it leaves search, but its page stays.
    with at("2027-02-20"):
        assert state_of(group) == State.HIDDEN
        assert search.search(Query(words="vertigo")).total == 0
        assert client.get(group.get_absolute_url()).status_code == 200
    assert Group.objects.filter(pk=group.pk).exists()
    actions = list(group.history.order_by("at").values_list("action", flat=True))
    assert actions == [GroupChange.Action.REMINDER_SENT, GroupChange.Action.REMINDER_SENT,
                       GroupChange.Action.NEEDS_CHECKING]


def test_the_link_in_the_reminder_confirms_and_starts_the_cycle_again(client, group):
    run("2026-07-06")
    path = re.search(r"http://[^/]+(/confirm/[^\s]+/)", mail.outbox[-1].body).group(1)
    with at("2026-07-08"):
        assert client.post(path).status_code == 200
        assert client.post(path).status_code == 400  # once only
    group.refresh_from_db()
    assert group.last_confirmed_on == datetime.date(2026, 7, 8)
    assert group.reminders_sent == 0
    assert run("2026-07-28")["second_reminders"] == 0


def test_groups_with_no_coordinator_or_not_listed_are_not_reminded(group):
    make_group(name="Orphan", last_confirmed_on=CONFIRMED)
    pending = make_group(name="Pending", last_confirmed_on=CONFIRMED, status=Group.Status.PENDING)
    make_coordinator(pending, make_user("bob@example.org"))
    assert run("2026-07-06")["first_reminders"] == 1


def test_staff_see_listings_by_freshness_with_counts_and_what_was_done(client, group, sam):
    run("2026-07-06")
    client.force_login(sam)
    with at("2026-07-10"):
        page = client.get(reverse("directory:freshness")).content.decode()
    assert "Reminder sent, waiting for the group (1)" in page
    assert "Vertigo Friends" in page and "Reminder sent, 6 July 2026" in page


def test_search_follows_the_hiding_date_whichever_way_it_moves(group, settings):
    from directory.search.index import fresh_after_date

    # 182 + 21 + 28 + 60 + 120 = 411 days after 5 January 2026: 20 February 2027.
    with at("2027-02-19"):
        search.refresh_freshness()
        assert search.search(Query(words="vertigo")).total == 1
    with at("2027-02-20"):
        assert search.search(Query(words="vertigo")).total == 0  # before the daily job
        assert search.refresh_freshness() == {"groups_tagged_again": 1}
        assert search.search(Query(words="vertigo")).total == 0
        assert search.refresh_freshness() == {"groups_tagged_again": 0}
        settings.FRESHNESS_HIDE_DAYS = 200  # a longer wait brings it back at once
        moved_to = fresh_after_date()
        assert search.search(Query(words="vertigo")).total == 1
        assert fresh_after_date() == moved_to  # searching never writes
    with at("2027-02-01"):  # and so does an earlier date
        settings.FRESHNESS_HIDE_DAYS = 120
        assert search.search(Query(words="vertigo")).total == 1
        group.last_confirmed_on = datetime.date(2025, 1, 1)
        group.save()
        assert search.search(Query(words="vertigo")).total == 0


def test_the_daily_jobs_move_the_search_cut_off(group):
    from django.core.management import call_command

    from directory.search.index import fresh_after_date

    with at("2027-03-01"):
        call_command("run_jobs", only="refresh_freshness")
        assert fresh_after_date() == datetime.date(2027, 3, 1) - datetime.timedelta(days=411)
        assert search.search(Query(words="vertigo")).total == 0


def test_a_listing_never_confirmed_is_never_hidden_but_is_marked_once_old(client):
    # Imported without a date: nobody was ever asked, so there is no clock to run out.
    group = make_group(name="Imported Circle", last_confirmed_on=None)
    Group.objects.filter(pk=group.pk).update(created_at=datetime.datetime(2024, 1, 5, 9, tzinfo=datetime.UTC))
    group.refresh_from_db()
    with at("2027-02-20"):
        assert state_of(group) == State.OUT_OF_DATE
        assert group.is_listed
        assert search.search(Query(words="imported")).total == 1
        assert "may be out of date" in client.get(group.get_absolute_url()).content.decode()

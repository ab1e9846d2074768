"""One date of a meeting cancelled or moved, meetings every few months, and a meeting's
history. The URL × role matrix is in test_permissions.py; the calendar file in
publishing/tests/test_calendar.py."""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse

from directory import services
from directory.models import GroupChange, Meeting, MeetingChange
from directory.tests.factory import make_coordinator, make_group

pytestmark = pytest.mark.django_db

THURSDAY = 3
# Tuesday 1 December 2026, in the morning: the group meets on Thursdays at 7pm, so its next
# dates are 3, 10, 17, 24 and 31 December.
NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def group(alice, travel):
    group = make_group(name="Widowed Friends", slug="widowed-friends",
                       meetings=[{"weekday": THURSDAY, "starts_on": datetime.date(2025, 1, 2)}])
    make_coordinator(group, alice)
    return group


def dates_url(group):
    return reverse("directory:meeting-dates", args=[group.slug, group.meetings.get().pk])


def page_text(client, group):
    return client.get(group.get_absolute_url()).content.decode()


class TestCancellingADate:
    def test_a_coordinator_cancels_christmas_eve_and_the_page_leaves_it_out_with_the_note(self, client, alice,
                                                                                           group):
        client.force_login(alice)
        assert '<option value="2026-12-24">Thursday 24 December 2026</option>' in client.get(
            dates_url(group)).content.decode()
        response = client.post(dates_url(group), {"on_date": "2026-12-24", "what": "cancel", "note": "holiday"})
        assert response.status_code == 302
        change = MeetingChange.objects.get()
        assert change.cancelled and change.on_date == datetime.date(2026, 12, 24)
        meeting = group.meetings.get()
        assert [start.date().day for start in meeting.next_dates(5)] == [3, 10, 17, 31, 7]
        text = page_text(client, group)
        assert "No meeting on Thursday 24 December 2026: holiday" in text

    def test_the_cancelled_date_is_no_longer_among_the_next_dates_shown(self, client, alice, group):
        client.force_login(alice)
        client.post(dates_url(group), {"on_date": "2026-12-03", "what": "cancel", "note": "room booked"})
        text = page_text(client, group)
        dates = text.split('<ul class="dates">')[1].split("</ul>")[0]
        assert "3 December" not in dates and "Thursday 10 December 2026, 7pm" in dates
        assert "No meeting on Thursday 3 December 2026: room booked" in text

    def test_the_history_says_which_date_was_cancelled(self, client, alice, group):
        client.force_login(alice)
        client.post(dates_url(group), {"on_date": "2026-12-24", "what": "cancel", "note": "holiday"})
        entry = group.history.get(action=GroupChange.Action.MEETING_CHANGED)
        assert entry.note == "One date: No meeting on Thursday 24 December 2026: holiday" and entry.user == alice

    def test_a_date_the_group_does_not_meet_on_is_refused_with_a_reason(self, client, alice, group):
        client.force_login(alice)
        response = client.post(dates_url(group), {"on_date": "2026-12-23", "what": "cancel"})
        assert response.status_code == 400
        assert "Choose one of the meeting’s dates from the list." in response.content.decode()
        assert not MeetingChange.objects.exists()

    def test_the_model_refuses_a_date_off_the_pattern_or_in_the_past_whichever_way_it_comes(self, group):
        meeting = group.meetings.get()
        for day, message in [(datetime.date(2026, 12, 23), "doesn’t meet on that date"),
                             (datetime.date(2026, 11, 26), "still to come")]:
            with pytest.raises(Exception) as refused:
                MeetingChange(meeting=meeting, on_date=day).full_clean()
            assert message in str(refused.value)

    def test_a_note_longer_than_a_line_or_with_a_line_break_is_refused(self, client, alice, group):
        client.force_login(alice)
        for note in ["x" * 201, "closed\nfor good"]:
            response = client.post(dates_url(group), {"on_date": "2026-12-24", "what": "cancel", "note": note})
            assert response.status_code == 400
        assert not MeetingChange.objects.exists()

    def test_a_meeting_keeps_no_more_than_a_year_of_changes_to_come(self, client, alice, group):
        meeting = group.meetings.get()
        for start in meeting.next_dates(MeetingChange.MAX_COMING):
            MeetingChange.objects.create(meeting=meeting, on_date=start.date())
        client.force_login(alice)
        day = meeting.next_dates(1, after=datetime.date(2027, 6, 1))[0].date().isoformat()
        response = client.post(dates_url(group), {"on_date": day, "what": "cancel"})
        assert response.status_code == 400 and "already has 12 dates changed" in response.content.decode()

    def test_putting_a_date_back_as_usual_asks_then_removes_the_change(self, client, alice, group):
        change = MeetingChange.objects.create(meeting=group.meetings.get(), on_date=datetime.date(2026, 12, 24))
        url = reverse("directory:undo-meeting-date", args=[group.slug, change.meeting_id, change.pk])
        client.force_login(alice)
        assert "Put this date back as usual?" in client.get(url).content.decode()
        assert MeetingChange.objects.exists()
        client.post(url)
        assert not MeetingChange.objects.exists()
        assert "24 December" in group.history.get().note


class TestMovingADate:
    def test_a_moved_date_shows_at_its_new_day_time_and_place(self, client, alice, group):
        client.force_login(alice)
        response = client.post(dates_url(group), {
            "on_date": "2026-12-10", "what": "move", "new_date": "2026-12-11", "new_start_time": "18:30",
            "new_place": "Room 2, Central Library", "note": "the hall is being painted"})
        assert response.status_code == 302
        text = page_text(client, group)
        assert ("Friday 11 December 2026, 6:30pm (moved from Thursday 10 December 2026), at Room 2, Central Library: "
                "the hall is being painted") in text
        assert ("The meeting on Thursday 10 December 2026 moves to Friday 11 December 2026, 6:30pm, at Room 2, "
                "Central Library") in text

    def test_moving_needs_the_day_it_moves_to(self, client, alice, group):
        client.force_login(alice)
        response = client.post(dates_url(group), {"on_date": "2026-12-10", "what": "move"})
        assert response.status_code == 400 and "Enter the date it moves to" in response.content.decode()

    def test_moving_a_date_to_where_and_when_it_already_is_is_refused(self, client, alice, group):
        client.force_login(alice)
        response = client.post(dates_url(group), {"on_date": "2026-12-10", "what": "move", "new_date": "2026-12-10"})
        assert response.status_code == 400 and "That is when it meets already" in response.content.decode()

    def test_a_meeting_moved_from_a_date_already_passed_to_one_to_come_still_shows(self, group):
        meeting = group.meetings.get()
        MeetingChange.objects.create(meeting=meeting, on_date=datetime.date(2026, 11, 26),
                                     new_date=datetime.date(2026, 12, 2))
        starts = meeting.next_dates(3)
        assert [start.date().day for start in starts] == [2, 3, 10] and starts[0].hour == 19


class TestForgettingPastChanges:
    def test_changes_whose_dates_have_passed_are_deleted_and_those_to_come_kept(self, group):
        meeting = group.meetings.get()
        passed = MeetingChange.objects.create(meeting=meeting, on_date=datetime.date(2026, 11, 26))
        moved_ahead = MeetingChange.objects.create(meeting=meeting, on_date=datetime.date(2026, 11, 19),
                                                   new_date=datetime.date(2026, 12, 2))
        coming = MeetingChange.objects.create(meeting=meeting, on_date=datetime.date(2026, 12, 24))
        assert services.forget_past_meeting_changes() == {"past meeting changes deleted": 1}
        assert set(MeetingChange.objects.all()) == {moved_ahead, coming}
        assert not MeetingChange.objects.filter(pk=passed.pk).exists()

    def test_it_is_a_scheduled_job(self, settings):
        assert "directory.services.forget_past_meeting_changes" in settings.SCHEDULED_JOBS


def meeting_data(**overrides):
    data = {
        "meeting-attendance": "in_person", "meeting-pattern": "weekly", "meeting-weekday": str(THURSDAY),
        "meeting-interval": "2", "meeting-months": "1", "meeting-starts_on": "2025-01-02",
        "meeting-start_time": "19:00", "meeting-end_time": "21:00", "meeting-venue_name": "Community Centre",
        "meeting-venue_address_1": "1 Example Street", "meeting-venue_town": "Nottingham",
        "meeting-venue_postcode": "NG1 5FW",
    }
    data.update(overrides)
    return data


class TestMeetingHistory:
    def edit(self, client, group, **overrides):
        meeting = group.meetings.get()
        venue = meeting.venue
        data = meeting_data(**{"meeting-venue_name": venue.name, **overrides})
        return client.post(reverse("directory:edit-meeting", args=[group.slug, meeting.pk]), data)

    def test_saving_a_meeting_unchanged_records_nothing(self, client, alice, group):
        client.force_login(alice)
        response = self.edit(client, group)
        assert response.status_code == 302
        assert not group.history.exists()
        assert "Nothing was changed." in client.get(response.url).content.decode()

    def test_a_changed_time_and_place_are_recorded_before_and_after(self, client, alice, group):
        client.force_login(alice)
        self.edit(client, group, **{"meeting-start_time": "18:30", "meeting-end_time": "20:30",
                                    "meeting-venue_name": "Riverside Hall"})
        entry = group.history.get()
        rows = {label: (before, after) for label, before, after in entry.readable_changes()}
        assert rows["Time"] == ("7pm to 9pm", "6:30pm to 8:30pm")
        assert rows["Place"][1].startswith("Riverside Hall, 1 Example Street")
        assert "How often" not in rows
        page = client.get(reverse("directory:history", args=[group.slug])).content.decode()
        assert "7pm to 9pm" in page and "6:30pm to 8:30pm" in page

    def test_a_changed_pattern_is_recorded_in_words(self, client, alice, group):
        client.force_login(alice)
        self.edit(client, group, **{"meeting-pattern": "nth_weekday", "meeting-week_of_month": "1",
                                    "meeting-months": "3"})
        rows = {label: (before, after) for label, before, after in group.history.get().readable_changes()}
        assert rows["How often"] == ("Every Thursday", "Every 3 months, on the first Thursday")

    def test_changes_to_dates_the_new_pattern_does_not_have_are_dropped(self, client, alice, group):
        meeting = group.meetings.get()
        MeetingChange.objects.create(meeting=meeting, on_date=datetime.date(2026, 12, 24))
        MeetingChange.objects.create(meeting=meeting, on_date=datetime.date(2026, 12, 3))
        client.force_login(alice)
        self.edit(client, group, **{"meeting-pattern": "nth_weekday", "meeting-week_of_month": "1"})
        assert list(MeetingChange.objects.values_list("on_date", flat=True)) == [datetime.date(2026, 12, 3)]


class TestEveryFewMonths:
    def test_the_form_keeps_months_apart_for_a_monthly_pattern(self, client, alice, group):
        client.force_login(alice)
        meeting = group.meetings.get()
        url = reverse("directory:edit-meeting", args=[group.slug, meeting.pk])
        client.post(url, meeting_data(**{"meeting-pattern": "nth_weekday", "meeting-week_of_month": "1",
                                         "meeting-months": "3", "meeting-starts_on": "2026-01-01"}))
        meeting.refresh_from_db()
        assert (meeting.pattern, meeting.interval) == ("nth_weekday", 3)
        assert meeting.describe() == "Every 3 months, on the first Thursday, 7pm to 9pm"
        assert [start.date().isoformat() for start in meeting.next_dates(2)] == ["2027-01-07", "2027-04-01"]
        assert '<option value="3" selected>' in client.get(url).content.decode()

    def test_the_weeks_box_means_nothing_for_a_weekly_meeting(self, client, alice, group):
        client.force_login(alice)
        meeting = group.meetings.get()
        client.post(reverse("directory:edit-meeting", args=[group.slug, meeting.pk]),
                    meeting_data(**{"meeting-interval": "5", "meeting-months": "6"}))
        meeting.refresh_from_db()
        assert meeting.interval == 1 and meeting.describe() == "Every Thursday, 7pm to 9pm"

    def test_every_two_months_by_date(self, travel):
        group = make_group(meetings=[{"pattern": Meeting.Pattern.MONTHLY_DATE, "day_of_month": 15, "interval": 2,
                                      "starts_on": datetime.date(2026, 2, 15)}])
        meeting = group.meetings.get()
        assert meeting.describe() == "Every 2 months, on the 15th, 7pm to 9pm"
        assert [start.date().isoformat() for start in meeting.next_dates(2)] == ["2026-12-15", "2027-02-15"]

    def test_meetings_saved_before_months_apart_existed_stay_monthly(self, travel):
        from importlib import import_module

        group = make_group(meetings=[{"pattern": Meeting.Pattern.LAST_WEEKDAY}])
        Meeting.objects.update(interval=2)  # what the form left in the unused weeks box
        migration = import_module("directory.migrations.0005_meeting_changes_and_months_apart")
        migration.one_month_apart(apps, None)
        assert group.meetings.get().interval == 1

    def test_an_open_referral_schedule_says_every_three_months(self, travel):
        from openreferral.schedules import to_schedule

        group = make_group(meetings=[{"pattern": Meeting.Pattern.NTH_WEEKDAY, "week_of_month": 1, "interval": 3}])
        schedule = to_schedule(group.meetings.get(), group.uuid, "x")
        assert (schedule["freq"], schedule["interval"], schedule["byday"]) == ("MONTHLY", 3, "1TU")
        assert schedule["description"] == "Every 3 months, on the first Tuesday, 7pm to 9pm"

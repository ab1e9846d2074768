"""Events: what makes one valid, who sees it where, and the calendars it goes into."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from directory.geo import Point
from directory.tests.factory import category, make_coordinator, make_group
from events.models import Event
from events.tests.factory import make_event

pytestmark = pytest.mark.django_db
NOTTINGHAM = Point(52.95549, -1.15541)


def _in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


class TestTheModel:
    def test_an_end_before_the_start_is_refused(self):
        event = Event(title="Social", on_date=_in_days(3), start_time=datetime.time(14), end_time=datetime.time(13),
                      online=True)
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert error.value.error_dict["end_time"][0].code == "end_before_start"

    def test_an_event_must_be_somewhere_or_online(self):
        with pytest.raises(ValidationError) as error:
            Event(title="Social", on_date=_in_days(3)).full_clean()
        assert error.value.error_dict["town"][0].code == "no_place"

    def test_an_unknown_postcode_is_refused_plainly(self):
        event = Event(title="Fair", on_date=_in_days(3), place_name="Hall", town="Nowhere", postcode="ZZ99 9ZZ")
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert "postcode" in error.value.error_dict

    def test_a_title_over_its_bound_is_refused(self):
        with pytest.raises(ValidationError) as error:
            Event(title="x" * 151, on_date=_in_days(3), online=True).full_clean()
        assert "title" in error.value.error_dict

    def test_a_place_is_located_from_its_postcode(self):
        event = Event(title="Fair", on_date=_in_days(3), place_name="Hall", town="Nottingham", postcode="ng1 5fw")
        event.full_clean()
        event.save()
        assert event.postcode == "NG1 5FW"
        assert event.latitude == pytest.approx(52.955, abs=0.01)


class TestTheQueries:
    def test_past_events_drop_off_and_the_rest_come_soonest_first(self):
        make_event(days=-1, title="Yesterday")
        later, today = make_event(days=9, title="Later"), make_event(days=0, title="Today")
        assert list(Event.objects.upcoming()) == [today, later]

    def test_events_of_groups_that_are_not_listed_are_not_public(self):
        from directory.models import Group

        draft = make_group(status=Group.Status.DRAFT)
        make_event(draft)
        hub = make_event(None)
        assert list(Event.objects.upcoming()) == [hub]

    def test_about_a_subject_includes_the_subjects_under_it(self):
        tinnitus = category("young-carers")
        under = make_event(title="Under", subjects=[tinnitus])
        make_event(title="Other", subjects=[category("diabetes")])
        assert list(Event.objects.upcoming().about([tinnitus.parent])) == [under]

    def test_near_a_place_keeps_what_is_within_the_distance_and_online_events(self):
        nottingham, online = make_event(title="Nottingham"), make_event(title="Online", postcode=None)
        make_event(title="Chelmsford", postcode="CM1 1SQ")
        assert set(Event.objects.upcoming().near(NOTTINGHAM, 10)) == {nottingham, online}


class TestTheEventsPage:
    url = reverse("events:list")

    def test_it_filters_by_subject_and_distance(self, client):
        tinnitus = category("young-carers")
        make_event(title="Tinnitus open day", subjects=[tinnitus])
        make_event(title="Tinnitus in Chelmsford", postcode="CM1 1SQ", subjects=[tinnitus])
        make_event(title="Diabetes social", subjects=[category("diabetes")])
        page = client.get(self.url, {"category": "young-carers", "where": "NG1 5FW", "distance": "10"}).content.decode()
        assert "Tinnitus open day" in page
        assert "Chelmsford" not in page and "Diabetes social" not in page
        # The subscription follows the same choices.
        assert "webcal://" in page and "subject=young-carers" in page and "miles=10" in page

    def test_a_place_it_cannot_find_is_reported_and_left_out(self, client):
        make_event(title="Still listed")
        response = client.get(self.url, {"where": "Nowheresville"})
        assert response.status_code == 400
        assert "Still listed" in response.content.decode()

    def test_a_cancelled_event_is_shown_as_cancelled(self, client):
        make_event(title="Picnic", cancelled=True)
        assert "Cancelled" in client.get(self.url).content.decode()


class TestCalendars:
    def test_an_events_ics_has_its_date_time_and_place_in_london_time(self, client):
        event = make_event(title="Open day", days=20, start_time=datetime.time(10, 30), end_time=datetime.time(12))
        response = client.get(reverse("events:ics", args=[event.uuid]))
        assert response["Content-Type"].startswith("text/calendar")
        vevent = Calendar.from_ical(response.content).walk("VEVENT")[0]
        start = vevent.decoded("dtstart")
        assert start.date() == event.on_date and start.time() == datetime.time(10, 30)
        assert str(start.tzinfo) == "Europe/London"
        assert vevent.decoded("dtend").time() == datetime.time(12)
        assert "NG1 5FW" in str(vevent["location"])
        assert str(vevent["uid"]) == f"{event.uuid}@selfhelphub"

    def test_an_event_with_no_time_lasts_all_day(self, client):
        event = make_event(title="Fair", postcode=None)
        vevent = Calendar.from_ical(client.get(reverse("events:ics", args=[event.uuid])).content).walk("VEVENT")[0]
        assert vevent.decoded("dtstart") == event.on_date
        assert vevent.decoded("dtend") == event.on_date + datetime.timedelta(days=1)
        assert str(vevent["location"]) == "Online"

    def test_the_feed_holds_upcoming_events_for_its_subject_and_place(self, client):
        tinnitus = category("young-carers")
        make_event(title="Near", subjects=[tinnitus])
        make_event(title="Far", postcode="CM1 1SQ", subjects=[tinnitus])
        make_event(title="Past", days=-2, subjects=[tinnitus])
        make_event(title="Cancelled", cancelled=True, subjects=[tinnitus])
        response = client.get(reverse("events:calendar"), {"subject": "young-carers", "place": "NG1", "miles": "5"})
        assert response.status_code == 200
        events = {str(e["summary"]): str(e["status"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}
        assert events == {"Near": "CONFIRMED", "Cancelled": "CANCELLED"}

    @pytest.mark.parametrize("query", [{"subject": "no-such-subject"}, {"place": "Nowheresville"},
                                       {"place": "NG1", "miles": "7"}, {"place": "NG1", "miles": "lots"},
                                       {"place": "x" * 500}, {"colour": "red"}])
    def test_the_feed_refuses_what_it_cannot_use_with_a_plain_message(self, client, query):
        response = client.get(reverse("events:calendar"), query)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/plain")
        assert response.content.strip()


class TestTheGroupsPage:
    def test_it_shows_its_events_to_come_only(self, client):
        group = make_group()
        make_event(group, title="Summer open day", days=5)
        make_event(group, title="Last year's social", days=-5)
        page = client.get(group.get_absolute_url()).content.decode()
        assert "Coming up" in page and "Summer open day" in page
        assert "Last year" not in page

    def test_it_marks_a_cancelled_event(self, client):
        group = make_group()
        make_event(group, title="Quiz night", cancelled=True)
        assert "(cancelled)" in client.get(group.get_absolute_url()).content.decode()


class TestPostingAnEvent:
    def test_a_coordinator_posts_an_event_for_their_group(self, client, alice):
        group = make_group()
        make_coordinator(group, alice)
        client.force_login(alice)
        response = client.post(reverse("events:add-group-event", args=[group.slug]), {
            "title": "Open day", "kind": "open_day", "on_date": _in_days(10).isoformat(), "start_time": "10:00",
            "place_name": "Library", "town": "Nottingham", "postcode": "NG1 5FW", "open_to": "everyone",
            "subjects": [category("young-carers").pk]})
        event = group.events.get()
        assert response["Location"] == event.get_absolute_url()
        assert event.latitude is not None and list(event.subjects.all()) == [category("young-carers")]

    def test_a_date_already_past_is_refused(self, client, alice):
        group = make_group()
        make_coordinator(group, alice)
        client.force_login(alice)
        response = client.post(reverse("events:add-group-event", args=[group.slug]), {
            "title": "Open day", "kind": "open_day", "on_date": _in_days(-1).isoformat(), "online": "on",
            "open_to": "everyone"})
        assert response.status_code == 400
        assert "Choose a date from today on." in response.content.decode()
        assert not group.events.exists()

    def test_staff_post_the_teams_own_event(self, client, sam):
        client.force_login(sam)
        client.post(reverse("events:add-hub-event"), {
            "title": "Meet the groups", "kind": "fair", "on_date": _in_days(30).isoformat(), "online": "on",
            "open_to": "everyone"})
        assert Event.objects.get().group is None

    def test_cancelling_keeps_the_event_marked(self, client, alice):
        group = make_group()
        make_coordinator(group, alice)
        event = make_event(group)
        client.force_login(alice)
        client.post(reverse("events:cancel", args=[event.uuid]))
        event.refresh_from_db()
        assert event.cancelled
        assert "This event is cancelled." in client.get(event.get_absolute_url()).content.decode()


def test_the_demo_shows_a_fair_by_the_hub_an_open_day_by_a_group_and_an_online_event(client):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    upcoming = Event.objects.upcoming()
    assert upcoming.filter(group__isnull=True, kind=Event.Kind.FAIR).exists()
    assert upcoming.filter(group__isnull=False, kind=Event.Kind.OPEN_DAY).exists()
    assert upcoming.filter(online=True, latitude__isnull=True).exists()
    page = client.get(reverse("events:list")).content.decode()
    assert "Meet the groups fair" in page

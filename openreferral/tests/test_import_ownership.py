"""The group's word wins: a re-import never deletes or overwrites what a group's
coordinators added or changed; where the feed says otherwise, staff choose."""

import datetime

import pytest
from django.urls import reverse

from directory.models import Group, GroupChange, Meeting
from directory.tests.factory import make_meeting, make_user
from openreferral.models import SourceRecord

from .test_import import run, service, write_page

pytestmark = pytest.mark.django_db


def import_feed(tmp_path, **fields):
    run(write_page(tmp_path / "feed.json", [service(email="club@example.org", **fields)]), "--source-name", "Essex")
    return Group.objects.get()


def test_a_meeting_a_coordinator_added_survives_a_re_import_of_the_group_changed(tmp_path):
    group = import_feed(tmp_path)
    added = make_meeting(group, attendance="online", pattern="weekly", weekday=4, notes="Our own coffee morning")
    import_feed(tmp_path, description="We meet for tea, talk and a speaker.", schedules=[
        {"id": "sch-1", "service_at_location_id": "sal-1", "freq": "WEEKLY", "byday": "TH", "opens_at": "10:00"}])
    group.refresh_from_db()
    assert group.description == "We meet for tea, talk and a speaker."
    assert Meeting.objects.filter(pk=added.pk, notes="Our own coffee morning").exists()
    imported = group.meetings.exclude(pk=added.pk).get()
    assert (imported.weekday, imported.start_time) == (3, datetime.time(10, 0))  # the feed's change is taken


def test_what_the_group_changed_is_kept_and_the_feeds_new_word_waits_for_staff(tmp_path):
    group = import_feed(tmp_path)
    group.description = "In our own words."
    group.save()
    meeting = group.meetings.get()
    meeting.notes = "Ring the bell at the side door."
    meeting.save()
    import_feed(tmp_path, name="Chelmsford Stroke Club (Tuesdays)", description="New words from the feed.",
                schedules=[{"id": "sch-1", "service_at_location_id": "sal-1", "freq": "WEEKLY", "byday": "TU",
                            "opens_at": "14:00"}])
    group.refresh_from_db()
    assert group.name == "Chelmsford Stroke Club (Tuesdays)"  # the group had left it alone
    assert group.description == "In our own words."
    assert group.meetings.get().notes == "Ring the bell at the side door."
    disputed = SourceRecord.objects.get().disputed
    assert disputed["description"] == "New words from the feed."
    assert list(disputed["meetings"]) == [str(meeting.uuid)]


def test_a_meeting_the_group_changed_is_not_deleted_when_the_feed_drops_it(tmp_path):
    group = import_feed(tmp_path)
    meeting = group.meetings.get()
    meeting.notes = "Now with a quiz."
    meeting.save()
    import_feed(tmp_path, schedules=[], service_at_locations=[], status="inactive")
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_meeting_the_group_left_alone_goes_when_the_feed_drops_it(tmp_path):
    group = import_feed(tmp_path)
    import_feed(tmp_path, schedules=[], service_at_locations=[], status="inactive")
    assert not group.meetings.exists()


def test_every_import_is_in_the_groups_history(tmp_path, client):
    group = import_feed(tmp_path)
    import_feed(tmp_path, description="Changed in the feed.")
    notes = list(group.history.filter(action=GroupChange.Action.IMPORTED).values_list("note", flat=True))
    assert len(notes) == 2 and all(note.startswith("Imported from Essex") for note in notes)
    client.force_login(make_user("sam@example.org", staff=True))
    page = client.get(reverse("directory:history", args=[group.slug])).content.decode()
    assert "Imported from Essex" in page and "Changed in the feed." in page


class TestStaffChoose:
    @pytest.fixture
    def disputed(self, tmp_path, client):
        group = import_feed(tmp_path)
        group.description = "In our own words."
        group.save()
        import_feed(tmp_path, description="New words from the feed.")
        client.force_login(make_user("sam@example.org", staff=True))
        return group

    def choose(self, client, group, choice):
        url = reverse("openreferral-staff:group-differences", args=[group.slug])
        page = client.get(url).content.decode()
        assert "New words from the feed." in page and "In our own words." in page
        return client.post(url, {"record": SourceRecord.objects.get().pk, "key": "description", "choice": choice})

    def test_staff_see_the_group_among_those_to_look_at(self, client, disputed):
        page = client.get(reverse("openreferral-staff:feed-differences")).content.decode()
        assert disputed.name in page

    def test_staff_can_take_the_feeds_word(self, client, disputed):
        assert self.choose(client, disputed, "feed").status_code == 302
        disputed.refresh_from_db()
        assert disputed.description == "New words from the feed."
        assert SourceRecord.objects.get().disputed == {}
        assert disputed.history.filter(action=GroupChange.Action.FEED_CHOSEN, user__is_staff=True).exists()

    def test_staff_can_keep_the_groups_word_and_the_same_feed_does_not_ask_again(self, client, disputed, tmp_path):
        self.choose(client, disputed, "group")
        import_feed(tmp_path, description="New words from the feed.")
        disputed.refresh_from_db()
        assert disputed.description == "In our own words."
        assert SourceRecord.objects.get().disputed == {}

    def test_a_difference_that_is_not_there_is_not_found(self, client, disputed):
        url = reverse("openreferral-staff:group-differences", args=[disputed.slug])
        response = client.post(url, {"record": SourceRecord.objects.get().pk, "key": "name", "choice": "feed"})
        assert response.status_code == 404


def test_a_group_that_was_here_before_any_import_keeps_its_word(tmp_path):
    from directory.tests.factory import make_group

    group = make_group(name="Our Stroke Club", email="us@example.org")
    import_feed(tmp_path, id=str(group.uuid), name="Their name for it")
    group.refresh_from_db()
    assert group.name == "Our Stroke Club"
    assert SourceRecord.objects.get().disputed["name"] == "Their name for it"


def test_a_fact_the_importer_did_not_read_last_time_is_taken_not_disputed(tmp_path):
    """A record imported before the importer read costs: the feed said nothing of the cost
    then, so its cost now is taken as any other change the group has not touched."""
    group = import_feed(tmp_path)
    record = SourceRecord.objects.get()
    record.imported = {name: value for name, value in record.imported.items() if name != "cost"}
    record.fingerprint = ""
    record.save()
    import_feed(tmp_path, cost_options=[{"id": "c1", "option": "Free", "amount": 0}])
    group.refresh_from_db()
    record.refresh_from_db()
    assert group.cost == Group.Cost.FREE
    assert record.disputed == {}

"""Talks both ways: teams would welcome a talk from a group; groups offer talks to
professionals. Nothing is fixed until both sides have agreed."""

import datetime

import pytest
from django.urls import reverse

from support import services
from support.models import TalkBooking, TalkOffer, TalkWanted
from support.tests.factory import days, make_worker

pytestmark = pytest.mark.django_db


def test_a_team_asks_for_a_talk_a_group_offers_and_both_agree(client, people):
    client.force_login(people["pat"])
    response = client.post(reverse("support:talk-wanted-new"), {
        "topic": "Life with twins", "audience": "Health visitors", "fee": "50", "reply_by": days(40).isoformat()})
    talk = TalkWanted.objects.get()
    assert response["Location"] == talk.get_absolute_url()
    client.force_login(people["alice"])
    page = client.get(talk.get_absolute_url()).content.decode()
    assert "£50" in page
    client.post(talk.get_absolute_url(), {"group": people["group"].pk, "date": days(60).isoformat(),
                                          "start_time": "19:00", "online": "on", "note": "Two of us could come."})
    booking = TalkBooking.objects.get()
    assert (booking.status, booking.group_agreed, booking.agency_agreed) == ("proposed", True, False)
    assert (booking.fee, booking.start_time, booking.online) == (50, datetime.time(19), True)
    # The group can't fix it alone.
    client.post(booking.get_absolute_url(), {"action": "agree", "start_time": "19:00", "online": "on"})
    assert TalkBooking.objects.get().status == TalkBooking.Status.PROPOSED
    client.force_login(people["pat"])
    page = client.get(booking.get_absolute_url()).content.decode()
    assert "7pm, online (the link is sent later)" in page
    client.post(booking.get_absolute_url(), {"action": "agree", "start_time": "19:00", "online": "on"})
    booking.refresh_from_db()
    assert booking.status == TalkBooking.Status.FIXED


def test_a_group_offers_a_talk_a_team_asks_for_it_and_another_date_needs_agreeing_again(client, people):
    client.force_login(people["alice"])
    client.post(reverse("support:talk-offer-new", args=[people["group"].slug]), {
        "title": "Twins: the first year", "details": "What we wish we had known.", "fee": "75.50"})
    talk = TalkOffer.objects.get()
    client.force_login(people["pat"])
    assert "£75.50" in client.get(talk.get_absolute_url()).content.decode()
    client.post(talk.get_absolute_url(), {"date": days(30).isoformat(), "place": "Ward 3 seminar room"})
    booking = TalkBooking.objects.get()
    assert (booking.agency_agreed, booking.group_agreed, booking.contact) == (True, False, people["pat"])
    client.force_login(people["alice"])
    client.post(booking.get_absolute_url(), {"action": "other_date", "date": days(45).isoformat(),
                                             "note": "We meet that week."})
    booking.refresh_from_db()
    assert (booking.date, booking.group_agreed, booking.agency_agreed) == (days(45), True, False)
    # The date change and its message are in the talk's messages.
    assert booking.notes.get().text.splitlines() == [
        f"Suggested another date: {days(45):%A} {days(45).day} {days(45):%B %Y}", "We meet that week."]
    client.force_login(people["pat"])
    client.post(booking.get_absolute_url(), {"action": "agree", "start_time": "14:30",
                                             "place": "Ward 3 seminar room"})
    booking.refresh_from_db()
    # A time given only now needs the group's agreement again.
    assert (booking.status, booking.group_agreed, booking.agency_agreed) == ("proposed", False, True)
    client.force_login(people["alice"])
    client.post(booking.get_absolute_url(), {"action": "agree", "start_time": "14:30",
                                             "place": "Ward 3 seminar room"})
    assert TalkBooking.objects.get().status == TalkBooking.Status.FIXED
    # Calling it off asks first; nothing changes until it is confirmed.
    response = client.post(booking.get_absolute_url(), {"action": "cancel", "note": "Ward closed, sorry."})
    assert response.status_code == 200 and "Call off this talk?" in response.content.decode()
    assert TalkBooking.objects.get().status == TalkBooking.Status.FIXED
    client.post(booking.get_absolute_url(), {"action": "cancel", "confirmed": "1", "note": "Ward closed, sorry."})
    assert TalkBooking.objects.get().status == TalkBooking.Status.CANCELLED


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"place": "Ward 3"}, "start_time", "Enter the time the talk starts."),
    ({"start_time": "19:00"}, "place", "Say where the talk is, or tick “online”."),
    ({"start_time": "7 in the evening", "place": "Ward 3"}, "start_time", "Enter a time, like 19:00."),
    ({"start_time": "19:00", "place": "x" * 500}, "place", "at most"),
])
def test_a_talk_cannot_be_agreed_without_its_time_and_place(client, people, data, field, message):
    talk = TalkOffer.objects.create(group=people["group"], title="Twins", details="Our story")
    booking = TalkBooking.objects.create(talk_offer=talk, group=people["group"], agency=people["pat"].team.agency,
                                         date=days(10), agency_agreed=True)
    client.force_login(people["alice"])
    response = client.post(booking.get_absolute_url(), {"action": "agree", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    booking.refresh_from_db()
    assert (booking.status, booking.group_agreed, booking.start_time, booking.place) == ("proposed", False, None, "")
    with pytest.raises(services.NotAllowed):
        services.act_on_booking(booking, people["alice"], "group", "agree")


@pytest.mark.parametrize(("data", "message"), [
    ({"fee": "-5"}, "less than nothing"),
    ({"fee": "fifty"}, "in pounds"),
    ({"fee": "99999"}, "up to £10,000"),
    ({"reply_by": days(-1).isoformat()}, "at least four weeks"),
    ({"reply_by": days(7).isoformat()}, "at least four weeks"),
    ({"topic": ""}, "Say what the talk would be about."),
])
def test_bad_talk_requests_are_refused(client, people, data, message):
    client.force_login(people["pat"])
    response = client.post(reverse("support:talk-wanted-new"), {"topic": "Twins", "audience": "Nurses", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TalkWanted.objects.exists()


def test_a_date_in_the_past_is_refused_for_a_talk(client, people):
    talk = TalkOffer.objects.create(group=people["group"], title="Twins", details="Our story")
    client.force_login(people["pat"])
    response = client.post(talk.get_absolute_url(), {"date": days(-2).isoformat()})
    assert "must be after today" in response.content.decode()
    assert not TalkBooking.objects.exists()
    booking = TalkBooking.objects.create(talk_offer=talk, group=people["group"], agency=people["pat"].team.agency,
                                         date=days(10), agency_agreed=True)
    client.force_login(people["alice"])
    response = client.post(booking.get_absolute_url(), {"action": "other_date", "date": days(-5).isoformat()})
    assert response.status_code == 400
    assert "must be after today" in response.content.decode()
    assert TalkBooking.objects.get().date == days(10)


def test_a_closed_talk_cannot_be_asked_for(client, people):
    talk = TalkOffer.objects.create(group=people["group"], title="Twins", details="Our story", is_open=False)
    client.force_login(people["pat"])
    assert client.post(talk.get_absolute_url(), {"date": days(20).isoformat()}).status_code == 403
    assert not TalkBooking.objects.exists()


def test_only_the_two_sides_act_on_a_booking(client, people, sam):
    talk = TalkOffer.objects.create(group=people["group"], title="Twins", details="Our story")
    booking = TalkBooking.objects.create(talk_offer=talk, group=people["group"], agency=people["pat"].team.agency,
                                         date=days(10), agency_agreed=True)
    client.force_login(make_worker("other@example.org"))
    assert client.post(booking.get_absolute_url(), {"action": "agree"}).status_code == 404
    client.force_login(sam)
    assert client.post(booking.get_absolute_url(), {"action": "agree"}).status_code == 403
    assert TalkBooking.objects.get().status == TalkBooking.Status.PROPOSED

"""Talks both ways: teams would welcome a talk from a group; groups offer talks to
professionals. Nothing is fixed until both sides have agreed."""

import pytest
from django.urls import reverse

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
                                          "note": "Two of us could come."})
    booking = TalkBooking.objects.get()
    assert (booking.status, booking.group_agreed, booking.agency_agreed) == ("proposed", True, False)
    assert booking.fee == 50
    # The group can't fix it alone.
    client.post(booking.get_absolute_url(), {"action": "agree"})
    assert TalkBooking.objects.get().status == TalkBooking.Status.PROPOSED
    client.force_login(people["pat"])
    client.post(booking.get_absolute_url(), {"action": "agree"})
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
    client.post(booking.get_absolute_url(), {"action": "other_date", "date": days(45).isoformat()})
    booking.refresh_from_db()
    assert (booking.date, booking.group_agreed, booking.agency_agreed) == (days(45), True, False)
    client.force_login(people["pat"])
    client.post(booking.get_absolute_url(), {"action": "agree"})
    assert TalkBooking.objects.get().status == TalkBooking.Status.FIXED
    client.post(booking.get_absolute_url(), {"action": "cancel", "note": "Ward closed, sorry."})
    assert TalkBooking.objects.get().status == TalkBooking.Status.CANCELLED


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

"""Reaching each other once something is agreed: each side chooses the details the other
sees (a practitioner's work phone and email; the group's chosen contact, or its public
details), shown on the agreed item and in the email that confirms it, never before, and
never to staff."""

import pytest
from django.core import mail
from django.urls import reverse

from support.models import Arrangement, GroupSupportContact, PractitionerProfile, TalkBooking, TalkOffer, VisitRequest
from support.tests.factory import days

pytestmark = pytest.mark.django_db

GROUP_PHONE = "0115 496 0999"
WORK_PHONE = "0115 496 0123"


@pytest.fixture
def chosen(people):
    GroupSupportContact.objects.create(group=people["group"], name="Sam, our secretary", phone=GROUP_PHONE)
    PractitionerProfile.objects.filter(user=people["pat"]).update(contact_phone=WORK_PHONE,
                                                                  contact_email="pat.work@example.org")
    return people


def page_of(client, person, url):
    client.force_login(person)
    return client.get(url).content.decode()


def test_a_visit_shows_each_side_the_other_only_once_the_group_says_yes(client, chosen, sam):
    people = chosen
    visit = VisitRequest.objects.create(group=people["group"], practitioner=people["pat"],
                                        agency=people["pat"].team.agency, date=people["group"].meeting_days()[0],
                                        purpose="To listen")
    url = visit.get_absolute_url()
    assert GROUP_PHONE not in page_of(client, people["pat"], url)
    assert WORK_PHONE not in page_of(client, people["alice"], url)
    client.post(url, {"decision": "accept"})
    assert GROUP_PHONE in mail.outbox[-1].body and "Sam, our secretary" in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["pat@example.org"]
    assert WORK_PHONE in page_of(client, people["alice"], url)
    assert "pat.work@example.org" in page_of(client, people["alice"], url)
    assert GROUP_PHONE in page_of(client, people["pat"], url)
    staff_page = page_of(client, sam, url)
    assert GROUP_PHONE not in staff_page and WORK_PHONE not in staff_page


def test_an_arrangement_shows_the_details_while_it_lasts(client, chosen):
    people = chosen
    arrangement = Arrangement.objects.create(group=people["group"], agency=people["pat"].team.agency,
                                             practitioner=people["pat"], kind="meeting_room", agreed="A room",
                                             role="resource_builder", review_on=days(30))
    assert WORK_PHONE in page_of(client, people["alice"], arrangement.get_absolute_url())
    assert GROUP_PHONE in page_of(client, people["pat"], arrangement.get_absolute_url())
    Arrangement.objects.filter(pk=arrangement.pk).update(status=Arrangement.Status.ENDED)
    assert WORK_PHONE not in page_of(client, people["alice"], arrangement.get_absolute_url())


def test_a_talk_shows_the_details_once_fixed_and_the_email_carries_them(client, chosen):
    people = chosen
    talk = TalkOffer.objects.create(group=people["group"], title="Twins", details="Our story")
    booking = TalkBooking.objects.create(talk_offer=talk, group=people["group"], agency=people["pat"].team.agency,
                                         contact=people["pat"], date=days(20), agency_agreed=True,
                                         start_time="18:00", place="Ward 3")
    assert WORK_PHONE not in page_of(client, people["alice"], booking.get_absolute_url())
    client.post(booking.get_absolute_url(), {"action": "agree", "start_time": "18:00", "place": "Ward 3"})
    assert TalkBooking.objects.get().status == TalkBooking.Status.FIXED
    assert GROUP_PHONE in mail.outbox[-1].body and mail.outbox[-1].to == ["pat@example.org"]
    assert WORK_PHONE in page_of(client, people["alice"], booking.get_absolute_url())


def test_until_the_group_chooses_professionals_see_its_public_details(client, people):
    people["group"].__class__.objects.filter(pk=people["group"].pk).update(phone="0115 496 0555")
    arrangement = Arrangement.objects.create(group=people["group"], agency=people["pat"].team.agency,
                                             practitioner=people["pat"], kind="meeting_room", agreed="A room",
                                             role="resource_builder", review_on=days(30))
    page = page_of(client, people["pat"], arrangement.get_absolute_url())
    assert "0115 496 0555" in page


def test_the_coordinators_choose_how_professionals_reach_the_group(client, people):
    url = reverse("support:group-contact", args=[people["group"].slug])
    client.force_login(people["alice"])
    response = client.post(url, {"name": "Sam", "phone": "not a phone", "email": ""})
    assert response.status_code == 400 and not GroupSupportContact.objects.exists()
    response = client.post(url, {"name": "Sam", "phone": "", "email": ""})
    assert "Give a phone number or an email address" in response.content.decode()
    response = client.post(url, {"name": "x" * 500, "phone": "01154960999", "email": ""})
    assert response.status_code == 400 and not GroupSupportContact.objects.exists()
    client.post(url, {"name": "Sam", "phone": "01154960999", "email": "Group@Example.org"})
    contact = GroupSupportContact.objects.get()
    assert (contact.phone, contact.email) == (GROUP_PHONE, "group@example.org")


def test_a_practitioners_work_phone_is_checked(client, people):
    client.force_login(people["pat"])
    profile = people["pat"].support_profile
    response = client.post(reverse("support:profile"), {
        "roles": profile.roles, "place": "NG1 5FW", "radius_miles": "10", "contact_phone": "12345"})
    assert "There is a problem" in response.content.decode()
    profile.refresh_from_db()
    assert profile.contact_phone == ""

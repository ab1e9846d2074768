"""Contact the self-help team: the public form, the staff's inbox, retention and limits."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from directory.tests.factory import make_coordinator, make_group
from enquiries import services
from enquiries.models import Enquiry
from introductions.models import Introduction

pytestmark = pytest.mark.django_db

URL = reverse("enquiries:contact")


def send(client, **overrides):
    data = {"topic": "no_group", "message": "Is there a group for people whose husband has died?",
            "name": "Jean", "reply_by": "email", "reply_to": "Jean@Example.org", "good_times": "",
            "introduction_reference": "", "consent": "on", "website": ""}
    data.update(overrides)
    return client.post(URL, data)


class TestWritingToTheTeam:
    def test_a_message_is_kept_with_what_was_agreed_and_the_person_gets_a_reference(self, client, sam):
        response = send(client)
        assert response.status_code == 302
        enquiry = Enquiry.objects.get()
        assert (enquiry.topic, enquiry.reply_by, enquiry.reply_to) == ("no_group", "email", "jean@example.org")
        assert "may read what I write here" in enquiry.consent_text
        page = client.get(response["Location"]).content.decode()
        assert enquiry.reference in page

    def test_staff_are_emailed_a_link_and_nothing_the_person_wrote(self, client, sam):
        send(client)
        enquiry = Enquiry.objects.get()
        [message] = [m for m in mail.outbox if m.to == [sam.email]]
        assert reverse("enquiries:staff-enquiry", args=[enquiry.reference]) in message.body
        assert "husband" not in message.body + message.subject
        assert "jean@example.org" not in message.body + message.subject

    def test_the_name_is_optional_and_no_reply_needs_no_address(self, client):
        assert send(client, name="", reply_by="none", reply_to="jean@example.org").status_code == 302
        enquiry = Enquiry.objects.get()
        assert (enquiry.name, enquiry.reply_to) == ("", "")

    @pytest.mark.parametrize(("overrides", "message"), [
        ({"reply_by": "email", "reply_to": ""}, "Enter the email address or phone number we should reply to"),
        ({"reply_by": "email", "reply_to": "not an address"}, "Enter a valid email address"),
        ({"reply_by": "phone", "reply_to": "12345"}, "Enter a UK phone number"),
        ({"message": ""}, "Write a few words"),
        ({"message": "x" * 2001}, "2000 characters or fewer"),
        ({"name": "Jean\u202eevil"}, "change the direction of the text"),
        ({"topic": ""}, "Choose what your message is about"),
        ({"consent": ""}, "Tick the box to say you agree"),
        ({"introduction_reference": "AB-12"}, "eight letters and numbers"),
    ])
    def test_bad_details_are_explained_and_nothing_is_kept(self, client, overrides, message):
        response = send(client, **overrides)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert "Error:" in response.content.decode().split("</title>")[0]
        assert not Enquiry.objects.exists()

    def test_a_phone_number_is_kept_as_typed_groupings(self, client):
        send(client, reply_by="phone", reply_to="+44 7700 900123")
        assert Enquiry.objects.get().reply_to == "07700 900123"

    def test_the_honeypot_turns_spam_away(self, client):
        response = send(client, website="http://spam.example")
        assert response.status_code == 400
        assert not Enquiry.objects.exists()

    def test_one_visitor_is_limited_per_hour_and_nothing_is_sent_past_it(self, client, settings, sam):
        settings.ENQUIRIES_PER_HOUR_PER_SENDER = 2
        assert send(client).status_code == 302
        assert send(client).status_code == 302
        emails = len(mail.outbox)
        response = send(client)
        assert response.status_code == 400
        assert "several messages in the last hour" in response.content.decode()
        assert Enquiry.objects.count() == 2 and len(mail.outbox) == emails

    def test_the_confirmation_is_shown_only_to_whoever_sent_it(self, client):
        assert client.get(reverse("enquiries:sent")).status_code == 302

    def test_a_reference_and_a_subject_can_be_given_in_the_address(self, client):
        response = client.get(URL + "?reference=abcdef23&topic=where_to_start")
        form = response.context["form"]
        assert form.initial == {"introduction_reference": "ABCD-EF23", "topic": "where_to_start"}


class TestTheStaffInbox:
    def test_staff_read_answer_and_note(self, client, sam):
        send(client)
        enquiry = Enquiry.objects.get()
        client.force_login(sam)
        listing = client.get(reverse("enquiries:staff-enquiries")).content.decode()
        assert enquiry.reference in listing
        page = client.get(reverse("enquiries:staff-enquiry", args=[enquiry.reference])).content.decode()
        assert "jean@example.org" in page and "husband has died" in page
        response = client.post(reverse("enquiries:staff-enquiry", args=[enquiry.reference]),
                               {"note": "Sent details of the widowed group."})
        assert response.status_code == 302
        enquiry.refresh_from_db()
        assert enquiry.is_answered and enquiry.answered_by == sam and enquiry.note.startswith("Sent details")

    def test_a_quoted_reference_shows_staff_the_request_but_not_its_details(self, client, sam, alice):
        group = make_group(name="Widowed Friends")
        make_coordinator(group, alice)
        introduction = Introduction.objects.create(group=group, name="Mukti", contact_method="phone",
                                                   contact_value="07700 900123", consent_text="agreed")
        send(client, introduction_reference=introduction.reference.replace("-", "").lower())
        enquiry = Enquiry.objects.get()
        assert enquiry.introduction_reference == introduction.reference
        client.force_login(sam)
        page = client.get(reverse("enquiries:staff-enquiry", args=[enquiry.reference])).content.decode()
        assert "Widowed Friends" in page and "Not answered yet" in page
        assert "Mukti" not in page and "07700 900123" not in page

    def test_a_reference_that_no_longer_exists_says_so(self, client, sam):
        send(client, introduction_reference="ABCD-EF23")
        client.force_login(sam)
        page = client.get(reverse("enquiries:staff-enquiry", args=[Enquiry.objects.get().reference]))
        assert "no request has this reference now" in page.content.decode()


class TestRetention:
    def test_an_answered_message_goes_after_the_retention_period(self, client, sam, settings):
        send(client)
        enquiry = Enquiry.objects.get()
        services.answer(enquiry, sam)
        later = enquiry.answered_at + datetime.timedelta(days=settings.INTRODUCTION_RETENTION_DAYS)
        assert services.purge(later - datetime.timedelta(hours=1)) == {"deleted": 0}
        assert services.purge(later + datetime.timedelta(hours=1)) == {"deleted": 1}
        assert not Enquiry.objects.exists()

    def test_an_unanswered_message_never_stays_longer_than_the_maximum(self, client, settings):
        with time_machine.travel(datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC)):
            send(client)
        with time_machine.travel(datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC)
                                 + datetime.timedelta(days=settings.INTRODUCTION_MAX_DAYS, hours=1)):
            assert services.purge() == {"deleted": 1}

    def test_the_purge_is_a_scheduled_job(self, settings):
        assert "enquiries.services.purge" in settings.SCHEDULED_JOBS

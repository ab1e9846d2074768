import datetime
import re

import pytest
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db
PAGE = reverse("outbox:staff_outbox")


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def make_message(**kwargs):
    kwargs.setdefault("recipients", "ann@example.org")
    kwargs.setdefault("from_email", "hub@example.org")
    kwargs.setdefault("subject", "Please confirm your listing")
    kwargs.setdefault("body_text", "Secret sign-in link: https://hub.example.org/s/abc")
    return OutboxMessage.objects.create(**kwargs)


@pytest.fixture
def failed():
    return make_message(
        status=OutboxMessage.Status.FAILED, attempts=6, last_error="ConnectionRefusedError: refused",
    )


def try_again_url(message):
    return reverse("outbox:try_again", args=[message.pk])


class TestStaffOutbox:
    def test_it_sends_signed_out_visitors_to_sign_in(self, client, failed):
        response = client.get(PAGE)
        assert response.status_code == 302
        assert f"{REDIRECT_FIELD_NAME}=" in response["Location"]
        assert PAGE in response["Location"]

    def test_it_refuses_people_who_are_not_staff(self, client, alice, failed):
        client.force_login(alice)
        assert client.get(PAGE).status_code == 403

    def test_it_lists_failed_messages_and_messages_being_retried(self, client, sam, failed):
        retrying = make_message(
            subject="Welcome", attempts=2, last_error="SMTPServerDisconnected: gone",
            next_attempt_at=timezone.now() + datetime.timedelta(minutes=5),
        )
        make_message(subject="Fresh and waiting")
        make_message(subject="Went fine", status=OutboxMessage.Status.SENT)
        client.force_login(sam)

        response = client.get(PAGE)

        assert response.status_code == 200
        body = text_of(response).split("Latest emails")[0]  # the table of problems
        assert "ann@example.org Please confirm your listing Could not be sent 6 ConnectionRefusedError: refused" in body
        assert "Welcome Waiting to be sent 2 SMTPServerDisconnected: gone" in body
        assert retrying.subject in body
        assert "Fresh and waiting" not in body
        assert "1 email is waiting to be sent for the first time." in body
        assert "Went fine" not in body
        # Bodies can carry sign-in links: staff never see them.
        assert "Secret sign-in link" not in response.content.decode()
        html = response.content.decode()
        assert 'scope="col"' in html and '<caption id="problems-caption">' in html

    def test_it_shows_an_address_the_mail_server_refused_apart_from_a_failure(self, client, sam, failed):
        make_message(recipients="nobody@example.org", subject="A claim", status=OutboxMessage.Status.REFUSED,
                     attempts=1, last_error="SMTPRecipientsRefused: {'nobody@example.org': (550, b'no such user')}")
        client.force_login(sam)
        body = text_of(client.get(PAGE)).split("Latest emails")[0]
        assert "nobody@example.org A claim Address refused by the mail server 1 SMTPRecipientsRefused" in body
        assert "Please confirm your listing Could not be sent 6" in body

    def test_it_says_when_there_is_nothing_to_look_at(self, client, sam):
        client.force_login(sam)
        assert "Nothing has failed" in text_of(client.get(PAGE))

    def test_it_rejects_post(self, client, sam):
        client.force_login(sam)
        assert client.post(PAGE).status_code == 405


class TestTryAgain:
    def test_it_queues_a_failed_message_again_with_fresh_attempts(self, client, sam, failed, time_machine):
        time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
        client.force_login(sam)

        response = client.post(try_again_url(failed), follow=True)

        assert response.redirect_chain == [(PAGE, 302)]
        assert "“Please confirm your listing” will be sent again" in text_of(response)
        failed.refresh_from_db()
        assert failed.status == OutboxMessage.Status.QUEUED
        assert failed.attempts == 0
        assert failed.next_attempt_at == timezone.now()

    def test_the_page_offers_the_button_for_failed_messages(self, client, sam, failed):
        client.force_login(sam)
        html = client.get(PAGE).content.decode()
        assert f'action="{try_again_url(failed)}"' in html
        assert "Try again" in html

    def test_it_leaves_a_message_that_is_not_failed_alone(self, client, sam):
        sent = make_message(status=OutboxMessage.Status.SENT, sent_at=timezone.now())
        client.force_login(sam)
        response = client.post(try_again_url(sent), follow=True)
        assert "already waiting to be sent, or has been sent" in text_of(response)
        sent.refresh_from_db()
        assert sent.status == OutboxMessage.Status.SENT

    def test_it_rejects_get(self, client, sam, failed):
        client.force_login(sam)
        assert client.get(try_again_url(failed)).status_code == 405

    def test_it_refuses_people_who_are_not_staff(self, client, alice, failed):
        client.force_login(alice)
        assert client.post(try_again_url(failed)).status_code == 403
        failed.refresh_from_db()
        assert failed.status == OutboxMessage.Status.FAILED

    def test_it_sends_signed_out_visitors_to_sign_in(self, client, failed):
        assert client.post(try_again_url(failed)).status_code == 302
        failed.refresh_from_db()
        assert failed.status == OutboxMessage.Status.FAILED

    def test_it_handles_an_unknown_message(self, client, sam):
        client.force_login(sam)
        assert client.post(reverse("outbox:try_again", args=[999999])).status_code == 404

    def test_it_needs_the_csrf_token(self, sam, failed):
        client = Client(enforce_csrf_checks=True)
        client.force_login(sam)
        assert client.post(try_again_url(failed)).status_code == 403
        failed.refresh_from_db()
        assert failed.status == OutboxMessage.Status.FAILED


class TestWhatStaffSeeOfMessages:
    def test_staff_see_recipients_subjects_and_states_but_never_bodies(self, client, sam, settings):
        settings.DEMO = False
        make_message(subject="Your sign-in link", status=OutboxMessage.Status.SENT)
        make_message(subject="Someone asked to hear from your group")
        client.force_login(sam)
        text = text_of(client.get(PAGE))
        assert "Your sign-in link" in text and "Someone asked to hear from your group" in text
        assert "ann@example.org" in text and "Sent" in text
        assert "Secret sign-in link" not in text

    def test_a_demo_shows_bodies_so_a_newcomer_can_follow_the_links(self, client, sam, settings):
        settings.DEMO = True
        make_message(subject="Your sign-in link")
        client.force_login(sam)
        assert "Secret sign-in link: https://hub.example.org/s/abc" in text_of(client.get(PAGE))

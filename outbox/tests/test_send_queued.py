import datetime
import logging

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.utils import timezone

from outbox.jobs import CLAIM_FOR, _claim, send_queued
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
REFUSING = "outbox.tests.failing_backends.RefusingBackend"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def queue(subject="Reminder", to="ann@example.org", body="Is your group still meeting?"):
    send_mail(subject, body, None, [to])
    return OutboxMessage.objects.get(subject=subject)


class TestWhenTheMailServerFails:
    def test_the_message_stays_queued_and_is_tried_again_after_a_growing_gap(self, outbox_settings, clock):
        outbox_settings.OUTBOX_DELIVERY_BACKEND = REFUSING
        message = queue()

        assert send_queued() == {"sent": 0, "retrying": 1, "failed": 0, "refused": 0}
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.QUEUED
        assert message.attempts == 1
        assert message.next_attempt_at == START + datetime.timedelta(minutes=1)
        assert message.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"

        # Not due yet: nothing is tried.
        clock.shift(datetime.timedelta(seconds=59))
        assert send_queued() == {"sent": 0, "retrying": 0, "failed": 0, "refused": 0}

        clock.shift(datetime.timedelta(seconds=1))
        send_queued()
        message.refresh_from_db()
        assert message.attempts == 2
        assert message.next_attempt_at == timezone.now() + datetime.timedelta(minutes=5)

    def test_it_gives_up_after_the_last_attempt_and_keeps_the_message(self, outbox_settings, clock):
        outbox_settings.OUTBOX_DELIVERY_BACKEND = REFUSING
        message = queue()
        gaps = []
        for _attempt in range(5):
            send_queued()
            message.refresh_from_db()
            gaps.append(message.next_attempt_at - timezone.now())
            clock.move_to(message.next_attempt_at)

        assert gaps == [
            datetime.timedelta(minutes=1), datetime.timedelta(minutes=5), datetime.timedelta(minutes=30),
            datetime.timedelta(hours=2), datetime.timedelta(hours=12),
        ]
        assert send_queued() == {"sent": 0, "retrying": 0, "failed": 1, "refused": 0}
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.FAILED
        assert message.attempts == 6

        # A failed message is not tried again by the job ...
        clock.shift(datetime.timedelta(days=2))
        assert send_queued() == {"sent": 0, "retrying": 0, "failed": 0, "refused": 0}
        # ... and nothing is lost: it is all still there to send again.
        assert (message.subject, message.body_text, message.recipient_list) == (
            "Reminder", "Is your group still meeting?", ["ann@example.org"],
        )

    def test_the_maximum_number_of_attempts_is_a_setting(self, outbox_settings, clock):
        outbox_settings.OUTBOX_DELIVERY_BACKEND = REFUSING
        outbox_settings.OUTBOX_MAX_ATTEMPTS = 1
        message = queue()
        assert send_queued() == {"sent": 0, "retrying": 0, "failed": 1, "refused": 0}
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.FAILED

    def test_a_message_sent_after_failures_is_marked_sent(self, outbox_settings, clock):
        outbox_settings.OUTBOX_DELIVERY_BACKEND = REFUSING
        message = queue()
        send_queued()

        outbox_settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        clock.shift(datetime.timedelta(minutes=1))
        assert send_queued() == {"sent": 1, "retrying": 0, "failed": 0, "refused": 0}
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.SENT
        assert message.sent_at == timezone.now()
        assert len(mail.outbox) == 1

    def test_the_error_kept_never_contains_the_body(self, outbox_settings, clock):
        outbox_settings.OUTBOX_DELIVERY_BACKEND = "outbox.tests.failing_backends.EchoingBackend"
        message = queue(body="Hello Ann,\n\nYour sign-in link: https://hub.example.org/account/sign-in/secret-token/\n")
        send_queued()
        message.refresh_from_db()
        assert message.last_error == "RuntimeError"

    def test_logs_give_counts_and_never_addresses_or_bodies(self, outbox_settings, clock, caplog):
        outbox_settings.OUTBOX_DELIVERY_BACKEND = REFUSING
        queue(to="private.person@example.org", body="Private words")
        with caplog.at_level(logging.INFO, logger="outbox"):
            send_queued()
        assert "0 sent, 1 to retry, 0 failed" in caplog.text
        assert "private.person" not in caplog.text
        assert "Private words" not in caplog.text


class TestBatches:
    def test_it_sends_a_bounded_batch_oldest_first(self, outbox_settings, clock):
        for n in range(3):
            queue(subject=f"Message {n}")
            clock.shift(datetime.timedelta(seconds=1))

        assert send_queued(batch_size=2) == {"sent": 2, "retrying": 0, "failed": 0, "refused": 0}
        assert [m.subject for m in mail.outbox] == ["Message 0", "Message 1"]
        assert send_queued(batch_size=2) == {"sent": 1, "retrying": 0, "failed": 0, "refused": 0}
        assert mail.outbox[-1].subject == "Message 2"

    def test_one_refused_message_does_not_hold_up_the_others(self, outbox_settings, clock, monkeypatch):
        queue(subject="Fine")
        queue(subject="Refused")
        queue(subject="Also fine")
        real = OutboxMessage.to_email_message

        def refuse_one(self, connection=None):
            if self.subject == "Refused":
                raise ValueError("bad header")
            return real(self, connection)

        monkeypatch.setattr(OutboxMessage, "to_email_message", refuse_one)
        assert send_queued() == {"sent": 2, "retrying": 1, "failed": 0, "refused": 0}
        assert sorted(m.subject for m in mail.outbox) == ["Also fine", "Fine"]

    def test_a_message_claimed_by_a_run_that_died_is_sent_later(self, outbox_settings, clock):
        message = queue()
        assert _claim(timezone.now(), 10) == [message]  # ... and the run stops here
        assert send_queued() == {"sent": 0, "retrying": 0, "failed": 0, "refused": 0}

        clock.shift(CLAIM_FOR)
        assert send_queued() == {"sent": 1, "retrying": 0, "failed": 0, "refused": 0}

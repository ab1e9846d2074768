import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django.db import transaction

from outbox.jobs import send_queued
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


class TestOutboxEmailBackend:
    def test_send_mail_stores_the_message_and_sends_nothing_until_the_job_runs(self, outbox_settings):
        sent = send_mail("Welcome", "Hello Ann.", "hub@example.org", ["ann@example.org"])

        assert sent == 1
        assert mail.outbox == []
        message = OutboxMessage.objects.get()
        assert message.recipient_list == ["ann@example.org"]
        assert (message.subject, message.body_text, message.from_email) == ("Welcome", "Hello Ann.", "hub@example.org")
        assert message.status == OutboxMessage.Status.QUEUED
        assert message.attempts == 0

    def test_the_job_delivers_the_text_and_html_parts(self, outbox_settings):
        send_mail(
            "Your group", "Plain words.", None, ["ann@example.org", "bob@example.org"],
            html_message="<p>Plain <strong>words</strong>.</p>",
        )

        assert send_queued() == {"sent": 1, "retrying": 0, "failed": 0, "refused": 0}

        [delivered] = mail.outbox
        assert delivered.to == ["ann@example.org", "bob@example.org"]
        assert delivered.from_email == outbox_settings.DEFAULT_FROM_EMAIL
        assert delivered.body == "Plain words."
        assert delivered.alternatives == [("<p>Plain <strong>words</strong>.</p>", "text/html")]
        message = OutboxMessage.objects.get()
        assert message.status == OutboxMessage.Status.SENT
        assert message.sent_at is not None

    def test_a_message_is_sent_once(self, outbox_settings):
        send_mail("Once", "Only once.", None, ["ann@example.org"])
        send_queued()
        assert send_queued() == {"sent": 0, "retrying": 0, "failed": 0, "refused": 0}
        assert len(mail.outbox) == 1

    def test_a_message_written_in_a_transaction_that_rolls_back_is_never_sent(self, outbox_settings):
        with pytest.raises(RuntimeError), transaction.atomic():
            send_mail("Invitation", "Join us.", None, ["ann@example.org"])
            raise RuntimeError("the invitation could not be saved")

        assert OutboxMessage.objects.count() == 0
        send_queued()
        assert mail.outbox == []

    def test_copies_and_reply_to_and_headers_survive(self, outbox_settings):
        EmailMultiAlternatives(
            "Introduction", "Someone would like to hear from you.", None, ["group@example.org"],
            cc=["co@example.org"], bcc=["staff@example.org"], reply_to=["person@example.org"],
            headers={"Auto-Submitted": "auto-generated"},
        ).send()

        send_queued()

        [delivered] = mail.outbox
        assert delivered.to == ["group@example.org"]
        assert delivered.cc == ["co@example.org"]
        assert delivered.bcc == ["staff@example.org"]
        assert delivered.reply_to == ["person@example.org"]
        assert delivered.extra_headers == {"Auto-Submitted": "auto-generated"}
        assert "staff@example.org" not in delivered.message().as_string()

    def test_an_html_only_message_stays_html(self, outbox_settings):
        message = EmailMessage("Poster", "<p>Print me</p>", None, ["ann@example.org"])
        message.content_subtype = "html"
        message.send()

        send_queued()

        [delivered] = mail.outbox
        assert delivered.content_subtype == "html"
        assert delivered.body == "<p>Print me</p>"

    def test_a_message_without_recipients_is_not_stored(self, outbox_settings):
        assert EmailMessage("Nobody", "Nothing.").send() == 0
        assert OutboxMessage.objects.count() == 0

    def test_attachments_are_refused_rather_than_dropped(self, outbox_settings):
        message = EmailMessage("Leaflet", "Attached.", None, ["ann@example.org"])
        message.attach("leaflet.txt", "text", "text/plain")
        with pytest.raises(ValueError, match="attachments"):
            message.send()
        assert OutboxMessage.objects.count() == 0

"""Delivery through Django's SMTP backend to a real SMTP server on 127.0.0.1."""

import datetime
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import send_mail

from outbox.jobs import send_queued
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts, and refuses the addresses in
    `refuse` as a real server refuses a mailbox that does not exist."""

    def __init__(self):
        self.messages = []
        self.refuse = {}  # address → the SMTP answer to RCPT TO

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        received = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, received))
        return "250 Message accepted for delivery"


class MailServer:
    def __init__(self, port):
        self.port = port
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(outbox_settings):
    server = MailServer(free_port())
    outbox_settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    outbox_settings.EMAIL_HOST = "127.0.0.1"
    outbox_settings.EMAIL_PORT = server.port
    outbox_settings.EMAIL_HOST_USER = outbox_settings.EMAIL_HOST_PASSWORD = ""
    outbox_settings.EMAIL_USE_TLS = outbox_settings.EMAIL_USE_SSL = False
    outbox_settings.EMAIL_TIMEOUT = 5
    server.start()
    yield server
    server.stop()


def text_and_html(message):
    return (
        message.get_body(preferencelist=("plain",)).get_content().strip(),
        message.get_body(preferencelist=("html",)).get_content().strip(),
    )


class TestDeliveryOverSmtp:
    def test_a_queued_message_arrives_at_the_mail_server(self, smtp_server):
        send_mail(
            "Please confirm your listing", "Is Tinnitus Circle still meeting?", "hub@example.org",
            ["cora@example.org"], html_message="<p>Is Tinnitus Circle still meeting?</p>",
        )
        assert smtp_server.inbox.messages == []

        assert send_queued() == {"sent": 1, "retrying": 0, "failed": 0, "refused": 0}

        [(recipients, received)] = smtp_server.inbox.messages
        assert recipients == ["cora@example.org"]
        assert received["Subject"] == "Please confirm your listing"
        assert received["From"] == "hub@example.org"
        assert text_and_html(received) == (
            "Is Tinnitus Circle still meeting?", "<p>Is Tinnitus Circle still meeting?</p>",
        )

    def test_a_message_waits_while_the_server_is_down_and_arrives_when_it_is_back(self, smtp_server, time_machine):
        time_machine.move_to(START, tick=False)
        smtp_server.stop()
        send_mail("Your password", "Here is how to choose a new password.", None, ["ann@example.org"])

        assert send_queued() == {"sent": 0, "retrying": 1, "failed": 0, "refused": 0}
        message = OutboxMessage.objects.get()
        assert message.status == OutboxMessage.Status.QUEUED
        assert message.attempts == 1
        assert message.last_error.startswith("ConnectionRefusedError")

        smtp_server.start()
        # Still inside the back-off: the job leaves it alone even though the server is back.
        assert send_queued() == {"sent": 0, "retrying": 0, "failed": 0, "refused": 0}
        assert smtp_server.inbox.messages == []

        time_machine.shift(datetime.timedelta(minutes=1, seconds=1))
        assert send_queued() == {"sent": 1, "retrying": 0, "failed": 0, "refused": 0}

        [(recipients, received)] = smtp_server.inbox.messages
        assert recipients == ["ann@example.org"]
        assert received["Subject"] == "Your password"
        assert received.get_content().strip() == "Here is how to choose a new password."
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.SENT
        assert message.attempts == 1


class TestAnAddressTheServerRefuses:
    def test_a_permanent_refusal_is_recorded_as_refused_and_never_tried_again(self, smtp_server, time_machine):
        time_machine.move_to(START, tick=False)
        smtp_server.inbox.refuse["nobody@example.org"] = "550 5.1.1 <nobody@example.org>: no such user"
        send_mail("Will you keep the listing?", "Follow the link.", None, ["nobody@example.org"])
        send_mail("Your password", "Here is how.", None, ["ann@example.org"])

        assert send_queued() == {"sent": 1, "retrying": 0, "failed": 0, "refused": 1}
        refused = OutboxMessage.objects.get(subject="Will you keep the listing?")
        assert refused.status == OutboxMessage.Status.REFUSED
        assert refused.attempts == 1
        assert refused.last_error.startswith("SMTPRecipientsRefused")
        assert [recipients for recipients, _message in smtp_server.inbox.messages] == [["ann@example.org"]]

        # A day later the refused message is still not asked about again.
        time_machine.shift(datetime.timedelta(days=1))
        assert send_queued() == {"sent": 0, "retrying": 0, "failed": 0, "refused": 0}
        refused.refresh_from_db()
        assert refused.attempts == 1

    def test_a_temporary_refusal_is_tried_again(self, smtp_server, time_machine):
        time_machine.move_to(START, tick=False)
        smtp_server.inbox.refuse["busy@example.org"] = "451 4.2.1 mailbox busy, try later"
        send_mail("Reminder", "Is your group still meeting?", None, ["busy@example.org"])

        assert send_queued() == {"sent": 0, "retrying": 1, "failed": 0, "refused": 0}
        message = OutboxMessage.objects.get()
        assert message.status == OutboxMessage.Status.QUEUED

        del smtp_server.inbox.refuse["busy@example.org"]
        time_machine.shift(datetime.timedelta(minutes=1, seconds=1))
        assert send_queued() == {"sent": 1, "retrying": 0, "failed": 0, "refused": 0}

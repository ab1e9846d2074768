"""The outbox: every outgoing email is written here first and sent later by a job.

A mail server that is down or refuses a message therefore loses nothing: the message
stays queued and is tried again with growing gaps, and after the last attempt it is
marked failed and shown to staff. A mail server that refuses the address itself for good
(an SMTP 5xx answer to the recipient) is not asked again: the message is marked refused,
which staff see, and which tells the claims page that the address does not work. Sent
messages are deleted after a few weeks.
"""

import datetime
import smtplib

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.text import GENERATED, paragraphs

# Gaps between attempts: after the first failure wait a minute, then five, and so on.
# Past the end of the list the last gap repeats.
BACKOFF = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=12),
]
ERROR_LENGTH = 300
_GENERATED = paragraphs(GENERATED)


def _join(addresses) -> str:
    # Django refuses addresses containing line breaks, so one a line is unambiguous.
    return "\n".join(addresses)


def _split(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


def describe_error(exc: BaseException, *bodies: str) -> str:
    """A short, single-line description of a delivery failure, safe to store and show.

    Servers sometimes quote what they were sent; the message body never goes in.
    """
    lines = str(exc).strip().splitlines()
    detail = lines[0] if lines else ""
    quoted = (line.strip() for body in bodies for line in body.splitlines())
    if any(len(line) >= 8 and line in detail for line in quoted):
        detail = ""
    text = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return text[:ERROR_LENGTH]


def is_permanent_refusal(exc: BaseException) -> bool:
    """Whether the mail server refused the recipient for good: every address of the message
    answered with a 5xx code (RFC 5321 §4.2.1: "permanent negative completion"). A 4xx
    answer (mailbox busy, greylisting) is worth trying again, and so is anything else."""
    if not isinstance(exc, smtplib.SMTPRecipientsRefused) or not exc.recipients:
        return False
    return all(isinstance(answer, tuple) and isinstance(answer[0], int) and 500 <= answer[0] < 600
               for answer in exc.recipients.values())


class OutboxMessageQuerySet(models.QuerySet):
    def due(self, now: datetime.datetime):
        """Queued messages whose next attempt has come, oldest first."""
        return self.filter(status=OutboxMessage.Status.QUEUED, next_attempt_at__lte=now).order_by(
            "next_attempt_at", "pk"
        )

    def needing_attention(self):
        """What staff should see: failed and refused messages, and queued ones that have already
        failed once."""
        return self.filter(
            models.Q(status__in=[OutboxMessage.Status.FAILED, OutboxMessage.Status.REFUSED])
            | models.Q(status=OutboxMessage.Status.QUEUED, attempts__gt=0)
        ).order_by("status", "next_attempt_at", "pk")  # "failed" sorts before "queued", then "refused"


class OutboxMessage(models.Model):
    """One email waiting to be sent, sent, or given up on.

    Only what is needed to send the message is kept: the addresses, the subject and the
    body. Attachments are not supported.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")
        REFUSED = "refused", _("Address refused by the mail server")

    # Written by the hub, never typed: bounded so that no text in the database is without a bound.
    recipients = models.TextField(_("to"), help_text=_("One address a line."), **_GENERATED)
    cc = models.TextField(_("copy to"), blank=True, help_text=_("One address a line."), **_GENERATED)
    bcc = models.TextField(_("blind copy to"), blank=True, help_text=_("One address a line."), **_GENERATED)
    reply_to = models.TextField(_("reply to"), blank=True, help_text=_("One address a line."), **_GENERATED)
    from_email = models.TextField(_("from"), **_GENERATED)
    subject = models.TextField(_("subject"), **_GENERATED)
    body_text = models.TextField(_("plain text"), blank=True, **_GENERATED)
    body_html = models.TextField(_("HTML"), blank=True, **_GENERATED)
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)
    status = models.CharField(_("state"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(
        _("last error"), max_length=ERROR_LENGTH, blank=True,
        help_text=_("What went wrong the last time, for example “ConnectionRefusedError: …”."),
    )

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at"]
        indexes = [
            # The sender asks for queued messages whose time has come, oldest first.
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
        ]

    def __str__(self):
        return self.subject

    @property
    def recipient_list(self) -> list[str]:
        return _split(self.recipients)

    @classmethod
    def from_email_message(cls, message: EmailMessage) -> "OutboxMessage":
        if message.attachments:
            raise ValueError("The outbox does not store attachments; link to the file instead.")
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype != "text/html" or html:
                raise ValueError(f"The outbox stores one HTML alternative only, not {mimetype!r}.")
            html = content
        text = message.body
        if message.content_subtype == "html":
            if html:
                raise ValueError("An HTML body cannot also have an HTML alternative.")
            text, html = "", message.body
        return cls(
            recipients=_join(message.to),
            cc=_join(message.cc),
            bcc=_join(message.bcc),
            reply_to=_join(message.reply_to),
            from_email=message.from_email,
            subject=message.subject,
            body_text=text,
            body_html=html,
            headers={str(k): str(v) for k, v in message.extra_headers.items()},
        )

    def to_email_message(self, connection=None) -> EmailMessage:
        kwargs = {
            "subject": self.subject,
            "from_email": self.from_email,
            "to": self.recipient_list,
            "cc": _split(self.cc),
            "bcc": _split(self.bcc),
            "reply_to": _split(self.reply_to),
            "headers": dict(self.headers),
            "connection": connection,
        }
        if not self.body_text and self.body_html:
            message = EmailMessage(body=self.body_html, **kwargs)
            message.content_subtype = "html"
            return message
        message = EmailMultiAlternatives(body=self.body_text, **kwargs)
        if self.body_html:
            message.attach_alternative(self.body_html, "text/html")
        return message

    def record_failure(self, exc: BaseException, now: datetime.datetime, max_attempts: int) -> None:
        self.attempts += 1
        self.last_error = describe_error(exc, self.body_text, self.body_html)
        if is_permanent_refusal(exc):
            # Asking again would get the same answer, and a server asked again and again
            # about an address it has refused may start refusing the site's mail.
            self.status = self.Status.REFUSED
        elif self.attempts >= max_attempts:
            self.status = self.Status.FAILED
        else:
            self.next_attempt_at = now + BACKOFF[min(self.attempts, len(BACKOFF)) - 1]
        self.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])

    def mark_sent(self, now: datetime.datetime) -> None:
        self.status = self.Status.SENT
        self.sent_at = now
        self.save(update_fields=["status", "sent_at"])

    def requeue(self, now: datetime.datetime) -> None:
        """Give a failed message a fresh set of attempts, starting now."""
        self.status = self.Status.QUEUED
        self.attempts = 0
        self.next_attempt_at = now
        self.save(update_fields=["status", "attempts", "next_attempt_at"])

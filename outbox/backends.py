from django.core.mail.backends.base import BaseEmailBackend

from .models import OutboxMessage


class OutboxEmailBackend(BaseEmailBackend):
    """Writes messages to the outbox table instead of sending them.

    The rows are written on the default connection, so inside the caller's transaction:
    if the transaction rolls back, the email is never sent. The `run_jobs` command sends
    them through OUTBOX_DELIVERY_BACKEND.

    A failure to write is raised even with fail_silently, because a message that could
    not be queued would otherwise be lost without anyone knowing.
    """

    def send_messages(self, email_messages):
        # Like Django's SMTP backend, a message with no recipients is not sent.
        rows = [OutboxMessage.from_email_message(m) for m in email_messages if m.recipients()]
        OutboxMessage.objects.bulk_create(rows)
        return len(rows)

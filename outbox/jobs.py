"""Scheduled jobs for the outbox, run by `manage.py run_jobs`."""

import contextlib
import datetime
import logging

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
# A claimed message is not picked up by another run for this long. If a run dies after
# claiming, its messages become due again when the claim lapses.
CLAIM_FOR = datetime.timedelta(minutes=10)


_COUNTED = {OutboxMessage.Status.FAILED: "failed", OutboxMessage.Status.REFUSED: "refused"}


def _claim(now: datetime.datetime, batch_size: int) -> list[OutboxMessage]:
    """Take the oldest due messages and move their next attempt past the claim period.

    The rows are locked only for this short transaction, not while talking to the mail
    server, so web requests writing new messages (and SQLite's single writer) never wait
    on a slow server.
    """
    with transaction.atomic():
        due = OutboxMessage.objects.due(now)
        if db_connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        claimed = list(due[:batch_size])
        OutboxMessage.objects.filter(pk__in=[m.pk for m in claimed]).update(next_attempt_at=now + CLAIM_FOR)
    return claimed


def _close_quietly(mail_connection) -> None:
    # The connection is being thrown away either way.
    with contextlib.suppress(Exception):
        mail_connection.close()


def send_queued(now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Send queued messages that are due, through OUTBOX_DELIVERY_BACKEND.

    A message that cannot be sent is tried again later (see `models.BACKOFF`); after
    OUTBOX_MAX_ATTEMPTS attempts it is marked failed and shown to staff. One whose address
    the mail server refuses for good is marked refused at once and not tried again.
    """
    now = now or timezone.now()
    max_attempts = settings.OUTBOX_MAX_ATTEMPTS
    counts = {"sent": 0, "retrying": 0, "failed": 0, "refused": 0}
    claimed = _claim(now, batch_size)
    mail_connection = None
    for position, message in enumerate(claimed):
        try:
            if mail_connection is None:
                mail_connection = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False)
                mail_connection.open()
        except Exception as exc:
            # The server cannot be reached: every message left in the batch waits its turn.
            logger.warning("Outbox: cannot connect to the mail server (%s)", type(exc).__name__)
            for waiting in claimed[position:]:
                waiting.record_failure(exc, now, max_attempts)
                counts["failed" if waiting.status == OutboxMessage.Status.FAILED else "retrying"] += 1
            mail_connection = None
            break
        try:
            if not mail_connection.send_messages([message.to_email_message(mail_connection)]):
                raise RuntimeError("the delivery backend reported that nothing was sent")
        except Exception as exc:
            # Message and error class only: never the addresses or the body.
            logger.warning("Outbox: message %s not sent (%s)", message.pk, type(exc).__name__)
            message.record_failure(exc, now, max_attempts)
            counts[_COUNTED.get(message.status, "retrying")] += 1
            # The connection may be broken; the next message starts a fresh one.
            _close_quietly(mail_connection)
            mail_connection = None
        else:
            message.mark_sent(now)
            counts["sent"] += 1
    if mail_connection is not None:
        _close_quietly(mail_connection)
    if claimed:
        logger.info("Outbox: %(sent)d sent, %(retrying)d to retry, %(failed)d failed for good, "
                    "%(refused)d refused by the mail server", counts)
    return counts


def purge_sent(now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete sent messages older than OUTBOX_KEEP_SENT_DAYS, so little personal data is kept."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.OUTBOX_KEEP_SENT_DAYS)
    deleted, _ = OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT, sent_at__lt=cutoff).delete()
    if deleted:
        logger.info("Outbox: %d sent messages deleted", deleted)
    return {"deleted": deleted}

import datetime

import pytest
from django.utils import timezone

from outbox.jobs import purge_sent
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)


def message(subject, status, sent_days_ago=None, created_days_ago=60):
    return OutboxMessage.objects.create(
        recipients="ann@example.org", from_email="hub@example.org", subject=subject, body_text="Hello.",
        status=status, created_at=NOW - datetime.timedelta(days=created_days_ago),
        sent_at=None if sent_days_ago is None else NOW - datetime.timedelta(days=sent_days_ago),
    )


class TestPurgeSent:
    def test_it_deletes_only_sent_messages_older_than_the_setting(self, settings, time_machine):
        time_machine.move_to(NOW, tick=False)
        settings.OUTBOX_KEEP_SENT_DAYS = 30
        message("old sent", OutboxMessage.Status.SENT, sent_days_ago=31)
        message("recent sent", OutboxMessage.Status.SENT, sent_days_ago=29)
        message("old failed", OutboxMessage.Status.FAILED)
        message("old queued", OutboxMessage.Status.QUEUED)

        assert purge_sent() == {"deleted": 1}

        assert sorted(OutboxMessage.objects.values_list("subject", flat=True)) == [
            "old failed", "old queued", "recent sent",
        ]

    def test_the_period_is_a_setting(self, settings):
        settings.OUTBOX_KEEP_SENT_DAYS = 7
        message("a week and a day", OutboxMessage.Status.SENT, sent_days_ago=8)
        assert purge_sent(now=NOW) == {"deleted": 1}
        assert purge_sent(now=timezone.now()) == {"deleted": 0}

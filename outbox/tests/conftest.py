import pytest

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def outbox_settings(settings):
    """Email goes through the outbox (pytest-django would otherwise swap in locmem) and is
    delivered to django.core.mail.outbox when the job runs."""
    settings.EMAIL_BACKEND = "outbox.backends.OutboxEmailBackend"
    settings.OUTBOX_DELIVERY_BACKEND = LOCMEM
    settings.OUTBOX_MAX_ATTEMPTS = 6
    settings.OUTBOX_KEEP_SENT_DAYS = 30
    return settings


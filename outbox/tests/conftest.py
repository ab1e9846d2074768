import pytest
from django.contrib.auth import get_user_model

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


PASSWORD = "a long enough password"


def make_user(email, password=PASSWORD, **extra):
    User = get_user_model()
    if User.USERNAME_FIELD == "email":
        return User.objects.create_user(email=email, password=password, **extra)
    return User.objects.create_user(username=email.partition("@")[0], email=email, password=password, **extra)


@pytest.fixture
def staff_user(db):
    return make_user("sam.staff@example.org", is_staff=True)


@pytest.fixture
def coordinator(db):
    return make_user("cora.coordinator@example.org")

"""The public form's per-sender limit counts visitors, not the reverse proxy in front of the site."""

import pytest
from django.urls import reverse

from .test_introductions import form_data

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def _email_at_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TRUSTED_PROXIES = [PROXY]


def ask_from(client, group, address):
    return client.post(reverse("introductions:get-in-touch", args=[group.slug]), form_data(client, group),
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def test_one_visitor_at_the_limit_does_not_hold_back_the_next(client, group, settings):
    for _ in range(settings.INTRODUCTIONS_PER_HOUR_PER_SENDER):
        assert ask_from(client, group, "198.51.100.66").status_code == 302
    assert ask_from(client, group, "198.51.100.66").status_code == 400
    assert ask_from(client, group, "203.0.113.10").status_code == 302


def test_deleting_requests_does_not_make_room_for_more(client, group, settings):
    from introductions.models import Introduction

    for _ in range(settings.INTRODUCTIONS_PER_HOUR_PER_SENDER):
        assert ask_from(client, group, "198.51.100.66").status_code == 302
    Introduction.objects.all().delete()  # withdrawn, or erased by their reference
    response = ask_from(client, group, "198.51.100.66")
    assert response.status_code == 400
    assert "several requests in the last hour" in response.content.decode()

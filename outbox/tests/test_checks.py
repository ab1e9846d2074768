from outbox.checks import delivery_backend_is_not_the_outbox


def test_delivering_through_the_outbox_itself_is_refused(settings):
    settings.OUTBOX_DELIVERY_BACKEND = "outbox.backends.OutboxEmailBackend"
    assert [error.id for error in delivery_backend_is_not_the_outbox(None)] == ["outbox.E001"]


def test_a_real_delivery_backend_passes(settings):
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert delivery_backend_is_not_the_outbox(None) == []

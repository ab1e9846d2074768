from django.conf import settings
from django.core.checks import Error, register

OUTBOX_BACKEND = "outbox.backends.OutboxEmailBackend"


@register()
def delivery_backend_is_not_the_outbox(app_configs, **kwargs):
    """Delivering through the outbox itself would queue every message again, for ever."""
    if settings.OUTBOX_DELIVERY_BACKEND == OUTBOX_BACKEND:
        return [
            Error(
                "OUTBOX_DELIVERY_BACKEND must be a backend that really sends email, not the outbox.",
                hint="Use django.core.mail.backends.smtp.EmailBackend in production.",
                id="outbox.E001",
            )
        ]
    return []

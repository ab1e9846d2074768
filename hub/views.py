"""Pages about the site itself rather than about groups."""

from django.conf import settings
from django.shortcuts import render


def privacy(request):
    """The privacy notice. Every period it gives is read from the settings that the
    deleting jobs use, so the notice says what the site really does."""
    return render(request, "hub/privacy.html", {
        "retention_days": settings.INTRODUCTION_RETENTION_DAYS,
        "max_days": settings.INTRODUCTION_MAX_DAYS,
        "outbox_days": settings.OUTBOX_KEEP_SENT_DAYS,
        "sign_in_minutes": settings.SIGN_IN_LOCKOUT_MINUTES,
        "contact_email": settings.PRIVACY_CONTACT_EMAIL,
    })

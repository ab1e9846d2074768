"""Pages about the site itself rather than about groups."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.shortcuts import render

from lib.text import OWN_WORDS


def privacy(request):
    """The privacy notice. Every period it gives is read from the settings that the
    deleting jobs use, so the notice says what the site really does."""
    return render(request, "hub/privacy.html", {
        "retention_days": settings.INTRODUCTION_RETENTION_DAYS,
        "max_days": settings.INTRODUCTION_MAX_DAYS,
        "outbox_days": settings.OUTBOX_KEEP_SENT_DAYS,
        "sign_in_minutes": settings.SIGN_IN_LOCKOUT_MINUTES,
        "contact_email": settings.PRIVACY_CONTACT_EMAIL,
        "subscription_confirm_days": settings.SUBSCRIPTION_CONFIRM_DAYS,
    })


def bad_request(request, exception=None):
    """A request Django refused before any view ran (so nothing was written): too large
    (413), too many fields, or otherwise malformed (400). A plain page that says what to do."""
    if isinstance(exception, RequestDataTooBig):
        return render(request, "400.html", {"too_large": True, "longest": f"{OWN_WORDS:,}"}, status=413)
    too_many = isinstance(exception, (TooManyFieldsSent, TooManyFilesSent))
    return render(request, "400.html", {"too_many": too_many}, status=400)

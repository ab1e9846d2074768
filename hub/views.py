"""Pages about the site itself rather than about groups."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from lib.text import OWN_WORDS

from . import health


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
        "group_messages_days": settings.GROUP_MESSAGES_RETENTION_DAYS,
    })


def bad_request(request, exception=None):
    """A request Django refused before any view ran (so nothing was written): too large
    (413), too many fields, or otherwise malformed (400). A plain page that says what to do."""
    if isinstance(exception, RequestDataTooBig):
        return render(request, "400.html", {"too_large": True, "longest": f"{OWN_WORDS:,}"}, status=413)
    too_many = isinstance(exception, (TooManyFieldsSent, TooManyFilesSent))
    return render(request, "400.html", {"too_many": too_many}, status=400)


@require_safe
@never_cache
def healthz(request):
    """For monitors: 200 when every check passes, 503 naming what failed (hub/health.py).
    Open to all, as monitors do not sign in; it says nothing about anyone."""
    checks = health.all_checks()
    ok = all(check.ok for check in checks)
    return JsonResponse({"status": "ok" if ok else "failing",
                         "checks": {check.name: {"ok": check.ok, "detail": check.detail} for check in checks}},
                        status=200 if ok else 503)

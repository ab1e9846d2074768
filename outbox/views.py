from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import is_staff

from .models import OutboxMessage


def staff_required(view):
    """Signed-out visitors go to the sign-in page; signed-in people who are not staff get 403."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


# Recent messages listed for staff: enough to answer "did the email go?".
RECENT = 50


@require_safe
@staff_required
def staff_outbox(request):
    """Email that could not be sent, or is being tried again, so staff can act on it; and the
    latest messages, by recipient, subject and state.

    Never their bodies: they carry sign-in, password-reset and invitation links, which would
    let whoever reads them act as someone else, and people's details. Only a demonstration
    site (the DEMO setting) shows them, so that a newcomer can follow the links.
    """
    return render(request, "outbox/staff_outbox.html", {
        "problems": OutboxMessage.objects.needing_attention(),
        "waiting": OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED, attempts=0).count(),
        "recent": OutboxMessage.objects.order_by("-created_at", "-pk")[:RECENT],
        "show_bodies": settings.DEMO,
    })


@require_POST
@staff_required
def try_again(request, pk):
    message = get_object_or_404(OutboxMessage, pk=pk)
    # A refused address is tried again too: staff may know that the mailbox works again.
    if message.status in (OutboxMessage.Status.FAILED, OutboxMessage.Status.REFUSED):
        message.requeue(timezone.now())
        messages.success(request, _("“%(subject)s” will be sent again in the next few minutes.") % {
            "subject": message.subject,
        })
    else:
        messages.info(request, _("“%(subject)s” is already waiting to be sent, or has been sent.") % {
            "subject": message.subject,
        })
    return redirect("outbox:staff_outbox")

from functools import wraps

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


@require_safe
@staff_required
def staff_outbox(request):
    """Email that could not be sent, or is being tried again, so staff can act on it."""
    return render(request, "outbox/staff_outbox.html", {
        "problems": OutboxMessage.objects.needing_attention(),
        "waiting": OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED, attempts=0).count(),
    })


@require_POST
@staff_required
def try_again(request, pk):
    message = get_object_or_404(OutboxMessage, pk=pk)
    if message.status == OutboxMessage.Status.FAILED:
        message.requeue(timezone.now())
        messages.success(request, _("“%(subject)s” will be sent again in the next few minutes.") % {
            "subject": message.subject,
        })
    else:
        messages.info(request, _("“%(subject)s” is already waiting to be sent, or has been sent.") % {
            "subject": message.subject,
        })
    return redirect("outbox:staff_outbox")

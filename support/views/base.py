"""What every support page does the same way."""

from contextlib import contextmanager

from django.contrib import messages
from django.http import Http404

from ..services import NotAllowed


def posted(request):
    """The submitted data, or None: a form sent empty is still checked (and its errors shown)."""
    return request.POST if request.method == "POST" else None


def as_int(value) -> int:
    """An id from a query string; a missing or malformed one names nothing (404)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@contextmanager
def refusal_as_message(request):
    """A step the exchange refuses (NotAllowed) shows its reason as an error message, and
    the view carries on past the block, usually to its redirect:

        with refusal_as_message(request):
            services.close_request(support_request, request.user)
            messages.success(request, _("The request is closed."))
        return redirect(...)
    """
    try:
        yield
    except NotAllowed as error:
        messages.error(request, str(error))

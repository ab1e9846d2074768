"""What every support page does the same way."""

from django.http import Http404


def posted(request):
    """The submitted data, or None: a form sent empty is still checked (and its errors shown)."""
    return request.POST if request.method == "POST" else None


def as_int(value) -> int:
    """An id from a query string; a missing or malformed one names nothing (404)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None

"""What every support page does the same way."""

from django.http import Http404


def as_int(value) -> int:
    """An id from a query string; a missing or malformed one names nothing (404)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None

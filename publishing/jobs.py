"""Scheduled work for printed material, run by `manage.py run_jobs`."""

from . import printed


def remake_printed_directory() -> dict:
    """Make the printed directory again when what it would print has changed (at least daily: it carries the date)."""
    made = printed.remake_printed_directory()
    if made is None:
        return {"printed directory": "up to date"}
    return {"printed directory made with groups": made.groups}

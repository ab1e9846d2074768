"""Scheduled work for printed material, run by `manage.py run_jobs`."""

from . import printed, runs


def remake_printed_directory() -> dict:
    """Make the printed directory again when what it would print has changed (at least daily: it carries the date)."""
    runs.close_stale()
    made = printed.remake_printed_directory()
    if made is None:
        return {"printed directory": "up to date"}
    return {"printed directory made with groups": made.groups}


def run_queued_printing() -> dict:
    """Make the printed directory if staff asked for it from its page (`run_jobs --forever`
    also does this every few seconds between the jobs)."""
    return {"printed directories asked for and made": runs.run_queued()}

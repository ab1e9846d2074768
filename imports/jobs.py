"""Scheduled jobs of staff imports (settings.SCHEDULED_JOBS; `run_jobs --forever` also runs
queued imports every few seconds between them)."""

from . import services


def run_queued_imports() -> dict:
    return {"imports run": services.run_queued()}


def forget_old_uploads() -> dict:
    return services.forget_old_uploads()

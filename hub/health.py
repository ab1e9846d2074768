"""Whether the site is working, for monitors (`/healthz`): the database answers, every
migration is applied, each scheduled job has succeeded recently, and no email has waited
too long in the outbox.

The answers hold no personal data: names of jobs, counts and ages only. Each check is a
query or two, so a monitor asking every few seconds costs little.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return Check("database", False, f"not reachable ({type(error).__name__})")
    return Check("database", True, "reachable")


def migrations() -> Check:
    executor = MigrationExecutor(connection)
    waiting = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if waiting:
        return Check("migrations", False, f"{len(waiting)} not applied: run manage.py migrate")
    return Check("migrations", True, "all applied")


def jobs(now=None) -> Check:
    """Every scheduled job succeeded within JOBS_STALE_AFTER_SECONDS (three of the job
    runner's rounds, by default): otherwise the runner has stopped or a job keeps failing."""
    from .models import JobRun

    now = now or timezone.now()
    since = now - datetime.timedelta(seconds=settings.JOBS_STALE_AFTER_SECONDS)
    runs = {run.job: run for run in JobRun.objects.filter(job__in=settings.SCHEDULED_JOBS)}
    late = [job for job in settings.SCHEDULED_JOBS
            if job not in runs or runs[job].last_succeeded_at is None or runs[job].last_succeeded_at < since]
    if late:
        never = [job for job in late if job not in runs]
        failing = [job for job in late if job in runs and runs[job].last_failed_at
                   and runs[job].last_failed_at >= since]
        parts = [f"{len(late)} of {len(settings.SCHEDULED_JOBS)} jobs have not succeeded in the last "
                 f"{settings.JOBS_STALE_AFTER_SECONDS} s"]
        if never:
            parts.append(f"never run: {', '.join(never)}")
        if failing:
            parts.append(f"failing: {', '.join(failing)}")
        return Check("jobs", False, "; ".join(parts))
    return Check("jobs", True, f"all {len(settings.SCHEDULED_JOBS)} succeeded within "
                               f"{settings.JOBS_STALE_AFTER_SECONDS} s")


def outbox(now=None) -> Check:
    """No email due to be sent has waited longer than OUTBOX_STUCK_MINUTES."""
    from outbox.models import OutboxMessage

    now = now or timezone.now()
    waiting = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.QUEUED,
        next_attempt_at__lt=now - datetime.timedelta(minutes=settings.OUTBOX_STUCK_MINUTES)).count()
    if waiting:
        return Check("outbox", False, f"{waiting} emails due more than {settings.OUTBOX_STUCK_MINUTES} "
                                      "minutes ago are still waiting")
    return Check("outbox", True, "nothing waiting too long")


def all_checks(now=None) -> list[Check]:
    reached = database()
    if not reached.ok:  # nothing else can be asked
        return [reached]
    return [reached, migrations(), jobs(now), outbox(now)]

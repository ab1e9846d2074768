"""/healthz, for monitors: 200 while everything works, 503 naming what does not."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from hub import health
from hub.models import JobRun
from outbox.models import OutboxMessage

from .test_run_jobs import JOBS, jobs  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def all_jobs_ran(at=None):
    for job in JOBS:
        JobRun.record(job, succeeded=True, at=at)


def healthz(client):
    response = client.get(reverse("healthz"))
    return response.status_code, json.loads(response.content)


def test_everything_working_answers_200_with_each_check(client, jobs):  # noqa: F811
    all_jobs_ran()
    status, body = healthz(client)
    assert status == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "jobs", "outbox"}
    assert all(check["ok"] for check in body["checks"].values())


def test_the_answer_is_never_cached_and_only_read(client, jobs):  # noqa: F811
    all_jobs_ran()
    response = client.get(reverse("healthz"))
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert client.post(reverse("healthz")).status_code == 405


def test_a_job_runner_that_never_ran_is_reported(client, jobs):  # noqa: F811
    status, body = healthz(client)
    assert status == 503 and body["status"] == "failing"
    assert not body["checks"]["jobs"]["ok"]
    assert "never run" in body["checks"]["jobs"]["detail"]


def test_a_job_runner_that_stopped_is_reported(client, jobs, settings):  # noqa: F811
    all_jobs_ran(at=timezone.now() - datetime.timedelta(seconds=settings.JOBS_STALE_AFTER_SECONDS + 60))
    status, body = healthz(client)
    assert status == 503
    assert f"{len(JOBS)} of {len(JOBS)} jobs have not succeeded" in body["checks"]["jobs"]["detail"]


def test_a_job_that_keeps_failing_is_named(client, jobs):  # noqa: F811
    """run_jobs records each job's outcome: here one of the three always raises."""
    with pytest.raises(CommandError):  # one job failed, so the command does too
        call_command("run_jobs", stdout=StringIO(), stderr=StringIO())
    assert set(JobRun.objects.values_list("job", flat=True)) == set(JOBS)
    status, body = healthz(client)
    assert status == 503
    detail = body["checks"]["jobs"]["detail"]
    assert "1 of 3 jobs" in detail and "failing: " in detail and detail.endswith("broken_job")


def test_email_waiting_too_long_in_the_outbox_is_reported(client, jobs, settings):  # noqa: F811
    all_jobs_ran()
    OutboxMessage.objects.create(
        recipients="someone@example.org", from_email="hub@example.org", subject="Hello", body_text="Hi",
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=settings.OUTBOX_STUCK_MINUTES + 1))
    OutboxMessage.objects.create(recipients="other@example.org", from_email="hub@example.org",
                                 subject="Just written", body_text="Hi")
    status, body = healthz(client)
    assert status == 503
    assert body["checks"]["outbox"] == {"ok": False, "detail": "1 emails due more than 30 minutes ago are "
                                                                 "still waiting"}
    assert "someone@example.org" not in json.dumps(body)  # counts only, never who


def test_an_unapplied_migration_is_reported(jobs, monkeypatch):  # noqa: F811
    all_jobs_ran()
    assert health.migrations().ok
    from django.db.migrations.recorder import MigrationRecorder

    MigrationRecorder(connection).record_unapplied("hub", "0001_initial")
    check = health.migrations()
    assert not check.ok and check.detail == "1 not applied: run manage.py migrate"


def test_a_database_that_cannot_be_reached_is_reported_alone(monkeypatch):
    from django.db import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    checks = health.all_checks()
    assert [(check.name, check.ok) for check in checks] == [("database", False)]
    assert checks[0].detail == "not reachable (OperationalError)"

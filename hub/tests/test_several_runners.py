"""Several job runners at once (machines behind a load balancer, or cron beside
`run_jobs --forever`): each scheduled job is run by one of them at a time."""

import datetime
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from hub.models import JobRun

started = threading.Event()
finish = threading.Event()
ran = []


def slow_job():
    """Runs until the test lets it finish, so a second runner starts while it runs."""
    ran.append("slow_job")
    started.set()
    assert finish.wait(30), "the test never let the job finish"
    return {"done": 1}


SLOW = f"{__name__}.slow_job"


@pytest.mark.django_db
class TestLease:
    def test_a_job_is_taken_by_one_runner_until_its_outcome_is_recorded(self):
        assert JobRun.take("a.job", 60)
        assert not JobRun.take("a.job", 60)
        JobRun.record("a.job", succeeded=True)
        assert JobRun.take("a.job", 60)

    def test_the_job_of_a_runner_that_died_is_taken_over_when_its_lease_ends(self):
        assert JobRun.take("a.job", 60)
        assert not JobRun.take("a.job", 60, now=timezone.now() + datetime.timedelta(seconds=59))
        assert JobRun.take("a.job", 60, now=timezone.now() + datetime.timedelta(seconds=61))


@pytest.mark.django_db(transaction=True)
def test_two_runners_at_once_run_each_job_once(settings):
    """A second runner started while the first is in the middle of a job skips that job.
    On PostgreSQL (`make test` runs the suite on both) the runners are two connections."""
    settings.SCHEDULED_JOBS = [SLOW]
    ran.clear()
    started.clear()
    finish.clear()
    first_out = StringIO()

    def first_runner():
        try:
            call_command("run_jobs", stdout=first_out, stderr=StringIO())
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=first_runner)
    thread.start()
    try:
        assert started.wait(30), "the first runner never started the job"
        second_out = StringIO()
        call_command("run_jobs", stdout=second_out, stderr=StringIO())
    finally:
        finish.set()
        thread.join(30)
    assert ran == ["slow_job"]
    assert second_out.getvalue() == f"{SLOW}: skipped, another runner is running it\n"
    assert first_out.getvalue() == f"{SLOW}: done 1\n"
    run = JobRun.objects.get(job=SLOW)
    assert run.running_until is None and run.last_succeeded_at is not None

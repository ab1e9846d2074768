"""The job runner: each queued import is claimed once, run through the Importer, its
report kept and its file deleted; `run_jobs --forever` stops cleanly on SIGTERM."""

import os
import signal
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from directory.models import Group
from imports import services
from imports.models import ImportRun

from .helpers import HEADER, csv_bytes, row

pytestmark = pytest.mark.django_db
COLUMNS = {"Group name": "name", "Summary": "summary", "Subjects": "subjects", "Email": "email", "Venue": "venue",
           "Address": "address", "Town": "town", "Postcode": "postcode", "Day": "day", "How often": "frequency",
           "Starts": "start_time", "Ends": "end_time"}


def queued(user, rows, dry_run=False, **kwargs):
    run = ImportRun.objects.create(started_by=user, kind=ImportRun.Kind.SPREADSHEET, label="groups.csv",
                                   upload=csv_bytes(rows), columns=COLUMNS, **kwargs)
    services.queue(run, dry_run=dry_run)
    return run


def test_a_queued_import_is_claimed_once(sam):
    run = queued(sam, [row()])
    claimed = services.claim_next()
    assert claimed.pk == run.pk and claimed.state == ImportRun.State.RUNNING
    assert services.claim_next() is None  # a second runner finds nothing to take


def test_a_run_claimed_by_another_runner_in_between_is_not_taken_again(sam, monkeypatch):
    run = queued(sam, [row()])
    real_filter = ImportRun.objects.filter

    def another_runner_first(*args, **kwargs):
        # The other runner's UPDATE lands between our look and our UPDATE.
        ImportRun.objects.all().update(state=ImportRun.State.RUNNING)
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(ImportRun.objects, "filter", another_runner_first)
    assert services.claim_next() is None
    run.refresh_from_db()
    assert run.state == ImportRun.State.RUNNING


def test_a_dry_run_writes_nothing_and_keeps_the_file_for_the_import(sam):
    run = queued(sam, [row("Tinnitus Circle"), row("Carers Café")], dry_run=True)
    assert services.run_queued() == 1
    run.refresh_from_db()
    assert run.state == ImportRun.State.CHECKED
    assert run.report["created"] == 2 and run.report["written"] is False
    assert not Group.objects.filter(name="Tinnitus Circle").exists()
    assert run.upload is not None


def test_an_import_writes_the_groups_keeps_the_report_and_deletes_the_file(sam):
    run = queued(sam, [row("Tinnitus Circle"), row("", Email="nameless@example.org")], skip_invalid=True)
    services.run_queued()
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE
    assert run.upload is None
    assert (run.report["created"], run.report["refused"], run.report["written"]) == (1, 1, True)
    assert run.total == 2 and run.read == 2
    refused = [p for p in run.report["problems"] if p["refused"]]
    assert refused[0]["line"] == 3
    group = Group.objects.get(name="Tinnitus Circle")
    assert group.status == Group.Status.PENDING
    assert group.meetings.get().describe()


def test_an_unreadable_file_fails_with_a_one_line_reason_and_writes_nothing(sam):
    run = ImportRun.objects.create(started_by=sam, kind=ImportRun.Kind.SPREADSHEET, label="groups.csv",
                                   upload=csv_bytes([row()]) + b"Bad \x81 row\n", columns=COLUMNS)
    services.queue(run, dry_run=False)
    services.run_queued()
    run.refresh_from_db()
    assert run.state == ImportRun.State.FAILED
    assert "line 3" in run.error and "\n" not in run.error
    assert run.upload is None
    assert not Group.objects.filter(name="Tinnitus Circle").exists()


def test_a_fault_in_the_hub_fails_the_run_instead_of_leaving_it_running(sam, monkeypatch):
    run = queued(sam, [row()])
    monkeypatch.setattr(services, "spreadsheet_source", lambda run: 1 / 0)
    services.run_queued()
    run.refresh_from_db()
    assert run.state == ImportRun.State.FAILED and "fault" in run.error


@pytest.mark.django_db(transaction=True)
def test_progress_is_recorded_where_the_page_reads_it(sam):
    from imports import progress

    run = queued(sam, [row()])
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.RUNNING)
    progress.record(run.pk, 7)  # on PostgreSQL through a connection of its own: committed rows only
    run = ImportRun.objects.get(pk=run.pk)
    assert progress.read(run) == 7
    progress.forget(run.pk)  # SQLite's file beside the database goes when the run ends
    assert progress.read(run) == (0 if connection.vendor == "sqlite" else 7)


def test_the_runner_stops_cleanly_on_sigterm_after_the_job_under_way(settings, keep_the_test_connection):
    finished = []

    def slow_job():
        os.kill(os.getpid(), signal.SIGTERM)  # arrives while the job is under way
        finished.append(True)
        return {"done": 1}

    settings.SCHEDULED_JOBS = ["imports.tests.test_runner.job"]
    settings.IMPORTS_POLL_SECONDS = 60
    global job
    job = slow_job
    out = StringIO()
    call_command("run_jobs", "--forever", stdout=out)  # returns: no SystemExit, no error
    assert finished == [True]
    assert "Stopped." in out.getvalue()
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_the_runner_takes_a_queued_import_within_seconds(sam, settings, keep_the_test_connection):
    settings.SCHEDULED_JOBS = []
    settings.IMPORTS_POLL_SECONDS = 0.05
    run = queued(sam, [row()], dry_run=True)
    timer = threading.Timer(1.0, os.kill, [os.getpid(), signal.SIGINT])
    timer.start()
    try:
        call_command("run_jobs", "--forever", stdout=StringIO())
    finally:
        timer.cancel()
    run.refresh_from_db()
    assert run.state == ImportRun.State.CHECKED


def test_the_same_headings_as_before_get_the_same_columns():
    from imports.models import ColumnChoice

    ColumnChoice.remember(HEADER, {"Group name": "name", "Town": "town"})
    assert ColumnChoice.remembered([h.upper() for h in reversed(HEADER)]) == {"Group name": "name", "Town": "town"}
    assert ColumnChoice.remembered(HEADER[:3]) == {}


job = None


def test_a_real_runner_process_exits_with_status_0_on_sigterm(tmp_path):
    """The process as a process manager runs it: SIGTERM, then a clean exit."""
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings as django_settings

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/runner.sqlite3", "PYTHONUNBUFFERED": "1",
           "JOBS_EVERY_SECONDS": "3600", "IMPORTS_POLL_SECONDS": "1"}
    runner = subprocess.Popen([sys.executable, str(Path(django_settings.BASE_DIR) / "manage.py"), "run_jobs",
                               "--forever"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert "SIGTERM or SIGINT stops" in runner.stdout.readline()  # its handlers are in place
        runner.send_signal(signal.SIGTERM)
        assert runner.wait(timeout=60) == 0
        assert "Stopped." in runner.stdout.read()
    finally:
        if runner.poll() is None:
            runner.kill()

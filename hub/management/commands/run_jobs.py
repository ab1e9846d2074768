import logging
import signal
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def _summary(result) -> str:
    if isinstance(result, dict):
        return ", ".join(f"{key} {value}" for key, value in result.items()) or "done"
    return str(result) if result not in (None, "") else "done"


def _record(path, succeeded):
    """When the job last succeeded or failed, for /healthz; a database that is away must
    not stop the runner (the health page says so itself)."""
    from hub.models import JobRun

    try:
        JobRun.record(path, succeeded)
    except DatabaseError as exc:
        logger.error("Could not record that %s ran (%s)", path, type(exc).__name__)


class Command(BaseCommand):
    help = (
        "Run every scheduled job listed in the SCHEDULED_JOBS setting, one after another: "
        "sending queued email, deleting old sent email, and the others listed there. "
        "A job that fails is reported and the rest still run; the command then exits "
        "with a non-zero status. Each job only does what is due, so it is safe to run "
        "often: it is meant for cron every few minutes, for example "
        "'*/5 * * * * cd /srv/hub && .venv/bin/python manage.py run_jobs'. "
        "With --forever it keeps running instead: the jobs every JOBS_EVERY_SECONDS, and in "
        "between, every IMPORTS_POLL_SECONDS, the work staff have started from the web (an import, "
        "the printed directory), so it starts within seconds. SIGTERM or SIGINT stops it cleanly: "
        "the job under way is finished first, and it exits with status 0. Several may run at once, "
        "on one machine or several: each job, each import and each printing is run by one of them at a time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only", metavar="NAME",
            help="Run just this job, named by its dotted path or its last part (e.g. send_queued).",
        )
        parser.add_argument(
            "--forever", action="store_true",
            help="Keep running: the jobs every JOBS_EVERY_SECONDS, work started from the web within seconds, "
                 "until SIGTERM or SIGINT.",
        )

    def handle(self, *args, only=None, forever=False, **options):
        jobs = list(settings.SCHEDULED_JOBS)
        if only:
            jobs = [path for path in jobs if only in (path, path.rpartition(".")[2])]
            if not jobs:
                raise CommandError(f"No scheduled job is called {only!r}. Jobs: {', '.join(settings.SCHEDULED_JOBS)}")
        if forever:
            # Work staff start from the web is run by the loop itself, between the jobs,
            # where a stop is heard.
            return self.forever([path for path in jobs if path not in settings.QUEUED_WORK])
        failed = self.run(jobs)
        if failed:
            raise CommandError(f"{len(failed)} of {len(jobs)} jobs failed: {', '.join(failed)}")

    def run(self, jobs) -> list[str]:
        failed = []
        from hub.models import JobRun

        for path in jobs:
            try:
                if not JobRun.take(path, settings.JOBS_LEASE_SECONDS):
                    self.stdout.write(f"{path}: skipped, another runner is running it")
                    continue
                result = import_string(path)()
            except Exception as exc:
                failed.append(path)
                # The class name only: an exception's message can quote personal data.
                logger.error("Scheduled job %s failed (%s)", path, type(exc).__name__)
                logger.debug("Scheduled job %s failed", path, exc_info=True)
                self.stderr.write(f"{path}: failed ({type(exc).__name__})")
                _record(path, succeeded=False)
            else:
                self.stdout.write(f"{path}: {_summary(result)}")
                _record(path, succeeded=True)
        return failed

    def forever(self, jobs):
        queued_work = {path: import_string(runner) for path, runner in settings.QUEUED_WORK.items()}
        stop = threading.Event()

        def stop_soon(number, frame):
            # Only a flag: the job under way finishes (an import is one transaction, but a
            # batch of emails is not), then the loop ends.
            stop.set()

        previous = {sig: signal.signal(sig, stop_soon) for sig in (signal.SIGTERM, signal.SIGINT)}
        self.stdout.write(f"Running jobs every {settings.JOBS_EVERY_SECONDS} s and imports as they come; "
                          "SIGTERM or SIGINT stops.")
        next_jobs = 0.0
        try:
            while not stop.is_set():
                if time.monotonic() >= next_jobs:
                    self.run(jobs)  # failures are reported and logged; the runner goes on
                    next_jobs = time.monotonic() + settings.JOBS_EVERY_SECONDS
                for path, run_queued in queued_work.items():
                    if stop.is_set():
                        break
                    try:
                        run_queued(stop)
                    except Exception as exc:  # the database away for a moment: try again later
                        logger.error("Running %s failed (%s)", path, type(exc).__name__)
                close_old_connections()
                stop.wait(settings.IMPORTS_POLL_SECONDS)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("Stopped.")

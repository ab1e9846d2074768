import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def _summary(result) -> str:
    if isinstance(result, dict):
        return ", ".join(f"{key} {value}" for key, value in result.items()) or "done"
    return str(result) if result not in (None, "") else "done"


class Command(BaseCommand):
    help = (
        "Run every scheduled job listed in the SCHEDULED_JOBS setting, one after another: "
        "sending queued email, deleting old sent email, and the others listed there. "
        "A job that fails is reported and the rest still run; the command then exits "
        "with a non-zero status. Each job only does what is due, so it is safe to run "
        "often: it is meant for cron every few minutes, for example "
        "'*/5 * * * * cd /srv/hub && .venv/bin/python manage.py run_jobs'."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only", metavar="NAME",
            help="Run just this job, named by its dotted path or its last part (e.g. send_queued).",
        )

    def handle(self, *args, only=None, **options):
        jobs = list(settings.SCHEDULED_JOBS)
        if only:
            jobs = [path for path in jobs if only in (path, path.rpartition(".")[2])]
            if not jobs:
                raise CommandError(f"No scheduled job is called {only!r}. Jobs: {', '.join(settings.SCHEDULED_JOBS)}")
        failed = []
        for path in jobs:
            try:
                result = import_string(path)()
            except Exception as exc:
                failed.append(path)
                # The class name only: an exception's message can quote personal data.
                logger.error("Scheduled job %s failed (%s)", path, type(exc).__name__)
                logger.debug("Scheduled job %s failed", path, exc_info=True)
                self.stderr.write(f"{path}: failed ({type(exc).__name__})")
            else:
                self.stdout.write(f"{path}: {_summary(result)}")
        if failed:
            raise CommandError(f"{len(failed)} of {len(jobs)} jobs failed: {', '.join(failed)}")

"""Making the printed directory in the background, when a member of staff asks for it.

Staff ask from the printed directory's page (`ask`); the job runner makes it (`run_queued`,
between its scheduled jobs with `run_jobs --forever`, or as the scheduled job
`publishing.jobs.run_queued_printing`), writing each stage and page to the `PrintRun`, which
the page shows. One is made at a time: asking while one is waiting or under way follows that
one. The copy made is the one `/directory.pdf` hands over until the directory changes.
"""

import datetime
import logging
import time

from django.conf import settings
from django.utils import timezone

from lib.queues import run_each

from . import pdf, printed
from .models import PrintRun

logger = logging.getLogger(__name__)

# How often, at most, the page being laid out is written down: a page every few
# milliseconds need not be a database write each.
REPORT_EVERY_SECONDS = 1.0

_STAGES = {printed.GATHERING: PrintRun.State.LAYING_OUT, pdf.LAYING_OUT: PrintRun.State.LAYING_OUT,
           pdf.WRITING: PrintRun.State.WRITING}


def latest() -> PrintRun | None:
    return PrintRun.objects.select_related("asked_by").first()


def percent_done(run: PrintRun) -> int | None:
    """How far a making is, going by the last one; None when there is nothing to go by."""
    last = pages_last_time()
    if run.state != PrintRun.State.LAYING_OUT or not last:
        return None
    return min(99, 100 * run.pages // last)


def ask(user) -> PrintRun:
    """The making under way or waiting, or a new one asked for by `user`."""
    return PrintRun.objects.busy().first() or PrintRun.objects.create(asked_by=user)


def pages_last_time() -> int:
    """How many pages the last printed directory made laid out: what the page measures
    progress against (a guide: the directory may have grown or shrunk since)."""
    last = PrintRun.objects.filter(state=PrintRun.State.DONE, changed=True, pages__gt=0).first()
    return last.pages if last else 0


def claim_next() -> PrintRun | None:
    """The oldest waiting run, now marked as started by this caller; None if there is none.
    A conditional update, so two runners never both take it."""
    for pk in PrintRun.objects.filter(state=PrintRun.State.QUEUED).order_by("asked_at", "pk").values_list(
            "pk", flat=True)[:10]:
        if PrintRun.objects.filter(pk=pk, state=PrintRun.State.QUEUED).update(
                state=PrintRun.State.GATHERING, started_at=timezone.now()):
            return PrintRun.objects.get(pk=pk)
    return None


def execute(run: PrintRun) -> None:
    last_write = [0.0]
    # WeasyPrint lays the pages out more than once (to number the list of contents), so
    # progress is counted in pages laid out, each time, against the last making's count.
    laid_out = [0]

    def report(stage, number):
        fields = {"state": _STAGES[stage]}
        if stage == printed.GATHERING:
            fields["groups"] = number
        elif stage == pdf.LAYING_OUT:
            laid_out[0] += 1
            fields["pages"] = laid_out[0]
            if time.monotonic() - last_write[0] < REPORT_EVERY_SECONDS:
                return
        last_write[0] = time.monotonic()
        PrintRun.objects.filter(pk=run.pk).update(**fields)

    try:
        made = printed.remake_printed_directory(report=report)
    except Exception as exc:
        # The class name only: an exception's message can quote a group's details.
        logger.error("Making the printed directory failed (%s)", type(exc).__name__)
        PrintRun.objects.filter(pk=run.pk).update(
            state=PrintRun.State.FAILED, finished_at=timezone.now(),
            error=type(exc).__name__[:PrintRun._meta.get_field("error").max_length])
        return
    PrintRun.objects.filter(pk=run.pk).update(
        state=PrintRun.State.DONE, finished_at=timezone.now(), changed=made is not None, pages=laid_out[0])


def run_queued(stop=None) -> int:
    """Make each printed directory asked for, oldest first, until none is left or `stop` is set."""
    return run_each(claim_next, execute, stop)


def close_stale(now=None) -> int:
    """Runs left under way by a runner that was stopped mid-way are marked as not made (the
    page says to ask again), and only the last PRINT_RUNS_KEPT are kept."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.PRINT_RUN_STALE_SECONDS)
    closed = PrintRun.objects.filter(state__in=PrintRun.BUSY[1:], started_at__lt=stale).update(
        state=PrintRun.State.FAILED, finished_at=now, error="stopped")
    keep = list(PrintRun.objects.values_list("pk", flat=True)[:settings.PRINT_RUNS_KEPT])
    PrintRun.objects.exclude(pk__in=keep).delete()
    return closed

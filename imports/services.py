"""Running a staff import: claiming a queued run, running it through the one Importer, and
keeping its report.

A run is claimed by a conditional UPDATE (state queued → running) that only one runner
can win, so two job runners at once never run the same import twice. The import itself
is the Importer's (all or nothing); this module only opens the source, passes progress on
and keeps the report, bounded, as JSON.
"""

import datetime
import logging
import re
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.queues import run_each
from lib.text import one_line
from openreferral.importer import Importer
from openreferral.sources import SourceError, open_source
from openreferral.spreadsheet import SpreadsheetSource, read_sheet

from . import progress
from .models import ImportRun

logger = logging.getLogger(__name__)
MAX_UNMAPPED = 200  # terms listed in a kept report; more are counted


def claim_next() -> ImportRun | None:
    """The oldest queued run, now marked running by this caller; None if there is none."""
    for pk in ImportRun.objects.filter(state=ImportRun.State.QUEUED).order_by("created_at", "pk").values_list(
            "pk", flat=True)[:10]:
        if ImportRun.objects.filter(pk=pk, state=ImportRun.State.QUEUED).update(
                state=ImportRun.State.RUNNING, started_at=timezone.now(), read=0):
            return ImportRun.objects.get(pk=pk)
    return None


def report_as_json(report, lines: dict) -> dict:
    """The importer's Report as kept with the run: counts, problems (at most the importer's
    own bound, each with its row number where the source has rows), reasons counted."""
    return {
        "source": report.source, "created": report.created, "updated": report.updated,
        "unchanged": report.unchanged, "refused": report.refused, "written": report.written,
        "problems": [{"line": lines.get(p.record_id), "record": p.record, "record_id": p.record_id, "field": p.field,
                      "value": p.value, "message": p.message, "refused": p.refused} for p in report.problems],
        "unshown": report.unshown,
        "reasons": sorted(({"refused": refused, "record": record, "field": field, "message": message, "count": count}
                           for (refused, record, field, _form), (message, count) in report.reasons.items()),
                          key=lambda r: (not r["refused"], -r["count"])),
        "unmapped_terms": [{"id": term_id, "name": name, "taxonomy": taxonomy, "uses": uses}
                           for term_id, (name, taxonomy, uses) in list(report.unmapped_terms.items())[:MAX_UNMAPPED]],
        "unmapped_unshown": max(0, len(report.unmapped_terms) - MAX_UNMAPPED),
    }


def spreadsheet_source(run: ImportRun) -> SpreadsheetSource:
    sheet = read_sheet(bytes(run.upload), run.label, run.sheet)
    return SpreadsheetSource(sheet, run.columns, run.label)


def execute(run: ImportRun) -> ImportRun:
    """Run a claimed import to its end, keeping the report or the one-line reason it failed."""
    folder = tempfile.TemporaryDirectory(prefix="import-")
    source = None
    try:
        if run.kind == ImportRun.Kind.SPREADSHEET:
            source = spreadsheet_source(run)
        elif run.kind == ImportRun.Kind.FILE:
            if run.upload is None:
                raise SourceError(_("The uploaded file has been deleted; upload it again."))
            # The file's own name tells the reader what it is (services.csv, a .zip); a name
            # that could point anywhere else is not used.
            name = Path(run.label).name
            safe = re.fullmatch(r"[\w][\w .()-]*", name) is not None
            path = Path(folder.name) / (name if safe else "upload" + Path(run.label).suffix.lower()[:5])
            path.write_bytes(bytes(run.upload))
            source = open_source(str(path))
        else:
            source = open_source(run.label)
        source.label = run.label  # records are found again by the file's name, not where it was kept
        run.total = getattr(source, "total", None)
        if run.total is not None:
            ImportRun.objects.filter(pk=run.pk).update(total=run.total)
        importer = Importer(publish=run.publish, skip_invalid=run.skip_invalid)
        seen = [0]

        def read_so_far(count):
            seen[0] = count
            progress.record(run.pk, count)

        report = importer.run(source, dry_run=run.dry_run, progress=read_so_far)
        run.report = report_as_json(report, getattr(source, "lines", {}))
        # Every service read: the report counts new and changed ones only where it would write.
        run.read = seen[0]
        run.state = ImportRun.State.CHECKED if run.dry_run else ImportRun.State.DONE
        run.error = ""
    except SourceError as error:
        run.state, run.error = ImportRun.State.FAILED, _fit_error(str(error))
    except Exception as error:  # a bug must not leave the run "running" forever
        # The class name only: an exception's message can quote the file's personal data.
        logger.error("Import %s failed (%s)", run.pk, type(error).__name__)
        logger.debug("Import %s failed", run.pk, exc_info=True)
        run.state, run.error = ImportRun.State.FAILED, _("The import stopped because of a fault in the hub; nothing "
                                                         "was imported. The fault has been logged.")
    finally:
        if source is not None:
            source.close()
        folder.cleanup()
        progress.forget(run.pk)
    run.finished_at = timezone.now()
    if run.state != ImportRun.State.CHECKED:
        run.upload = None  # imported or unreadable: the file, which may hold people's details, goes
    run.save()
    return run


def _fit_error(text) -> str:
    limit = ImportRun._meta.get_field("error").max_length
    text = one_line(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def run_queued(stop=None) -> int:
    """Run every queued import, oldest first, until none is left or `stop` is set."""
    return run_each(claim_next, execute, stop)


def queue(run: ImportRun, dry_run: bool):
    run.dry_run = dry_run
    run.state = ImportRun.State.QUEUED
    run.report, run.error, run.read, run.started_at, run.finished_at = {}, "", 0, None, None
    run.save()


def busy_for(user) -> bool:
    """One import at a time for each member of staff: a second waits until the first ends."""
    return ImportRun.objects.filter(started_by=user, state__in=[ImportRun.State.QUEUED,
                                                                 ImportRun.State.RUNNING]).exists()


@transaction.atomic
def forget_old_uploads() -> dict:
    """Files uploaded but never imported are deleted after IMPORT_KEEP_UPLOAD_HOURS, and runs
    left running by a runner that was killed are marked failed."""
    now = timezone.now()
    old = now - datetime.timedelta(hours=settings.IMPORT_KEEP_UPLOAD_HOURS)
    forgotten = ImportRun.objects.filter(state__in=[ImportRun.State.DRAFT, ImportRun.State.CHECKED],
                                         created_at__lt=old).update(
        upload=None, state=ImportRun.State.FAILED, finished_at=now,
        error=_("The file was deleted after %(hours)s hours without being imported.") % {
            "hours": settings.IMPORT_KEEP_UPLOAD_HOURS})
    stale = now - datetime.timedelta(seconds=settings.OPENREFERRAL_FEED_SECONDS * 2)
    stopped = ImportRun.objects.filter(state=ImportRun.State.RUNNING, started_at__lt=stale).update(
        upload=None, state=ImportRun.State.FAILED, finished_at=now,
        error=_("The import was stopped before it finished; nothing was imported."))
    return {"files deleted": forgotten, "stopped runs closed": stopped}

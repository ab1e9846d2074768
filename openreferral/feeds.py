"""Feeds kept in step: every configured source (FeedSource, set up by staff in the admin)
imported once a day through the one importer, and what happened emailed to staff.

- Through the importer as any import is: the group's word wins over the feed
  (ownership.py), a record that cannot be a listing is left out (skip_invalid) and counted.
- A file to download (an address ending .zip or .json) is asked for conditionally, with
  the ETag and Last-Modified the server gave last time; "304 Not Modified" means there is
  nothing to do. A live Open Referral UK feed is read page by page in full: no one answer
  of a paginated API vouches for the whole feed, and the importer skips every record
  whose content has not changed, so a night with no changes writes nothing.
- A service imported from the source before and not in it now is marked missing
  (SourceRecord.missing_since) for staff to check, never deleted, and the mark goes when
  it comes back. Only an import that read the whole source marks anything: one that
  failed part way knows nothing about the services it did not reach.
- Staff are emailed only when there is news: listings added or changed, listings gone
  from a source or back, a source that stopped working or works again. No email on quiet
  nights, and no weekly "all in step": the staff page says when each source was last
  checked, and an email that usually says nothing teaches people to skip the ones that do.
"""

import contextlib
import dataclasses
import datetime
import logging
import tempfile
import urllib.parse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import staff_members
from lib.text import one_line
from lib.urls import absolute_url
from outbox.notify import later, notify

from .importer import Importer
from .models import FeedSource, SourceRecord, feed_folders, feed_path
from .sources import LiveFeed, SourceError, open_source

logger = logging.getLogger(__name__)

FILE_SUFFIXES = (".zip", ".json")  # an address ending so is a file to download, not a live feed
REASONS_SHOWN = 5  # in the email; the staff page and the command line list them all
NAMES_SHOWN = 10  # groups named in the email under "no longer in the source"
CHUNK = 500


@dataclasses.dataclass
class Checked:
    """What one night's check of one source found, for the staff email."""

    feed: FeedSource
    outcome: str
    summary: object  # worded for each reader of the email (outbox.notify.later); a source's own error as it came
    reasons: list = dataclasses.field(default_factory=list)  # the importer's reasons, most frequent first
    missing: int = 0  # services gone from the source tonight
    missing_names: list = dataclasses.field(default_factory=list)  # the first few of their groups' names
    back: int = 0
    news: bool = False


def due_today(now: datetime.datetime) -> datetime.datetime | None:
    """Since when a source must not have been checked to be due now: today's
    OPENREFERRAL_FEED_HOUR (UK time), once that hour has come; before it, nothing is due."""
    local = timezone.localtime(now)
    start = local.replace(hour=settings.OPENREFERRAL_FEED_HOUR, minute=0, second=0, microsecond=0)
    return start if local >= start else None


def due_feeds(now: datetime.datetime):
    since = due_today(now)
    if since is None:
        return FeedSource.objects.none()
    return FeedSource.objects.filter(active=True).filter(Q(checked_at__isnull=True) | Q(checked_at__lt=since))


def import_configured_feeds(now: datetime.datetime | None = None) -> dict[str, int]:
    """Scheduled job: import each active configured feed once a day, from the hour set by
    OPENREFERRAL_FEED_HOUR; email staff what changed."""
    now = now or timezone.now()
    counts = {"feeds_checked": 0, "feeds_imported": 0, "feeds_failed": 0}
    checked = []
    for feed in due_feeds(now):
        # Only the run that moves the check time checks the feed: two runs of the jobs at
        # once (a long import, and cron starting the next) never import a feed twice.
        if not FeedSource.objects.filter(pk=feed.pk, checked_at=feed.checked_at).update(checked_at=now):
            continue
        result = check(feed, now)
        counts["feeds_checked"] += 1
        counts["feeds_imported"] += result.outcome == FeedSource.Outcome.IMPORTED
        counts["feeds_failed"] += result.outcome == FeedSource.Outcome.FAILED
        checked.append(result)
    news = [result for result in checked if result.news]
    if news:
        tell_staff(news)
    return counts


def check(feed: FeedSource, now: datetime.datetime) -> Checked:
    """Import one configured source now, and record what happened on it."""
    failed_before = feed.outcome == FeedSource.Outcome.FAILED
    try:
        result = _import(feed, now)
    except SourceError as error:
        result = Checked(feed, FeedSource.Outcome.FAILED, str(error))
    except Exception as error:  # one broken source must not stop the others
        # The class only: a message can quote what the source holds.
        logger.warning("Feed %s could not be imported (%s)", feed.pk, type(error).__name__)
        name = type(error).__name__
        result = Checked(feed, FeedSource.Outcome.FAILED,
                         later(lambda: _("Something went wrong reading it (%(error)s).") % {"error": name}))
    failed_now = result.outcome == FeedSource.Outcome.FAILED
    result.news = result.news or failed_now != failed_before
    FeedSource.objects.filter(pk=feed.pk).update(checked_at=now, outcome=result.outcome, result=_cut(result.summary))
    feed.refresh_from_db()
    return result


def _import(feed: FeedSource, now: datetime.datetime) -> Checked:
    with contextlib.ExitStack() as stack:
        validators = None
        if feed.is_address and urllib.parse.urlsplit(feed.location).path.lower().endswith(FILE_SUFFIXES):
            suffix = next(s for s in FILE_SUFFIXES if urllib.parse.urlsplit(feed.location).path.lower().endswith(s))
            file = stack.enter_context(tempfile.NamedTemporaryFile(suffix=suffix))
            headers = LiveFeed(feed.location).download(feed.location, file, _conditional(feed))
            if headers is None:
                return Checked(feed, FeedSource.Outcome.NOT_MODIFIED, later(lambda: _(
                    "Not changed since it was last imported: the server said so.")))
            file.flush()
            validators = {"etag": _header(headers, "ETag"), "last_modified": _header(headers, "Last-Modified")}
            source = open_source(file.name)
        elif feed.is_address:
            source = open_source(feed.location)
        elif (path := feed_path(feed.location)) is None:
            raise SourceError(_("Files are read only from the folders set for feeds on this server: %(folders)s.")
                              % {"folders": feed_folders()})
        else:
            source = open_source(str(path))
        stack.callback(source.close)
        source.label = feed.records_label  # where its records are found again, wherever it is read from
        report = Importer(publish=feed.publish, skip_invalid=True).run(source)
    if not report.written:
        return Checked(feed, FeedSource.Outcome.FAILED, later(lambda: _("Nothing was imported.")))
    missing, names, back = _mark_missing(report.source, report.seen, now)
    FeedSource.objects.filter(pk=feed.pk).update(imported_at=now, **(validators or {}))
    reasons = sorted(({"record": record, "field": field, "message": message, "count": count, "refused": refused}
                      for (refused, record, field, _form), (message, count) in report.reasons.items()),
                     key=lambda reason: (-reason["count"], reason["message"]))
    return Checked(feed, FeedSource.Outcome.IMPORTED, later(_summary, report, missing, back), reasons=reasons,
                   missing=missing, missing_names=names, back=back,
                   news=bool(report.created or report.updated or missing or back))


def _header(headers, name: str) -> str:
    """A cache validator the server sent, kept only if it fits the field's rules (one short
    line); otherwise none is kept and the next check downloads the file again."""
    value = headers.get(name, "")
    try:
        FeedSource._meta.get_field(name.lower().replace("-", "_")).clean(value, None)
    except ValidationError:
        return ""
    return value


def _conditional(feed: FeedSource) -> dict:
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    return headers


def _mark_missing(label: str, seen: set, now: datetime.datetime) -> tuple[int, list[str], int]:
    """Mark the services of `label` that this import did not read as missing since now, and
    clear the mark of those it read again. Returns how many are newly missing, the first
    few of their groups' names, and how many came back."""
    from directory.models import Group

    newly, back = [], []
    records = SourceRecord.objects.filter(source=label, kind=SourceRecord.Kind.SERVICE).values_list(
        "pk", "source_id", "object_id", "missing_since")
    for pk, source_id, object_id, missing_since in records.iterator():
        if source_id in seen and missing_since is not None:
            back.append(pk)
        elif source_id not in seen and missing_since is None and object_id is not None:
            newly.append((pk, object_id))
    with transaction.atomic():
        for start in range(0, len(newly), CHUNK):
            SourceRecord.objects.filter(pk__in=[pk for pk, _id in newly[start:start + CHUNK]]).update(
                missing_since=now, missing_checked_at=None)
        for start in range(0, len(back), CHUNK):
            SourceRecord.objects.filter(pk__in=back[start:start + CHUNK]).update(
                missing_since=None, missing_checked_at=None)
    names = list(Group.objects.filter(pk__in=[object_id for _pk, object_id in newly[:NAMES_SHOWN]])
                 .order_by("name").values_list("name", flat=True))
    return len(newly), names, len(back)


def _summary(report, missing: int, back: int) -> str:
    parts = [
        ngettext("%(n)d new", "%(n)d new", report.created) % {"n": report.created},
        ngettext("%(n)d updated", "%(n)d updated", report.updated) % {"n": report.updated},
        ngettext("%(n)d unchanged", "%(n)d unchanged", report.unchanged) % {"n": report.unchanged},
        ngettext("%(n)d refused", "%(n)d refused", report.refused) % {"n": report.refused},
    ]
    if missing:
        parts.append(ngettext("%(n)d no longer in the source", "%(n)d no longer in the source", missing)
                     % {"n": missing})
    if back:
        parts.append(ngettext("%(n)d back in the source", "%(n)d back in the source", back) % {"n": back})
    return ", ".join(parts) + "."


def _cut(text) -> str:
    limit = FeedSource._meta.get_field("result").max_length
    text = one_line(str(text))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def tell_staff(results: list[Checked]) -> int:
    """One email to each member of staff about the sources with news."""
    feeds = []
    for result in results:
        feeds.append({
            "name": result.feed.name, "failed": result.outcome == FeedSource.Outcome.FAILED,
            "summary": later(_cut, result.summary), "reasons": result.reasons[:REASONS_SHOWN],
            "more_reasons": max(0, len(result.reasons) - REASONS_SHOWN),
            "missing": result.missing_names, "more_missing": result.missing - len(result.missing_names),
        })
    return notify(staff_members().values_list("email", flat=True), "feeds-report", {
        "feeds": feeds, "url": absolute_url(reverse("openreferral-feeds:feeds")),
    })


def missing_records():
    """Services gone from their source that staff have not yet looked at, with their group,
    oldest first; a group since closed needs nothing more."""
    from directory.models import Group

    records = list(SourceRecord.objects.filter(kind=SourceRecord.Kind.SERVICE, missing_since__isnull=False,
                                               missing_checked_at__isnull=True).order_by("missing_since", "pk"))
    groups = Group.objects.exclude(stage=Group.Stage.CLOSED).in_bulk([r.object_id for r in records])
    names = {feed.records_label: feed.name for feed in FeedSource.objects.all()}
    rows = []
    for record in records:
        if record.object_id in groups:
            record.group = groups[record.object_id]
            record.feed_name = names.get(record.source, record.source)
            rows.append(record)
    return rows


def keep(record: SourceRecord, now: datetime.datetime | None = None) -> None:
    """Staff have looked at a group gone from its source and keep its listing: it leaves the
    list of groups to check until the source drops it again."""
    SourceRecord.objects.filter(pk=record.pk, missing_since__isnull=False).update(
        missing_checked_at=now or timezone.now())

"""Imports that staff start from the web, kept as the import's history.

A run holds what was asked for (a spreadsheet, an Open Referral file, or a feed's
address; publish or not; leave out refused records or not; check only or import), its
state as the job runner takes it through (queued, running, then done or failed), its
progress, and the importer's report as JSON. An uploaded file is kept in the database
until it has been imported (or for IMPORT_KEEP_UPLOAD_HOURS if it never is), then
deleted: it may hold people's contact details.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.text import LINE, NAME, validate_one_line


class ImportRun(models.Model):
    class Kind(models.TextChoices):
        SPREADSHEET = "spreadsheet", _("Spreadsheet")
        FILE = "file", _("Open Referral file")
        FEED = "feed", _("Open Referral feed")

    class State(models.TextChoices):
        DRAFT = "draft", _("Waiting for its columns to be chosen")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        CHECKED = "checked", _("Checked, not imported yet")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Could not be read")

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="import_runs",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    kind = models.CharField(_("what"), max_length=12, choices=Kind.choices)
    label = models.CharField(
        _("file or address"), max_length=LINE, validators=[validate_one_line],
        help_text=_("The uploaded file's name, or the feed's address. Records are found again by it."),
    )
    publish = models.BooleanField(_("list new groups at once"), default=False)
    skip_invalid = models.BooleanField(_("leave out refused records"), default=False)
    dry_run = models.BooleanField(_("check only"), default=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    read = models.PositiveIntegerField(_("services read"), default=0)
    total = models.PositiveIntegerField(_("services in the file"), null=True, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.CharField(_("why it could not be read"), max_length=LINE * 2, blank=True)
    # The file itself, until it is imported: bounded by IMPORT_MAX_UPLOAD_MB.
    upload = models.BinaryField(_("uploaded file"), null=True, blank=True, editable=False)
    sheet = models.CharField(_("sheet"), max_length=NAME, blank=True, validators=[validate_one_line])
    columns = models.JSONField(
        _("columns"), default=dict, blank=True, help_text=_("Each column's header → the listing's field it fills."))

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        # The runner looks for queued runs every few seconds.
        indexes = [models.Index(fields=["state", "created_at"], name="imports_state_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.label} ({self.state})"

    @property
    def busy(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self):
        if self.state == self.State.DONE:
            return 100
        if self.total:
            return min(100, round(100 * self.read / self.total))
        return None


class ColumnChoice(models.Model):
    """The columns chosen for a spreadsheet, remembered by its set of headers: the next
    spreadsheet with the same headers is offered the same choice."""

    headers_key = models.CharField(_("headers"), max_length=64, unique=True)
    columns = models.JSONField(_("columns"), default=dict)
    updated_at = models.DateTimeField(_("last used"), default=timezone.now)

    class Meta:
        verbose_name = _("remembered columns")
        verbose_name_plural = _("remembered columns")

    def __str__(self):
        return ", ".join(f"{header} → {field}" for header, field in self.columns.items())[:LINE]

    @staticmethod
    def key_for(headers) -> str:
        names = sorted({" ".join(str(h).split()).casefold() for h in headers if str(h).strip()})
        return hashlib.sha256("\n".join(names).encode()).hexdigest()

    @classmethod
    def remembered(cls, headers) -> dict:
        found = cls.objects.filter(headers_key=cls.key_for(headers)).first()
        return dict(found.columns) if found else {}

    @classmethod
    def remember(cls, headers, columns):
        cls.objects.update_or_create(headers_key=cls.key_for(headers),
                                     defaults={"columns": columns, "updated_at": timezone.now()})

"""Bookkeeping for Open Referral exchange: where imported records came from, the feeds
imported every night, and when the published directory last changed (for the API's
Last-Modified header)."""

import urllib.parse
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.text import LINE, validate_one_line


class SourceRecord(models.Model):
    """One record of another directory, and the record it became here.

    Re-importing a source finds its records again by (source, kind, source_id), so that an
    import can be run again without making copies, and skips records whose content has not
    changed since the last import.
    """

    class Kind(models.TextChoices):
        SERVICE = "service", _("service (a group)")
        LOCATION = "location", _("location (a venue)")
        SCHEDULE = "schedule", _("schedule (a meeting)")

    source = models.CharField(
        _("source"), max_length=LINE, validators=[validate_one_line],
        help_text=_("Where the records came from. Example: “https://directory.example.gov.uk/api”."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    source_id = models.CharField(_("identifier in the source"), max_length=LINE, validators=[validate_one_line])
    object_id = models.BigIntegerField(_("record here"), null=True, blank=True)
    fingerprint = models.CharField(
        _("fingerprint"), max_length=64, blank=True,
        help_text=_("A digest of the record as last imported, so unchanged records are skipped."),
    )
    imported_at = models.DateTimeField(_("last imported"), default=timezone.now)
    # The group's word wins over the feed: what the feed said last time is kept, so that
    # a re-import changes only what the group has not changed since, and the rest, where
    # the feed now says otherwise, waits for staff to choose.
    imported = models.JSONField(
        _("as last imported"), default=dict, blank=True,
        help_text=_("The values the feed gave last time: the group's fields and its meetings."),
    )
    disputed = models.JSONField(
        _("the feed says otherwise"), default=dict, blank=True,
        help_text=_("What the feed says where the group has changed its listing since, for staff to choose."),
    )
    # A service the source no longer lists is never deleted: the group may still meet, and
    # only people can find out. Set by an import that read the whole source (feeds.py).
    missing_since = models.DateTimeField(
        _("missing from the source since"), null=True, blank=True,
        help_text=_("When an import of the whole source first no longer had this record; cleared when it is back."),
    )
    missing_checked_at = models.DateTimeField(
        _("checked by staff"), null=True, blank=True,
        help_text=_("When staff looked at the group after it went missing and kept the listing."),
    )

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        constraints = [
            # The key that makes importing the same source twice change nothing.
            models.UniqueConstraint(fields=["source", "kind", "source_id"], name="openreferral_source_key"),
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="openreferral_object_idx")]

    def __str__(self):
        return f"{self.source} {self.kind} {self.source_id}"


def feed_path(location: str) -> Path | None:
    """A source's file or folder on this server, or None when it lies outside the folders
    feeds may be read from (OPENREFERRAL_FEED_FOLDERS), so that a path typed in the admin
    cannot read the hub's own files. A relative path is read from the project's folder, so
    that the same setting works whichever folder the jobs are started in."""
    path = Path(location).expanduser()
    path = (path if path.is_absolute() else Path(settings.BASE_DIR) / path).resolve()
    if any(path.is_relative_to(Path(folder).resolve()) for folder in settings.OPENREFERRAL_FEED_FOLDERS):
        return path
    return None


def feed_folders() -> str:
    return ", ".join(str(folder) for folder in settings.OPENREFERRAL_FEED_FOLDERS)


class FeedSource(models.Model):
    """A directory imported every night (openreferral.feeds): an Open Referral file or folder
    on this server, or the address of a feed or of a file to download."""

    class Outcome(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        NOT_MODIFIED = "not-modified", _("Not changed since last time")
        FAILED = "failed", _("Could not be read")

    name = models.CharField(
        _("name"), max_length=LINE, unique=True, validators=[validate_one_line],
        help_text=_("What staff call it. Example: “Riverside Council’s directory”."),
    )
    location = models.CharField(
        _("file or address"), max_length=LINE, validators=[validate_one_line],
        help_text=_("A file or folder on this server (a datapackage .zip or .json, or a feed saved as JSON), or the "
                    "address of an Open Referral UK feed or of a file to download, starting http:// or https://. "
                    "Example: “https://directory.example.gov.uk/api”."),
    )
    label = models.CharField(
        _("records come from"), max_length=LINE, blank=True, validators=[validate_one_line],
        help_text=_("The name the imported records go by, so that each import finds them again. Left empty, the "
                    "file or address is used, and kept when the address changes later."),
    )
    publish = models.BooleanField(
        _("publish new listings"), default=False,
        help_text=_("Off: new listings from this source wait for review, as listings from the public do."),
    )
    active = models.BooleanField(_("import every night"), default=True)
    etag = models.CharField(_("ETag"), max_length=LINE, blank=True, editable=False, validators=[validate_one_line])
    last_modified = models.CharField(
        _("Last-Modified"), max_length=LINE, blank=True, editable=False, validators=[validate_one_line])
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True, editable=False)
    imported_at = models.DateTimeField(_("last imported"), null=True, blank=True, editable=False)
    outcome = models.CharField(_("last result"), max_length=20, choices=Outcome.choices, blank=True, editable=False)
    result = models.CharField(
        _("what happened"), max_length=LINE, blank=True, editable=False, validators=[validate_one_line])

    class Meta:
        verbose_name = _("configured feed")
        verbose_name_plural = _("configured feeds")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Fixed once: a feed that moves to a new address is still the same directory, and
        # its records must be found again under the name they were imported with.
        if not self.label:
            self.label = self.location
        super().save(*args, **kwargs)

    @property
    def is_address(self) -> bool:
        return urllib.parse.urlsplit(self.location).scheme.lower() in ("http", "https")

    @property
    def records_label(self) -> str:
        return self.label or self.location

    def clean(self):
        super().clean()
        location = self.location.strip()
        parts = urllib.parse.urlsplit(location)
        if self.is_address:
            if not parts.hostname:
                raise ValidationError({"location": _("Give the whole address, for example "
                                                     "“https://directory.example.gov.uk/api”.")})
        elif "://" in location:
            raise ValidationError({"location": _("Only http:// and https:// addresses can be read.")})
        elif location and feed_path(location) is None:
            raise ValidationError({"location": _("Files are read only from the folders set for feeds on this "
                                                 "server: %(folders)s.") % {"folders": feed_folders()}})
        elif location and not feed_path(location).exists():
            raise ValidationError({"location": _("There is no file or folder “%(path)s” on this server.")
                                   % {"path": location}})
        self.location = location


class FeedState(models.Model):
    """A single row: when anything the API publishes last changed."""

    changed_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        verbose_name = _("feed state")
        verbose_name_plural = _("feed state")

    def __str__(self):
        return f"changed {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def touch(cls):
        cls.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})

    @classmethod
    def last_changed(cls):
        # Asked for every answer the API gives, so written out in SQL: building the same
        # query through the ORM takes ten times as long as running it.
        field = cls._meta.get_field("changed_at")
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {quote(field.column)} FROM {quote(cls._meta.db_table)} "  # noqa: S608
                           f"WHERE {quote(cls._meta.pk.column)} = %s", [1])
            row = cursor.fetchone()
        if row is None:
            return None
        column = field.get_col(cls._meta.db_table)
        value = row[0]
        for convert in connection.ops.get_db_converters(column) + field.get_db_converters(connection):
            value = convert(value, column, connection)
        return value

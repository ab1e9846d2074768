"""Bookkeeping for Open Referral exchange: where imported records came from, and when the
published directory last changed (for the API's Last-Modified header)."""

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

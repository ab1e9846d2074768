from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PrintedDirectory(models.Model):
    """The printed directory as last made, which /directory.pdf hands to staff.

    Making it takes about a processor-minute for a thousand groups: too long for a web
    request. So the scheduled jobs make it whenever what it would print has changed
    (publishing.printed.remake_printed_directory), and the page hands over this copy, with
    the date it was made printed on it. It is kept in the database rather than in a file so
    that every app server hands over the same copy. Only the latest is kept.
    """

    made_at = models.DateTimeField(_("made"), default=timezone.now)
    groups = models.PositiveIntegerField(_("groups in it"))
    # The SHA-256 of the HTML it was made from: the same HTML would make the same PDF.
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    pdf = models.BinaryField(_("PDF"))

    class Meta:
        verbose_name = _("printed directory")
        verbose_name_plural = _("printed directories")
        get_latest_by = "made_at"

    def __str__(self):
        return f"Printed directory of {self.made_at:%Y-%m-%d %H:%M}"

    @property
    def filename(self) -> str:
        return f"directory-{timezone.localdate(self.made_at).isoformat()}.pdf"


class PrintRunQuerySet(models.QuerySet):
    def busy(self):
        return self.filter(state__in=PrintRun.BUSY)


class PrintRun(models.Model):
    """One making of the printed directory that a member of staff asked for from its page.

    The job runner makes it (`publishing.printed.run_queued`), reporting each stage and each
    page it lays out here, so the page can show how far it has got; a web request could not
    wait the half a minute a large directory takes. One is made at a time, whoever asks.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        GATHERING = "gathering", _("Gathering the groups")
        LAYING_OUT = "laying_out", _("Laying out the pages")
        WRITING = "writing", _("Writing the PDF")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Not made")

    BUSY = (State.QUEUED, State.GATHERING, State.LAYING_OUT, State.WRITING)

    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
                                 on_delete=models.SET_NULL, verbose_name=_("asked for by"))
    asked_at = models.DateTimeField(_("asked for"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.QUEUED)
    groups = models.PositiveIntegerField(_("groups in it"), null=True, blank=True)
    # Pages laid out so far, counting a page each time it is laid out (WeasyPrint lays them
    # out again to number the contents): the measure of progress against the last making.
    pages = models.PositiveIntegerField(_("pages laid out"), default=0)
    # Whether a new copy was made; False when the kept one was already the same.
    changed = models.BooleanField(_("made a new copy"), default=False)
    error = models.CharField(_("why it was not made"), max_length=200, blank=True)

    objects = PrintRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("making of the printed directory")
        verbose_name_plural = _("makings of the printed directory")
        ordering = ["-asked_at", "-pk"]

    def __str__(self):
        return f"Printed directory asked for {self.asked_at:%Y-%m-%d %H:%M}"

    @property
    def busy(self) -> bool:
        return self.state in self.BUSY

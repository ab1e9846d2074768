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

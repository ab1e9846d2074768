"""What the site keeps about itself: when each scheduled job last ran (for /healthz)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.text import validate_one_line


class JobRun(models.Model):
    """The last time a scheduled job (`run_jobs`) succeeded and failed: its dotted name and
    two times, nothing else, so the health page can tell a stopped job runner or a job that
    keeps failing."""

    job = models.CharField(_("job"), max_length=200, unique=True, validators=[validate_one_line])
    last_succeeded_at = models.DateTimeField(_("last succeeded"), null=True, blank=True)
    last_failed_at = models.DateTimeField(_("last failed"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")

    def __str__(self):
        return self.job

    @classmethod
    def record(cls, job: str, succeeded: bool, at=None) -> None:
        at = at or timezone.now()
        field = "last_succeeded_at" if succeeded else "last_failed_at"
        cls.objects.update_or_create(job=job, defaults={field: at})

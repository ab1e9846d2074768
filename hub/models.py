"""What the site keeps about itself: when each scheduled job last ran (for /healthz), and
which runner is running it now."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.text import validate_one_line


class JobRun(models.Model):
    """The last time a scheduled job (`run_jobs`) succeeded and failed: its dotted name and
    two times, nothing else, so the health page can tell a stopped job runner or a job that
    keeps failing. `running_until` is the lease of the runner running it now: several
    runners (on several machines, or cron beside `run_jobs --forever`) may start the same
    job at once, and only the one whose conditional UPDATE takes the lease runs it. A
    runner that dies mid-job holds it only until the lease ends."""

    job = models.CharField(_("job"), max_length=200, unique=True, validators=[validate_one_line])
    last_succeeded_at = models.DateTimeField(_("last succeeded"), null=True, blank=True)
    last_failed_at = models.DateTimeField(_("last failed"), null=True, blank=True)
    running_until = models.DateTimeField(_("being run until"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")

    def __str__(self):
        return self.job

    @classmethod
    def take(cls, job: str, lease_seconds: int, now=None) -> bool:
        """Whether this caller may run the job now: True once it holds the job's lease, False
        while another runner holds it."""
        now = now or timezone.now()
        cls.objects.get_or_create(job=job)
        return bool(cls.objects.filter(Q(running_until__isnull=True) | Q(running_until__lt=now), job=job).update(
            running_until=now + datetime.timedelta(seconds=lease_seconds)))

    @classmethod
    def record(cls, job: str, succeeded: bool, at=None) -> None:
        """The job's outcome, and its lease given up."""
        at = at or timezone.now()
        field = "last_succeeded_at" if succeeded else "last_failed_at"
        cls.objects.update_or_create(job=job, defaults={field: at, "running_until": None})


class Erasure(models.Model):
    """A record of personal details deleted for good (on time, withdrawn, erased on request,
    an account deleted, an address unsubscribed): which kind of record and its key (a
    reference or a number), never what it held. `manage.py restore` keeps this log as it
    is before restoring and deletes again everything in it afterwards, so a restored older
    backup never brings back what was erased since (hub/erasures.py)."""

    model = models.CharField(_("kind of record"), max_length=100, validators=[validate_one_line])
    key = models.CharField(_("its key"), max_length=100, validators=[validate_one_line])
    how = models.CharField(_("how it was counted"), max_length=32, blank=True, validators=[validate_one_line])
    at = models.DateTimeField(_("erased"), default=timezone.now)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        constraints = [models.UniqueConstraint(fields=["model", "key"], name="erasure_once")]

    def __str__(self):
        return f"{self.model} {self.key}"

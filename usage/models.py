"""Plain daily totals, and nothing about a person.

- `DailyCount`: how many clients opened a group's page or downloaded its leaflet, poster
  or calendar on a day. Kept: these are the numbers a group puts in a funding bid.
- `EmptySearch`: searches that found nothing, by their words and postcode district, per
  day. Kept, and shown to staff only where the words were searched for at least 5 times.
- `DailySalt` and `SeenToday`: what counts a client once a day without storing the client.
  A client is seen as a keyed hash of its address and what it opened, keyed by a salt
  made for the day; both are deleted the next day (usage.services.forget_past_days), so
  nothing links a client from one day to another, and nothing turns a hash back into an
  address.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.text import validate_one_line


class Kind(models.TextChoices):
    PAGE_VIEW = "page_view", _("Page views")
    LEAFLET = "leaflet", _("Leaflet downloads")
    POSTER = "poster", _("Poster downloads")
    CALENDAR = "ics", _("Calendar (.ics) downloads")


class DailyCount(models.Model):
    group = models.ForeignKey("directory.Group", related_name="daily_counts", on_delete=models.CASCADE)
    day = models.DateField(_("day"))
    kind = models.CharField(_("what was counted"), max_length=16, choices=Kind.choices)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")
        constraints = [models.UniqueConstraint(fields=["group", "day", "kind"], name="one_daily_count_per_kind")]

    def __str__(self):
        return f"{self.group_id} {self.day} {self.kind}: {self.count}"


# Search words are kept to this length, casefolded, spaces collapsed.
EMPTY_SEARCH_WORDS = 60


class EmptySearch(models.Model):
    day = models.DateField(_("day"))
    words = models.CharField(_("words"), max_length=EMPTY_SEARCH_WORDS, blank=True, validators=[validate_one_line])
    district = models.CharField(_("postcode district"), max_length=4, blank=True, validators=[validate_one_line])
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")
        constraints = [models.UniqueConstraint(fields=["day", "words", "district"], name="one_empty_search_per_day")]

    def __str__(self):
        return f"{self.day} “{self.words}” {self.district}: {self.count}"


class DailySalt(models.Model):
    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    def __str__(self):
        return str(self.day)


class SeenToday(models.Model):
    day = models.DateField()
    digest = models.CharField(max_length=64, unique=True)

    class Meta:
        indexes = [models.Index(fields=["day"], name="seen_today_day_idx")]

    def __str__(self):
        return f"{self.day} {self.digest[:8]}"

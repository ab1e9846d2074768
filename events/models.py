"""Events the hub and groups post for others to come to: an open day, a social, a fair.

A one-off event is not a meeting pattern (directory.Meeting keeps those): it has one date,
and it drops off every list the day after it happens, with no job to remove it.
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.geo import LocationError, bounding_box, great_circle_miles
from directory.models import Category, Group
from directory.postcodes import normalise_postcode
from directory.recurrence import LONDON
from lib.text import LABEL, LINE, NAME, OWN_WORDS, paragraphs, validate_one_line

# The most events any one list, feed or calendar file holds: plenty for a local hub's
# months ahead, and a bound on what one request costs.
MOST_LISTED = 200


class EventQuerySet(models.QuerySet):
    def public(self):
        """Events anyone may see: the hub's own, and those of groups every listing shows."""
        return self.filter(Q(group__isnull=True) | Q(group__in=Group.objects.listed()))

    def upcoming(self, today=None):
        """Public events today or later, soonest first. A cancelled one stays, marked, so
        that people who planned to go learn of it."""
        today = today or timezone.localdate()
        return self.public().filter(on_date__gte=today).order_by("on_date", "start_time", "title")

    def about(self, subjects):
        """Events about any of `subjects` (Category objects), or a subject under one of them."""
        ids = {pk for subject in subjects for pk in subject.with_children_ids()}
        return self.filter(subjects__in=ids).distinct() if ids else self

    def near(self, point, miles):
        """Events within `miles` of `point` (a directory.geo.Point), and the online ones,
        which anyone may join from anywhere."""
        min_lat, max_lat, min_lon, max_lon = bounding_box(point.latitude, point.longitude, miles)
        boxed = self.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))
        near = [pk for pk, lat, lon in boxed.values_list("pk", "latitude", "longitude")
                if great_circle_miles(point.latitude, point.longitude, lat, lon) <= miles]
        return self.filter(Q(pk__in=near) | Q(latitude__isnull=True, online=True))


class Event(models.Model):
    class Kind(models.TextChoices):
        OPEN_DAY = "open_day", _("Open day")
        SOCIAL = "social", _("Social")
        PUBLICITY = "publicity", _("Publicity event")
        FUNDRAISER = "fundraiser", _("Fund-raiser")
        TRAINING = "training", _("Training day")
        FAIR = "fair", _("Meet the groups fair")
        OTHER = "other", _("Other event")

    class OpenTo(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        GROUPS = "groups", _("People in self-help groups")
        VOLUNTEERS = "volunteers", _("Groups’ coordinators and volunteers")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="events",
        help_text=_("Empty for the self-help team’s own events."))
    title = models.CharField(_("title"), max_length=NAME, validators=[validate_one_line],
                             help_text=_("Example: “Open day at the Tinnitus Circle”."))
    kind = models.CharField(_("kind of event"), max_length=20, choices=Kind.choices, default=Kind.OPEN_DAY)
    description = models.TextField(_("what happens"), blank=True, **paragraphs(OWN_WORDS))
    on_date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True,
                                  help_text=_("Leave empty for an event that lasts all day."))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place_name = models.CharField(_("name of the place"), max_length=NAME, blank=True,
                                  validators=[validate_one_line])
    address = models.CharField(_("address"), max_length=NAME, blank=True, validators=[validate_one_line])
    town = models.CharField(_("town or city"), max_length=LABEL, blank=True, validators=[validate_one_line])
    postcode = models.CharField(_("postcode"), max_length=8, blank=True, validators=[validate_one_line])
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    online = models.BooleanField(_("online"), default=False)
    online_details = models.CharField(
        _("how to join online"), max_length=LINE, blank=True, validators=[validate_one_line],
        help_text=_("Example: “The link is sent when you get in touch.” Leave out links you would not want "
                    "anyone to find."))
    subjects = models.ManyToManyField(Category, blank=True, related_name="events", verbose_name=_("subjects"))
    open_to = models.CharField(_("who may come"), max_length=20, choices=OpenTo.choices, default=OpenTo.EVERYONE)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["on_date", "start_time"]
        indexes = [
            # Every list starts from the events still to come.
            models.Index(fields=["on_date"], name="event_date_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.on_date:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.postcode and self.latitude is None:
            self._locate()  # clean() places it when the postcode is changed
        elif not self.postcode:
            self.latitude = self.longitude = None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.uuid])

    def clean(self):
        errors = {}
        if self.end_time and not self.start_time:
            errors["start_time"] = ValidationError(_("Enter the start time too, or leave both empty."),
                                                   code="end_without_start")
        elif self.end_time and self.start_time and self.end_time <= self.start_time:
            errors["end_time"] = ValidationError(_("The end time should be after the start time."),
                                                 code="end_before_start")
        in_person = any([self.place_name, self.address, self.town, self.postcode])
        if not in_person and not self.online:
            errors["town"] = ValidationError(_("Say where the event is, or that it is online."), code="no_place")
        if in_person:
            for name, message in [("town", _("Enter the town.")), ("postcode", _("Enter the postcode."))]:
                if not getattr(self, name):
                    errors[name] = ValidationError(message, code="required")
        if self.postcode and "postcode" not in errors:
            try:
                self.postcode = normalise_postcode(self.postcode)
                self._locate()
            except (ValueError, LocationError) as error:
                errors["postcode"] = ValidationError(str(error), code="unknown_postcode")
        if errors:
            raise ValidationError(errors)

    def _locate(self):
        from directory.geo import geocoder

        point = geocoder().locate_postcode(self.postcode)
        self.latitude, self.longitude = point.latitude, point.longitude

    @property
    def posted_by(self) -> str:
        return self.group.name if self.group_id else ""

    @property
    def is_past(self) -> bool:
        return self.on_date < timezone.localdate()

    @property
    def place_lines(self) -> list[str]:
        return [line for line in [self.place_name, self.address, self.town, self.postcode] if line]

    @property
    def location(self) -> str:
        """One line for a calendar: the place, or "Online"."""
        if self.place_lines:
            return ", ".join(self.place_lines)
        return str(_("Online"))

    def starts(self) -> datetime.datetime | None:
        if self.start_time is None:
            return None
        return datetime.datetime.combine(self.on_date, self.start_time, tzinfo=LONDON)

    def ends(self) -> datetime.datetime | None:
        if self.end_time is None:
            return None
        return datetime.datetime.combine(self.on_date, self.end_time, tzinfo=LONDON)

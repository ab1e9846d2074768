"""Where an opportunity or a forum is for, and whether it reaches a group: written once here.

An item is for groups anywhere the directory covers (the default), for groups meeting in
some postcode areas or districts ("NG, DE, CM9", read by `directory.coverage.parse_areas`),
or for groups meeting within some miles of a place (a postcode or a town, placed by the
directory's geocoder). A town is a place to measure from, not a district: a town's name
gives the district at its centre, and a town is wider than that.

Where a group meets is where it meets in person: its venues. A group that meets only
online has no place, so it hears only about items for anywhere. A group can also say how
far from where it meets it wants to hear about (`Preferences.miles`): that is measured
from the place an item is within some miles of; an item for some districts is local to
each of them by definition.

`AreaMixin.reaches` is the rule. `groups_reached` (who is emailed) and `AreaQuerySet.reaching`
(what a group sees) both call it.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from directory.coverage import covers, parse_areas
from directory.geo import MAX_PLACE_LENGTH, LocationError, geocoder, great_circle_miles
from lib.text import LINE, validate_one_line

MAX_MILES = 100
# What a group can choose for how far from where it meets it wants to hear about.
DISTANCES = (5, 10, 25)


class AreaKind(models.TextChoices):
    ANYWHERE = "anywhere", gettext_lazy("Groups anywhere the directory covers")
    DISTRICTS = "districts", gettext_lazy("Groups meeting in some postcode areas or districts")
    NEAR = "near", gettext_lazy("Groups meeting within some miles of a town or postcode")


@dataclass(frozen=True)
class Place:
    """Where a group meets in person: the venue's postcode district and its point."""

    district: str
    latitude: float | None
    longitude: float | None


def places_of(group) -> list[Place]:
    """The places where `group` meets in person (prefetches `meetings__venue` unless done)."""
    prefetch_related_objects([group], "meetings__venue")
    return [Place(meeting.venue.district, meeting.venue.latitude, meeting.venue.longitude)
            for meeting in group.meetings.all() if meeting.in_person and meeting.venue_id]


class AreaMixin(models.Model):
    """Where an opportunity or a forum is for. Existing rows, and anything not limited, are
    for anywhere."""

    area_kind = models.CharField(
        gettext_lazy("which groups it is for"), max_length=12, choices=AreaKind.choices,
        default=AreaKind.ANYWHERE,
    )
    areas = models.CharField(
        gettext_lazy("postcode areas or districts"), max_length=LINE, blank=True, validators=[validate_one_line],
        help_text=gettext_lazy("If you chose postcode areas or districts: for example “NG, DE, CM9”. NG is "
                               "every district starting NG; CM9 is one district."),
    )
    place = models.CharField(
        gettext_lazy("town or postcode"), max_length=MAX_PLACE_LENGTH, blank=True,
        validators=[validate_one_line],
        help_text=gettext_lazy("If you chose a distance: where to measure from, for example “Nottingham” or "
                               "“NG7 2UH”."),
    )
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    miles = models.PositiveSmallIntegerField(
        gettext_lazy("distance in miles"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MILES)],
        help_text=gettext_lazy("If you chose a distance: from 1 to 100 miles."),
    )

    AREA_FIELDS = ("area_kind", "areas", "place", "latitude", "longitude", "miles")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Saved without a form (the demo, a test): a distance's centre is placed here.
        if self.area_kind == AreaKind.NEAR and self.place and (self.latitude is None or self.longitude is None):
            self.locate()
        super().save(*args, **kwargs)

    def area_entries(self) -> list[str]:
        try:
            return parse_areas(self.areas)
        except ValueError:  # stored before a check, or by hand: read what can be read
            return [word for word in self.areas.replace(",", " ").upper().split() if word]

    def area_in_words(self) -> str:
        """"Anywhere", "Groups meeting in NG, DE", "Within 10 miles of Nottingham"."""
        if self.area_kind == AreaKind.DISTRICTS:
            return _("Groups meeting in %(areas)s") % {"areas": ", ".join(self.area_entries())}
        if self.area_kind == AreaKind.NEAR:
            return ngettext("Within %(miles)s mile of %(place)s", "Within %(miles)s miles of %(place)s",
                            self.miles or 0) % {"miles": self.miles, "place": self.place}
        return _("Anywhere")

    def reaches(self, places, miles=None) -> bool:
        """Whether this reaches a group meeting in person at `places` (places_of) that wants to
        hear about things within `miles` of where it meets (None: any distance).

        For anywhere: every group, online-only ones too. For some districts: a group meeting
        in one of them. Within some miles of a place: a group meeting that close, and no
        further from it than the group's own distance."""
        if self.area_kind == AreaKind.DISTRICTS:
            entries = self.area_entries()
            return any(covers(entries, place.district) for place in places)
        if self.area_kind == AreaKind.NEAR:
            if self.latitude is None or self.longitude is None or not self.miles:
                return False
            limit = self.miles if miles is None else min(self.miles, miles)
            return any(place.latitude is not None and place.longitude is not None
                       and great_circle_miles(self.latitude, self.longitude, place.latitude, place.longitude)
                       <= limit for place in places)
        return True

    def locate(self):
        """Place a distance's centre with the geocoder (LocationError if it can't)."""
        point = geocoder().locate(self.place)
        self.latitude, self.longitude = point.latitude, point.longitude
        self.place = point.label or self.place

    def clean_area(self) -> dict:
        """The area's rule, for the form and anything else that saves one: what each choice
        needs, in plain messages. Keeps only what the choice uses, in a standard form."""
        errors = {}
        if self.area_kind == AreaKind.DISTRICTS:
            try:
                entries = parse_areas(self.areas)
            except ValueError as error:
                errors["areas"] = ValidationError(str(error), code="bad_areas")
            else:
                if entries:
                    self.areas = ", ".join(entries)
                else:
                    errors["areas"] = ValidationError(
                        _("Type the postcode areas or districts, for example “NG, DE, CM9”."), code="no_areas")
            self.place, self.latitude, self.longitude, self.miles = "", None, None, None
        elif self.area_kind == AreaKind.NEAR:
            if not (self.place or "").strip():
                errors["place"] = ValidationError(_("Type the town or postcode to measure from."), code="no_place")
            else:
                try:
                    self.locate()
                except LocationError as error:
                    errors["place"] = ValidationError(str(error), code="unknown_place")
            if not self.miles:
                errors["miles"] = ValidationError(_("Enter a distance from 1 to 100 miles."), code="no_miles")
            self.areas = ""
        else:
            self.areas, self.place, self.latitude, self.longitude, self.miles = "", "", None, None, None
        return errors


class AreaQuerySet(models.QuerySet):
    def reaching(self, group, preferences=None):
        """Those whose area reaches where `group` meets, within the distance it chose."""
        limited = list(self.exclude(area_kind=AreaKind.ANYWHERE).order_by().only("pk", *AreaMixin.AREA_FIELDS))
        if not limited:
            return self
        places = places_of(group)
        miles = preferences.miles if preferences else None
        away = [item.pk for item in limited if not item.reaches(places, miles)]
        return self.exclude(pk__in=away) if away else self


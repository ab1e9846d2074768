"""Partners whose websites show the finder in a frame (embeds.views.finder).

A partner is a GP practice, a ward or a council page. Staff register its website's origin;
only that origin may frame the finder (the page's `frame-ancestors`), and every other page
of the site refuses to be framed at all (hub.middleware.SecurityHeadersMiddleware).
"""

import re
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.forms import DEFAULT_DISTANCE, DISTANCES
from directory.geo import MAX_PLACE_LENGTH, LocationError, geocoder
from directory.models import Category
from lib.text import LINE, NAME, validate_one_line

# An https origin and nothing more: a host (letters, digits, dots and hyphens; an
# international name in its xn-- form) and perhaps a port. No path, query, user or
# wildcard, so that it can go into a Content-Security-Policy header as it is.
ORIGIN = re.compile(r"https://[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?::[0-9]{1,5})?")


def normal_origin(value: str) -> str:
    """The origin as it is stored and sent: lower case, without a final slash."""
    value = (value or "").strip().lower()
    return value[:-1] if value.endswith("/") else value


def validate_origin(value: str) -> None:
    if not ORIGIN.fullmatch(normal_origin(value)):
        raise ValidationError(
            _("Enter the website’s address as https:// and its name only, with no page after it. "
              "For example: https://www.riverside-surgery.nhs.uk"),
            code="invalid_origin",
        )


def new_key() -> str:
    return secrets.token_urlsafe(12)


class PartnerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Partner(models.Model):
    """A website that may show the finder, perhaps fixed to some subjects and to an area."""

    name = models.CharField(
        _("name"), max_length=NAME, validators=[validate_one_line],
        help_text=_("Who the partner is. Example: “Riverside Surgery”."),
    )
    origin = models.CharField(
        _("website"), max_length=LINE, unique=True, validators=[validate_one_line, validate_origin],
        help_text=_("The address of the partner’s website: https:// and its name, no page. Only pages of this "
                    "website may show the finder. Example: “https://www.riverside-surgery.nhs.uk”."),
    )
    key = models.CharField(
        _("key"), max_length=40, unique=True, default=new_key, editable=False, validators=[validate_one_line],
        help_text=_("Part of the finder’s address; not the record’s number, so that addresses cannot be guessed."),
    )
    subjects = models.ManyToManyField(
        Category, blank=True, related_name="+", verbose_name=_("subjects"),
        help_text=_("Left empty, the finder searches every subject. Chosen, it finds only groups about these."),
    )
    place = models.CharField(
        _("place"), max_length=MAX_PLACE_LENGTH, blank=True, validators=[validate_one_line],
        help_text=_("Left empty, people enter their own postcode or town. Filled in, the finder searches near "
                    "this place only. Example: “NG7 2UH” or “Derby”."),
    )
    distance = models.PositiveSmallIntegerField(
        _("distance in miles"), choices=[(d, d) for d in DISTANCES], default=DEFAULT_DISTANCE,
        help_text=_("How far from the place the finder looks, when a place is filled in."),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Off: the finder on this website shows nothing, and the address "
                                                 "answers “not found”."),
    )
    created = models.DateTimeField(_("added"), auto_now_add=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner website")
        verbose_name_plural = _("partner websites")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        self.origin = normal_origin(self.origin)
        if self.place:
            try:
                geocoder().locate(self.place)
            except LocationError as error:
                raise ValidationError({"place": str(error)}) from None

    def point(self):
        """Where the finder searches from, or None when people say where."""
        if not self.place:
            return None
        try:
            return geocoder().locate(self.place)
        except LocationError:
            # Checked when saved; a place the look-up no longer knows searches everywhere.
            return None

    def subject_ids(self) -> tuple[int, ...]:
        """The chosen subjects and those under them: what the finder is fixed to (empty: all)."""
        ids = set()
        for subject in self.subjects.all():
            ids.update(subject.with_children_ids())
        return tuple(sorted(ids))

    def subjects_text(self) -> str:
        """“Carers or Dementia carers”, in the reader's language; "" when not fixed."""
        return get_text_list([subject.label for subject in self.subjects.all()], gettext("or"))

    def place_label(self) -> str:
        """The fixed place as the search names it; "" when people say where."""
        point = self.point()
        return (point.label or self.place) if point else ""

"""The support exchange: what groups ask for, what practitioners and agencies offer, and
the arrangements, visits and talks they agree — always on the group's terms.

- A `SupportRequest` is a group asking for one kind of help.
- An `Offer` is a standing offer of a resource or help. It belongs to an agency, so it
  outlasts the member of staff who wrote it; `contact` is whoever answers for it now.
- A `Match` is a practitioner put forward for a request (by themselves, by staff or at
  the group's asking). It is not an agreement.
- An `Arrangement` exists only once the group accepts. It records what was agreed, the
  role the practitioner takes, their limits as they stood, and a review date.
- A `VisitRequest` is a practitioner asking to come to a meeting as a guest.
- `TalkWanted` (a team would welcome a talk), `TalkOffer` (a group offers a talk) and
  `TalkBooking` (fixed only when both sides have agreed).
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import in_agency
from directory.geo import great_circle_miles
from lib.text import LABEL, LINE, MESSAGE, NAME, OWN_WORDS, paragraphs, validate_one_line

from .kinds import KINDS, ROLE_EXPLAINED, Kind, Role, is_room

MAX_CAPACITY = 1000
MAX_FEE = 10000


class Placed(models.Model):
    """Somewhere on the map, as the person typed it (a postcode or a town)."""

    place = models.CharField(_("postcode or town"), max_length=60, validators=[validate_one_line])
    area_label = models.CharField(_("area"), max_length=60, blank=True, editable=False, validators=[validate_one_line])
    latitude = models.FloatField(_("latitude"), editable=False)
    longitude = models.FloatField(_("longitude"), editable=False)

    class Meta:
        abstract = True

    def set_point(self, point):
        self.latitude, self.longitude = point.latitude, point.longitude
        self.place = point.label or self.place
        self.area_label = area_label(self.place)

    def miles_to(self, other) -> float:
        return great_circle_miles(self.latitude, self.longitude, other.latitude, other.longitude)


def area_label(place: str) -> str:
    """'NG7 2AB' → 'NG7'; a town stays as it is. Staff see requests grouped by this."""
    from directory.postcodes import is_full_postcode, normalise_outward, normalise_postcode

    text = (place or "").strip()
    try:
        if is_full_postcode(text):
            return normalise_postcode(text).split(" ")[0]
        return normalise_outward(text) or text.title()
    except ValueError:
        return text.title()


class PractitionerProfile(Placed):
    """What a practitioner can offer groups: the roles they take, where, and their limits.

    Groups read this before they accept anything.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, related_name="support_profile", on_delete=models.CASCADE)
    roles = models.JSONField(_("roles you can take"), default=list)
    radius_miles = models.PositiveSmallIntegerField(
        _("how far you cover, in miles"), default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    limits = models.TextField(
        _("your limits"), blank=True, **paragraphs(MESSAGE),
        help_text=_("One on each line. Shown to groups before they agree anything."),
    )
    about = models.TextField(_("how you can help"), blank=True, **paragraphs(OWN_WORDS))
    subjects = models.ManyToManyField("directory.Category", blank=True, related_name="+",
                                      verbose_name=_("subjects you know about"))
    # Shown only to a group the practitioner has agreed something with, once it is agreed
    # (support.contacts): never before.
    contact_phone = models.CharField(_("work phone"), max_length=30, blank=True, validators=[validate_one_line])
    contact_email = models.EmailField(_("work email"), blank=True, validators=[validate_one_line])
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("practitioner’s profile")
        verbose_name_plural = _("practitioners’ profiles")
        indexes = [models.Index(fields=["latitude", "longitude"], name="support_profile_point_idx")]

    def __str__(self):
        return str(self.user)

    @property
    def limits_list(self) -> list[str]:
        return limits_list(self.limits)

    @property
    def role_labels(self) -> list[tuple[str, str]]:
        return [(Role(role).label, ROLE_EXPLAINED[Role(role)]) for role in self.roles if role in Role.values]

    def covers(self, placed) -> bool:
        return self.miles_to(placed) <= self.radius_miles


def limits_list(text: str) -> list[str]:
    return [line.strip(" -•*\t") for line in (text or "").splitlines() if line.strip(" -•*\t")]


class AgencyGroup(models.Model):
    """A group an agency keeps on its list as relevant to its service. The list belongs to
    the agency, not to the person who added the group."""

    agency = models.ForeignKey("accounts.Agency", related_name="group_list", on_delete=models.CASCADE)
    group = models.ForeignKey("directory.Group", related_name="agency_lists", on_delete=models.CASCADE)
    note = models.CharField(_("why it is relevant"), max_length=LINE, blank=True, validators=[validate_one_line])
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
                                 on_delete=models.SET_NULL)
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("group on an agency’s list")
        verbose_name_plural = _("groups on agencies’ lists")
        ordering = ["group__name"]
        constraints = [models.UniqueConstraint(fields=["agency", "group"], name="support_group_once_per_agency")]

    def __str__(self):
        return f"{self.agency}: {self.group}"


class OfferQuerySet(models.QuerySet):
    def live(self):
        today = timezone.localdate()
        return self.filter(is_active=True).filter(Q(available_until__isnull=True) | Q(available_until__gte=today))


class Offer(Placed):
    """A resource or help an agency offers groups."""

    agency = models.ForeignKey("accounts.Agency", related_name="support_offers", on_delete=models.CASCADE,
                               verbose_name=_("agency"))
    team = models.ForeignKey("accounts.Team", null=True, blank=True, related_name="support_offers",
                             on_delete=models.SET_NULL, verbose_name=_("team"))
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="support_offers",
        on_delete=models.SET_NULL, verbose_name=_("contact"),
        help_text=_("Who answers for this offer now. Anyone in the agency can take it on."),
    )
    kind = models.CharField(_("kind of help"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=NAME, validators=[validate_one_line])
    description = models.TextField(_("what you offer"), **paragraphs(OWN_WORDS))
    capacity = models.PositiveIntegerField(
        _("how many people the room holds"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
    )
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    parking = models.BooleanField(_("parking"), default=False)
    cost = models.CharField(_("cost"), max_length=LINE, blank=True, validators=[validate_one_line])
    times = models.CharField(_("when it is available"), max_length=LINE, blank=True,
                             validators=[validate_one_line])
    available_until = models.DateField(_("available until"), null=True, blank=True)
    is_active = models.BooleanField(_("offered now"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer of support")
        verbose_name_plural = _("offers of support")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["kind", "is_active"], name="support_offer_kind_idx"),
            models.Index(fields=["latitude", "longitude"], name="support_offer_point_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
                name="support_offer_capacity_possible",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("support:offer", args=[self.pk])

    @property
    def is_room(self) -> bool:
        return is_room(self.kind)

    @property
    def access_features(self) -> list[str]:
        labels = [(self.step_free, _("Step-free access")), (self.hearing_loop, _("Hearing loop")),
                  (self.accessible_toilet, _("Accessible toilet")), (self.parking, _("Parking"))]
        return [label for present, label in labels if present]

    @property
    def current_contact(self):
        """The contact, if they still work for the agency; None once they have moved on."""
        return self.contact if in_agency(self.contact, self.agency_id) else None


class SupportRequest(Placed):
    """A group asking for one kind of help."""

    class Visibility(models.TextChoices):
        STAFF = "staff", _("Only our staff can see it")
        AREA = "area", _("Our staff, and professionals who work in the area, can see it")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ARRANGED = "arranged", _("Arranged")
        CLOSED = "closed", _("Closed by the group")

    group = models.ForeignKey("directory.Group", related_name="support_requests", on_delete=models.CASCADE)
    kind = models.CharField(_("what would help"), max_length=32, choices=Kind.choices)
    note = models.TextField(_("anything else to say"), blank=True, **paragraphs(MESSAGE))
    people = models.PositiveIntegerField(
        _("about how many people come"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
    )
    needs_step_free = models.BooleanField(_("we need step-free access"), default=False)
    visibility = models.CharField(_("who can see this request"), max_length=8, choices=Visibility.choices,
                                  default=Visibility.AREA)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
                                   on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("asked on"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "visibility"], name="support_request_open_idx"),
            models.Index(fields=["latitude", "longitude"], name="support_request_point_idx"),
        ]

    def __str__(self):
        return f"{self.group}: {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("support:request", args=[self.pk])

    @property
    def area(self) -> str:
        return KINDS[self.kind].area.label if self.kind in KINDS else ""

    @property
    def is_room(self) -> bool:
        return is_room(self.kind)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Match(models.Model):
    """A practitioner (and perhaps one of their agency's offers) put forward for a request."""

    class MadeBy(models.TextChoices):
        GROUP = "group", _("The group asked")
        PRACTITIONER = "practitioner", _("The practitioner offered")
        STAFF = "staff", _("Suggested by our staff")

    class Status(models.TextChoices):
        WAITING_FOR_PRACTITIONER = "asked", _("Waiting for the practitioner")
        WAITING_FOR_GROUP = "offered", _("Waiting for the group")
        ACCEPTED = "accepted", _("Agreed")
        DECLINED = "declined", _("Not this time")
        CLOSED = "closed", _("No longer needed")

    request = models.ForeignKey(SupportRequest, related_name="matches", on_delete=models.CASCADE)
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="support_matches",
                                     on_delete=models.CASCADE)
    offer = models.ForeignKey(Offer, null=True, blank=True, related_name="matches", on_delete=models.SET_NULL)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    message = models.TextField(_("message"), blank=True, **paragraphs(MESSAGE))
    made_by = models.CharField(max_length=12, choices=MadeBy.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("suggested match")
        verbose_name_plural = _("suggested matches")
        ordering = ["created_at"]
        constraints = [
            # One live suggestion per practitioner and request, so nobody is asked twice at once.
            models.UniqueConstraint(fields=["request", "practitioner"], condition=Q(status__in=["asked", "offered"]),
                                    name="support_one_live_match"),
        ]

    def __str__(self):
        return f"{self.request} ← {self.practitioner}"

    @property
    def is_live(self) -> bool:
        return self.status in (self.Status.WAITING_FOR_PRACTITIONER, self.Status.WAITING_FOR_GROUP)


class Arrangement(models.Model):
    """Support a group has agreed to, on its terms. Reviewed, and can end: ending is normal."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Going on")
        ENDED = "ended", _("Ended")

    group = models.ForeignKey("directory.Group", related_name="support_arrangements", on_delete=models.CASCADE)
    request = models.ForeignKey(SupportRequest, null=True, blank=True, related_name="arrangements",
                                on_delete=models.SET_NULL)
    offer = models.ForeignKey(Offer, null=True, blank=True, related_name="arrangements", on_delete=models.SET_NULL)
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, related_name="support_arrangements",
                               on_delete=models.SET_NULL)
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     related_name="support_arrangements", on_delete=models.SET_NULL)
    kind = models.CharField(_("kind of help"), max_length=32, choices=Kind.choices)
    agreed = models.TextField(_("what you agree"), **paragraphs(MESSAGE))
    role = models.CharField(_("the practitioner’s role"), max_length=20, choices=Role.choices)
    limits = models.TextField(_("the practitioner’s limits"), blank=True, **paragraphs(MESSAGE),
                              help_text=_("As they stood when the group agreed."))
    review_on = models.DateField(_("review date"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("agreed on"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended on"), null=True, blank=True)
    # The review date a reminder was last sent for, so each review is announced once.
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("support arrangement")
        verbose_name_plural = _("support arrangements")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "review_on"], name="support_arrangement_review_idx")]

    def __str__(self):
        return f"{self.group}: {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("support:arrangement", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def review_due(self) -> bool:
        return self.is_active and self.review_on <= timezone.localdate()

    @property
    def limits_list(self) -> list[str]:
        return limits_list(self.limits)

    @property
    def role_explained(self) -> str:
        return ROLE_EXPLAINED.get(self.role, "")


class Side(models.TextChoices):
    GROUP = "group", _("The group")
    PRACTITIONER = "practitioner", _("The practitioner")
    STAFF = "staff", _("Our staff")


class ArrangementEvent(models.Model):
    class Action(models.TextChoices):
        MADE = "made", _("Agreed")
        RENEWED = "renewed", _("Kept going")
        CHANGED = "changed", _("Changed")
        ENDED = "ended", _("Ended")

    arrangement = models.ForeignKey(Arrangement, related_name="events", on_delete=models.CASCADE)
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
                             on_delete=models.SET_NULL)
    side = models.CharField(max_length=12, choices=Side.choices)
    action = models.CharField(max_length=8, choices=Action.choices)
    review_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True, **paragraphs(MESSAGE))

    class Meta:
        verbose_name = _("change to an arrangement")
        verbose_name_plural = _("changes to arrangements")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.arrangement}: {self.get_action_display()}"


class VisitRequest(models.Model):
    """A practitioner asking to come to a meeting as the group's guest."""

    class Status(models.TextChoices):
        ASKED = "asked", _("Waiting for the group")
        OTHER_DATE = "other_date", _("The group suggested another date")
        ACCEPTED = "accepted", _("The group said yes")
        DECLINED = "declined", _("The group said no, thank you")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CALLED_OFF = "called_off", _("The group has called it off")

    group = models.ForeignKey("directory.Group", related_name="visit_requests", on_delete=models.CASCADE)
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="visit_requests",
                                     on_delete=models.CASCADE)
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    date = models.DateField(_("date of the meeting"))
    purpose = models.TextField(_("why you would like to come"), **paragraphs(MESSAGE))
    other_date = models.DateField(_("another date"), null=True, blank=True)
    group_message = models.TextField(_("message from the group"), blank=True, **paragraphs(MESSAGE))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ASKED)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("request to visit a meeting")
        verbose_name_plural = _("requests to visit meetings")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.practitioner} → {self.group} ({self.date})"

    def get_absolute_url(self):
        return reverse("support:visit", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.ASKED, self.Status.OTHER_DATE)

    @property
    def can_be_called_off(self) -> bool:
        """The group may call off a visit it said yes to, or the other date it suggested,
        at any time and without a reason."""
        return self.status in (self.Status.ACCEPTED, self.Status.OTHER_DATE)


class TalkWanted(models.Model):
    """A team would welcome a talk from groups about a subject."""

    agency = models.ForeignKey("accounts.Agency", related_name="talks_wanted", on_delete=models.CASCADE)
    team = models.ForeignKey("accounts.Team", null=True, blank=True, related_name="talks_wanted",
                             on_delete=models.SET_NULL)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
                                  on_delete=models.SET_NULL)
    topic = models.CharField(_("what the talk would be about"), max_length=NAME, validators=[validate_one_line])
    details = models.TextField(_("more about it"), blank=True, **paragraphs(MESSAGE))
    audience = models.CharField(_("who would be listening"), max_length=LINE, validators=[validate_one_line])
    when = models.CharField(_("when would suit you"), max_length=LINE, blank=True, validators=[validate_one_line])
    fee = models.DecimalField(_("fee, in pounds"), max_digits=7, decimal_places=2, null=True, blank=True,
                              validators=[MinValueValidator(0), MaxValueValidator(MAX_FEE)])
    reply_by = models.DateField(_("reply by"), null=True, blank=True)
    is_open = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("talk wanted from groups")
        verbose_name_plural = _("talks wanted from groups")
        ordering = ["-created_at"]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("support:talk-wanted", args=[self.pk])


class TalkOffer(models.Model):
    """A group offers a talk or training for professionals."""

    group = models.ForeignKey("directory.Group", related_name="talk_offers", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=NAME, validators=[validate_one_line])
    details = models.TextField(_("what you would talk about"), **paragraphs(OWN_WORDS))
    audience = models.CharField(_("who it is for"), max_length=LINE, blank=True, validators=[validate_one_line])
    length = models.CharField(_("how long it takes"), max_length=LABEL, blank=True, validators=[validate_one_line])
    fee = models.DecimalField(_("fee, in pounds"), max_digits=7, decimal_places=2, null=True, blank=True,
                              validators=[MinValueValidator(0), MaxValueValidator(MAX_FEE)])
    is_open = models.BooleanField(_("open"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
                                   on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("talk offered by a group")
        verbose_name_plural = _("talks offered by groups")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("support:talk-offer", args=[self.pk])


class TalkBooking(models.Model):
    """A talk between a group and an agency. Fixed only once both sides have agreed the date."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Being agreed")
        FIXED = "fixed", _("Fixed")
        DECLINED = "declined", _("Not going ahead")
        CANCELLED = "cancelled", _("Called off")

    talk_wanted = models.ForeignKey(TalkWanted, null=True, blank=True, related_name="bookings",
                                    on_delete=models.CASCADE)
    talk_offer = models.ForeignKey(TalkOffer, null=True, blank=True, related_name="bookings",
                                   on_delete=models.CASCADE)
    group = models.ForeignKey("directory.Group", related_name="talk_bookings", on_delete=models.CASCADE)
    agency = models.ForeignKey("accounts.Agency", related_name="talk_bookings", on_delete=models.CASCADE)
    contact = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="talk_bookings",
                                on_delete=models.SET_NULL)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    place = models.CharField(_("where"), max_length=NAME, blank=True, validators=[validate_one_line])
    online = models.BooleanField(_("online (the link is sent later)"), default=False)
    fee = models.DecimalField(_("fee, in pounds"), max_digits=7, decimal_places=2, null=True, blank=True)
    group_agreed = models.BooleanField(default=False)
    agency_agreed = models.BooleanField(default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("talk being arranged")
        verbose_name_plural = _("talks being arranged")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(talk_wanted__isnull=False, talk_offer__isnull=True)
                           | Q(talk_wanted__isnull=True, talk_offer__isnull=False)),
                name="support_booking_has_one_source",
            ),
        ]

    def __str__(self):
        return f"{self.title}: {self.group} and {self.agency}"

    def get_absolute_url(self):
        return reverse("support:booking", args=[self.pk])

    @property
    def title(self) -> str:
        return self.talk_wanted.topic if self.talk_wanted_id else self.talk_offer.title

    @property
    def is_live(self) -> bool:
        return self.status in (self.Status.PROPOSED, self.Status.FIXED)

    @property
    def time_and_place_known(self) -> bool:
        """A talk is agreed only once both know when it starts and where (or that it is online)."""
        return self.start_time is not None and (bool(self.place) or self.online)


class TalkNote(models.Model):
    """A message on a talk booking, from either side."""

    booking = models.ForeignKey(TalkBooking, related_name="notes", on_delete=models.CASCADE)
    side = models.CharField(max_length=12, choices=Side.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
                             on_delete=models.SET_NULL)
    text = models.TextField(**paragraphs(MESSAGE))
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("message about a talk")
        verbose_name_plural = _("messages about talks")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.booking}: {self.text[:40]}"


def review_date_default(today: datetime.date | None = None) -> datetime.date:
    """Three months from today: long enough to judge, short enough to stay the group's choice."""
    today = today or timezone.localdate()
    month = today.month + 3
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = min(today.day, 28)
    return datetime.date(year, month, day)


class GroupSupportContact(models.Model):
    """How a professional reaches the group once something is agreed: chosen by its
    coordinators; until they choose, the group's public details (support.contacts)."""

    group = models.OneToOneField("directory.Group", related_name="support_contact", on_delete=models.CASCADE)
    name = models.CharField(_("who to ask for"), max_length=NAME, blank=True, validators=[validate_one_line])
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_one_line])
    email = models.EmailField(_("email"), blank=True, validators=[validate_one_line])
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("group’s contact for professionals")
        verbose_name_plural = _("groups’ contacts for professionals")

    def __str__(self):
        return str(self.group)

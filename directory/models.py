"""The directory: categories, groups, venues and meetings.

Names follow the Human Services Data Specification (HSDS 3) where they fit, so that an
Open Referral export is a mapping: Category ~ taxonomy_term, Group ~ organization +
service, Venue ~ location + address, Meeting ~ schedule + service_at_location.
"""

import dataclasses
import datetime
import decimal
import functools
import uuid
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from accounts import roles
from hub.phones import normalise_helpline_phone, normalise_uk_phone
from lib import email_addresses
from lib.numbers import pounds
from lib.text import LABEL, LINE, LONG_LINE, MESSAGE, NAME, OWN_WORDS, paragraphs, validate_one_line

from . import recurrence, visibility
from .language_names import language_label
from .postcodes import normalise_postcode

LONDON = ZoneInfo("Europe/London")


class Category(models.Model):
    """An issue a group forms around. Two levels: a parent and its children."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, related_name="children", on_delete=models.PROTECT,
        verbose_name=_("part of"),
    )
    name = models.CharField(_("name"), max_length=LABEL, validators=[validate_one_line])
    slug = models.SlugField(_("short name for links"), max_length=100, unique=True)
    keywords = models.CharField(
        _("other words for it"), max_length=LONG_LINE, blank=True, validators=[validate_one_line],
        help_text=_("Searched but never shown. Example: “sugar insulin” for diabetes."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    crisis_signpost = models.BooleanField(
        _("show where to get help now"), default=False,
        help_text=_("On this subject’s page and its groups’ pages, a box says where to get help at once "
                    "(999, NHS 111, Samaritans). Subjects under this one show it too. Every page has it in "
                    "its footer."),
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("directory:search") + f"?category={self.slug}"

    @property
    def label(self) -> str:
        """The name in the reader's language: the seeded subjects are translated
        (subject_names.py); a subject staff added shows as they typed it until its name is
        added there. `name`, in English, is what the search index, the Open Referral API and
        its exports use."""
        return gettext(self.name) if self.name else ""

    @property
    def label_with_parent(self) -> str:
        """“Carers: Young carers”, in the reader's language, for lists of every subject."""
        if self.parent_id:
            return f"{self.parent.label}: {self.label}"
        return self.label

    def clean(self):
        # Two levels and no loops: search, the subject pages and Open Referral's taxonomy all
        # read a category as either top-level or directly under one.
        if not self.parent_id:
            return
        if self.parent_id == self.pk:
            raise ValidationError(
                {"parent": ValidationError(_("A category can’t be part of itself."), code="own_parent")})
        if self.pk and self.children.exists():
            raise ValidationError({"parent": ValidationError(
                _("This category has categories under it, so it stays top-level."), code="has_children")})
        if self.parent.parent_id:
            raise ValidationError({"parent": ValidationError(
                _("Categories have two levels: choose a top-level category."), code="too_deep")})

    def with_children_ids(self) -> list[int]:
        return [self.pk, *self.children.values_list("pk", flat=True)]

    @property
    def shows_crisis_signpost(self) -> bool:
        """This subject, or the one it is part of, is one where people may need help at once."""
        return self.crisis_signpost or bool(self.parent_id and self.parent.crisis_signpost)


def related_category_ids(categories) -> set[int]:
    """The categories given, their parents and their children.

    A group that asked about "Mental health" hears about "Depression and anxiety", and a
    group that asked about "Depression and anxiety" hears about "Mental health" in general;
    it does not hear about "Eating problems".
    """
    ids = {category.pk for category in categories}
    if not ids:
        return set()
    related = Category.objects.filter(Q(pk__in=ids) | Q(parent__in=ids) | Q(children__in=ids))
    return set(related.values_list("pk", flat=True))


class Language(models.Model):
    code = models.CharField(_("code"), max_length=12, unique=True, validators=[validate_one_line])
    name = models.CharField(_("name"), max_length=LABEL, validators=[validate_one_line])

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language (language_names.py); `name`, as stored, is what
        the search index and the Open Referral API use."""
        return language_label(self.code, self.name, get_language())


class GroupQuerySet(models.QuerySet):
    # The two visibility tiers are defined in visibility.py; README's architecture section
    # says which surface uses which.
    def reachable(self):
        """Groups whose own page answers: published and not closed."""
        return self.filter(visibility.reachable_q())

    def listed(self, today=None):
        """Groups every listing shows: reachable and not hidden by the freshness rules."""
        return self.filter(visibility.listed_q(today=today))

    def coordinated_by(self, user):
        """The groups `user` coordinates (accounts.roles.is_coordinator, as a query)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(coordinators__user=user) & roles.coordinator_q("coordinators__user__"))

    def looking_for_help(self):
        """Groups asking for a new coordinator or for volunteers (what the group's page says,
        and what bulletins list): call it on `listed()`, which decides who is shown."""
        return self.filter(Q(looking_for_coordinator=True) | Q(looking_for_volunteers=True))

    def open_to_groups(self):
        """Groups other groups may write to through the hub: open to contact, and with a
        coordinator on the hub to read what is sent (a group kept by the self-help team has
        nobody). The network's search shows these among `listed()` groups (network/)."""
        return self.filter(open_to_groups=True).filter(models.Exists(
            Coordinator.objects.filter(group=models.OuterRef("pk")).filter(roles.coordinator_q("user__"))))

    def with_coordinator_on_hub(self):
        """Each group annotated `coordinator_on_hub`, so that `takes_introductions` asks no
        query per group in a list of results."""
        return self.annotate(coordinator_on_hub=models.Exists(
            Coordinator.objects.filter(group=models.OuterRef("pk")).filter(roles.coordinator_q("user__"))))


# The listing form's answer when the group says nothing else: kept in English, shown in the
# reader's language (Group.run_by_text).
RUN_BY_MEMBERS = gettext_noop("Run by its members")


class Group(models.Model):
    class Stage(models.TextChoices):
        STARTING = "starting", _("Just starting")
        ACTIVE = "active", _("Meeting regularly")
        PAUSED = "paused", _("Paused for now")
        CLOSING = "closing", _("Closing")
        CLOSED = "closed", _("Closed")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Waiting for changes from the group")
        PENDING = "pending", _("Waiting for review")
        PUBLISHED = "published", _("On the directory")
        DECLINED = "declined", _("Not listed")

    class ContactRoute(models.TextChoices):
        DIRECT = "direct", _("People contact the group directly")
        INTRODUCTION = "introduction", _("People ask the group to contact them")
        BOTH = "both", _("Either way")

    class ProfessionalsRule(models.TextChoices):
        NONE = "none", _("Meetings are for members only: no professionals")
        INVITATION = "invitation", _("Professionals come only when the group invites them")
        OPEN = "open", _("Professionals are welcome at meetings")

    # The facts every newcomer asks. "Not said" (the empty value) is what a group that has
    # not answered holds, and shows nothing: never a promise the group did not make.
    class Cost(models.TextChoices):
        NOT_SAID = "", _("Not said")
        FREE = "free", _("Free")
        DONATIONS = "donations", _("Free, donations welcome")
        CHARGE = "charge", _("There is a charge")

    class BringSomeone(models.TextChoices):
        NOT_SAID = "", _("Not said")
        YES = "yes", _("Yes, you can bring someone with you")
        NO = "no", _("No, please come on your own")
        ASK = "ask", _("Ask the group first")

    class FirstVisit(models.TextChoices):
        NOT_SAID = "", _("Not said")
        GO_ALONG = "go_along", _("Just go along: no need to get in touch first")
        GET_IN_TOUCH = "get_in_touch", _("Get in touch before your first meeting")
        EITHER = "either", _("Either: go along, or get in touch first if you would like to")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=NAME, validators=[validate_one_line])
    slug = models.SlugField(_("short name for links"), max_length=160, unique=True)
    summary = models.CharField(
        _("one-line summary"), max_length=LINE, validators=[validate_one_line],
        help_text=_("Shown in search results. Example: “A friendly group for people with tinnitus.”"),
    )
    who_for = models.TextField(_("who the group is for"), **paragraphs(OWN_WORDS))
    description = models.TextField(
        _("what happens at a meeting"), help_text=_("In the group’s own words."),
        **paragraphs(OWN_WORDS),
    )
    newcomers = models.TextField(_("what newcomers can expect"), blank=True, **paragraphs(OWN_WORDS))
    categories = models.ManyToManyField(Category, related_name="groups", verbose_name=_("what it is about"))

    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.ACTIVE)
    stage_note = models.TextField(
        _("note about the stage"), blank=True, **paragraphs(MESSAGE),
        help_text=_("For a paused or closing group: when it may start again, or where members can go instead."),
    )
    status = models.CharField(
        _("listing status"), max_length=12, choices=Status.choices, default=Status.PENDING,
    )
    started_on = models.DateField(
        _("when the group started"), null=True, blank=True,
        help_text=_("The first day of the month is enough."),
    )
    affiliation = models.CharField(
        _("national organisation it belongs to"), max_length=LINE, blank=True,
        validators=[validate_one_line],
    )
    run_by = models.CharField(
        _("who runs it"), max_length=LINE, default=RUN_BY_MEMBERS, validators=[validate_one_line],
        help_text=_("Example: “Run by its members, with a committee elected each year.”"),
    )
    run_with_professional_support = models.BooleanField(
        _("run with professional support"), default=False,
    )
    women_only = models.BooleanField(_("women only"), default=False)
    family_welcome = models.BooleanField(_("family and friends welcome"), default=False)
    languages = models.ManyToManyField(Language, blank=True, verbose_name=_("languages spoken at meetings"))

    contact_role = models.CharField(
        _("who to contact"), max_length=LABEL, blank=True, validators=[validate_one_line],
        help_text=_("A role, not a person’s name. Example: “Group secretary”."),
    )
    email = models.EmailField(_("email"), blank=True, validators=[validate_one_line])
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_one_line])
    website = models.URLField(_("website"), blank=True, validators=[validate_one_line])
    contact_route = models.CharField(
        _("how people get in touch"), max_length=14, choices=ContactRoute.choices,
        default=ContactRoute.DIRECT,
    )
    professionals_rule = models.CharField(
        _("can professionals come to meetings?"), max_length=12, choices=ProfessionalsRule.choices,
        default=ProfessionalsRule.INVITATION,
    )
    cost = models.CharField(_("does it cost anything?"), max_length=12, choices=Cost.choices, blank=True,
                            default=Cost.NOT_SAID)
    cost_amount = models.DecimalField(
        _("the charge, in pounds"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(decimal.Decimal("0.01")), MaxValueValidator(decimal.Decimal("999.99"))],
        help_text=_("Only for a group that charges. For example: 2.50."),
    )
    cost_covers = models.CharField(
        _("what the money goes towards"), max_length=LINE, blank=True, validators=[validate_one_line],
        help_text=_("Optional, for a charge or donations. For example: “the room and tea”."),
    )
    bring_someone = models.CharField(
        _("can people bring someone with them?"), max_length=8, choices=BringSomeone.choices, blank=True,
        default=BringSomeone.NOT_SAID,
    )
    first_visit = models.CharField(
        _("do people need to get in touch first?"), max_length=14, choices=FirstVisit.choices, blank=True,
        default=FirstVisit.NOT_SAID,
    )

    # Worked out from the group's meetings, so search can filter without joins.
    meets_in_person = models.BooleanField(_("meets in person"), default=False, editable=False)
    meets_online = models.BooleanField(_("meets online"), default=False, editable=False)

    paused_until = models.DateField(
        _("meetings start again on"), null=True, blank=True,
        help_text=_("For a paused group, if you know. Leave empty for “not meeting at the moment”."),
    )
    # The four defining characteristics, as the group answered them when it was listed.
    shares_experience = models.BooleanField(_("members share the experience"), null=True, blank=True)
    mutual_support = models.BooleanField(_("members meet to support each other"), null=True, blank=True)
    run_by_members = models.BooleanField(_("members run the group"), null=True, blank=True)
    free_to_come_and_go = models.BooleanField(_("people can come and go freely"), null=True, blank=True)

    # The group among other groups (network/): off until its coordinators say otherwise.
    open_to_groups = models.BooleanField(
        _("open to messages from other groups"), default=False,
        help_text=_("Coordinators of other groups can find the group and write to it through the hub. "
                    "Nobody’s email address is shown until you reply."))
    looking_for_coordinator = models.BooleanField(
        _("looking for a new coordinator"), default=False,
        help_text=_("Shown on the group’s page. While this is on, the last coordinator may step down "
                    "without closing the group: the self-help team keeps the listing until someone takes it on."))
    looking_for_volunteers = models.BooleanField(
        _("looking for volunteers"), default=False, help_text=_("Shown on the group’s page."))

    last_confirmed_on = models.DateField(_("last confirmed"), null=True, blank=True)
    last_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL,
        verbose_name=_("last confirmed by"),
    )
    reminders_sent = models.PositiveSmallIntegerField(
        _("reminders sent since last confirmed"), default=0, editable=False,
    )
    last_reminder_at = models.DateTimeField(_("last reminder"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]
        # No index on status or stage: nearly every group is listed, so such an index
        # only tempts the query planner into reading every group instead of starting
        # from the few that the words, the place or the category have found.
        indexes = [
            models.Index(fields=["started_on"], name="group_started_idx"),
            # Search pages through many matches in name order, and finds groups whose
            # confirmation has just passed the cut-off, through these.
            models.Index(fields=["name", "id"], name="group_name_idx"),
            models.Index(fields=["last_confirmed_on"], name="group_confirmed_idx"),
            # Search by distance reads what it needs of each group it finds from this
            # narrow copy, rather than from the whole row with its description.
            models.Index(fields=["id", "meets_in_person", "meets_online", "name"], name="group_search_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:group", args=[self.slug])

    # The rules of a listing, written once for every way in: the forms, the Open Referral
    # import, the admin (through clean()). Listing-level rules (listing_errors) refuse a
    # record everywhere; field-level rules (field_errors) make a form ask again, while an
    # import leaves the one bad field out and reports it.
    MAX_CATEGORIES = 3

    @staticmethod
    def clean_name(name):
        if not (name or "").strip():
            raise ValidationError(_("Enter the name of the group."), code="required")

    @staticmethod
    def clean_email_address(value):
        """An address mail can reach: not one under .invalid, the name reserved for
        addresses that must never work (RFC 6761), as publishers hide a real one."""
        domain = (value or "").rpartition("@")[2].strip().rstrip(".").lower()
        if domain == "invalid" or domain.endswith(".invalid"):
            raise ValidationError(_("This address cannot receive email (.invalid is reserved for addresses that "
                                    "never work)."), code="undeliverable_email")

    @staticmethod
    def clean_phone_number(value) -> str:
        """The number written the directory's way; ValidationError if it is not a UK number."""
        value = (value or "").strip()
        if not value:
            return ""
        try:
            return normalise_uk_phone(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid_phone") from None

    @classmethod
    def clean_cost(cls, cost, amount, covers) -> None:
        """A charge says how much; an amount or what it goes towards belongs only to a charge
        or to donations. ValidationError({field: message})."""
        if cost == cls.Cost.CHARGE and amount is None:
            raise ValidationError({"cost_amount": ValidationError(
                _("Enter how much it costs, in pounds, like 2.50."), code="required")})
        if cost != cls.Cost.CHARGE and amount is not None:
            raise ValidationError({"cost_amount": ValidationError(
                _("Leave the amount empty unless the group charges."), code="not_a_charge")})
        if covers and cost not in (cls.Cost.CHARGE, cls.Cost.DONATIONS):
            raise ValidationError({"cost_covers": ValidationError(
                _("Say what the money goes towards only for a charge or donations."), code="not_a_charge")})

    @classmethod
    def clean_category_count(cls, categories):
        if len(categories) > cls.MAX_CATEGORIES:
            raise ValidationError(_("Choose no more than three subjects."), code="too_many")

    @staticmethod
    def clean_contact_details(email, phone, website):
        if not (email or phone or website):
            raise ValidationError(
                _("Give at least one way to get in touch: an email address, a phone number or a website."),
                code="no_contact")

    def clean_reachable(self, meetings):
        """Someone must be able to reach the group: its contact details, introductions
        through the hub, or a meeting to go to."""
        if not (self.email or self.phone or self.website or self.contact_route != self.ContactRoute.DIRECT
                or any(m.venue_id or m.venue or m.online_details for m in meetings)):
            raise ValidationError(_("The group has no way to be reached: no contact details and no meeting "
                                    "to go to."), code="unreachable")

    def clean_place(self, meetings):
        """A listed group meets somewhere or online (a closed one only says where to go instead)."""
        if not meetings and self.stage != self.Stage.CLOSED:
            raise ValidationError(_("The group has no place where it meets and does not meet online."),
                                  code="no_place")

    def listing_errors(self, meetings) -> dict[str, list[str]]:
        """What stops this record being a listing at all: {field: [messages]}."""
        return _collect([("name", lambda: self.clean_name(self.name)),
                         ("meetings", lambda: self.clean_place(meetings)),
                         ("email", lambda: self.clean_reachable(meetings))])

    def field_errors(self, categories=()) -> dict[str, list[str]]:
        """Values that break a field's rule: {field: [messages]}. (Values are checked, not
        rewritten: a phone number keeps the spacing it was given.)"""
        errors = _value_errors(self)
        errors.update(_collect([("phone", lambda: self.clean_phone_number(self.phone)),
                                ("email", lambda: self.clean_email_address(self.email)),
                                ("categories", lambda: self.clean_category_count(categories))]))
        try:
            self.clean_cost(self.cost, self.cost_amount, self.cost_covers)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        return errors

    def clean(self):
        def phone():
            self.phone = self.clean_phone_number(self.phone)

        errors = _collect([("name", lambda: self.clean_name(self.name)), ("phone", phone),
                           ("email", lambda: self.clean_email_address(self.email))])
        try:
            self.clean_cost(self.cost, self.cost_amount, self.cost_covers)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    # How the facts read, written once for the group's page, its leaflets and poster, the
    # printed directory and the Open Referral cost option. Empty when the group has not said.
    @property
    def cost_text(self) -> str:
        covers = self.cost_covers.strip()
        if self.cost == self.Cost.FREE:
            return gettext("Free.")
        if self.cost == self.Cost.DONATIONS:
            if covers:
                return gettext("Free. Donations are welcome, towards %(covers)s.") % {"covers": covers}
            return gettext("Free. Donations are welcome.")
        if self.cost == self.Cost.CHARGE and self.cost_amount is not None:
            amount = pounds(self.cost_amount)
            if covers:
                return gettext("%(amount)s, towards %(covers)s.") % {"amount": amount, "covers": covers}
            return gettext("%(amount)s.") % {"amount": amount}
        return ""

    @property
    def run_by_text(self) -> str:
        """Who runs the group as the page shows it: the form's own answer, "Run by its
        members", is the site's words, so it reads in the reader's language; anything else
        is the group's words, as written."""
        if self.run_by == RUN_BY_MEMBERS:
            return gettext(RUN_BY_MEMBERS)
        return self.run_by

    @property
    def bring_someone_text(self) -> str:
        return {
            self.BringSomeone.YES: gettext("Yes: you can bring a friend, a relative or a carer with you."),
            self.BringSomeone.NO: gettext("No: the group asks you to come on your own."),
            self.BringSomeone.ASK: gettext("Ask the group first."),
        }.get(self.bring_someone, "")

    @property
    def first_visit_text(self) -> str:
        return {
            self.FirstVisit.GO_ALONG: gettext("You can just go along: you don’t need to get in touch first."),
            self.FirstVisit.GET_IN_TOUCH: gettext("Please get in touch with the group before your first meeting."),
            self.FirstVisit.EITHER: gettext("You can just go along, or get in touch first if you would like to."),
        }.get(self.first_visit, "")

    @property
    def started_year_only(self) -> bool:
        """The listing form asks only for the year a group started and keeps it as 1 January,
        so that day stands for "some time that year" and is shown as the year alone."""
        return bool(self.started_on) and (self.started_on.month, self.started_on.day) == (1, 1)

    @property
    def is_new(self) -> bool:
        return bool(self.started_on) and self.started_on >= new_group_cutoff()

    @property
    def is_reachable(self) -> bool:
        return visibility.is_reachable(self)

    @property
    def is_listed(self) -> bool:
        return visibility.is_listed(self)

    @property
    def is_gone(self) -> bool:
        return visibility.is_gone(self)

    @property
    def is_paused(self) -> bool:
        return self.stage == self.Stage.PAUSED

    @property
    def shows_crisis_signpost(self) -> bool:
        """The group is about a subject where people may need help at once (uses prefetched
        categories and their parents)."""
        return any(category.shows_crisis_signpost for category in self.categories.all())

    @property
    def looking_for_help(self) -> bool:
        """The same rule as `GroupQuerySet.looking_for_help`, for one group."""
        return self.looking_for_coordinator or self.looking_for_volunteers

    @property
    def takes_introductions(self) -> bool:
        """Whether the group may be asked to contact someone ("Ask the group to contact me",
        or a practitioner's introduction the group answers): the one rule, asked by
        introductions.permissions, the group's page and the search results. Only when
        somebody will receive the request: the group is listed (a listing hidden for not being
        confirmed takes none, since nobody may be reading it), lets people ask, and has a
        coordinator on the hub (a group kept by the self-help team has nobody to read it)."""
        if self.contact_route == self.ContactRoute.DIRECT or not self.is_listed:
            return False
        if "coordinator_on_hub" in self.__dict__:  # annotated by with_coordinator_on_hub()
            return self.coordinator_on_hub
        return roles.active_coordinators(self).exists()

    def refresh_meeting_summary(self, save=True):
        meetings = list(self.meetings.all())
        self.meets_in_person = any(m.in_person for m in meetings)
        self.meets_online = any(m.online for m in meetings)
        if save:
            Group.objects.filter(pk=self.pk).update(
                meets_in_person=self.meets_in_person, meets_online=self.meets_online,
            )

    def towns(self) -> list[str]:
        """Where the group meets in person (uses prefetched meetings and venues)."""
        return sorted({m.venue.town for m in self.meetings.all() if m.in_person and m.venue})

    @property
    def may_be_out_of_date(self) -> bool:
        """Not confirmed by the group for long enough that the public should be warned."""
        from .freshness import State, state_of

        return state_of(self) in (State.OUT_OF_DATE, State.HIDDEN)

    def next_meeting(self, after=None):
        dates = [(d, m) for m in self.meetings.all() for d in m.next_dates(1, after=after)]
        return min(dates, key=lambda pair: pair[0]) if dates else None

    def meeting_days(self, count=8) -> list[datetime.date]:
        """The next `count` days the group meets (any of its meetings, with one-off changes
        applied), in order: the dates a visitor may ask to come."""
        days = {start.astimezone(LONDON).date() for meeting in self.meetings.all()
                for start in meeting.next_dates(count)}
        return sorted(days)[:count]

    @property
    def takes_professional_visitors(self) -> bool:
        """Whether professionals may ask to come to a meeting: not when meetings are for members only."""
        return self.professionals_rule != self.ProfessionalsRule.NONE

    @property
    def own_language(self) -> str:
        """The language of the group's own name and words: the site's own (the listing is
        written in it). Other languages are the group's translations (GroupTranslation)."""
        return settings.LANGUAGE_CODE

    def text_for(self, language: str) -> "OwnWords":
        """The group's name and "in our own words" description for a reader of `language`:
        the group's translation into it where there is one (its name, if it gave one), else
        the group's own, with the language each is written in. Reads prefetched
        translations."""
        language = (language or "").lower()
        own = OwnWords(self.name, self.description, self.own_language, self.own_language, language)
        if language == self.own_language.lower():
            return own
        found = next((t for t in self.translations.all() if t.language == language), None)
        if found is None:
            return own
        return OwnWords(found.name or self.name, found.description,
                        found.language if found.name else self.own_language, found.language, language)


@dataclasses.dataclass(frozen=True)
class OwnWords:
    """A group's name and description as shown to one reader (Group.text_for)."""

    name: str
    description: str
    name_language: str  # the language each is written in
    language: str
    asked_for: str  # the reader's language

    @property
    def in_another_language(self) -> bool:
        """The description is not in the reader's language: the page says which it is in."""
        return self.language.lower() != (self.asked_for or "").lower()


def translation_languages() -> list[tuple[str, str]]:
    """(code, name in itself) of the languages a group may write its words in besides its own:
    the languages the site can be read in."""
    return [(code, name) for code, name in settings.KNOWN_LANGUAGES if code != settings.LANGUAGE_CODE]


class GroupTranslation(models.Model):
    """A group's name (optional) and its description ("in our own words") in another of the
    site's languages, written by the group. Readers of that language see it on the group's
    page, in search results and on the leaflet; search finds the group by its words. Kept
    by the group's coordinators, like the rest of the listing (directory.services
    save_translation). The Open Referral export carries the group's own language only:
    HSDS 3 has no field for a text in several languages."""

    group = models.ForeignKey("Group", related_name="translations", on_delete=models.CASCADE,
                              verbose_name=_("group"))
    language = models.CharField(_("language"), max_length=12, choices=translation_languages)
    name = models.CharField(
        _("the group’s name in this language"), max_length=NAME, blank=True, validators=[validate_one_line],
        help_text=_("Optional. Leave it empty to keep the group’s own name."),
    )
    description = models.TextField(
        _("what happens at a meeting, in this language"), **paragraphs(OWN_WORDS),
        help_text=_("In the group’s own words, as the group would say it in this language."),
    )

    class Meta:
        verbose_name = _("translation of a group’s words")
        verbose_name_plural = _("translations of groups’ words")
        ordering = ["group", "language"]
        constraints = [
            # One text a language: the page shows one.
            models.UniqueConstraint(fields=["group", "language"], name="group_translation_unique"),
        ]

    def __str__(self):
        return f"{self.group} ({self.language})"


def _collect(checks) -> dict[str, list[str]]:
    """Run named checks; {field: [messages]} for those that failed."""
    errors = {}
    for name, check in checks:
        try:
            check()
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)
    return errors


def _value_errors(instance) -> dict[str, list[str]]:
    """Django's own checks (Field.clean: lengths, email and web addresses, choices) of each
    field that has a rule and a value; whether an empty field matters is for the
    listing-level rules. (Values are checked, not rewritten.)"""
    errors = {}
    for field in _ruled_fields(type(instance)):
        value = getattr(instance, field.attname)
        if value not in (None, ""):
            try:
                field.clean(value, instance)
            except ValidationError as error:
                errors[field.name] = error.messages
    return errors


HOME_NAME = _("A member’s home")
HOME_NOTE = _("The address is given when you get in touch.")


def district_of(postcode: str) -> str:
    """The postcode district (outward code): "CM2" of "CM2 6XY"."""
    return (postcode or "").split(" ")[0]


def home_area(town: str, postcode: str) -> str:
    """All the public may know of where a member's home is: "Chelmsford CM2"."""
    return " ".join(part for part in (town, district_of(postcode)) if part)


@functools.cache
def _ruled_fields(model) -> list:
    """The fields that have a rule (validators or choices), found once for each model: an
    import checks every record."""
    return [field for field in model._meta.concrete_fields if field.validators or field.choices]


def new_group_cutoff(today=None) -> datetime.date:
    """Groups that started on or after this date count as new (the last two years)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - 2)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 2, day=28)


class Venue(models.Model):
    """A place where groups meet (HSDS location + address)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name of the place"), max_length=NAME, validators=[validate_one_line])
    address_1 = models.CharField(_("address"), max_length=NAME, validators=[validate_one_line])
    address_2 = models.CharField(_("address line 2"), max_length=NAME, blank=True,
                                 validators=[validate_one_line])
    town = models.CharField(_("town or city"), max_length=LABEL, validators=[validate_one_line])
    postcode = models.CharField(_("postcode"), max_length=8, validators=[validate_one_line])
    latitude = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, editable=False)

    # A member's home: the address is kept for the group's coordinators only. The public
    # sees the town and postcode district, and the venue is placed at the district's
    # centre, so distances and the order of results reveal nothing finer.
    at_home = models.BooleanField(
        _("at a member’s home"), default=False,
        help_text=_("The address is never shown: people see the town and “address given when you get in "
                    "touch”."),
    )
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    parking = models.BooleanField(_("parking"), default=False)
    transport = models.CharField(
        _("getting there"), max_length=LINE, blank=True, validators=[validate_one_line],
        help_text=_("Example: “Buses 36 and 37 stop outside.”"),
    )
    access_notes = models.TextField(_("more about access"), blank=True, **paragraphs(MESSAGE))

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        indexes = [
            # Distance search narrows to a bounding box on these before measuring.
            models.Index(fields=["latitude", "longitude"], name="venue_point_idx"),
            # ... and then reads each venue's place from this one.
            models.Index(fields=["id", "latitude", "longitude"], name="venue_search_idx"),
        ]

    def __str__(self):
        return f"{self.name}, {self.town}"

    def save(self, *args, **kwargs):
        self.postcode = normalise_postcode(self.postcode)
        if self.at_home:
            # Whatever place was given (a form, a feed), a home is kept at its district's centre.
            self.latitude, self.longitude = self.district_centre(self.postcode)
        elif self.latitude is None or self.longitude is None:
            from .geo import geocoder

            point = geocoder().locate_postcode(self.postcode)
            self.latitude, self.longitude = point.latitude, point.longitude
        super().save(*args, **kwargs)

    @staticmethod
    def district_centre(postcode: str) -> tuple[float, float]:
        """The centre of the postcode district (the outward code, "CM2" of "CM2 6XY");
        geo.LocationError if it is not known."""
        from .geo import geocoder

        point = geocoder().locate_postcode(postcode.split(" ")[0])
        return point.latitude, point.longitude

    @property
    def district(self) -> str:
        return district_of(self.postcode)

    # What the public may see of a venue, written once for every page, leaflet, poster,
    # printed directory, calendar file and the Open Referral location: for a member's
    # home, only the area.
    @property
    def public_name(self) -> str:
        return str(HOME_NAME) if self.at_home else self.name

    @property
    def public_lines(self) -> list[str]:
        if self.at_home:
            return [self.public_name, home_area(self.town, self.postcode)]
        return [part for part in (self.name, self.address_1, self.address_2,
                                  " ".join(p for p in (self.town, self.postcode) if p)) if part]

    @property
    def public_address(self) -> str:
        """The public lines on one line, for a calendar's location or a printed list."""
        return ", ".join(self.public_lines)

    @property
    def address_note(self) -> str:
        return str(HOME_NOTE) if self.at_home else ""

    def clean(self):
        from .geo import LocationError

        try:
            self.postcode = normalise_postcode(self.postcode)
        except ValueError as error:
            raise ValidationError({"postcode": str(error)}, code="invalid_postcode") from None
        if self.at_home:
            try:
                self.district_centre(self.postcode)
            except LocationError as error:
                raise ValidationError({"postcode": str(error)}, code="unknown_district") from None

    def field_errors(self) -> dict[str, list[str]]:
        """Values that break a field's rule (see Group.field_errors)."""
        errors = _value_errors(self)
        if self.postcode:  # whether a venue needs one is for the listing to say
            try:
                self.clean()
            except ValidationError as error:
                errors.update(error.message_dict)
        return errors

    @property
    def access_features(self) -> list[str]:
        labels = [
            (self.step_free, _("Step-free access")),
            (self.hearing_loop, _("Hearing loop")),
            (self.accessible_toilet, _("Accessible toilet")),
            (self.parking, _("Parking")),
        ]
        return [label for present, label in labels if present]


class Meeting(models.Model):
    """When and where a group meets (HSDS schedule + service_at_location)."""

    Pattern = recurrence.Pattern

    class Attendance(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        BOTH = "both", _("In person and online")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(Group, related_name="meetings", on_delete=models.CASCADE)
    attendance = models.CharField(
        _("how people join"), max_length=10, choices=Attendance.choices, default=Attendance.IN_PERSON,
    )
    venue = models.ForeignKey(
        Venue, null=True, blank=True, related_name="meetings", on_delete=models.PROTECT,
        verbose_name=_("venue"),
    )
    online_details = models.CharField(
        _("how to join online"), max_length=LINE, blank=True, validators=[validate_one_line],
        help_text=_("Example: “On Zoom; the link is sent when you get in touch.”"),
    )
    pattern = models.CharField(_("how often"), max_length=16, choices=recurrence.Pattern.choices)
    # Ranges are checked by recurrence.Rule.validate, with messages that say what to do.
    # Weeks for "every few weeks", months for the monthly patterns (recurrence.MONTHLY_PATTERNS).
    interval = models.PositiveSmallIntegerField(_("every how many weeks or months"), default=1)
    weekday = models.PositiveSmallIntegerField(
        _("day of the week"), choices=Weekday.choices, null=True, blank=True,
    )
    week_of_month = models.PositiveSmallIntegerField(_("which week of the month"), null=True, blank=True)
    day_of_month = models.PositiveSmallIntegerField(_("date in the month"), null=True, blank=True)
    starts_on = models.DateField(
        _("first meeting"), default=datetime.date(2020, 1, 1),
        help_text=_("For meetings every few weeks, the date of one meeting sets the rhythm."),
    )
    ends_on = models.DateField(
        _("last meeting"), null=True, blank=True,
        help_text=_("Leave empty if the meetings go on. For a group that is closing, the date of its last meeting."),
    )
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=LONG_LINE, blank=True, validators=[validate_one_line])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["pk"]
        # Search by distance finds each group's meeting places through this.
        indexes = [models.Index(fields=["group", "attendance", "venue"], name="meeting_search_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance="online") | Q(venue__isnull=False),
                name="meeting_in_person_has_venue",
                violation_error_message=_("Choose where the group meets in person."),
            ),
        ]

    def __str__(self):
        return f"{self.group}: {self.describe()}"

    @property
    def at_home(self) -> bool:
        return bool(self.venue_id) and self.venue.at_home

    @property
    def in_person(self) -> bool:
        return self.attendance in (self.Attendance.IN_PERSON, self.Attendance.BOTH)

    @property
    def online(self) -> bool:
        return self.attendance in (self.Attendance.ONLINE, self.Attendance.BOTH)

    @property
    def rule(self) -> recurrence.Rule:
        return recurrence.Rule(
            pattern=self.pattern,
            interval=self.interval,
            weekday=self.weekday,
            week_of_month=self.week_of_month,
            day_of_month=self.day_of_month,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
        )

    def clean(self):
        errors = {}
        if self.pattern:  # a missing pattern is reported by the form as a required field
            try:
                self.rule.validate()
            except recurrence.RuleError as error:
                errors[error.field] = error.message
        if self.in_person and self.venue is None:
            errors["venue"] = _("Choose where the group meets in person.")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The end time must be after the start time.")
        if self.pattern != recurrence.Pattern.IRREGULAR and not self.start_time:
            errors["start_time"] = _("Enter the time the meeting starts.")
        if errors:
            raise ValidationError(errors)

    def field_errors(self) -> dict[str, list[str]]:
        """Values that break a field's rule or the meeting's own (see Group.field_errors)."""
        errors = _value_errors(self)
        try:
            self.clean()
        except ValidationError as error:
            errors.update(error.message_dict)
        return errors

    def describe(self) -> str:
        return recurrence.describe(self.rule, self.start_time, self.end_time)

    def next_dates(self, count=3, after=None) -> list[datetime.datetime]:
        """The next `count` meeting starts, as aware Europe/London date-times, with the
        one-off changes applied (a cancelled date left out, a moved one at its new time)."""
        return [occurrence.start for occurrence in self.upcoming(count, after=after)]

    def upcoming(self, count=3, after=None) -> list[recurrence.Occurrence]:
        """The next `count` meetings, each saying whether it was moved, and why.
        (Prefetch `changes` when showing many meetings.)"""
        return recurrence.upcoming(self.rule, self.start_time, count=count, after=after,
                                   changes=[change.as_change() for change in self.changes.all()])

    def coming_changes(self, today=None) -> list["MeetingChange"]:
        """The one-off changes still to come, by date (uses prefetched `changes`)."""
        today = today or timezone.localdate(timezone=LONDON)
        return sorted((change for change in self.changes.all() if change.last_day >= today),
                      key=lambda change: change.on_date)


def last_day_q(today) -> Q:
    """One-off changes that still say something on or after `today`."""
    return Q(on_date__gte=today) | Q(new_date__gte=today)


class MeetingChange(models.Model):
    """One date of a regular meeting cancelled (a holiday, the room not free) or moved to
    another day, time or place, with a short note for the public. The public page, the
    leaflets and the calendar file show it; it is deleted once its dates have passed
    (directory.services.forget_past_meeting_changes), since it says nothing after that."""

    meeting = models.ForeignKey(Meeting, related_name="changes", on_delete=models.CASCADE)
    on_date = models.DateField(_("date of the regular meeting"))
    # Empty for a cancelled date.
    new_date = models.DateField(_("new date"), null=True, blank=True)
    new_start_time = models.TimeField(_("new start time"), null=True, blank=True)
    new_end_time = models.TimeField(_("new end time"), null=True, blank=True)
    new_place = models.CharField(
        _("where instead"), max_length=LINE, blank=True, validators=[validate_one_line],
        help_text=_("Only if it meets somewhere else that day. Example: “Room 2, Central Library, NG1 6HP”."),
    )
    note = models.CharField(
        _("note for people reading the listing"), max_length=LINE, blank=True, validators=[validate_one_line],
        help_text=_("Example: “Christmas Eve: the centre is closed.”"),
    )
    # Who made it is in the group's history; nothing more is kept here.
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("change to one meeting")
        verbose_name_plural = _("changes to one meeting")
        ordering = ["on_date"]
        constraints = [
            # A date is cancelled or moved once; changing it again edits this row.
            models.UniqueConstraint(fields=["meeting", "on_date"], name="one_change_per_meeting_date"),
            # A move has a day to move to; times and a place only come with one.
            models.CheckConstraint(
                condition=Q(new_date__isnull=False) | Q(new_start_time__isnull=True, new_end_time__isnull=True,
                                                          new_place=""),
                name="meeting_change_move_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.describe()}"

    @property
    def cancelled(self) -> bool:
        return self.new_date is None

    @property
    def last_day(self) -> datetime.date:
        """The last day this change says anything about."""
        return max(self.on_date, self.new_date) if self.new_date else self.on_date

    @property
    def new_start(self) -> datetime.datetime | None:
        if self.new_date is None:
            return None
        return datetime.datetime.combine(
            self.new_date, self.new_start_time or self.meeting.start_time or datetime.time(0), tzinfo=LONDON)

    @property
    def new_end(self) -> datetime.datetime | None:
        end = self.new_end_time or (None if self.new_start_time else self.meeting.end_time)
        return datetime.datetime.combine(self.new_date, end, tzinfo=LONDON) if self.new_date and end else None

    # Enough for every holiday of a year, few enough that a listing stays readable.
    MAX_COMING = 12

    def clean(self):
        """A change is to a date the meeting really has, still to come; a move goes to a day
        still to come, and ends after it starts."""
        errors = {}
        today = timezone.localdate(timezone=LONDON)
        meeting = self.meeting if self.meeting_id else None
        if self.on_date and meeting is not None:
            if self.on_date < today:
                errors["on_date"] = _("Choose a date still to come.")
            elif not recurrence.is_meeting_date(meeting.rule, self.on_date):
                errors["on_date"] = _("The group doesn’t meet on that date: choose one of its meeting dates.")
            elif not self.pk and meeting.changes.filter(last_day_q(today)).count() >= self.MAX_COMING:
                errors["on_date"] = _("This meeting already has %(n)s dates changed. Undo one that is no longer "
                                      "needed, or change the meeting itself.") % {"n": self.MAX_COMING}
        if self.new_date and self.new_date < today:
            errors["new_date"] = _("The new date can’t be in the past.")
        start = self.new_start_time or (meeting.start_time if meeting else None)
        if self.new_end_time and start and self.new_end_time <= start:
            errors["new_end_time"] = _("The end time must be after the start time.")
        same_times = (self.new_start_time in (None, getattr(meeting, "start_time", None))
                      and self.new_end_time in (None, getattr(meeting, "end_time", None)))
        moved_nowhere = self.new_date is not None and self.new_date == self.on_date and not self.new_place
        if meeting is not None and moved_nowhere and same_times:
            errors["new_date"] = _("That is when it meets already. Give another date, time or place.")
        if errors:
            raise ValidationError(errors)

    def as_change(self) -> recurrence.Change:
        return recurrence.Change(on=self.on_date, to=self.new_start, note=self.note, place=self.new_place)

    def describe(self) -> str:
        """“No meeting on Wednesday 24 December 2026: holiday”, or where it moved to."""
        return recurrence.describe_change(self.as_change(), self.meeting.start_time)


class SearchIndexState(models.Model):
    """The date the search index's "confirmed recently" tags were worked out against."""

    fresh_after = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("search index state")
        verbose_name_plural = _("search index state")

    def __str__(self):
        return str(self.fresh_after)


class SearchWord(models.Model):
    """Every word in the directory, so search can forgive typos and half-typed words."""

    word = models.CharField(max_length=40, primary_key=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word


class EverydayPhrase(models.Model):
    """Words people use for what they are going through, and the subjects they lead to.

    A search whose words include every search word of a phrase (in any order; the commonest
    words such as "my" are left out) finds the groups about its subjects first, whatever
    their descriptions say (directory/search/vocabulary.py). Kept by staff in the admin.
    """

    words = models.CharField(
        _("everyday words"), max_length=LABEL, unique=True, validators=[validate_one_line],
        help_text=_("As someone might type them. Example: “lost my husband” or “can’t stop drinking”. "
                    "A search counts it when it has every word, apart from the commonest ones like “my”."),
    )
    categories = models.ManyToManyField(
        Category, related_name="everyday_phrases", verbose_name=_("subjects"),
        help_text=_("The subjects these words lead to."),
    )
    # Its search words, folded and space-separated, and the longest of them, by which a
    # search finds the phrases it may contain in one indexed look-up. Worked out on save.
    terms = models.CharField(max_length=LONG_LINE, editable=False, default="")
    anchor = models.CharField(max_length=40, editable=False, default="", db_index=True)

    class Meta:
        verbose_name = _("everyday words")
        verbose_name_plural = _("everyday words")
        ordering = ["words"]

    def __str__(self):
        return self.words

    def save(self, *args, **kwargs):
        from .search.vocabulary import phrase_terms

        terms = phrase_terms(self.words)
        self.terms = " ".join(terms)
        self.anchor = max(terms, key=len) if terms else ""
        super().save(*args, **kwargs)

    def clean(self):
        from .search.vocabulary import phrase_terms

        if self.words and not phrase_terms(self.words):
            raise ValidationError({"words": ValidationError(
                _("These words are all too common to search for: add one that says what it is about."),
                code="too_common")})


class Coordinator(models.Model):
    """A person who keeps a group's listing. A group can have several, so it never
    depends on one person."""

    group = models.ForeignKey(Group, related_name="coordinators", on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="coordinating", on_delete=models.CASCADE)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="one_coordinator_row_per_person")]

    def __str__(self):
        return f"{self.user} – {self.group}"


class Invitation(models.Model):
    """An invitation to help coordinate a group, emailed as a signed link that works once,
    for INVITATION_DAYS, for the account with this address (directory.services)."""

    group = models.ForeignKey(Group, related_name="invitations", on_delete=models.CASCADE)
    email = models.EmailField(_("email address"), validators=[validate_one_line])
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    # A claim: staff invited the group, at its public email, to take on a listing the
    # self-help team keeps (directory.claims). Accepting one makes the whole listing the
    # group's word (openreferral.ownership).
    claim = models.BooleanField(_("claim of a listing kept by the team"), default=False)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminder_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.group}"

    def is_for(self, user) -> bool:
        """Whether `user` has the invited address, compared the one way addresses are
        (lib.email_addresses): a look-alike such as "ſ" for "s" is another address."""
        return user.is_authenticated and email_addresses.same(user.email, self.email)


class GroupChange(models.Model):
    """One entry in a group's history: who did what, when, and which fields changed."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Listing sent for review")
        APPROVED = "approved", _("Listing approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes asked for")
        DECLINED = "declined", _("Listing declined")
        EDITED = "edited", _("Details changed")
        MEETING_ADDED = "meeting_added", _("Meeting added")
        MEETING_CHANGED = "meeting_changed", _("Meeting changed")
        MEETING_REMOVED = "meeting_removed", _("Meeting removed")
        CONFIRMED = "confirmed", _("Listing confirmed as up to date")
        REMINDER_SENT = "reminder_sent", _("Reminder sent")
        NEEDS_CHECKING = "needs_checking", _("Passed to staff to check")
        STAGE_CHANGED = "stage_changed", _("Stage changed")
        COORDINATOR_INVITED = "coordinator_invited", _("Coordinator invited")
        COORDINATOR_JOINED = "coordinator_joined", _("Coordinator joined")
        COORDINATOR_LEFT = "coordinator_left", _("Coordinator stepped down")
        COORDINATOR_REMOVED = "coordinator_removed", _("Coordinator removed by another")
        ROLLED_BACK = "rolled_back", _("Change undone by staff")
        IMPORTED = "imported", _("Imported from another directory")
        FEED_CHOSEN = "feed_chosen", _("Staff chose between the feed and the group")

    group = models.ForeignKey(Group, related_name="history", on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL,
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("what happened"), max_length=24, choices=Action.choices)
    changes = models.JSONField(_("fields changed"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True, **paragraphs(MESSAGE))
    undoes = models.ForeignKey(
        "self", null=True, blank=True, related_name="undone_by", on_delete=models.SET_NULL,
        verbose_name=_("change undone"),
    )

    class Meta:
        verbose_name = _("change to a group")
        verbose_name_plural = _("changes to groups")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.group}: {self.get_action_display()} ({self.at:%Y-%m-%d})"

    @property
    def can_roll_back(self) -> bool:
        return (self.action in (self.Action.EDITED, self.Action.STAGE_CHANGED) and bool(self.changes)
                and not self.undone_by.exists())

    # What a meeting's history compares (directory.services.meeting_snapshot), already in words.
    MEETING_LABELS = {
        "pattern": _("How often"), "time": _("Time"), "attendance": _("How people join"),
        "place": _("Place"), "access": _("Access"), "transport": _("Getting there"),
        "online_details": _("How to join online"), "starts_on": _("First meeting"),
        "ends_on": _("Last meeting"), "notes": _("Notes"),
    }

    # The group's words in another language (GroupTranslation) are recorded as
    # "translation.<language>.<field>".
    TRANSLATION_FIELDS = ("name", "description")

    @staticmethod
    def translation_key(language: str, field: str) -> str:
        return f"translation.{language}.{field}"

    @staticmethod
    def is_translation_key(name: str) -> bool:
        return name.startswith("translation.") and name.count(".") == 2

    def readable_changes(self) -> list[tuple[str, object, object]]:
        """(field name people understand, before, after) for each field changed."""
        if self.action == self.Action.MEETING_CHANGED:
            return [(str(self.MEETING_LABELS.get(name, name)), old, new)
                    for name, (old, new) in self.changes.items()]
        rows = []
        for name, (old, new) in self.changes.items():
            if self.is_translation_key(name):
                _prefix, language, field = name.split(".", 2)
                label = GroupTranslation._meta.get_field(field).verbose_name
                rows.append((f"{str(label).capitalize()} ({dict(translation_languages()).get(language, language)})",
                             old, new))
                continue
            try:
                field = Group._meta.get_field(name)
            except FieldDoesNotExist:  # a field since removed: show its stored name
                rows.append((name, old, new))
                continue
            if getattr(field, "choices", None):
                labels = dict(field.choices)
                old, new = labels.get(old, old), labels.get(new, new)
            if isinstance(old, bool) or isinstance(new, bool):
                old, new = (_("Yes") if old else _("No")), (_("Yes") if new else _("No"))
            if isinstance(old, list) or isinstance(new, list):
                old, new = ", ".join(old or []), ", ".join(new or [])
            rows.append((str(field.verbose_name).capitalize(), old, new))
        return rows


class Coverage(models.Model):
    """The area the directory covers, set by staff in the admin: one row (Coverage.current).

    A search from a place outside it says so plainly and offers groups meeting online
    (directory/coverage.py). With no areas given, the directory covers everywhere."""

    areas = models.CharField(
        _("postcode areas and districts covered"), max_length=LONG_LINE, blank=True,
        validators=[validate_one_line],
        help_text=_("Postcode areas (the letters, like NG) and districts (like CM9), separated by spaces or "
                    "commas. Leave it empty if the directory covers everywhere."),
    )
    description = models.CharField(
        _("the area in words"), max_length=LINE, blank=True, validators=[validate_one_line],
        help_text=_("How the public pages name it, for example “Nottinghamshire, Derbyshire, Leicestershire "
                    "and Essex”."),
    )

    class Meta:
        verbose_name = _("area the directory covers")
        verbose_name_plural = _("area the directory covers")

    def __str__(self):
        return self.description or self.areas or str(_("Everywhere"))

    @classmethod
    def current(cls) -> "Coverage":
        """The one row; an unsaved, empty one (everywhere) until staff set it."""
        return cls.objects.order_by("pk").first() or cls()

    def clean(self):
        from .coverage import parse_areas

        try:
            self.areas = " ".join(parse_areas(self.areas))
        except ValueError as error:
            raise ValidationError({"areas": ValidationError(str(error), code="invalid")}) from None


class NationalOrganisationQuerySet(models.QuerySet):
    def shown(self):
        """The organisations the public pages may offer: those staff have not switched off."""
        return self.filter(active=True)


class NationalOrganisation(models.Model):
    """A national charity or helpline for one or more subjects, offered where a search would
    otherwise be a dead end: no group found, few near, or a place outside the area the
    directory covers (directory/national.py picks them). A curated list shipped by the
    migration that made this model, and kept by staff in the admin."""

    name = models.CharField(_("name"), max_length=NAME, unique=True, validators=[validate_one_line])
    offers = models.CharField(
        _("what it offers"), max_length=LONG_LINE, validators=[validate_one_line],
        help_text=_("One or two plain sentences. Example: “Support after someone dies, by phone, online and "
                    "face to face.”"),
    )
    phone = models.CharField(
        _("helpline number"), max_length=30, blank=True, validators=[validate_one_line],
        help_text=_("A UK number, or a free helpline number starting 116. Leave it empty if it has no helpline "
                    "for the public."),
    )
    hours = models.CharField(
        _("when the helpline is open"), max_length=LINE, blank=True, validators=[validate_one_line],
        help_text=_("As its own site says. Example: “Every day, 8am to 8pm.” Leave it empty if you are not sure."),
    )
    website = models.URLField(
        _("website"), validators=[validate_one_line],
        help_text=_("Its own site, starting https://. Example: https://www.cruse.org.uk/"),
    )
    categories = models.ManyToManyField(
        Category, related_name="national_organisations", verbose_name=_("subjects"),
        help_text=_("Searches about these subjects, or about the subjects under them, offer it. Choose the "
                    "top-level subject only for an organisation that helps with all of it."),
    )
    active = models.BooleanField(
        _("shown"), default=True,
        help_text=_("Untick to stop offering it, for example while its details are checked."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0,
        help_text=_("Among organisations for the same subject, lower numbers are offered first."),
    )

    objects = NationalOrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("national organisation")
        verbose_name_plural = _("national organisations")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    @staticmethod
    def clean_helpline(value) -> str:
        """The number written the UK way (0808 808 1677, 116 123); ValidationError if it is
        neither a UK number nor a 116 helpline."""
        value = (value or "").strip()
        if not value:
            return ""
        try:
            return normalise_helpline_phone(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid_phone") from None

    @staticmethod
    def clean_website(value) -> None:
        """Only a secure address: the public pages link to it."""
        if value and urlsplit(value).scheme.lower() != "https":
            raise ValidationError(_("Give the address starting https://, so the link is secure."),
                                  code="not_https")

    @staticmethod
    def clean_hours(hours, phone) -> None:
        """Opening hours belong to a helpline."""
        if (hours or "").strip() and not (phone or "").strip():
            raise ValidationError(_("Give the helpline’s number, or leave its opening hours empty."),
                                  code="hours_without_phone")

    def clean(self):
        errors = {}

        def phone():
            self.phone = self.clean_helpline(self.phone)

        for name, check in [("phone", phone), ("website", lambda: self.clean_website(self.website)),
                            ("hours", lambda: self.clean_hours(self.hours, self.phone))]:
            try:
                check()
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise ValidationError(errors)

    @property
    def website_name(self) -> str:
        """How the link reads: the site's name without "www." (cruse.org.uk)."""
        host = urlsplit(self.website).hostname or self.website
        return host.removeprefix("www.")

"""People with accounts: group coordinators, practitioners and the intermediary's staff.

People looking for a group never need an account. The email address is the sign-in name.
"""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import email_addresses
from lib.text import LINE, NAME, validate_one_line

from . import roles


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=email_addresses.normalise(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def with_address(self, email):
        """The account with this address, found the one way addresses are compared
        (lib.email_addresses): stored and looked up normalised, so equal means equal."""
        return self.filter(email=email_addresses.normalise(email))

    def get_by_natural_key(self, username):
        return self.with_address(username).get()


class Agency(models.Model):
    """An organisation practitioners work for: an NHS trust, a council team, a CVS.

    What an agency offers groups, and its list of groups relevant to its service, belong
    to the agency rather than to one member of staff, so they outlast staff moving on.
    """

    class Kind(models.TextChoices):
        NHS = "nhs", _("NHS trust or service")
        COUNCIL = "council", _("Council team")
        CVS = "cvs", _("Council for voluntary service (CVS)")
        CHARITY = "charity", _("National charity, local branch")
        OTHER = "other", _("Other organisation")

    name = models.CharField(_("name"), max_length=LINE, validators=[validate_one_line])
    kind = models.CharField(_("kind of organisation"), max_length=10, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Team(models.Model):
    agency = models.ForeignKey(Agency, related_name="teams", on_delete=models.CASCADE, verbose_name=_("agency"))
    name = models.CharField(_("name"), max_length=LINE, validators=[validate_one_line])

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["agency__name", "name"]

    def __str__(self):
        return f"{self.agency}: {self.name}"


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True, max_length=email_addresses.MAX_LENGTH,
                              validators=[validate_one_line, email_addresses.validate_plain])
    name = models.CharField(
        _("your name"), max_length=NAME, blank=True, validators=[validate_one_line],
        help_text=_("How we address you in emails. Not displayed publicly."),
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, related_name="members", on_delete=models.SET_NULL,
        verbose_name=_("team"), help_text=_("Practitioners belong to a team in an agency."),
    )
    is_staff = models.BooleanField(
        _("intermediary staff"), default=False,
        help_text=_("Staff review listings and can use the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Accounts made by signing up start unconfirmed; those made by staff, commands or an
    # invitation's link (which proves the address) need no confirming.
    email_confirmed = models.BooleanField(
        _("email address confirmed"), default=True,
        help_text=_("An account made by signing up can be used once the link emailed to its address is opened."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # The language they chose with the switcher while signed in: emails to them are written
    # in it where it covers signed-in pages (outbox.notify). Empty: the site's own.
    language = models.CharField(_("language for emails"), max_length=12, blank=True, validators=[validate_one_line])

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.name or self.email

    def save(self, *args, **kwargs):
        self.email = email_addresses.normalise(self.email)
        super().save(*args, **kwargs)

    def get_short_name(self):
        return self.name or self.email

    @property
    def is_practitioner(self) -> bool:
        """For templates; the rule itself is in accounts/roles.py."""
        return roles.is_practitioner(self)


class RateLimitHit(models.Model):
    """One counted step (a failed sign-in, a sign-up, an email asked for), kept briefly so
    that accounts.limits can refuse the next when there have been too many.

    Kept in the database so that every worker counts the same steps. Only a keyed hash of
    what the step is counted by (a network address, an email address, an account) is kept.
    """

    limit = models.CharField(max_length=40, default="", db_index=True)
    key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("counted attempt")
        verbose_name_plural = _("counted attempts")

    def __str__(self):
        return f"{self.limit} {self.key[:8]}… {self.at:%Y-%m-%d %H:%M}"

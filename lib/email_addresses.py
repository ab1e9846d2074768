"""An email address as the hub takes it, stores it and compares it: one rule for every
form that asks for one (sign-up, sign-in, sign-in link, password reset, invitation), for
the account's own field, and for every comparison of two addresses.

Length. At most 254 characters, the longest address a mail server accepts (RFC 5321's
path of 256, less its angle brackets) and the size of the database column. Django's own
form field allows 320, which PostgreSQL refuses with an error and SQLite stores.

Characters. Only ASCII (plain Latin letters, digits and punctuation). An address with
other characters has no single form that the database, Python and the mail server agree
on: SQLite's case-insensitive match folds only A–Z, PostgreSQL's follows Unicode,
`str.casefold()` turns "ſ" (long s) into "s", and the mail library sends a domain through
IDNA, which also turns "nhſ.net" into "nhs.net". A look-alike could then make a second
account whose mail reaches someone else, or pass for them when an invitation is checked.
Refusing such addresses is simpler than converting them the way every mail path would
(IDNA 2003 and 2008 disagree on "ß", "ς" and "ſ"), and a domain written in another script
can still be typed in its ASCII ("xn--") form.

An ASCII address is kept in lower case, so equal addresses are equal strings: in the
database (the accounts' unique column), in Python (`same`) and in limits' keys.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from lib.text import validate_one_line

MAX_LENGTH = 254

NOT_PLAIN_MESSAGE = _(
    "Type the email address in plain letters, digits and punctuation (a to z, 0 to 9): an address "
    "with other characters can’t be used here. For a domain in another script, use its form that "
    "starts “xn--”.")


def normalise(address: str) -> str:
    """The one form an address is stored, looked up and compared in."""
    return str(address).strip().lower()


def same(first: str, second: str) -> bool:
    return normalise(first) == normalise(second)


def validate_plain(value) -> None:
    """Refuse an address with any character outside ASCII (see the module's docstring)."""
    if isinstance(value, str) and not value.isascii():
        raise ValidationError(NOT_PLAIN_MESSAGE, code="not_plain")


class EmailAddressField(forms.EmailField):
    """Every form's email address: bounded, plain, and given back normalised. Only the
    first rule it breaks is told, so one mistake is one thing to put right."""

    default_validators = []

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Email address"))
        kwargs.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "email"}))
        kwargs["max_length"] = MAX_LENGTH
        kwargs["validators"] = [validate_one_line, validate_plain, validate_email]
        super().__init__(**kwargs)

    def run_validators(self, value):
        if value in self.empty_values:
            return
        for validator in self.validators:
            try:
                validator(value)
            except ValidationError as error:
                first = error.error_list[0]
                message = self.error_messages.get(first.code, first.message)
                raise ValidationError(message, code=first.code, params=first.params) from None

    def clean(self, value):
        # The rules read the address as typed (a Kelvin sign "K" is refused, not lowered to "k").
        value = super().clean(value)
        return normalise(value) if value else value

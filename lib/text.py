"""The rules for text people write: how long it may be and which characters it may hold.

One place for both, used by every model's text fields (so forms built from models, the
admin and the Open Referral import all apply them through Django's model validation;
the API only reads) and by the few form fields that are not a model's.

Bounds. A CharField's max_length is enforced by Django everywhere; a TextField's only
sizes the form's box, so a model's TextField takes `**paragraphs(limit)`, whose
validator makes full_clean refuse what is longer. Fields whose length a format sets (a
postcode, a phone number, an email address, a choice's code, a keyed hash) keep their
own max_length on the field.

Characters. A one-line field (a name, a title, a place, a label: anything shown on one
line, on a leaflet's heading or in an email's subject) refuses line breaks, other
control characters, and the invisible characters that override or isolate the direction
of text (U+202A–U+202E, U+2066–U+2069): after a right-to-left override, the rest of a
name shows reversed, in a page, a PDF or a mail client. A multi-line field allows line breaks and tabs and
refuses the rest. The left-to-right and right-to-left *marks* (U+200E, U+200F) are
allowed: they change no order on their own, and writers of Arabic, Hebrew or Urdu need
them to place a full stop or a number right.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

# The bounds, in characters (README, "Security", "Bounded input").
LABEL = 100        # a word or two: a category, a language, a town, a role
NAME = 150         # the name of a group, a place, a forum, a person; a title
LINE = 200         # a line of words: a summary, who runs it, getting there, a time that suits
LONG_LINE = 300    # a longer line: a meeting's notes, words searched but not shown
MESSAGE = 2000     # what one person writes to another: messages, notes, reasons, limits
OWN_WORDS = 3000   # a group's or an organisation's own words: descriptions, who it is for
FEEDBACK = 5000    # what people say to a consultation, kept as they wrote it
GENERATED = 100_000  # text the hub writes itself (emails in the outbox), never typed
PASSWORD = 1000    # room for any pass phrase; a bound, so one sign-in costs one bounded hash

DIRECTION_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# C0 and C1 control characters (Unicode category Cc) and the line and paragraph separators.
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROLS_BUT_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_DIRECTION = re.compile(f"[{DIRECTION_CONTROLS}]")

LINE_BREAK_MESSAGE = _("Keep this to one line: take out the line breaks.")
CONTROL_MESSAGE = _("Take out the invisible control characters.")
DIRECTION_MESSAGE = _("Take out the invisible characters that change the direction of the text.")


def _check_direction(value: str) -> None:
    if _DIRECTION.search(value):
        raise ValidationError(DIRECTION_MESSAGE, code="direction_control")


def validate_one_line(value) -> None:
    """Text shown on one line: no line breaks, control characters or direction overrides."""
    if not isinstance(value, str) or not value:
        return
    if _LINE_BREAKS.search(value):
        raise ValidationError(LINE_BREAK_MESSAGE, code="line_break")
    if _CONTROLS.search(value):
        raise ValidationError(CONTROL_MESSAGE, code="control_character")
    _check_direction(value)


def validate_multi_line(value) -> None:
    """Text of several lines: line breaks and tabs, but no other control characters and
    no direction overrides."""
    if not isinstance(value, str) or not value:
        return
    if _CONTROLS_BUT_LINES.search(value):
        raise ValidationError(CONTROL_MESSAGE, code="control_character")
    _check_direction(value)


def paragraphs(limit: int) -> dict:
    """A model TextField's bound and rules: at most `limit` characters, of several lines.

        description = models.TextField(_("what happens"), **paragraphs(OWN_WORDS))

    max_length sizes the form's box and its own check; the validator makes full_clean (and
    so the admin and the importer) refuse longer text, which Django's TextField does not."""
    return {"max_length": limit, "validators": [MaxLengthValidator(limit), validate_multi_line]}


def one_line(text) -> str:
    """Any text made fit for one line, for places that cannot refuse it (an email's
    subject built from a name stored before these rules): every run of whitespace and
    control characters becomes one space, and direction overrides are dropped."""
    text = _DIRECTION.sub("", str(text))
    return " ".join(_CONTROLS.sub(" ", text).split())

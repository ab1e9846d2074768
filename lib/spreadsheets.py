"""CSV cells that a spreadsheet will not run as formulas ("CSV injection").

A spreadsheet treats a cell that starts with `=`, `+`, `-` or `@` as a formula; some
strip a leading tab or carriage return first and then do the same. A group's name such
as `=HYPERLINK("http://…")` would otherwise become a live link, or worse, in the file
of whoever opens the download. Putting an apostrophe in front makes the cell text.

Two rules, for two kinds of file:

- `safe_cell`: files people open in a spreadsheet (staff downloads, reports). Every
  text cell that could start a formula is made text.
- `safe_free_text`: data for other systems (the Open Referral export), which must stay
  exact: `-1FR` in a schedule, `+44…` phone numbers and negative longitudes are data,
  not formulas. Only free text (names, descriptions, notes) is changed, and only when it
  starts with `=` or `@`, or with `+` or `-` not followed by a digit.
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value):
    """A value for a CSV cell that no spreadsheet will run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_free_text(value):
    """Free text for a data file: left exact unless a spreadsheet would run it."""
    if not isinstance(value, str) or not value:
        return value
    first, second = value[0], value[1:2]
    if first in "=@" or (first in "+-" and not second.isdigit()):
        return "'" + value
    return value

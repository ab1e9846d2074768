"""UK phone numbers, as people type them."""

import re

from django.utils.translation import gettext as _


def normalise_uk_phone(value: str, mobile: bool = False) -> str:
    """'+44 (0)7700 900123' → '07700 900123'. Raises ValueError with a plain message."""
    digits = re.sub(r"[\s\-().]", "", value or "")
    if digits.startswith("+44"):
        digits = "0" + digits[3:].lstrip("0")
    elif digits.startswith("0044"):
        digits = "0" + digits[4:].lstrip("0")
    if not re.fullmatch(r"0\d{9,10}", digits):
        raise ValueError(_("Enter a UK phone number, like 0115 496 0000 or 07700 900123."))
    if mobile and not digits.startswith("07"):
        raise ValueError(_("Text messages need a mobile number, starting 07."))
    return f"{digits[:5]} {digits[5:]}" if digits.startswith("07") else digits

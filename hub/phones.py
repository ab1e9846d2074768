"""UK phone numbers, as people type them."""

import re

from django.utils.translation import gettext as _


def normalise_uk_phone(value: str, mobile: bool = False) -> str:
    """'+44 (0)7700 900123' → '07700 900123', '01154960000' → '0115 496 0000'. Raises
    ValueError with a plain message."""
    digits = re.sub(r"[\s\-().]", "", value or "")
    if digits.startswith("+44"):
        digits = "0" + digits[3:].lstrip("0")
    elif digits.startswith("0044"):
        digits = "0" + digits[4:].lstrip("0")
    if not re.fullmatch(r"0\d{9,10}", digits):
        raise ValueError(_("Enter a UK phone number, like 0115 496 0000 or 07700 900123."))
    if mobile and not digits.startswith("07"):
        raise ValueError(_("Text messages need a mobile number, starting 07."))
    return _spaced(digits)


def normalise_helpline_phone(value: str) -> str:
    """A national helpline's number: a UK number, written as normalise_uk_phone writes it, or
    one of the free European helpline numbers, six digits starting 116 (Samaritans' 116 123).
    Raises ValueError with a plain message."""
    digits = re.sub(r"[\s\-().]", "", value or "")
    if re.fullmatch(r"116\d{3}", digits):
        return f"{digits[:3]} {digits[3:]}"
    try:
        return normalise_uk_phone(value)
    except ValueError:
        raise ValueError(_("Enter a UK phone number, like 0808 808 1677, or a helpline number starting 116, "
                           "like 116 123.")) from None


def display_phone(value: str) -> str:
    """A number as it is printed in the UK (01245 960123, 0115 496 0247, 07700 900123),
    however it was typed or imported. What is not a UK number is shown as it was given."""
    try:
        return normalise_uk_phone(value)
    except ValueError:
        return (value or "").strip()


def dial_phone(value: str) -> str:
    """The number for a tel: link: its digits, with + for an international one."""
    shown = display_phone(value)
    return ("+" if shown.startswith("+") else "") + re.sub(r"\D", "", shown)


def _spaced(digits: str) -> str:
    """Grouped the way numbers are printed in the UK, so that a number typed with the usual
    spaces is kept exactly as it was: 020 7946 0000, 0115 496 0000 (and 01x1), 0300 123 4567,
    07700 900123, 01632 960000."""
    if len(digits) == 11:
        if digits.startswith("02"):
            return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
        if digits[:2] in ("03", "08", "09") or digits[:3] == "011" or (digits[:2] == "01" and digits[3] == "1"):
            return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    return f"{digits[:5]} {digits[5:]}"

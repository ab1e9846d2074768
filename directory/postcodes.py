"""UK postcodes: normalise, validate and split into outward and inward codes.

The pattern follows the published Royal Mail format rules: an outward code of one or two
letters, a district number and an optional letter; an inward code of a digit and two
letters (never C, I, K, M, O or V). GIR 0AA is the one historic exception.
"""

import re

from django.utils.translation import gettext as _

_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9]{1,2}"
    r"|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
FULL_RE = re.compile(rf"^(?P<outward>{_OUTWARD})(?P<inward>{_INWARD})$|^(?P<gir>GIR0AA)$")
OUTWARD_RE = re.compile(rf"^{_OUTWARD}$")
_SPACES = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACES.sub("", text or "").upper()


def normalise_postcode(text: str) -> str:
    """'ng11aa', ' NG1  1AA ' → 'NG1 1AA'. Raises ValueError with a plain message."""
    squashed = _squash(text)
    match = FULL_RE.match(squashed)
    if not match:
        raise ValueError(_("Enter a full UK postcode, like NG1 6AA."))
    if match.group("gir"):
        return "GIR 0AA"
    return f"{match.group('outward')} {match.group('inward')}"


def normalise_outward(text: str) -> str | None:
    """'ng1' → 'NG1'; None when it is not an outward code."""
    squashed = _squash(text)
    return squashed if OUTWARD_RE.match(squashed) else None


def looks_like_postcode(text: str) -> bool:
    squashed = _squash(text)
    return bool(FULL_RE.match(squashed) or OUTWARD_RE.match(squashed))


def is_full_postcode(text: str) -> bool:
    return bool(FULL_RE.match(_squash(text)))


def is_northern_ireland(outward: str) -> bool:
    return re.match(r"^BT[0-9]", outward or "") is not None

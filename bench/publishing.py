"""Printed material benchmark: `make bench` (or `python -m bench.publishing --groups N`).

Builds a directory of generated groups (1,000 by default) in a temporary SQLite
database (or the one named by BENCH_DATABASE_URL), the same way as bench/run.py, then
times through Django's test client:

- directory: making the whole printed directory, as the scheduled job does
             (publishing.jobs.remake_printed_directory), which must take under a minute
             for 1,000 groups; the same job when the kept copy is still right (it renders
             the HTML and compares); and /directory.pdf as a member of staff, which hands
             over the kept copy;
- leaflet:   one group's A5 leaflet;
- list:      the list of every group for a subject within 50 miles of B1 (Birmingham);
- longest list: every group within 50 miles of B1, as many as a list holds (lists.MAX_GROUPS),
             the slowest PDF anyone can ask for while they wait.

Wall-clock and CPU seconds are both reported: other work on a shared machine slows the
first but hardly the second. It prints JSON and writes bench/results/publishing.json.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import database_url, percentile, setup_django, write_report
from bench.run import build

DIRECTORY_TARGET_SECONDS = 60
LIST_PARAMS = {"category": "health-conditions", "where": "B1", "distance": "50"}
LONGEST_LIST_PARAMS = {"where": "B1", "distance": "50"}


def pages(body: bytes) -> int | None:
    """The number of pages, read by poppler's pdfinfo when it is installed."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(body)
        handle.flush()
        # The arguments are the tool's own path and a file made here.
        output = subprocess.run([pdfinfo, handle.name], capture_output=True, text=True, check=True).stdout  # noqa: S603
    return int(next(line.split()[-1] for line in output.splitlines() if line.startswith("Pages:")))


def timed(client, url, params=None, rounds=1):
    def fetch():
        response = client.get(url, params or {})
        assert response.status_code == 200, (url, response.status_code)
        assert response["Content-Type"] == "application/pdf"
        return response.content

    return timed_call(fetch, rounds)


def timed_call(make, rounds=1):
    """Wall-clock and processor seconds of `make()`, which returns the PDF's bytes (or None)."""
    walls, cpus, body = [], [], b""
    for _ in range(rounds):
        started, cpu_started = time.perf_counter(), time.process_time()
        body = make() or body
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
    return {
        "rounds": rounds,
        "wall_seconds": {"p50": round(statistics.median(walls), 3), "p95": round(percentile(walls, 0.95), 3),
                         "max": round(max(walls), 3)},
        "cpu_seconds": {"p50": round(statistics.median(cpus), 3), "max": round(max(cpus), 3)},
        "pages": pages(body) if body else None,
        "kilobytes": len(body) // 1024,
    }


def measure(rounds, directory_rounds):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from directory.models import Group
    from publishing import lists, printed
    from publishing.forms import ListForm

    client = Client()
    # Warm up: the first PDF loads WeasyPrint and the fonts.
    group = Group.objects.listed().filter(meetings__isnull=False).order_by("pk").first()
    leaflet_url = reverse("publishing:group-leaflet", args=[group.slug])
    client.get(leaflet_url)

    form = ListForm(LIST_PARAMS)
    assert form.is_valid(), form.errors
    report = {
        "leaflet": timed(client, leaflet_url, rounds=rounds),
        "list": {**timed(client, reverse("publishing:list-pdf"), LIST_PARAMS, rounds=rounds),
                 "groups": lists.find(form).total, "params": LIST_PARAMS},
    }
    longest = ListForm(LONGEST_LIST_PARAMS)
    assert longest.is_valid(), longest.errors
    report["longest_list"] = {**timed(client, reverse("publishing:list-pdf"), LONGEST_LIST_PARAMS, rounds=rounds),
                              "groups": len(lists.find(longest).hits), "params": LONGEST_LIST_PARAMS}
    directory = timed_call(lambda: bytes(printed.remake_printed_directory(force=True).pdf), rounds=directory_rounds)
    directory["groups"] = Group.objects.listed().count()
    directory["target_seconds"] = DIRECTORY_TARGET_SECONDS
    directory["target_met"] = directory["wall_seconds"]["max"] < DIRECTORY_TARGET_SECONDS
    report["directory"] = directory
    # Every run of the scheduled jobs: render the HTML and find the kept copy still right.
    report["directory_job_when_up_to_date"] = timed_call(lambda: printed.remake_printed_directory(), rounds=rounds)
    staff = get_user_model().objects.create_user("bench-staff@example.org", "bench-only-password", is_staff=True)
    client.force_login(staff)
    report["directory_page"] = timed(client, reverse("publishing:directory"), rounds=rounds)
    report["directory_page_to_making_ratio_p50"] = round(
        report["directory_page"]["wall_seconds"]["p50"] / directory["wall_seconds"]["p50"], 5)
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=int(os.environ.get("BENCH_PUBLISHING_GROUPS", "1000")))
    parser.add_argument("--rounds", type=int, default=10, help="rounds for the leaflet and the list")
    parser.add_argument("--directory-rounds", type=int, default=3)
    parser.add_argument("--output", default="bench/results/publishing.json")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="selfhelphub-bench-") as folder:
        setup_django(database_url(folder))
        from django.db import connection

        build_seconds = build(args.groups)
        report = {
            "database": connection.vendor,
            "groups": args.groups,
            "build_seconds": round(build_seconds, 1),
            "cpus": os.cpu_count(),
            "load_average_before": [round(load, 2) for load in os.getloadavg()],
            **measure(args.rounds, args.directory_rounds),
            "load_average_after": [round(load, 2) for load in os.getloadavg()],
        }
        connection.close()
    write_report(report, args.output)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())

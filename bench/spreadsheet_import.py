"""Spreadsheet import benchmark: `make bench` (or `python -m bench.spreadsheet_import --rows N`).

Makes an Excel workbook of 2,000 groups (by default) in memory, as a local directory
kept in a spreadsheet would be: a name, a summary, subjects, contact details, a venue
with a real postcode, a meeting day, how often and its times. Then, in a new SQLite
database (or the one named by BENCH_DATABASE_URL), it times what the job runner does for
a staff import, end to end: reading the workbook (openpyxl), turning rows into Open
Referral services, and the Importer writing them, first as a check (dry run) and then
for real. The target: the import of 2,000 groups in under 10 seconds.

Wall-clock and CPU seconds are both reported: other work on a shared machine slows the
first but hardly the second. It prints JSON and writes bench/results/spreadsheet_import.json.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.common import database_url, setup_django, write_report

TARGET_SECONDS = 10
POSTCODES = ["NG1 5FW", "DE1 1AA", "LE1 6AA", "CM1 1SQ", "S1 2HE", "B1 1BB", "LS1 4AP", "M1 1AE"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
HOW_OFTEN = ["weekly", "1st", "2nd", "last", "weekly", "3rd"]
SUBJECTS = ["Tinnitus and hearing loss", "Diabetes", "Carers", "Stroke", "Epilepsy", "Knitting"]


def workbook(rows: int) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Reference", "Group name", "Summary", "Subjects", "Email", "Phone", "Venue", "Address", "Town",
                  "Postcode", "Day", "How often", "Starts", "Ends", "Languages"])
    for n in range(rows):
        sheet.append([f"B{n:05d}", f"Bench Group {n}", f"A friendly group, number {n}.", SUBJECTS[n % 6],
                      f"group{n}@example.org", "0115 496 0123", f"Community Centre {n % 300}",
                      f"{n % 300} High Street", "Nottingham", POSTCODES[n % len(POSTCODES)], DAYS[n % 6],
                      HOW_OFTEN[n % 6], "7:30pm", "9pm", "English"])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def measure(rows: int) -> dict:
    from openreferral.importer import Importer
    from openreferral.spreadsheet import SpreadsheetSource, guess_columns, read_sheet

    data = workbook(rows)
    report = {"rows": rows, "kilobytes": len(data) // 1024}
    for name, dry_run in (("check", True), ("import", False)):
        started, cpu_started = time.perf_counter(), time.process_time()
        sheet = read_sheet(data, "bench.xlsx")
        read_seconds = time.perf_counter() - started
        source = SpreadsheetSource(sheet, guess_columns(sheet.header), "bench.xlsx")
        result = Importer(publish=True).run(source, dry_run=dry_run)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        report[name] = {"wall_seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
                        "reading_seconds": round(read_seconds, 2), "created": result.created,
                        "refused": result.refused, "written": result.written}
    report["target_seconds"] = TARGET_SECONDS
    report["target_met"] = report["import"]["wall_seconds"] < TARGET_SECONDS
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=int(os.environ.get("BENCH_SPREADSHEET_ROWS", "2000")))
    parser.add_argument("--output", default="bench/results/spreadsheet_import.json")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="selfhelphub-bench-") as folder:
        setup_django(database_url(folder))
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        report = {"database": connection.vendor, "cpus": os.cpu_count(),
                  "load_average_before": [round(load, 2) for load in os.getloadavg()],
                  **measure(args.rows),
                  "load_average_after": [round(load, 2) for load in os.getloadavg()]}
        connection.close()
    write_report(report, args.output)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())

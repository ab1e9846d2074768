"""import_openreferral --report: a file staff open in a spreadsheet, holding values from
someone else's feed, so no cell may run as a formula."""

import csv

import pytest

from .test_import import run, service, write_page

pytestmark = pytest.mark.django_db


def test_values_from_the_feed_cannot_run_as_formulas_in_the_report(tmp_path):
    report = tmp_path / "report.csv"
    feed = write_page(tmp_path / "feed.json", [service(email='=HYPERLINK("http://evil.example","x")')])
    run(feed, "--report", report)  # the bad address is left out and reported
    with open(report, newline="", encoding="utf-8") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)

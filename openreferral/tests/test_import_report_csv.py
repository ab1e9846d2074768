"""import_openreferral --report: a file staff open in a spreadsheet, holding values from
someone else's feed, so no cell may run as a formula."""

import csv
import io

import pytest
from django.core.management import call_command

from .test_import import service, write_page

pytestmark = pytest.mark.django_db


def test_values_from_the_feed_cannot_run_as_formulas_in_the_report(tmp_path):
    report = tmp_path / "report.csv"
    feed = write_page(tmp_path / "feed.json", [service(email='=HYPERLINK("http://evil.example","x")')])
    # The email is not an address: it is left out, and the report says so, quoting it.
    call_command("import_openreferral", str(feed), "--report", str(report), stdout=io.StringIO())
    with open(report, newline="", encoding="utf-8") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)

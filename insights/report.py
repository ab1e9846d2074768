"""Tables that render as HTML and download as CSV, and the small-number rule.

Every insight page is a list of `Table`s. The same rows go to the page and to the CSV,
so the two always agree, including which numbers are hidden (the small-number rule:
lib/counts.py).
"""

import csv
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lib.spreadsheets import safe_cell


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    # Columns holding numbers, aligned right on the page.
    numeric: tuple[int, ...] = ()
    empty: str = gettext_lazy("None.")

    def cells(self):
        """Rows of (value, is_numeric) for the template."""
        return [[(value, index in self.numeric) for index, value in enumerate(row)] for row in self.rows]


def csv_response(name: str, tables: list[Table]) -> HttpResponse:
    """Every table one after another, each with its caption, headers and rows."""
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    response.write("\ufeff")  # so spreadsheets read the file as UTF-8 (£, accents)
    writer = csv.writer(response)
    for number, table in enumerate(tables):
        if number:
            writer.writerow([])
        writer.writerow([safe_cell(table.caption)])
        writer.writerow([safe_cell(header) for header in table.headers])
        for row in table.rows:
            writer.writerow([safe_cell(value) for value in row])
    return response


def wants_csv(request) -> bool:
    return request.GET.get("format") == "csv"


def csv_url(request) -> str:
    query = request.GET.copy()
    query["format"] = "csv"
    return f"{request.path}?{query.urlencode()}"

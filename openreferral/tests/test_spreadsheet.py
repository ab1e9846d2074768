"""Reading spreadsheets as they come (openreferral/spreadsheet.py): encodings, merged
cells, blank rows, formulas, dates as numbers, several sheets, and what cannot be read."""

import datetime
import io
import re
import zipfile

import pytest

from imports.tests.helpers import HEADER, csv_bytes, row, xlsx_bytes
from openreferral.importer import Importer
from openreferral.sources import SourceError
from openreferral.spreadsheet import SpreadsheetSource, guess_columns, read_sheet, template_rows

pytestmark = pytest.mark.django_db


def test_a_byte_order_mark_is_not_part_of_the_first_heading():
    sheet = read_sheet(b"\xef\xbb\xbf" + csv_bytes([row()]), "groups.csv")
    assert sheet.header[0] == "Group name"
    assert sheet.notes == []


def test_a_windows_csv_is_read_as_windows_1252_with_a_note():
    sheet = read_sheet(csv_bytes([row("Café Carers")], encoding="cp1252"), "groups.csv")
    assert sheet.rows[0][1][0] == "Café Carers"
    assert "Windows-1252" in sheet.notes[0] and "line 2" in sheet.notes[0]


def test_text_in_neither_encoding_is_refused_naming_its_line():
    data = csv_bytes([row(), row("Second")]) + b"Bad \x81 row,x\n"
    with pytest.raises(SourceError, match=r"line 4 is neither UTF-8 nor Windows-1252"):
        read_sheet(data, "groups.csv")


def test_a_utf16_csv_is_read():
    sheet = read_sheet(csv_bytes([row("Zoë’s Group")], encoding="utf-16"), "groups.csv")
    assert sheet.rows[0][1][0] == "Zoë’s Group"


def test_a_value_of_two_megabytes_gets_a_line_numbered_message():
    data = csv_bytes([row(), row("x" * 2_000_000)])
    with pytest.raises(SourceError, match=r"line 3: a value longer than 1,000,000 characters"):
        read_sheet(data, "groups.csv")


def test_a_million_rows_are_refused_quickly_with_the_bound(settings):
    data = b"Group name\n" + b"A group\n" * 1_000_000
    with pytest.raises(SourceError, match=r"more than 20,000 rows"):
        read_sheet(data, "huge.csv")


def test_blank_rows_are_skipped_and_rows_keep_their_numbers():
    data = b"\n\nGroup name,Town\n\nOne,Derby\n,\nTwo,Leicester\n"
    sheet = read_sheet(data, "groups.csv")
    assert sheet.header == ["Group name", "Town"]
    assert [(n, values[0]) for n, values in sheet.rows] == [(5, "One"), (7, "Two")]


def test_an_old_excel_file_is_named():
    with pytest.raises(SourceError, match=r"Excel 97–2003"):
        read_sheet(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls")


def test_merged_cells_fill_every_row_they_cover_and_blank_rows_are_skipped():
    data = xlsx_bytes({"Groups": [HEADER, row("One"), [None] * len(HEADER), row("Two", Venue="Other"),
                                  row("Three", Venue="")]}, merged=["E2:E4"])
    sheet = read_sheet(data, "groups.xlsx")
    venues = {values[0]: values[4] for _n, values in sheet.rows}
    assert venues == {"One": "Community Centre", "Two": "Community Centre", "Three": None}
    assert any("Merged cells (E2:E4)" in note for note in sheet.notes)
    assert [n for n, _values in sheet.rows] == [2, 4, 5]


def test_dates_and_times_given_as_numbers_are_read_as_what_they_mean():
    header = ["Group name", "Last confirmed", "Started", "Starts", "Ends", "Day", "Postcode"]
    data = xlsx_bytes({"Groups": [header, ["One", 46037, 1998, 0.8125, datetime.time(21, 0), "Monday",
                                           "NG1 5FW"]]})
    sheet = read_sheet(data, "groups.xlsx")
    source = SpreadsheetSource(sheet, guess_columns(sheet.header), "groups.xlsx")
    service = next(source.services())
    details = {a["taxonomy_term_id"]: a["value"] for a in service["attributes"]}
    assert "2026-01-15" in details.values() and "1998-01-01" in details.values()
    assert service["schedules"][0]["opens_at"] == "19:30"
    assert service["schedules"][0]["closes_at"] == "21:00"


def test_a_formula_without_a_kept_result_is_explained_naming_the_cell():
    data = xlsx_bytes({"Groups": [["Group name", "Email"], ["One", '=CONCAT("a","@example.org")']]})
    with pytest.raises(SourceError, match=r"cell B2 \(and 0 more\) holds a formula whose result"):
        read_sheet(data, "groups.xlsx")


def test_a_formula_with_its_result_kept_is_read_as_the_result():
    data = xlsx_bytes({"Groups": [["Group name", "Email"], ["One", '=CONCAT("a","@example.org")']]})
    # Excel keeps a formula's last result beside it; openpyxl does not, so add one as Excel would.
    packed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(packed, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith("sheet1.xml"):
                content = re.sub(rb"(<c r=\"B2\"[^>]*>)<f>(.*?)</f><v\s*/?>(</v>)?",
                                 rb'\1<f>\2</f><v>a@example.org</v>', content).replace(b'r="B2"', b'r="B2" t="str"')
            target.writestr(info, content)
    sheet = read_sheet(packed.getvalue(), "groups.xlsx")
    assert sheet.rows[0][1] == ["One", "a@example.org"]


def test_the_first_sheet_is_read_unless_another_is_chosen():
    data = xlsx_bytes({"Notes": [["About"], ["This file lists our groups"]],
                       "Groups": [HEADER, row("One")]})
    assert read_sheet(data, "groups.xlsx").header == ["About"]
    sheet = read_sheet(data, "groups.xlsx", sheet="Groups")
    assert sheet.rows[0][1][0] == "One"
    assert sheet.sheets == ["Notes", "Groups"]
    with pytest.raises(SourceError, match="no sheet called"):
        read_sheet(data, "groups.xlsx", sheet="Missing")


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 50_000_000 + b"</a>")
    with pytest.raises(SourceError, match="zip bomb"):
        read_sheet(packed.getvalue(), "bomb.xlsx")


def test_a_damaged_xlsx_is_named():
    with pytest.raises(SourceError, match="not a readable .xlsx file"):
        read_sheet(b"PK\x03\x04 not really a zip", "broken.xlsx")


def test_headings_suggest_their_fields():
    guesses = guess_columns(["Name of group", "E-mail", "Post Code", "Venue name", "Notes to self"])
    assert guesses == {"Name of group": "name", "E-mail": "email", "Post Code": "postcode",
                       "Venue name": "venue", "Notes to self": ""}


def test_the_template_reads_back_with_every_column_guessed():
    header, example = template_rows()
    sheet = read_sheet(csv_bytes([example], header=header), "template.csv")
    guesses = guess_columns(sheet.header)
    assert all(guesses.values()), guesses


def test_rows_become_services_that_the_importer_keeps_with_their_meeting_and_subject():
    data = csv_bytes([row("Tinnitus Circle", **{"How often": "2nd"}), row("Carers Café", Subjects="Knitting")])
    sheet = read_sheet(data, "groups.csv")
    source = SpreadsheetSource(sheet, guess_columns(sheet.header), "groups.csv")
    report = Importer().run(source, dry_run=True)
    assert (report.created, report.refused, report.written) == (2, 0, False)
    assert report.unmapped_terms["subject:knitting"][2] == 1
    assert source.lines == {"row:" + k.split(":", 1)[1]: v for k, v in source.lines.items()}
    assert sorted(source.lines.values()) == [2, 3]


def test_a_row_without_a_name_is_refused_and_reported_with_its_row_number():
    data = csv_bytes([row("One"), row("", Email="no-name@example.org")])
    sheet = read_sheet(data, "groups.csv")
    source = SpreadsheetSource(sheet, guess_columns(sheet.header), "groups.csv")
    report = Importer().run(source, dry_run=True)
    refused = [p for p in report.problems if p.refused]
    assert refused and source.lines[refused[0].record_id] == 3


def test_the_first_rows_of_a_workbook_are_read_alone_for_the_pages_staff_wait_on():
    rows = [HEADER, *[row(f"Group {n}") for n in range(10)], ["Late", '=CONCAT("a","b")']]
    data = xlsx_bytes({"Groups": rows})
    first = read_sheet(data, "groups.xlsx", first_rows=3)
    assert [values[0] for _n, values in first.rows] == ["Group 0", "Group 1", "Group 2"]
    assert first.count == 11
    with pytest.raises(SourceError, match="cell B12"):  # the check reads every row
        read_sheet(data, "groups.xlsx")

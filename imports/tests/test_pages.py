"""The staff pages of an import: upload, columns (guessed, then remembered), preview,
check, import, report and its CSV, the template; bad files get a one-line message."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import Group
from imports import services
from imports.models import ColumnChoice, ImportRun

from .helpers import HEADER, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, sam):
    client.force_login(sam)
    return client


def upload(client, data, name="groups.csv", kind="spreadsheet", **extra):
    return client.post(reverse("imports:new"), {"kind": kind, "file": SimpleUploadedFile(name, data), **extra})


def test_a_spreadsheet_goes_from_upload_through_columns_and_preview_to_a_check_and_an_import(staff):
    data = xlsx_bytes({"Groups": [HEADER, row("Tinnitus Circle", **{"How often": "2nd"}), row("Carers Café")]})
    response = upload(staff, data, "groups.xlsx")
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("imports:columns", args=[run.pk])
    page = staff.get(response["Location"]).content.decode()
    assert 'Column “Postcode”' in page and '<option value="postcode" selected>' in page
    columns = {f"column_{n}": field for n, field in enumerate(
        ["name", "summary", "subjects", "email", "venue", "address", "town", "postcode", "day", "frequency",
         "start_time", "end_time"])}
    response = staff.post(response["Location"], columns)
    assert response["Location"] == reverse("imports:preview", args=[run.pk])
    page = staff.get(response["Location"]).content.decode()
    assert "Row 2:" in page and "Tinnitus Circle" in page and "Tinnitus and hearing loss" in page
    assert "The second Tuesday of each month, 7:30pm to 9pm, Community Centre NG1 5FW" in page
    assert not Group.objects.filter(name="Tinnitus Circle").exists()  # the preview wrote nothing

    staff.post(reverse("imports:start", args=[run.pk]), {"action": "check"})
    services.run_queued()
    page = staff.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert "Checked, nothing written: 2 would be taken, 0 refused." in page
    assert not Group.objects.filter(name="Tinnitus Circle").exists()

    staff.post(reverse("imports:start", args=[run.pk]), {"action": "import"})
    page = staff.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert "<progress" in page and 'for="import-progress"' in page and "Refresh now" in page
    assert 'http-equiv="refresh"' not in page  # only when asked for
    page = staff.get(reverse("imports:run", args=[run.pk]), {"refresh": "on"}).content.decode()
    assert 'http-equiv="refresh"' in page and "Stop refreshing" in page
    services.run_queued()
    page = staff.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert "Imported: 2 new, 0 changed, 0 unchanged, 0 refused." in page
    assert Group.objects.filter(name="Tinnitus Circle").exists()
    run.refresh_from_db()
    assert run.upload is None


def test_the_columns_chosen_are_offered_for_the_next_spreadsheet_with_the_same_headings(staff):
    upload(staff, csv_bytes([row()]))
    first = ImportRun.objects.get()
    choices = {f"column_{n}": "" for n in range(len(HEADER))} | {"column_0": "name", "column_2": "description"}
    staff.post(reverse("imports:columns", args=[first.pk]), choices)
    upload(staff, csv_bytes([row("Another")]))
    second = ImportRun.objects.exclude(pk=first.pk).get()
    assert second.columns == {"Group name": "name", "Subjects": "description"}
    assert ColumnChoice.objects.count() == 1


def test_columns_without_a_name_or_with_a_field_twice_are_refused(staff):
    upload(staff, csv_bytes([row()]))
    run = ImportRun.objects.get()
    page = staff.post(reverse("imports:columns", args=[run.pk]), {"column_1": "summary"}).content.decode()
    assert "There is a problem" in page and "holds each group’s name" in page
    page = staff.post(reverse("imports:columns", args=[run.pk]), {"column_0": "name", "column_1": "name"}).content
    assert "one column only: Group name" in page.decode()


def test_a_malformed_spreadsheet_gets_a_line_numbered_message_and_nothing_is_kept(staff):
    response = upload(staff, csv_bytes([row()]) + b"Bad \x81 row\n")
    page = response.content.decode()
    assert response.status_code == 200
    assert "line 3 is neither UTF-8 nor Windows-1252" in page and "There is a problem" in page
    assert not ImportRun.objects.exists()


def test_a_file_over_the_size_bound_is_refused_before_it_is_read(staff, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    response = upload(staff, b"Group name\n" + b"x" * (2 * 1024**2))
    assert response.status_code == 413
    assert "larger than 1 MB" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_second_import_waits_for_the_first(staff, sam):
    ImportRun.objects.create(started_by=sam, kind="feed", label="https://example.org/api", state="queued")
    response = upload(staff, b"{}", "feed.json", kind="file")
    assert "Your last import has not finished yet" in response.content.decode()
    assert ImportRun.objects.count() == 1


def test_an_open_referral_file_is_checked_and_a_broken_one_reports_why(staff):
    response = upload(staff, b'{"contents": [', "feed.json", kind="file")
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("imports:run", args=[run.pk])
    assert run.state == ImportRun.State.QUEUED and run.dry_run
    services.run_queued()
    page = staff.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert "Nothing was imported" in page and "feed.json" in page
    run.refresh_from_db()
    assert run.state == ImportRun.State.FAILED and run.upload is None


def test_a_feed_needs_its_address(staff):
    page = staff.post(reverse("imports:new"), {"kind": "feed"}).content.decode()
    assert "Enter the feed’s address." in page


def test_the_report_downloads_as_csv_that_no_spreadsheet_runs_as_a_formula(staff, sam):
    run = ImportRun.objects.create(started_by=sam, kind="spreadsheet", label="groups.csv", state="done", report={
        "created": 0, "problems": [{"line": 4, "record": "service", "record_id": "r1", "field": "email",
                                    "value": "=HYPERLINK(1)", "message": "is not an email address",
                                    "refused": False}]})
    response = staff.get(reverse("imports:report-csv", args=[run.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["line", "record"]
    assert rows[1][0] == "4" and rows[1][4] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_template_has_the_columns_and_one_example_row(staff, kind):
    response = staff.get(reverse("imports:template", args=[kind]))
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert rows[0][:2] == ["Reference", "Group name"] and len(rows) == 2
    assert rows[1][1] == "Riverside Tinnitus Circle"


def test_the_history_lists_imports(staff, sam):
    ImportRun.objects.create(started_by=sam, kind="spreadsheet", label="our-groups.xlsx", state="done")
    page = staff.get(reverse("imports:history")).content.decode()
    assert "our-groups.xlsx" in page and "sam@example.org" in page and "New import" in page


def test_the_demo_has_a_finished_import_with_its_report(staff):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    run = ImportRun.objects.get(label="groups-spreadsheet.csv")
    assert run.state == ImportRun.State.DONE and run.upload is None
    page = staff.get(reverse("imports:history")).content.decode()
    assert "groups-spreadsheet.csv" in page
    page = staff.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert "Imported: 3 new, 0 changed, 0 unchanged, 1 refused." in page
    call_command("load_demo", verbosity=0)
    assert ImportRun.objects.count() == 1


def test_staff_choose_another_sheet_and_its_columns_are_offered(staff):
    data = xlsx_bytes({"Notes": [["About"], ["Our groups are on the next sheet"]], "Groups": [HEADER, row()]})
    upload(staff, data, "groups.xlsx")
    run = ImportRun.objects.get()
    page = staff.get(reverse("imports:columns", args=[run.pk])).content.decode()
    assert "The file has 2 sheets; the sheet “Notes” is read." in page and 'name="sheet"' in page
    staff.post(reverse("imports:columns", args=[run.pk]), {"sheet": "Groups", "column_0": "name"})
    run.refresh_from_db()
    assert run.sheet == "Groups" and run.columns["Postcode"] == "postcode"
    page = staff.get(reverse("imports:columns", args=[run.pk])).content.decode()
    assert 'Column “Group name”' in page

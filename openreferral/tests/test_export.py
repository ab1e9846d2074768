"""export_openreferral: the published directory as an HSDS 3 datapackage."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from directory.models import Group
from openreferral import exporter

from .helpers import make_directory

pytestmark = pytest.mark.django_db


def test_it_writes_csv_tables_a_descriptor_and_one_json_document(tmp_path):
    make_directory()
    out = io.StringIO()
    call_command("export_openreferral", str(tmp_path), stdout=out)
    assert "Wrote 3 services" in out.getvalue()
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert descriptor["profile"] == "tabular-data-package"
    with open(tmp_path / "services.csv", newline="") as handle:
        names = sorted(row["name"] for row in csv.DictReader(handle))
    assert names == ["Derby Carers Online", "Leicester Tinnitus Circle", "Nottingham Diabetes Friends"]
    document = json.loads((tmp_path / "openreferral.json").read_text())
    assert len(document["services.csv"]) == 3
    assert not list(tmp_path.glob(".export-*"))


def test_only_the_json_document_when_the_path_ends_in_json(tmp_path):
    make_directory()
    call_command("export_openreferral", str(tmp_path / "directory.json"), stdout=io.StringIO())
    assert [p.name for p in tmp_path.iterdir()] == ["directory.json"]


def test_a_failed_export_leaves_the_previous_files_untouched(tmp_path, monkeypatch):
    make_directory()
    exporter.export(tmp_path)
    before = (tmp_path / "services.csv").read_text()

    def broken_rows():
        yield from exporter.taxonomy_rows()
        raise RuntimeError("disk full")

    monkeypatch.setattr(exporter, "all_rows", broken_rows)
    with pytest.raises(RuntimeError):
        exporter.export(tmp_path)
    assert (tmp_path / "services.csv").read_text() == before
    assert not list(tmp_path.glob(".export-*"))


def _csv_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


class TestSpreadsheetSafety:
    """The CSV files are data for other systems: exact, except free text that a
    spreadsheet would run as a formula."""

    def test_free_text_that_would_run_as_a_formula_is_made_text(self, tmp_path):
        groups = make_directory()
        diabetes = groups["diabetes"]
        diabetes.name = '=HYPERLINK("http://evil.example","Click")'
        diabetes.description = "@SUM(1+1)*cmd|' /C calc'!A0"
        diabetes.save()
        diabetes.meetings.update(notes="-cmd")
        exporter.export(tmp_path)
        services = {row["id"]: row for row in _csv_rows(tmp_path / "services.csv")}
        names = [row["name"] for row in services.values()]
        assert '\'=HYPERLINK("http://evil.example","Click")' in names
        assert "'@SUM(1+1)*cmd|' /C calc'!A0" in [row["description"] for row in services.values()]
        assert "'-cmd" in [row["notes"] for row in _csv_rows(tmp_path / "schedules.csv")]
        for table in exporter.COLUMNS:
            if (tmp_path / table).exists():
                for row in _csv_rows(tmp_path / table):
                    for column in exporter.FREE_TEXT:
                        assert not (row.get(column) or "").startswith(("=", "@"))

    def test_schedules_phone_numbers_and_coordinates_stay_exact(self, tmp_path):
        groups = make_directory()
        Group.objects.filter(pk=groups["diabetes"].pk).update(phone="+44 115 496 0123")
        exporter.export(tmp_path)
        assert "-1FR" in [row["byday"] for row in _csv_rows(tmp_path / "schedules.csv")]
        longitudes = [row["longitude"] for row in _csv_rows(tmp_path / "locations.csv")]
        assert "-1.15541" in longitudes
        assert "+44 115 496 0123" in [row["number"] for row in _csv_rows(tmp_path / "phones.csv")]

    def test_the_json_document_keeps_free_text_exactly(self, tmp_path):
        groups = make_directory()
        groups["diabetes"].name = "=1+1"
        groups["diabetes"].save()
        exporter.export(tmp_path)
        document = json.loads((tmp_path / "openreferral.json").read_text())
        assert "=1+1" in [row["name"] for row in document["services.csv"]]


def test_a_schedule_says_its_cancelled_and_moved_dates_in_words(time_machine):
    """HSDS 3 has no exception dates: the honest minimum is the schedule's description."""
    import datetime

    from directory.models import MeetingChange
    from directory.tests.factory import make_group
    from openreferral.serialize import full_prefetch, service_full

    time_machine.move_to(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False)
    group = make_group(meetings=[{"weekday": 3}])
    MeetingChange.objects.create(meeting=group.meetings.get(), on_date=datetime.date(2026, 12, 24), note="holiday")
    schedule = service_full(full_prefetch(type(group).objects.filter(pk=group.pk)).get())["schedules"][0]
    assert schedule["description"] == "Every Thursday, 7pm to 9pm. No meeting on Thursday 24 December 2026: holiday."
    assert (schedule["freq"], schedule["byday"]) == ("WEEKLY", "TH")

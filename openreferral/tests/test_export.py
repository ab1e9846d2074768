"""export_openreferral: the published directory as an HSDS 3 datapackage."""

import csv
import io
import json

import pytest
from django.core.management import call_command

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

"""A large source is checked in a second process while the first writes: the same result."""

import json
import os

import pytest

from directory.models import Group, Meeting, Venue
from openreferral import pipeline
from openreferral.importer import Importer
from openreferral.mapping import TermMapping
from openreferral.models import SourceRecord
from openreferral.sources import Source, SourceError, open_source

from .test_import import service, write_page

pytestmark = pytest.mark.django_db


def services():
    """Forty services of every kind: a refused one, warnings, an unmapped term, clashing names."""
    records = []
    for n in range(40):
        record = service(id=f"svc-{n}", name=f"Stroke Club {n % 7}")
        record["service_at_locations"][0]["id"] = f"sal-{n}"
        record["service_at_locations"][0]["location"]["id"] = f"loc-{n % 5}"
        record["schedules"][0].update(id=f"sch-{n}", service_at_location_id=f"sal-{n}",
                                      byday=["1WE", "-1FR", "2TU,4TU", "MO"][n % 4])
        if n % 3 == 0:
            record["languages"] = [{"code": "cy"}, {"code": "xx", "name": "Unknown tongue"}]
        if n % 4 == 0:
            record["attributes"].append({"id": f"at-x-{n}", "taxonomy_term": {"id": "t-knit", "name": "Knitting"}})
        if n == 17:
            record["service_at_locations"][0]["location"].update(id="loc-bad", latitude=None, longitude=None)
            record["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = "NOT A POSTCODE"
        records.append(record)
    return records


class Sized(Source):
    """A saved feed that says how many services it has, as a datapackage does."""

    def __init__(self, path, services_=None, fail=None):
        self.inner = open_source(str(path))
        self.label = self.inner.label
        self.fail = fail

    def count(self):
        return 10**6

    def services(self):
        for number, record in enumerate(self.inner.services()):
            if self.fail and number == 12:
                self.fail()
            yield record


def state():
    groups = {g["uuid"]: g for g in Group.objects.values(
        "uuid", "slug", "name", "summary", "description", "stage", "status", "contact_route", "professionals_rule",
        "last_confirmed_on", "meets_in_person", "meets_online")}
    for group in Group.objects.prefetch_related("categories", "languages"):
        groups[group.uuid]["categories"] = sorted(c.slug for c in group.categories.all())
        groups[group.uuid]["languages"] = sorted(language.code for language in group.languages.all())
    venues = list(Venue.objects.order_by("uuid").values("uuid", "name", "postcode", "latitude", "longitude"))
    meetings = list(Meeting.objects.order_by("uuid").values(
        "uuid", "group__uuid", "venue__uuid", "pattern", "weekday", "week_of_month", "start_time"))
    records = sorted(SourceRecord.objects.values_list("source_id", "fingerprint"))
    return groups, venues, meetings, records


def outcome(report):
    return (report.created, report.updated, report.unchanged, report.refused, report.written,
            [vars(p) for p in report.problems], report.unmapped_terms)


def run(path, pipeline_, **options):
    source = Sized(path)
    try:
        return Importer(mapping=TermMapping(), batch_size=7, pipeline=pipeline_, **options).run(source)
    finally:
        source.close()


def clear():
    Meeting.objects.all().delete()
    Group.objects.all().delete()
    Venue.objects.all().delete()
    SourceRecord.objects.all().delete()


@pytest.mark.parametrize("skip_invalid", [True, False])
def test_checking_in_a_second_process_gives_the_same_directory_and_report(tmp_path, skip_invalid):
    path = write_page(tmp_path / "feed.json", services())
    here = run(path, False, skip_invalid=skip_invalid)
    written_here = state()
    clear()
    elsewhere = run(path, True, skip_invalid=skip_invalid)
    assert outcome(elsewhere) == outcome(here)
    assert state() == written_here
    assert here.refused == 1 and here.unmapped_terms and any(not p.refused for p in here.problems)
    assert (Group.objects.count() == 39) is skip_invalid


def test_importing_again_through_a_second_process_changes_nothing(tmp_path):
    path = write_page(tmp_path / "feed.json", services())
    run(path, True, skip_invalid=True)
    before = state()
    again = run(path, True, skip_invalid=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 39)
    assert state() == before


def test_a_source_error_met_by_the_second_process_stops_the_import_and_nothing_is_written(tmp_path):
    def fail():
        raise SourceError("feed.json: page 3 could not be read")

    source = Sized(write_page(tmp_path / "feed.json", services()), fail=fail)
    with pytest.raises(SourceError, match="page 3 could not be read"):
        Importer(batch_size=7, pipeline=True, skip_invalid=True).run(source)
    assert not Group.objects.exists() and not SourceRecord.objects.exists()


def test_an_unexpected_error_in_the_second_process_is_raised_here_with_its_traceback(tmp_path):
    def fail():
        raise KeyError("surprise")

    source = Sized(write_page(tmp_path / "feed.json", services()), fail=fail)
    with pytest.raises(RuntimeError, match="(?s)test_import_pipeline.*KeyError: 'surprise'"):
        Importer(batch_size=7, pipeline=True, skip_invalid=True).run(source)
    assert not Group.objects.exists()


def test_a_second_process_that_dies_stops_the_import_and_nothing_is_written(tmp_path):
    source = Sized(write_page(tmp_path / "feed.json", services()), fail=lambda: os._exit(3))
    with pytest.raises(SourceError, match="stopped before the end"):
        Importer(batch_size=7, pipeline=True, skip_invalid=True).run(source)
    assert not Group.objects.exists()


def test_when_writing_fails_the_second_process_is_stopped_and_nothing_is_written(tmp_path, monkeypatch):
    import multiprocessing

    calls = []
    write = Importer.write

    def failing(self, plans):
        calls.append(len(plans))
        if len(calls) == 2:
            raise RuntimeError("the disk is full")
        write(self, plans)

    monkeypatch.setattr(Importer, "write", failing)
    source = Sized(write_page(tmp_path / "feed.json", services()))
    with pytest.raises(RuntimeError, match="the disk is full"):
        Importer(batch_size=7, pipeline=True, skip_invalid=True).run(source)
    assert not Group.objects.exists()
    assert not multiprocessing.active_children()


def test_only_a_large_source_on_a_machine_with_two_processors_is_checked_in_a_second_process(
        tmp_path, monkeypatch):
    path = write_page(tmp_path / "feed.json", [service()])
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "services.csv").write_text("id,name\nsvc-1,Stroke Club\nsvc-2,Carers Club\n")
    tables = open_source(str(tmp_path / "tables"))
    feed = open_source(str(path))
    try:
        assert tables.count() == 2 and feed.count() is None
        monkeypatch.setattr(pipeline, "MIN_SERVICES", 2)
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
        assert pipeline.worth_it(tables) and not pipeline.worth_it(feed)
        monkeypatch.setattr(pipeline, "MIN_SERVICES", 3)
        assert not pipeline.worth_it(tables)
        monkeypatch.setattr(pipeline, "MIN_SERVICES", 2)
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
        assert not pipeline.worth_it(tables)
        # A daemonic process (a worker of a pool, say) may not start processes of its own.
        import multiprocessing
        import types

        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
        monkeypatch.setattr(multiprocessing, "current_process", lambda: types.SimpleNamespace(daemon=True))
        assert not pipeline.worth_it(tables)
    finally:
        tables.close()
        feed.close()


def test_a_datapackage_is_read_by_the_second_process_through_its_own_connection(tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    rows = [service(id=f"svc-{n}", name=f"Club {n}") for n in range(3)]
    (folder / "services.csv").write_text("id,name,description\n" + "".join(
        f"{r['id']},{r['name']},{json.dumps(r['description'])}\n" for r in rows))
    source = open_source(str(folder))
    try:
        report = Importer(pipeline=True).run(source)
        assert report.written and report.created == 3
        assert source.count() == 3  # the parent's own connection still reads the file
    finally:
        source.close()
    assert sorted(Group.objects.values_list("name", flat=True)) == ["Club 0", "Club 1", "Club 2"]


class TestLoadingInTwoProcesses:
    """A large CSV datapackage's tables are loaded half here, half by a second process."""

    @pytest.fixture
    def datapackage(self, tmp_path):
        from openreferral.exporter import export

        from .helpers import make_directory

        make_directory()
        export(tmp_path / "data")
        return tmp_path / "data"

    @pytest.fixture
    def in_two(self, monkeypatch):
        from openreferral import sources

        monkeypatch.setattr(sources, "PARALLEL_LOAD_BYTES", 0)
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})

    @staticmethod
    def read(path):
        source = open_source(str(path))
        try:
            return list(source.terms()), list(source.services()), source.staging.parts
        finally:
            source.close()

    @staticmethod
    def staging_files():
        import glob
        import tempfile

        return set(glob.glob(os.path.join(tempfile.gettempdir(), "openreferral-*")))

    def test_the_services_read_are_the_same(self, datapackage, monkeypatch):
        terms, services_, parts = self.read(datapackage)
        assert not parts and len(services_) == 3
        from openreferral import sources

        monkeypatch.setattr(sources, "PARALLEL_LOAD_BYTES", 0)
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
        before = self.staging_files()
        assert self.read(datapackage)[:2] == (terms, services_)
        assert self.read(datapackage)[2]  # loaded in two parts
        import shutil

        shutil.make_archive(str(datapackage), "zip", datapackage)
        assert self.read(f"{datapackage}.zip")[:2] == (terms, services_)
        assert self.staging_files() == before  # every staging file removed on close

    def test_an_import_from_tables_loaded_in_two_parts_checked_in_a_second_process(self, datapackage, in_two):
        from .test_import import export_document, run

        before = export_document(datapackage.parent / "before")
        Meeting.objects.all().delete()
        Group.objects.all().delete()
        Venue.objects.all().delete()
        source = open_source(str(datapackage))
        try:
            assert source.staging.parts
            report = Importer(pipeline=True, publish=True).run(source)
        finally:
            source.close()
        assert report.written and report.created == 3
        assert export_document(datapackage.parent / "after") == before
        assert "0 new, 0 changed, 3 unchanged" in run(datapackage, "--publish")

    def test_a_bad_table_loaded_by_the_second_process_is_refused_and_no_file_is_left(self, datapackage, in_two):
        from openreferral import sources

        files = {sources.FILE_TO_TABLE[p.name]: p for p in datapackage.iterdir() if p.name in sources.FILE_TO_TABLE}
        here, there = sources._shares({table: path.stat().st_size for table, path in files.items()})
        before = self.staging_files()
        for table in (here[0], there[0]):  # a table loaded here, and one loaded by the second process
            path = files[table]
            original = path.read_bytes()
            path.write_bytes(original + "9,Caf\xe9\n".encode("latin-1"))
            with pytest.raises(SourceError, match=f"{path.name}: line \\d+ is not UTF-8"):
                open_source(str(datapackage))
            path.write_bytes(original)
        assert self.staging_files() == before


def test_one_process_does_everything_in_this_process_when_asked(tmp_path, monkeypatch):
    import io

    from django.core.management import call_command

    from openreferral import sources
    from openreferral.exporter import export

    from .helpers import make_directory

    make_directory()
    export(tmp_path / "data")
    Meeting.objects.all().delete()
    Group.objects.all().delete()
    monkeypatch.setattr(sources, "PARALLEL_LOAD_BYTES", 0)
    monkeypatch.setattr(pipeline, "MIN_SERVICES", 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    used = []
    real_loading, real_checking = sources._LoadingElsewhere, pipeline.checked_elsewhere

    def loading(*args):
        used.append("load")
        return real_loading(*args)

    def checking(*args):
        used.append("check")
        return real_checking(*args)

    monkeypatch.setattr(sources, "_LoadingElsewhere", loading)
    monkeypatch.setattr(pipeline, "checked_elsewhere", checking)
    call_command("import_openreferral", str(tmp_path / "data"), "--one-process", stdout=io.StringIO())
    assert Group.objects.count() == 3 and used == []
    Meeting.objects.all().delete()
    Group.objects.all().delete()
    SourceRecord.objects.all().delete()
    call_command("import_openreferral", str(tmp_path / "data"), stdout=io.StringIO())
    assert Group.objects.count() == 3 and used == ["load", "check"]

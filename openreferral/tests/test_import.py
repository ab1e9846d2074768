"""import_openreferral: datapackages, saved feeds in 3.0 and 1.0 shapes, mapping, all or nothing."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from directory import search
from directory.models import Category, Group, Meeting, Venue
from openreferral import ids
from openreferral.exporter import export
from openreferral.models import SourceRecord

from .helpers import make_directory

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("import_openreferral", *[str(a) for a in args], "--verbose", stdout=out)
    return out.getvalue()


def refused(*args):
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_openreferral", *[str(a) for a in args], "--verbose", stdout=out)
    return str(error.value), out.getvalue()


def export_document(folder):
    export(folder)
    document = json.loads((folder / "openreferral.json").read_text())
    for row in document["services.csv"]:
        row.pop("last_modified")
    return document


def empty_directory():
    Meeting.objects.all().delete()
    Group.objects.all().delete()
    Venue.objects.all().delete()


def service(**fields):
    """A small ORUK 3.0 service at one venue."""
    record = {
        "id": "svc-1", "name": "Chelmsford Stroke Club", "status": "active",
        "description": "We meet for tea and talk. Carers welcome.",
        "organization": {"id": "org-1", "name": "Stroke Association", "description": "A charity."},
        "service_at_locations": [{"id": "sal-1", "location": {
            "id": "loc-1", "location_type": "physical", "name": "Trinity Hall",
            "addresses": [{"id": "a1", "address_1": "1 Market Road", "city": "Chelmsford",
                           "state_province": "Essex", "postal_code": "cm1 1sq", "country": "GB",
                           "address_type": "physical"}],
            "latitude": 51.74139, "longitude": 0.47452}}],
        "schedules": [{"id": "sch-1", "service_at_location_id": "sal-1", "freq": "MONTHLY", "byday": "1WE",
                       "opens_at": "14:00", "closes_at": "16:00"}],
        "attributes": [{"id": "at-1", "taxonomy_term_id": "t-stroke",
                        "taxonomy_term": {"id": "t-stroke", "name": "Stroke", "description": "Stroke"}}],
    }
    record.update(fields)
    return record


def write_page(path, services, shape="3.0"):
    if shape == "3.0":
        body = {"total_items": len(services), "total_pages": 1, "page_number": 1, "size": len(services),
                "first_page": True, "last_page": True, "empty": not services, "contents": services}
    else:
        body = {"totalElements": len(services), "totalPages": 1, "number": 1, "first": True, "last": True,
                "content": services}
    path.write_text(json.dumps(body))
    return path


@pytest.fixture
def mapping(tmp_path):
    path = tmp_path / "mapping.csv"
    path.write_text("term_id,term_code,term_name,taxonomy,category\n"
                    "t-stroke,,,,stroke-aphasia\n"
                    ",,Carers support,,carers\n")
    return path


class TestRoundTrip:
    @pytest.mark.parametrize("form", ["csv", "json"])
    def test_export_then_import_into_an_empty_directory_gives_the_same_directory(self, tmp_path, form):
        make_directory()
        before = export_document(tmp_path / "before")
        empty_directory()
        source = tmp_path / "before" if form == "csv" else tmp_path / "before" / "openreferral.json"
        output = run(source, "--publish")
        assert "3 new" in output
        after = export_document(tmp_path / "after")
        assert after == before

    def test_importing_the_same_source_again_changes_nothing(self, tmp_path):
        make_directory()
        export(tmp_path / "data")
        empty_directory()
        run(tmp_path / "data", "--publish")
        stamps = dict(Group.objects.values_list("uuid", "updated_at"))
        meetings = set(Meeting.objects.values_list("uuid", flat=True))
        output = run(tmp_path / "data", "--publish")
        assert "0 new, 0 changed, 3 unchanged" in output
        assert dict(Group.objects.values_list("uuid", "updated_at")) == stamps
        assert set(Meeting.objects.values_list("uuid", flat=True)) == meetings

    def test_a_changed_record_updates_the_same_group(self, tmp_path):
        path = write_page(tmp_path / "feed.json", [service()])
        run(path)
        group = Group.objects.get()
        write_page(path, [service(name="Chelmsford Stroke Club (Tuesdays)")])
        assert "0 new, 1 changed" in run(path)
        group.refresh_from_db()
        assert group.name == "Chelmsford Stroke Club (Tuesdays)"
        assert Group.objects.count() == 1 and Meeting.objects.count() == 1


class TestFeeds:
    def test_imported_listings_wait_for_review(self, tmp_path, mapping):
        run(write_page(tmp_path / "feed.json", [service()]), "--mapping", mapping)
        group = Group.objects.get()
        assert group.status == Group.Status.PENDING
        assert not Group.objects.reachable().exists()
        assert SourceRecord.objects.get().source_id == "svc-1"

    def test_an_oruk_3_page_becomes_groups_venues_and_meetings(self, tmp_path, mapping):
        run(write_page(tmp_path / "feed.json", [service()]), "--mapping", mapping, "--publish")
        group = Group.objects.get()
        assert group.status == Group.Status.PUBLISHED
        assert group.affiliation == "Stroke Association"
        assert group.summary == "We meet for tea and talk."
        assert [c.slug for c in group.categories.all()] == ["stroke-aphasia"]
        meeting = group.meetings.get()
        assert (meeting.pattern, meeting.weekday, meeting.week_of_month) == ("nth_weekday", 2, 1)
        assert meeting.venue.postcode == "CM1 1SQ"
        assert group.meets_in_person and not group.meets_online
        assert Group.objects.filter(pk__in=[group.pk]).count() == 1

    def test_published_listings_are_found_by_search_and_its_filters(self, tmp_path, mapping):
        run(write_page(tmp_path / "feed.json", [service()]), "--mapping", mapping, "--publish")
        group = Group.objects.get()

        def found(**filters):
            query = search.Query(words="stroke", filters=search.Filters(**filters))
            return [hit.group_id for hit in search.search(query).hits]

        assert found() == [group.pk]
        assert found(weekday=2, time_of_day="daytime", meets="in_person") == [group.pk]
        assert found(time_of_day="evening") == []

    def test_an_oruk_1_page_is_read_too(self, tmp_path, mapping):
        old = {
            "id": "101", "name": "Basildon Carers Coffee Morning", "status": "active",
            "description": "Coffee and a chat for carers.",
            "service_taxonomys": [{"id": "st1", "taxonomy": {"id": "esd-1", "name": "Carers support",
                                                            "vocabulary": "esdServiceTypes"}}],
            "service_at_locations": [{"id": "sl1", "location": {
                "id": "l1", "name": "Basildon Library", "latitude": 51.5761, "longitude": 0.4887,
                "physical_addresses": [{"id": "p1", "address_1": "St Martin's Square", "city": "Basildon",
                                        "postal_code": "SS14 1EE", "country": "GB"}],
                "accessibility_for_disabilities": [{"id": "ac1", "accessibility": "Wheelchair accessible"}]},
                "regular_schedule": [{"id": "rs1", "weekday": "Friday", "opens_at": "10:00:00",
                                      "closes_at": "12:00:00"}]}],
            "languages": [{"id": "lang1", "language": "English"}],
            "contacts": [{"id": "c1", "name": "Mrs A Person", "title": "Organiser",
                          "phones": [{"id": "ph1", "number": "01268 496 000"}]}],
        }
        run(write_page(tmp_path / "old.json", [old], shape="1.0"), "--mapping", mapping)
        group = Group.objects.get()
        assert [c.slug for c in group.categories.all()] == ["carers"]
        meeting = group.meetings.get()
        assert (meeting.pattern, meeting.weekday, str(meeting.start_time)) == ("weekly", 4, "10:00:00")
        assert meeting.venue.step_free
        assert group.contact_role == "Organiser" and group.phone == "01268 496 000"
        assert "Person" not in json.dumps(Group.objects.values().get(), default=str)
        assert [language.code for language in group.languages.all()] == ["en"]

    def test_unmapped_terms_are_reported_not_guessed(self, tmp_path):
        output = run(write_page(tmp_path / "feed.json", [service()]))
        assert "unmapped term: t-stroke “Stroke”" in output
        assert not Group.objects.get().categories.exists()

    def test_our_own_taxonomy_needs_no_mapping(self, tmp_path):
        diabetes = Category.objects.get(slug="diabetes")
        term = {"id": "elsewhere-1", "name": "Diabetes", "description": "Diabetes", "code": "diabetes",
                "taxonomy_id": ids.CATEGORIES_TAXONOMY_ID}
        run(write_page(tmp_path / "feed.json", [service(attributes=[
            {"id": "x", "taxonomy_term_id": "elsewhere-1", "taxonomy_term": term}])]))
        assert list(Group.objects.get().categories.all()) == [diabetes]

    def test_a_mapping_file_naming_no_such_category_is_refused(self, tmp_path):
        path = tmp_path / "mapping.csv"
        path.write_text("term_id,category\nx,no-such-category\n")
        message, _out = refused(write_page(tmp_path / "feed.json", [service()]), "--mapping", path)
        assert "no-such-category" in message


class TestAllOrNothing:
    def bad_batch(self):
        return [
            service(),
            service(id="svc-2", name="", schedules=[]),
            service(id="svc-3", name="Third", schedules=[{"id": "s3", "freq": "WEEKLY", "byday": "TU",
                                                         "opens_at": "25:00"}]),
            service(id="svc-4", name="Fourth", attributes=[{"id": "a4", "taxonomy_term_id": "nowhere"}]),
            service(id="svc-1", name="Duplicate"),
            service(id="svc-6", name="Sixth", email="not-an-email", service_at_locations=[
                {"id": "sal-6", "location": {"id": "loc-6", "location_type": "physical",
                                             "addresses": [{"postal_code": "NOT A CODE"}]}}]),
        ]

    def test_one_bad_record_means_nothing_is_written_and_every_problem_is_reported(self, tmp_path):
        report = tmp_path / "report.csv"
        message, output = refused(write_page(tmp_path / "feed.json", self.bad_batch()), "--report", report)
        assert "3 record(s) refused, so nothing was imported" in message
        assert not Group.objects.exists() and not Venue.objects.exists() and not SourceRecord.objects.exists()
        assert "refused: service svc-2: name “” Enter the name of the group." in output
        assert "refused: service svc-1: id “svc-1” appears more than once" in output
        assert "refused: service svc-6: meetings “” The group has no place where it meets" in output
        # Field-level problems are notes: the field (or the one meeting) is left out.
        assert "note: schedule s3: schedules.opens_at “25:00” is not a possible time of day" in output
        assert "note: attribute a4: taxonomy_term_id “nowhere” is not a term in this source's taxonomy" in output
        assert "note: service svc-6: email “not-an-email” Enter a valid email address. Left out." in output
        assert "note: location loc-6: postcode “NOT A CODE”" in output
        lines = report.read_text().splitlines()
        assert lines[0] == "source,record,id,field,value,problem,refused"
        assert len(lines) > 6

    def test_skip_invalid_imports_the_rest(self, tmp_path):
        with pytest.raises(CommandError):
            run(write_page(tmp_path / "feed.json", self.bad_batch()))
        output = run(tmp_path / "feed.json", "--skip-invalid")
        assert "3 new" in output and "3 refused" in output
        assert list(Group.objects.values_list("name", flat=True)) == ["Chelmsford Stroke Club", "Fourth", "Third"]

    def test_a_dry_run_writes_nothing(self, tmp_path):
        output = run(write_page(tmp_path / "feed.json", [service()]), "--dry-run")
        assert "Nothing was written" in output
        assert not Group.objects.exists()


class TestAdmin:
    def test_staff_can_see_where_imported_listings_came_from(self, tmp_path, admin_client):
        call_command("import_openreferral", str(write_page(tmp_path / "feed.json", [service()])),
                     stdout=io.StringIO())
        response = admin_client.get("/admin/openreferral/sourcerecord/")
        assert response.status_code == 200
        assert b"svc-1" in response.content
        assert admin_client.get("/admin/openreferral/sourcerecord/add/").status_code == 403


def test_a_named_source_is_recognised_wherever_it_is_saved(tmp_path):
    first = write_page(tmp_path / "a.json", [service()])
    second = write_page(tmp_path / "b.json", [service()])
    call_command("import_openreferral", str(first), "--source-name", "county-feed", stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_openreferral", str(second), "--source-name", "county-feed", stdout=out)
    assert "0 new, 0 changed, 1 unchanged" in out.getvalue()
    assert SourceRecord.objects.get().source == "county-feed"


class TestSearchIndex:
    """What an import writes to the search index is what the directory's own indexing
    (index_groups, as its signals call it) gives for the same groups: words and tags."""

    @staticmethod
    def snapshot():
        from django.db import connection

        from directory.models import SearchWord
        from directory.search.backends import backend

        engine = backend()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"SELECT rowid, name, categories, body, tags FROM {engine.table} ORDER BY rowid")
                rows = cursor.fetchall()
                cursor.execute(f"SELECT rowid, name, categories FROM {engine.title_table} ORDER BY rowid")
                rows += cursor.fetchall()
            else:
                cursor.execute(f"SELECT group_id, document::text FROM {engine.table} ORDER BY group_id")
                rows = cursor.fetchall()
        return rows, set(SearchWord.objects.values_list("word", flat=True))

    def assert_indexed_as_the_directory_would(self, words=True):
        from directory.models import SearchWord
        from directory.search import index

        imported = self.snapshot()
        SearchWord.objects.all().delete()
        index.index_groups(Group.objects.values_list("pk", flat=True))
        if words:
            assert imported == self.snapshot()
        else:  # words of names changed since are remembered still, by the directory too
            assert imported[0] == self.snapshot()[0]

    def test_new_and_changed_groups_are_indexed_as_the_directory_would(self, tmp_path, mapping):
        from directory.models import SearchWord

        make_directory()
        export(tmp_path / "data")
        empty_directory()
        SearchWord.objects.all().delete()
        run(tmp_path / "data", "--publish")
        self.assert_indexed_as_the_directory_would()
        path = write_page(tmp_path / "feed.json", [service(), service(id="svc-2", name="Café Ménière Club")])
        run(path, "--mapping", mapping)
        write_page(path, [service(name="Chelmsford Stroke Club (Tuesdays)", languages=[{"code": "pa"}]),
                          service(id="svc-2", name="Café Ménière Club")])
        run(path, "--mapping", mapping, "--publish")
        assert Group.objects.count() == 5
        self.assert_indexed_as_the_directory_would()
        # Changed without --publish: each keeps the status it has (listed here), which the
        # checking could not know.
        write_page(path, [service(name="Chelmsford Stroke Club (Thursdays)", languages=[{"code": "pa"}]),
                          service(id="svc-2", name="Café Ménière Club")])
        assert "0 new, 2 changed" in run(path, "--mapping", mapping)  # (publishing is part of the fingerprint)
        assert Group.objects.get(name="Chelmsford Stroke Club (Thursdays)").status == Group.Status.PUBLISHED
        self.assert_indexed_as_the_directory_would(words=False)

    def test_a_group_of_our_own_at_a_venue_an_import_moves_is_found_where_it_is_now(self, tmp_path, mapping):
        from directory.geo import Point
        from directory.tests.factory import make_group

        path = write_page(tmp_path / "feed.json", [service()])
        run(path, "--mapping", mapping, "--publish")
        ours = make_group(name="Our Own Club", meetings=[{"venue": Venue.objects.get()}])
        location = service()["service_at_locations"][0]["location"]
        moved = {**location, "latitude": 53.7997, "longitude": -1.5492}  # to Leeds
        run(write_page(path, [service(service_at_locations=[{"id": "sal-1", "location": moved}])]),
            "--mapping", mapping, "--publish")
        near_leeds = search.search(search.Query(point=Point(53.7997, -1.5492), miles=5))
        assert ours.pk in [hit.group_id for hit in near_leeds.hits]
        self.assert_indexed_as_the_directory_would()

    def test_groups_imported_in_many_batches_are_indexed_as_the_directory_would(self, tmp_path):
        from directory.models import SearchWord
        from openreferral.importer import Importer
        from openreferral.sources import open_source

        make_directory()
        export(tmp_path / "data")
        empty_directory()
        SearchWord.objects.all().delete()
        source = open_source(str(tmp_path / "data"))
        try:
            report = Importer(publish=True, batch_size=1).run(source)
        finally:
            source.close()
        assert report.written and report.created == 3
        self.assert_indexed_as_the_directory_would()


def test_an_import_tells_its_progress_and_which_services_it_read(tmp_path):
    from openreferral.importer import Importer
    from openreferral.sources import open_source

    services = [service(id=f"svc-{n}", name=f"Group {n}") for n in range(3)] + [service(id="svc-9", name="")]
    source = open_source(str(write_page(tmp_path / "feed.json", services)))
    told = []
    try:
        report = Importer(batch_size=2, skip_invalid=True).run(source, progress=told.append)
    finally:
        source.close()
    assert told == [2, 4]
    assert report.seen == {"svc-0", "svc-1", "svc-2", "svc-9"} and report.created == 3

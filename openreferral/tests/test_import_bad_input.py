"""import_openreferral with bad input: clear errors, bounded memory, nothing half-written."""

import csv
import io
import json
import tracemalloc
import zipfile

import pytest
from django.core.management import CommandError, call_command

from directory.models import Category, Group, Venue
from openreferral import ids
from openreferral.sources import open_source

from .test_import import service, write_page

pytestmark = pytest.mark.django_db


def refused(*args):
    with pytest.raises(CommandError) as error:
        call_command("import_openreferral", *[str(a) for a in args], stdout=io.StringIO())
    assert not Group.objects.exists() and not Venue.objects.exists()
    return str(error.value)


def test_malformed_json_is_refused_with_the_reason(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text('{"contents": [{"id": "1", "name": "A"},')
    assert "feed.json: not valid JSON" in refused(path)


def test_json_that_is_not_open_referral_is_refused(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text("42")
    assert "not an Open Referral document" in refused(path)


def test_json_in_the_wrong_encoding_is_refused(tmp_path):
    path = tmp_path / "feed.json"
    path.write_bytes(json.dumps({"contents": [service(name="Café Cymraeg")]}, ensure_ascii=False).encode("latin-1"))
    assert "not UTF-8" in refused(path)


def test_csv_in_the_wrong_encoding_names_the_line(tmp_path):
    (tmp_path / "services.csv").write_bytes("id,name,status\n1,Caf\xe9 Cymraeg,active\n".encode("latin-1"))
    message = refused(tmp_path)
    assert "services.csv: line 2 is not UTF-8" in message


def test_csv_with_a_byte_order_mark_or_in_utf_16_is_read(tmp_path):
    for encoding in ("utf-8-sig", "utf-16"):
        (tmp_path / "services.csv").write_bytes("id,name,status\n1,Café Cymraeg,active\n".encode(encoding))
        source = open_source(str(tmp_path))
        try:
            assert [service["name"] for service in source.services()] == ["Café Cymraeg"]
        finally:
            source.close()


def test_csv_rows_are_read_as_csv_dict_reader_reads_them(tmp_path):
    text = (" id , name ,status,alert\n"
            "1,Short row\n"
            "\n"
            "2,Extra values,active,,surplus,more\n"
            "3,,active,Closed in August\n")
    (tmp_path / "services.csv").write_text(text)
    expected = [{key.strip(): value or None for key, value in row.items() if key is not None and value is not None}
                for row in csv.DictReader(io.StringIO(text))]
    source = open_source(str(tmp_path))
    try:
        found = [{key: row[key] for key in (" id ", "id", "name", "status", "alert") if key in row}
                 for row in source.services()]
    finally:
        source.close()
    assert found == expected
    assert found[0] == {"id": "1", "name": "Short row"}
    assert found[2] == {"id": "3", "name": None, "status": "active", "alert": "Closed in August"}


def test_a_folder_without_services_is_refused(tmp_path):
    (tmp_path / "organizations.csv").write_text("id,name\n1,A\n")
    assert "no datapackage.json or services.csv" in refused(tmp_path)


def test_missing_required_fields_are_named(tmp_path):
    (tmp_path / "services.csv").write_text("id,name,status\n,No id,active\n2,,active\n")
    with pytest.raises(CommandError):
        call_command("import_openreferral", str(tmp_path), "--verbose", stdout=(out := io.StringIO()))
    assert "id “” is missing" in out.getvalue()
    assert "service 2: name “” Enter the name of the group." in out.getvalue()


def test_an_archive_with_paths_outside_its_folder_is_refused_before_reading(tmp_path):
    path = tmp_path / "data.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("services.csv", "id,name,status\n1,A,active\n")
        archive.writestr("../../etc/evil.csv", "x")
    assert "points outside the archive" in refused(path)


def test_a_datapackage_naming_files_outside_its_folder_is_refused(tmp_path):
    (tmp_path / "services.csv").write_text("id,name,status\n1,A,active\n")
    (tmp_path / "datapackage.json").write_text(json.dumps({"resources": [{"path": "../secret/services.csv"}]}))
    assert "points outside the folder" in refused(tmp_path)


def test_a_zip_bomb_is_refused_without_unpacking_it(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("services.csv", b"id,name,status\n" + b"\0" * (200 * 1024 * 1024))
    tracemalloc.start()
    message = refused(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "zip bomb" in message
    assert peak < 20 * 1024 * 1024


def test_a_50_mb_feed_is_streamed_in_bounded_memory(tmp_path):
    path = tmp_path / "big.json"
    padding = "x" * 100_000
    with open(path, "w") as handle:
        handle.write('{"contents": [')
        for number in range(540):
            record = service(id=f"big-{number}", name=f"Group {number}", attributes=[])
            record["extra_notes"] = padding
            handle.write(("," if number else "") + json.dumps(record))
        handle.write("]}")
    assert path.stat().st_size > 50 * 1024 * 1024
    tracemalloc.start()
    call_command("import_openreferral", str(path), stdout=io.StringIO())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert Group.objects.count() == 540
    assert peak < 25 * 1024 * 1024, f"peak {peak / 1024 / 1024:.1f} MB"


def test_a_huge_csv_field_is_refused_clearly(tmp_path):
    (tmp_path / "services.csv").write_text("id,name,status\n1," + "a" * 2_000_000 + ",active\n")
    assert "services.csv: line" in refused(tmp_path)


def test_a_list_of_services_and_a_single_service_are_read(tmp_path):
    write_page(tmp_path / "page.json", [])
    (tmp_path / "list.json").write_text(json.dumps([service()]))
    (tmp_path / "one.json").write_text(json.dumps(service(id="svc-9")))
    for name in ["page.json", "list.json", "one.json"]:
        call_command("import_openreferral", str(tmp_path / name), stdout=io.StringIO())
    assert Group.objects.count() == 2


def test_a_value_that_breaks_a_fields_rule_is_left_out_and_reported(tmp_path):
    categories = [Category.objects.get(slug=slug) for slug in ("diabetes", "arthritis", "tinnitus-hearing", "carers")]
    attributes = [{"id": f"c-{c.slug}", "taxonomy_term": {"id": str(c.uuid), "name": c.name,
                                                          "taxonomy_id": ids.CATEGORIES_TAXONOMY_ID}}
                  for c in categories]
    path = write_page(tmp_path / "feed.json", [service(phones=[{"id": "p1", "number": "12345"}],
                                                       email="club@example.org", attributes=attributes)])
    out = io.StringIO()
    call_command("import_openreferral", str(path), "--verbose", stdout=out)
    group = Group.objects.get()
    assert group.phone == "" and group.email == "club@example.org"
    assert group.categories.count() == 3
    assert "note: service svc-1: phone “12345” Enter a UK phone number" in out.getvalue()
    assert "Choose no more than three subjects. The first three were kept." in out.getvalue()


def one_line(message):
    assert "\n" not in message and "Traceback" not in message
    return message


def peak_memory(work):
    tracemalloc.start()
    try:
        result = work()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, peak / 1024**2


@pytest.mark.parametrize("levels", [5_000, 200_000])
def test_deeply_nested_json_is_refused_in_one_line_and_bounded_memory(tmp_path, levels):
    path = tmp_path / "deep.json"
    path.write_text('{"contents": [{"id": "1", "name": ' + "[" * levels + "]" * levels + "}]}")
    message, peak = peak_memory(lambda: refused(path))
    assert "deep.json: nested more than" in one_line(message)
    assert peak < 20


def test_a_json_document_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "feed.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"contents": [service(name="Café Cymraeg")]}).encode())
    call_command("import_openreferral", str(path), stdout=io.StringIO())
    assert Group.objects.get().name == "Café Cymraeg"


def test_a_huge_json_string_is_refused_like_a_huge_csv_field_in_bounded_memory(tmp_path):
    path = tmp_path / "feed.json"
    with open(path, "w") as handle:
        handle.write('{"contents": [{"id": "1", "name": "A", "description": "')
        for _ in range(30):
            handle.write('ab\\"c' * 200_000)  # escaped quotes do not end the string
        handle.write('"}]}')
    message, peak = peak_memory(lambda: refused(path))
    assert "feed.json: line 1: a value longer than" in one_line(message)
    assert peak < 20
    (tmp_path / "services.csv").write_text("id,name,status\n1," + "a" * 2_000_000 + ",active\n")
    assert "services.csv: line 2: a value longer than" in one_line(refused(tmp_path))


@pytest.mark.parametrize("form", ["json", "csv"])
def test_a_value_longer_than_the_model_allows_is_checked_by_the_model_from_json_and_csv(tmp_path, form):
    long_name = "N" * (Group._meta.get_field("name").max_length + 1)
    if form == "json":
        source = write_page(tmp_path / "feed.json", [service(name=long_name)])
    else:
        (tmp_path / "services.csv").write_text(f"id,name,status\n1,{long_name},active\n")
        source = tmp_path
    with pytest.raises(CommandError):
        call_command("import_openreferral", str(source), "--verbose", stdout=(out := io.StringIO()))
    assert "Ensure this value has at most 150 characters" in out.getvalue()


def test_a_truncated_or_corrupt_archive_is_refused_in_one_line(tmp_path):
    rows = "id,name,status\n" + "".join(f"{n},Group {n},active\n" for n in range(5000))
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("services.csv", rows)
    data = whole.read_bytes()
    (tmp_path / "truncated.zip").write_bytes(data[: len(data) // 2])
    corrupt = bytearray(data)
    corrupt[200:260] = b"\xff" * 60  # inside the compressed member
    (tmp_path / "corrupt.zip").write_bytes(bytes(corrupt))
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 not really a zip")
    assert "truncated.zip: not a readable zip file" in one_line(refused(tmp_path / "truncated.zip"))
    assert "bad.zip: not a readable zip file" in one_line(refused(tmp_path / "bad.zip"))
    assert "services.csv: damaged in the archive" in one_line(refused(tmp_path / "corrupt.zip"))


def test_an_archive_that_lies_about_its_size_is_refused_in_one_line(tmp_path):
    path = tmp_path / "liar.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("services.csv", "id,name,status\n1,A,active\n2,B,active\n")
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert "services.csv: damaged in the archive (Bad CRC-32" in one_line(refused(path))


def test_a_great_many_tiny_records_are_reported_in_bounded_memory(tmp_path):
    path = tmp_path / "tiny.json"
    path.write_text("[" + ",".join(["{}"] * 200_000) + "]")
    out = io.StringIO()
    tracemalloc.start()
    with pytest.raises(CommandError) as error:
        call_command("import_openreferral", str(path), "--verbose", stdout=out)
    peak = tracemalloc.get_traced_memory()[1] / 1024**2
    tracemalloc.stop()
    assert "200000 record(s) refused" in one_line(str(error.value))
    assert "more problems not shown" in out.getvalue()
    assert len(out.getvalue().splitlines()) < 1100
    assert peak < 40


def test_a_great_many_taxonomy_terms_are_looked_up_not_held(tmp_path):
    (tmp_path / "services.csv").write_text("id,name,status\n1,A,active\n")
    (tmp_path / "attributes.csv").write_text("id,link_id,taxonomy_term_id\na1,1,t-7\n")
    with open(tmp_path / "taxonomy_terms.csv", "w") as handle:
        handle.write("id,name,taxonomy_id\n")
        handle.writelines(f"t-{n},Term number {n} of a great many,x\n" for n in range(300_000))
    (tmp_path / "taxonomies.csv").write_text("id,name\nx,Their taxonomy\n")
    out = io.StringIO()
    tracemalloc.start()
    with pytest.raises(CommandError):  # the service has no place and no way to be reached
        call_command("import_openreferral", str(tmp_path), "--verbose", stdout=out)
    peak = tracemalloc.get_traced_memory()[1] / 1024**2
    tracemalloc.stop()
    assert "unmapped term: t-7 “Term number 7 of a great many” (Their taxonomy)" in out.getvalue()
    assert peak < 40


def test_a_long_meeting_note_is_shortened_to_what_the_model_holds_and_reported(tmp_path):
    from directory.models import Meeting

    longest = Meeting._meta.get_field("notes").max_length
    schedule = {"id": "sch-1", "service_at_location_id": "sal-1", "freq": "WEEKLY", "byday": "TU",
                "opens_at": "14:00", "notes": "Tea and cake. " * 40}
    out = io.StringIO()
    call_command("import_openreferral", str(write_page(tmp_path / "feed.json", [service(schedules=[schedule])])),
                 "--verbose", stdout=out)
    assert Meeting.objects.get().notes == schedule["notes"][:longest]
    assert "note: schedule sch-1: notes “Tea and cake." in out.getvalue()
    assert "was shortened to fit" in out.getvalue()


@pytest.mark.parametrize(("document", "expected"), [
    ({"services.csv": [1, 2]}, "services: row 1 is not an object"),
    ({"contents": [1, "two"]}, "2 record(s) refused"),
    ([[{"id": "1"}]], "1 record(s) refused"),
    ({"total_items": 0}, "not an Open Referral document"),
    ("just a string", "not an Open Referral document"),
])
def test_json_of_the_wrong_shape_is_refused_in_one_line(tmp_path, document, expected):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(document))
    assert expected in one_line(refused(path))


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 8, 64])
def test_the_json_check_reads_strings_whole_across_chunks(chunk):
    import ijson

    from openreferral.sources import MAX_JSON_DEPTH, JsonGuard

    # Brackets, quotes and backslashes inside strings are text, not structure, wherever a
    # chunk happens to end.
    document = {"contents": [{"id": "a\\\"[[[{{{", "name": "]]]}}} \\\\", "notes": "\\" * 7 + '"' + "[" * 90}]}
    document["deep"] = json.loads("[" * (MAX_JSON_DEPTH - 2) + "]" * (MAX_JSON_DEPTH - 2))
    data = json.dumps(document).encode()
    assert next(ijson.items(JsonGuard(io.BytesIO(data), "x"), "", buf_size=chunk)) == document

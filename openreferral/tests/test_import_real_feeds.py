"""What real feeds hold, understood rather than dropped: each fixture here is a small,
made-up reproduction of a kind of mess found in published council and 211 data."""

import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from directory.forms import SearchForm
from directory.models import Group, Language, Meeting, Venue
from openreferral import ids

from .test_import import service, write_page

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("import_openreferral", *[str(a) for a in args], "--verbose", stdout=out)
    return out.getvalue()


def write_tables(folder, tables, bom=False):
    """CSV tables from {file name: [header, row, …]}."""
    folder.mkdir(exist_ok=True)
    for name, rows in tables.items():
        text = "\n".join(",".join(f'"{cell}"' for cell in row) for row in rows) + "\n"
        (folder / name).write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return folder


HSDS_1 = {  # HSDS 1.x names: services_at_location.csv, regular_schedules.csv without ids, 12-hour times
    "services.csv": [["id", "organization_id", "name", "description", "url", "email"],
                     ["136", "136", "Riverside Carers", "Carers meet.", "www.example.org", "via website"]],
    "services_at_location.csv": [["id", "service_id", "location_id"], ["136", "136", "136"]],
    "locations.csv": [["id", "name", "latitude", "longitude"], ["136", "Trinity Hall", "51.74139", "0.47452"]],
    "regular_schedules.csv": [["id", "service_id", "location_id", "service_at_location_id", "weekday", "opens_at",
                               "closes_at"],
                              ["", "136", "", "", "Monday", "9:00am", "5:00pm"],
                              ["", "136", "", "", "Tuesday", "9:00am", "12:00 pm"]],
}


def test_an_hsds_1_datapackage_keeps_its_services_and_meetings(tmp_path):
    output = run(write_tables(tmp_path / "hsds1", HSDS_1))
    group = Group.objects.get(name="Riverside Carers")
    assert sorted((m.weekday, m.start_time.hour, m.end_time.hour) for m in Meeting.objects.filter(group=group)) == [
        (0, 9, 17), (1, 9, 12)]
    assert group.website == "https://www.example.org"
    assert group.email == ""
    assert "via website" in output and "1 new" in output


def write_services(path, services):
    """An ORUK 1.0 feed page saved to a file."""
    path.write_text(json.dumps({"totalElements": len(services), "totalPages": 1, "number": 1, "first": True,
                                "last": True, "content": services}))
    return path


def uk_service(**fields):
    """A small ORUK 1.0 service at one venue, as most live UK feeds serve it."""
    return {"id": "svc-1", "name": "Chelmsford Stroke Club", "description": "We meet for tea and talk.",
            "url": "https://example.org", "organization": {"id": "org-1", "name": "Stroke Club"},
            "service_at_locations": [{"id": "sal-1", "location": {
                "id": "loc-1", "name": "Trinity Hall", "latitude": 51.74139, "longitude": 0.47452,
                "physical_addresses": [{"id": "a1", "address_1": "1 Market Road", "city": "Chelmsford",
                                        "postal_code": "CM1 1SQ"}]}}],
            "regular_schedules": [{"id": "sch-1", "service_at_location_id": "sal-1", "weekday": "Wednesday",
                                   "opens_at": "2:00pm", "closes_at": "4:00pm"}],
            **fields}


def test_languages_are_understood_by_name_or_code_in_any_language_and_added_to_the_list(tmp_path):
    languages = [{"id": f"l{n}", "language": text} for n, text in enumerate(
        ["Spanish", "spa", "Cymraeg", "English and Polish", "Haitian Creole", "BSL", "Creole"])]
    output = run(write_services(tmp_path / "feed.json", [uk_service(languages=languages)]))
    group = Group.objects.get(name="Chelmsford Stroke Club")
    assert sorted(group.languages.values_list("code", flat=True)) == ["bfi", "cy", "en", "es", "ht", "pl"]
    assert Language.objects.get(code="ht").name == "Haitian Creole"
    assert "“Creole” is not a language" in output
    choices = [code for code, _name in SearchForm().fields["language"].choices]
    assert {"es", "ht"} <= set(choices)  # the meeting-language filter offers what the directory now has


def test_an_html_description_becomes_safe_plain_text(tmp_path):
    html = ("<p>We meet for <b>tea</b> &amp; talk.</p><ul><li>Carers welcome</li><li>Free</li></ul>"
            "<script>alert('x')</script><p>Ages &lt;5 with a parent</p>")
    run(write_services(tmp_path / "feed.json", [uk_service(description=html)]))
    group = Group.objects.get(name="Chelmsford Stroke Club")
    assert group.description == "We meet for tea & talk.\n\n• Carers welcome\n• Free\n\nAges <5 with a parent"
    assert group.summary == "We meet for tea & talk."


@pytest.mark.parametrize("form", ["folder", "zip", "json"])
def test_a_byte_order_mark_at_the_start_of_any_file_is_read_past(tmp_path, form):
    if form == "json":
        source = write_services(tmp_path / "feed.json", [uk_service()])
        source.write_text("\ufeff" + source.read_text(), encoding="utf-8")
    else:
        source = write_tables(tmp_path / "tables", HSDS_1, bom=True)
        (source / "datapackage.json").write_text("\ufeff" + json.dumps({"resources": [
            {"name": name.removesuffix(".csv"), "path": name} for name in HSDS_1]}), encoding="utf-8")
        if form == "zip":
            source = shutil.make_archive(str(tmp_path / "tables"), "zip", source)
    assert "1 new" in run(source)


@pytest.mark.parametrize("organisation", [
    {"id": "org-1", "name": "Stroke Association", "description": "A charity.", "url": "https://example.org",
     "logo": "", "uri": "", "services": [{"id": "svc-1"}]},  # ORUK 1.0
    {"id": "org-1", "name": "Stroke Association", "description": "A charity.", "website": "https://example.org",
     "organization_identifiers": [], "attributes": []},  # HSDS 3
])
def test_a_list_of_organisations_is_refused_in_one_line_saying_to_import_services(tmp_path, organisation):
    with pytest.raises(CommandError) as error:
        run(write_services(tmp_path / "organizations.json", [organisation]))
    assert "list of organisations" in str(error.value) and "/services" in str(error.value)
    assert "\n" not in str(error.value)
    assert not Group.objects.filter(name="Stroke Association").exists()


def test_the_report_ends_with_counts_by_reason_and_lists_each_only_when_verbose(tmp_path):
    services = [uk_service(id=f"svc-{n}", name=f"Group {n}", email="via website") for n in range(3)]
    services.append(uk_service(id="svc-9", name="", email="see website"))
    path = write_services(tmp_path / "feed.json", services)
    call_command("import_openreferral", str(path), "--skip-invalid", stdout=(out := io.StringIO()))
    lines = out.getvalue().splitlines()
    assert not any(line.startswith("note:") for line in lines)
    assert any(line.split()[:4] == ["4", "note:", "service", "email:"] for line in lines)
    assert any(line.split()[:4] == ["1", "refused:", "service", "name:"] for line in lines)
    assert lines[-1].startswith("Imported from")
    assert "note: service svc-1: email “via website”" in run(path, "--skip-invalid", "--dry-run")


@pytest.mark.parametrize(("given", "kept"), [
    ("Tel: 01234 567890 (office hours)", "01234 567890"),
    ("+44 (0)115 496 0000 ext 12", "0115 496 0000"),
    ("0044 20 7946 0000", "020 7946 0000"),
    ("07700900123 / 0800 123 4567", "07700 900123"),
    ("305-253-4841", ""),  # not a UK number, and not made into one: left out with a note
])
def test_phone_numbers_are_read_in_national_and_international_forms(tmp_path, given, kept):
    output = run(write_services(tmp_path / "feed.json", [uk_service(phones=[{"id": "p1", "number": given}])]))
    assert Group.objects.get(name="Chelmsford Stroke Club").phone == kept
    assert ("Enter a UK phone number" in output) == (not kept)


def test_a_schedule_value_that_cannot_be_read_is_left_out_and_the_meeting_kept(tmp_path):
    schedules = [{"id": "sch-1", "service_at_location_id": "sal-1", "weekday": "Wednesday", "opens_at": "2:00pm",
                  "closes_at": "6:300pm"},
                 {"id": "sch-2", "service_at_location_id": "sal-1", "weekday": "Friday", "opens_at": "8:00m",
                  "description": "Friday mornings"}]
    output = run(write_services(tmp_path / "feed.json", [uk_service(regular_schedules=schedules)]))
    meetings = Meeting.objects.filter(group__name="Chelmsford Stroke Club").order_by("uuid")
    assert sorted((m.pattern, str(m.start_time), m.end_time) for m in meetings) == [
        ("irregular", "None", None), ("weekly", "14:00:00", None)]
    assert "schedules.closes_at “6:300pm” is not a time like 19:30 or 7:30pm; left out" in output


@pytest.mark.parametrize(("fields", "kept"), [
    ({"url": "www.example.org/groups"}, ("https://www.example.org/groups", "")),
    ({"url": "https://example.org\\\\groups\\\\stroke\\\\"}, ("https://example.org/groups/stroke/", "")),
    ({"email": "mailto:hello@example.org"}, ("https://example.org", "hello@example.org")),
    ({"email": "via website"}, ("https://example.org", "")),
])
def test_web_and_email_addresses_are_read_as_feeds_write_them(tmp_path, fields, kept):
    run(write_services(tmp_path / "feed.json", [uk_service(**fields)]))
    group = Group.objects.get(name="Chelmsford Stroke Club")
    assert (group.website, group.email) == kept


@pytest.mark.parametrize(("fields", "expected"), [
    ({"cost_options": [{"id": "c1", "option": "Charge", "amount": 2.5, "currency": "GBP",
                        "amount_description": "£2.50, towards the room and tea."}]},
     (Group.Cost.CHARGE, "2.50", "the room and tea")),
    ({"cost_options": [{"id": "c1", "option": "Donations welcome"}]}, (Group.Cost.DONATIONS, None, "")),
    ({"cost_options": [{"id": "c1", "amount": 0}]}, (Group.Cost.FREE, None, "")),
    ({"fees": "Free of charge"}, (Group.Cost.FREE, None, "")),
    ({"fees": "Call for details"}, (Group.Cost.NOT_SAID, None, "")),
])
def test_what_a_group_costs_is_read_from_cost_options_or_fees(tmp_path, fields, expected):
    run(write_page(tmp_path / "feed.json", [service(**fields)]))
    group = Group.objects.get()
    amount = None if group.cost_amount is None else f"{group.cost_amount:.2f}"
    assert (group.cost, amount, group.cost_covers) == expected


def test_a_meeting_at_a_members_home_is_kept_as_a_home_at_its_districts_centre(tmp_path):
    home = service()
    location = home["service_at_locations"][0]["location"]
    member_home = next(term for term, code in ids.DETAIL_TERM_BY_ID.items() if code == "member-home")
    location["attributes"] = [{"id": "h1", "taxonomy_term_id": member_home, "value": "true"}]
    run(write_page(tmp_path / "feed.json", [home]))
    venue = Venue.objects.get()
    assert venue.at_home
    assert (venue.latitude, venue.longitude) == Venue.district_centre("CM1 1SQ")
    assert venue.public_name != "Trinity Hall"


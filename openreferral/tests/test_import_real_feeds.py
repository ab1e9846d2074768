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



def outpost_service(**fields):
    """A service as Outpost (the directory software of several UK councils) serves it:
    places as "locations" with the address inline and GeoJSON coordinates, one phone per
    contact, the web address among "links", terms as "taxonomies"."""
    return {"id": 41, "name": "Chelmsford Stroke Club", "description": "We meet for tea and talk.", "url": None,
            "organisation": {"id": 7, "name": "Stroke Association", "email": None, "url": None},
            "locations": [{"id": 3, "name": "Trinity Hall", "address_1": " 1 Market Road", "city": "Chelmsford",
                           "state_province": "Essex", "postal_code": "CM1 1SQ", "country": "GB",
                           "geometry": {"type": "Point", "coordinates": [0.47452, 51.74139]},
                           "mask_exact_address": None, "accessibilities": [{"name": "Accessible toilet facilities",
                                                                            "slug": "accessible-toilet-facilities"}]}],
            "contacts": [{"id": 9, "name": "Pat", "title": "Organiser", "email": "pat@example.org",
                          "phone": "01245 000000"}],
            "regular_schedules": [{"weekday": "Wednesday", "opens_at": "14:00", "closes_at": "16:00"}],
            "links": [{"label": "Facebook", "url": "https://facebook.example/strokeclub"}],
            "taxonomies": [{"id": 2, "name": "Clubs and groups", "slug": "clubs-and-groups", "parent_id": 1}],
            "cost_options": [], "send_needs": [], **fields}


def write_outpost(path, services):
    path.write_text(json.dumps({"page": 1, "size": 20, "totalPages": 1, "totalElements": len(services),
                                "content": services}))
    return path


def test_an_outpost_feed_keeps_its_services_with_their_places_contacts_and_links(tmp_path):
    output = run(write_outpost(tmp_path / "outpost.json", [outpost_service(free=True)]))
    group = Group.objects.get(name="Chelmsford Stroke Club")
    assert group.cost == Group.Cost.FREE
    assert (group.website, group.email, group.phone, group.contact_role, group.affiliation) == (
        "https://facebook.example/strokeclub", "pat@example.org", "01245 000000", "Organiser", "Stroke Association")
    meeting = Meeting.objects.get(group=group)
    assert (meeting.weekday, str(meeting.start_time), meeting.venue.postcode) == (2, "14:00:00", "CM1 1SQ")
    assert (meeting.venue.latitude, meeting.venue.longitude) == (51.74139, 0.47452)  # GeoJSON is longitude first
    assert meeting.venue.accessible_toilet and meeting.venue.address_1 == "1 Market Road"
    assert "unmapped term: 2 “Clubs and groups” (Outpost)" in output and "1 new" in output


def test_an_outpost_address_the_publisher_masks_is_kept_as_a_members_home(tmp_path):
    masked = outpost_service()
    masked["locations"][0]["mask_exact_address"] = True
    run(write_outpost(tmp_path / "outpost.json", [masked]))
    venue = Venue.objects.get()
    assert venue.at_home and (venue.latitude, venue.longitude) == Venue.district_centre("CM1 1SQ")


def test_a_members_home_without_a_full_postcode_is_left_out_rather_than_shown_exactly(tmp_path):
    masked = outpost_service()
    masked["locations"][0].update(mask_exact_address=True, postal_code="CM1")
    output = run(write_outpost(tmp_path / "outpost.json", [masked]), "--skip-invalid")
    assert not Venue.objects.exists()
    assert "a member's home is placed at its postcode district, and there is no full postcode" in output


def test_an_outpost_service_with_no_place_is_refused_as_having_nowhere_it_meets(tmp_path):
    output = run(write_outpost(tmp_path / "outpost.json", [outpost_service(locations=[])]), "--skip-invalid")
    assert not Group.objects.exists()
    assert "refused: service 41: meetings “” The group has no place where it meets" in output


def test_a_datapackage_unzipped_with_its_tables_in_a_data_folder_is_read(tmp_path):
    folder = tmp_path / "package"
    folder.mkdir()
    write_tables(folder / "data", HSDS_1)
    (folder / "datapackage.json").write_text(json.dumps({"resources": [
        {"name": name.removesuffix(".csv"), "path": name} for name in HSDS_1]}))
    assert "1 new" in run(folder)
    assert Meeting.objects.filter(group__name="Riverside Carers").count() == 2


def test_a_description_too_long_is_cut_at_the_end_of_a_sentence_with_a_note(tmp_path):
    sentence = "We meet every week for tea, talk and a walk by the river when it is dry. "
    description = (sentence * 50).strip()  # 3,649 characters; a group's description holds 3,000
    output = run(write_services(tmp_path / "feed.json", [uk_service(description=description)]))
    kept = Group.objects.get(name="Chelmsford Stroke Club").description
    assert len(kept) <= 3000 and kept.endswith("dry.") and description.startswith(kept)
    assert "was cut at the end of a sentence to fit 3000 characters (it had 3649)" in output


@pytest.mark.parametrize("email", ["hello@club.invalid", "x@y.INVALID."])
def test_an_email_address_reserved_never_to_work_is_left_out_with_a_note(tmp_path, email):
    output = run(write_services(tmp_path / "feed.json", [uk_service(email=email)]))
    assert Group.objects.get(name="Chelmsford Stroke Club").email == ""
    assert "This address cannot receive email" in output


@pytest.mark.parametrize(("fields", "kept"), [
    ({"attending_type": "phone", "phones": [{"id": "p1", "number": "01245 000000"}]}, True),
    ({"attending_type": "Online"}, True),  # reached through its website
    ({"attending_type": "phone"}, False),  # said to be by phone, with no number to call
    ({"attending_type": "venue"}, False),  # said to meet somewhere, and no place is given
    ({"attending_type": "home visit", "phones": [{"id": "p1", "number": "01245 000000"}]}, False),
])
def test_a_service_with_no_place_said_to_be_met_online_or_by_phone_is_kept_as_met_remotely(tmp_path, fields, kept):
    remote = uk_service(service_at_locations=[], regular_schedules=[], **fields)
    output = run(write_services(tmp_path / "feed.json", [remote]), "--skip-invalid")
    assert Group.objects.filter(name="Chelmsford Stroke Club").exists() == kept
    if kept:
        meeting = Meeting.objects.get()
        assert meeting.online and not meeting.venue and meeting.online_details
    else:
        assert "The group has no place where it meets and does not meet online" in output


def test_a_list_pages_entry_without_places_is_refused_saying_to_import_the_feeds_address(tmp_path):
    entry = {key: value for key, value in uk_service(attending_type="Venue").items()
             if key not in ("service_at_locations", "regular_schedules")}  # as ORUK 1.0 /services lists them
    output = run(write_services(tmp_path / "feed.json", [entry]), "--skip-invalid")
    assert not Group.objects.exists()
    assert "this is a list page's entry, without the service's places and schedules; import the feed's " \
           "address" in output
    assert "list page's entry" not in run(write_services(tmp_path / "nested.json", [uk_service(
        service_at_locations=[], regular_schedules=[])]), "--skip-invalid")  # given, and empty: no hint


def test_an_outpost_place_called_online_is_met_online(tmp_path):
    online = outpost_service()
    online["locations"][0].update(name="online via Zoom", address_1=" ", city="Nationwide", postal_code=None,
                                  geometry={"type": "Point", "coordinates": [0, 0]})
    run(write_outpost(tmp_path / "outpost.json", [online]))
    meeting = Meeting.objects.get(group__name="Chelmsford Stroke Club")
    assert meeting.online and meeting.venue is None and meeting.online_details == "online via Zoom"


def test_a_position_of_0_0_is_taken_for_none_and_a_place_with_nothing_else_is_left_out(tmp_path):
    nationwide = outpost_service()
    nationwide["locations"][0].update(name="GOV.UK", address_1=" ", city="Nationwide", postal_code=None,
                                      geometry={"type": "Point", "coordinates": [0, 0]})
    output = run(write_outpost(tmp_path / "outpost.json", [nationwide]), "--skip-invalid")
    assert not Venue.objects.exists() and not Group.objects.exists()
    assert "latitude “0, 0” is no position (0, 0 stands for none); left out" in output
    assert "The group has no place where it meets" in output


def test_line_breaks_written_as_backslash_n_are_read_as_breaks(tmp_path):
    run(write_services(tmp_path / "feed.json", [uk_service(description="We meet for tea.\\n\\nCarers welcome.\\r\\n")]))
    assert Group.objects.get(name="Chelmsford Stroke Club").description == "We meet for tea.\n\nCarers welcome."


def test_the_summary_is_the_first_sentence_past_a_heading_line_above_it(tmp_path):
    description = "What we offer\nWe meet for tea and talk. Carers welcome.\nHow to join\nJust come along."
    run(write_services(tmp_path / "feed.json", [uk_service(description=description)]))
    assert Group.objects.get(name="Chelmsford Stroke Club").summary == "We meet for tea and talk."

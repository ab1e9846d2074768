"""What real feeds hold, understood rather than dropped: each fixture here is a small,
made-up reproduction of a kind of mess found in published council and 211 data."""

import io

import pytest
from django.core.management import call_command

from directory.models import Group, Meeting

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("import_openreferral", *[str(a) for a in args], stdout=out)
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

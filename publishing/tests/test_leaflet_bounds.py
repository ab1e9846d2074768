"""The leaflet of a group whose words are all at their bounds (lib/text.py) is still made,
and quickly: issue 14 found 600 KB of description timing the worker out."""

import time

import pytest
from django.urls import reverse

from directory.models import Meeting
from directory.tests.factory import make_group, make_venue
from lib.text import LINE, LONG_LINE, MESSAGE, NAME, OWN_WORDS

from . import pdftools

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_address", "printed_on")]


def words(limit, start="Tea"):
    text = (start + " and talk with people who understand. ") * (limit // 30 + 1)
    return text[:limit].strip()


@pytest.mark.parametrize("filler", [words, lambda limit, start="W": start + "w" * (limit - len(start))],
                         ids=["words", "one-unbroken-word"])
def test_the_leaflet_of_a_group_with_every_text_at_its_bound_is_made_well_within_a_workers_timeout(client, filler):
    venue = make_venue("NG1 5FW", name=filler(NAME, "Hall"), address_1=filler(NAME, "1"),
                       transport=filler(LINE, "Bus"), access_notes=filler(MESSAGE, "Access"))
    group = make_group(
        name=filler(NAME, "Group"), slug="long-group", summary=filler(LINE, "Summary"),
        who_for=filler(OWN_WORDS, "For"), description=filler(OWN_WORDS, "Description"),
        newcomers=filler(OWN_WORDS, "Newcomers"), run_by=filler(LINE, "Run"),
        contact_role=filler(100, "Role"), email="group@example.org",
        meetings=[{"venue": venue, "notes": filler(LONG_LINE, "Notes")},
                  {"attendance": Meeting.Attendance.ONLINE, "online_details": filler(LINE, "Zoom")}],
    )
    url = reverse("publishing:group-leaflet", args=[group.slug])
    client.get(url)  # fonts and templates loaded once, as on a running server

    started = time.perf_counter()
    response = client.get(url)
    took = time.perf_counter() - started

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # About a second on a busy two-core machine (nine A5 pages). Speed is for the benchmarks;
    # this only catches a leaflet that, like the one issue 14 found, runs into the worker's
    # 30-second timeout.
    assert took < 10, f"the leaflet took {took:.2f}s"
    assert group.name[:20].replace(" ", "") in pdftools.text(response.content).replace(" ", "")

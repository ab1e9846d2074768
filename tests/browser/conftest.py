import datetime
from importlib import import_module
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from directory.models import Category, Language, Meeting
from directory.tests.factory import make_group

# axe-core rules for WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def directory(transactional_db):
    """A small directory: the subjects and languages (flushed between browser tests, so made
    again as the first migration makes them) and a few groups."""
    import_module("directory.migrations.0001_initial").seed(Category, Language)
    groups = {
        "stroke": make_group(
            name="Nottingham Stroke and Aphasia Club", categories=["stroke-aphasia"],
            summary="A friendly club for people living with aphasia after a stroke.",
            description="We have tea, play word games and share what helps.",
            newcomers="Someone will meet you at the door.",
            phone="0115 496 0101", email="stroke@example.org", contact_role="Group secretary",
            last_confirmed_on=datetime.date(2026, 10, 1), languages=["en"],
            meetings=[{"pattern": Meeting.Pattern.NTH_WEEKDAY, "weekday": 1, "week_of_month": 2,
                       "postcode": "NG1 5FW"}],
        ),
        "twins": make_group(
            name="Derby Twins and Multiples Club", categories=["twins-multiples"],
            summary="Parents of twins and triplets meeting for coffee.", family_welcome=True,
            meetings=[{"pattern": Meeting.Pattern.WEEKLY, "weekday": 2, "postcode": "DE1 1AA",
                       "start_time": datetime.time(10), "end_time": datetime.time(11, 30)}],
        ),
        "online": make_group(
            name="Online Tinnitus Circle", categories=["tinnitus-hearing"],
            summary="We meet online to talk about living with tinnitus.",
            meetings=[{"attendance": Meeting.Attendance.ONLINE, "online_details": "On Zoom"}],
        ),
    }
    for number in range(22):
        make_group(name=f"Stroke Walking Group {number:02d}", categories=["stroke-aphasia"],
                   summary="A walk and a chat after a stroke.")
    return groups


def assert_accessible(page):
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def offsite_requests(page, live_server):
    """Every request the page makes to anywhere but this site."""
    ours = urlparse(live_server.url).netloc
    seen = []
    page.on("request", lambda request: seen.append(request.url)
            if urlparse(request.url).netloc not in (ours, "") and not request.url.startswith("data:") else None)
    return seen

"""A group's coordinator reads the group's numbers for a funding bid, in a real Chromium with
axe-core, at phone and desktop width: visits by the public are counted once a day each, shown
month by month, and downloaded as a spreadsheet and a one-page PDF."""

import csv
import io
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from directory.tests.factory import make_coordinator
from publishing.tests import pdftools

from .conftest import assert_accessible
from .test_keeping_listings import sign_in

pytestmark = pytest.mark.browser
WIDTHS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_coordinator_reads_the_groups_numbers(live_server, browser, directory, alice, width, tmp_path):
    group = directory["stroke"]
    make_coordinator(group, alice)
    # A person's browser: a headless one says so in its User-Agent, and is not counted as a person.
    person = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"
    visitor = browser.new_context(viewport=WIDTHS[width], user_agent=person).new_page()
    for _ in range(3):  # one visitor, three visits: counted once today
        visitor.goto(live_server.url + group.get_absolute_url())
    visitor.request.get(live_server.url + f"/groups/{group.slug}/leaflet.pdf")

    page = browser.new_context(viewport=WIDTHS[width], accept_downloads=True).new_page()
    sign_in(page, live_server, alice.email)
    page.goto(live_server.url + f"/groups/{group.slug}/manage/")
    page.get_by_role("link", name="See your numbers for funding bids and reports").click()
    expect(page.get_by_role("heading", name=f"Numbers for {group.name}", level=1)).to_be_visible()
    expect(page.get_by_label("Year")).to_have_value(str(timezone.localdate().year))
    month = timezone.localdate().strftime("%B")
    table = page.get_by_role("table", name=f"{group.name} in {timezone.localdate().year}, month by month")
    row = table.get_by_role("row", name=month, exact=False).first
    expect(row).to_be_visible()
    headers = [cell.strip() for cell in table.locator("thead th").all_inner_texts()]
    cells = [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
    counted = dict(zip(headers, cells, strict=True))
    assert counted["Page views"] == "1"
    assert counted["Leaflet downloads"] == "1"
    page.screenshot(path=str(tmp_path / f"numbers-{width}.png"), full_page=True)
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="as a spreadsheet (CSV)").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    by_month = {r[0]: r for r in rows if r}
    assert by_month[month][rows[1].index("Page views")] == "1"

    with page.expect_download() as download:
        page.get_by_role("link", name="one page to print (PDF)").click()
    text = pdftools.text(Path(download.value.path()).read_bytes())
    assert group.name in text

"""A practitioner makes a list of groups to hand out, and prints a leaflet, in a real Chromium."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from directory.templatetags.directory_tags import meeting_when
from publishing.tests import pdftools

from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def downloaded(download_info) -> bytes:
    return Path(download_info.value.path()).read_bytes()


def test_a_practitioner_makes_a_list_for_everyone_and_downloads_it(live_server, page, directory, offsite_requests,
                                                                  settings):
    settings.SITE_URL = live_server.url  # paper carries the site's address
    page.goto(live_server.url + "/lists/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lists of groups to print and hand out")
    expect(page.get_by_role("heading", name="Tell everyone, don’t pick and choose")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("What the group is about").select_option(label="Stroke and aphasia")
    page.get_by_label("Where").fill("ng1 5fw")
    page.get_by_label("Distance").select_option(label="Within 10 miles")
    page.get_by_role("button", name="Make the list").click()

    title = "Groups about Stroke and aphasia within 10 miles of NG1 5FW"
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page).to_have_title(re.compile(title))
    expect(page.get_by_text("23 groups.")).to_be_visible()  # every one, not a page of 20
    expect(page.get_by_role("link", name="Nottingham Stroke and Aphasia Club", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Stroke Walking Group 21", exact=True)).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download this list as a PDF").click()
    assert download_info.value.suggested_filename == "groups-about-stroke-and-aphasia-within-10-miles-of-ng1-5fw.pdf"
    words = pdftools.text(downloaded(download_info))
    stroke = directory["stroke"]
    for fact in [
        title, "23 groups, as listed on", "Please give this list to everyone who might want it",
        "Nottingham Stroke and Aphasia Club", "A friendly club for people living with aphasia after a stroke.",
        f"Next meeting: {meeting_when(stroke.next_meeting()[0])}", "Contact: 0115 496 0101 · stroke@example.org",
        "Stroke Walking Group 00", "Stroke Walking Group 21",
    ]:
        assert fact in words, fact
    assert pdftools.has_address(f"{live_server.url}/groups/{stroke.slug}/", words)
    assert pdftools.info(downloaded(download_info))["Tagged"] == "yes"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="leaflet about Nottingham Stroke and Aphasia Club", exact=True).click()
    assert download_info.value.suggested_filename == "nottingham-stroke-and-aphasia-club-leaflet-a5.pdf"
    words = pdftools.text(downloaded(download_info))
    assert "We have tea, play word games and share what helps." in words
    assert "The second Tuesday of each month, 7pm to 9pm" in words
    assert "Last confirmed: October 2026" in words  # kept by the team: nobody on the hub
    assert offsite_requests == []


def test_a_place_it_cannot_find_is_explained(live_server, page, directory):
    page.goto(live_server.url + "/lists/")
    page.get_by_label("Where").fill("qwertyuiop")
    page.get_by_role("button", name="Make the list").click()
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name=re.compile("We couldn’t find “qwertyuiop”"))).to_be_visible()
    expect(page.get_by_role("link", name="Download this list as a PDF")).to_have_count(0)
    assert_accessible(page)

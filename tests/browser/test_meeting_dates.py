"""One date of a meeting changed, in a real Chromium at phone and desktop width, with
axe-core on every page: a coordinator cancels a date for a holiday and moves another; the
group's page leaves the cancelled date out and says why, shows the moved one at its new
time, and the calendar file has the cancelled date as an EXDATE."""

import datetime

import pytest
from playwright.sync_api import expect

from directory.models import MeetingChange
from directory.tests.factory import make_coordinator
from lib.dates import format_day

from .conftest import assert_accessible
from .test_keeping_listings import sign_in

pytestmark = pytest.mark.browser
WIDTHS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_coordinator_cancels_a_date_and_moves_another(live_server, browser, directory, alice, width, tmp_path):
    group = directory["twins"]  # every Wednesday, 10am to 11:30am
    make_coordinator(group, alice)
    meeting = group.meetings.get()
    first, second = [start.date() for start in meeting.next_dates(2, after=datetime.date.today()
                                                                  + datetime.timedelta(days=1))]
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    sign_in(page, live_server, alice.email)
    page.get_by_role("link", name=group.name).click()
    page.get_by_role("link", name=f"Cancel or move a date {meeting.describe()}").click()
    expect(page.get_by_role("heading", name="Cancel or move a date", level=1)).to_be_visible()
    expect(page.get_by_text("No dates are changed")).to_be_visible()
    assert_accessible(page)

    # A mistake first: moving without saying where to is refused, with the reason.
    page.get_by_label("Which date").select_option(first.isoformat())
    page.get_by_label("The meeting moves to another day, time or place").check()
    page.get_by_role("button", name="Save the change").click()
    expect(page.get_by_text("Enter the date it moves to").first).to_be_visible()
    assert page.title().startswith("Error:")
    assert_accessible(page)

    # Cancel the second date, for a holiday.
    page.get_by_label("Which date").select_option(second.isoformat())
    page.get_by_label("There is no meeting that day").check()
    page.get_by_label("A short note for people reading the listing").fill("holiday")
    page.get_by_role("button", name="Save the change").click()
    cancelled = f"No meeting on {format_day(second)}: holiday"
    expect(page.get_by_text(f"Saved: {cancelled}.")).to_be_visible()
    expect(page.get_by_role("list", name="Dates changed")).to_contain_text(cancelled)
    assert_accessible(page)

    # Move the first to the next day, at 6:30pm, in another room.
    page.get_by_label("Which date").select_option(first.isoformat())
    page.get_by_label("The meeting moves to another day, time or place").check()
    page.get_by_label("New date").fill((first + datetime.timedelta(days=1)).isoformat())
    page.get_by_label("New start time").fill("18:30")
    page.get_by_label("Where instead").fill("Room 2, Central Library")
    page.get_by_role("button", name="Save the change").click()
    expect(page.get_by_role("list", name="Dates changed").get_by_role("listitem")).to_have_count(2)
    assert MeetingChange.objects.count() == 2
    page.screenshot(path=str(tmp_path / f"dates-{width}.png"), full_page=True)

    # The public page: the cancelled date is gone from the next dates, and said with its note.
    page.goto(live_server.url + group.get_absolute_url())
    dates = page.locator("ul.dates")
    expect(dates).not_to_contain_text(format_day(second))
    expect(dates).to_contain_text(f"{format_day(first + datetime.timedelta(days=1))}, 6:30pm "
                                  f"(moved from {format_day(first)}), at Room 2, Central Library")
    expect(page.get_by_text(cancelled)).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / f"group-{width}.png"), full_page=True)

    # The calendar file leaves the cancelled date out of the series and overrides the moved one.
    link = page.get_by_role("link", name="Add these meetings to your phone or computer calendar")
    ics = page.request.get(live_server.url + link.get_attribute("href")).text()
    assert f"EXDATE;TZID=Europe/London:{second:%Y%m%d}T100000" in ics
    assert f"RECURRENCE-ID;TZID=Europe/London:{first:%Y%m%d}T100000" in ics
    assert f"DTSTART;TZID=Europe/London:{first + datetime.timedelta(days=1):%Y%m%d}T183000" in ics
    context.close()

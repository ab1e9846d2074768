"""Posting an event, in a real Chromium at phone width with axe-core on every page: a
coordinator posts an open day for her group from its manage page; it is found on /events/
by subject and place, with its calendar file, and on the group's page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from directory.subjects import choice_label
from directory.tests.factory import category, make_coordinator

from .conftest import assert_accessible
from .test_keeping_listings import sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 740}


def test_a_coordinator_posts_an_event_and_finds_it_on_the_events_page(live_server, browser, directory, alice):
    group = directory["twins"]
    make_coordinator(group, alice)
    day = timezone.localdate() + datetime.timedelta(days=12)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server, alice.email)
    page.get_by_role("link", name=group.name).click()
    page.get_by_role("link", name="Post an event").click()
    expect(page.get_by_role("heading", name="Post an event", level=1)).to_be_visible()
    assert_accessible(page)

    # A mistake first: no place and not online.
    page.get_by_label("Title", exact=True).fill("Summer open day")
    page.get_by_label("Date", exact=True).fill(day.isoformat())
    page.get_by_role("button", name="Save event").click()
    assert page.title().startswith("Error:")
    expect(page.get_by_text("Say where the event is, or that it is online.").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("End time").fill("16:00")
    page.get_by_label("Name of the place").fill("Central Library")
    page.get_by_label("Town or city").fill("Nottingham")
    page.get_by_label("Postcode").fill("NG1 5FW")
    page.get_by_label(choice_label(category("twins-multiples")), exact=True).check()
    page.get_by_role("button", name="Save event").click()
    expect(page.get_by_text("Event saved: Summer open day.")).to_be_visible()
    expect(page.get_by_role("link", name="Add to calendar (.ics)")).to_be_visible()
    assert_accessible(page)

    # Found on the events page, near Nottingham.
    page.goto(live_server.url + "/events/")
    page.get_by_label("Where", exact=True).fill("NG1")
    page.get_by_role("button", name="Find events").click()
    expect(page.get_by_role("link", name="Summer open day")).to_be_visible()
    expect(page.get_by_role("link", name="Subscribe to these events in your calendar")).to_have_attribute(
        "href", re.compile(r"^webcal://.*place=NG1"))
    assert_accessible(page)

    # And on the group's page, under "Coming up".
    page.goto(live_server.url + group.get_absolute_url())
    expect(page.get_by_role("region", name="Coming up").get_by_role("link", name="Summer open day")).to_be_visible()
    assert_accessible(page)
    context.close()

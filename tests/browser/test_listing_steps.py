"""Listing a group on a phone (375 px wide), a short step at a time, with and without
JavaScript: every step and the answers to check clean under axe, focus on the error summary
after a mistake, and a change made from the answers to check."""

import re

import pytest
from playwright.sync_api import expect

from directory.models import Group

from .conftest import assert_accessible as axe
from .test_keeping_listings import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
# The one-page form was about 11,000 px tall at this width; no step comes near.
TALLEST_STEP = 4500


def assert_accessible(page):
    # axe runs as a script: only where the page lets scripts run.
    if page.context.javascript:
        axe(page)


def javascript_on(page):
    return page.context.javascript


def continue_(page):
    page.get_by_role("button", name="Continue").click()


def check_step(page, number, heading):
    expect(page.get_by_text(f"List your group: step {number} of 5")).to_be_visible()
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    if javascript_on(page):
        assert page.evaluate("document.documentElement.scrollHeight") < TALLEST_STEP
    assert_accessible(page)


def walk(page, live_server):
    page.goto(live_server.url + "/list-your-group/")
    check_step(page, 1, "About the group")
    page.get_by_label("Name of the group").fill("Arnold Stammering Group")
    continue_(page)  # the rest left out: the step says what to write, each in its own words
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Say who the group is for.")
    expect(summary).to_contain_text("Say whether members run the group themselves.")
    if javascript_on(page):
        expect(summary).to_be_focused()  # autofocus; read without a script otherwise
    assert_accessible(page)
    page.get_by_label("One-line summary").fill("Adults who stammer, meeting to talk without hurry.")
    page.get_by_label("Who the group is for").fill("Adults who stammer.")
    page.get_by_label("What happens at a meeting").fill("We talk, at our own pace.")
    for question in ["share the experience", "support each other", "run the group themselves",
                     "come and go freely"]:
        page.get_by_role("group", name=re.compile(question)).get_by_label("Yes").check()
    continue_(page)

    check_step(page, 2, "What the group is about")
    page.get_by_text("Health conditions").click()
    page.get_by_label("Stroke and aphasia").check()
    continue_(page)

    check_step(page, 3, "When and where you meet")
    page.get_by_role("group", name="How people join").get_by_label("Online", exact=True).check()
    page.get_by_role("group", name="How often").get_by_label("Every week").check()
    page.get_by_label("Day of the week").select_option(label="Monday")
    page.get_by_label("Starts at").fill("19:30")
    page.get_by_label("How to join online").fill("On Zoom; we send the link when you get in touch.")
    continue_(page)

    check_step(page, 4, "How people get in touch")
    page.get_by_role("link", name=re.compile("Back")).click()  # the answers given are kept
    expect(page.get_by_label("How to join online")).to_have_value("On Zoom; we send the link when you get in touch.")
    continue_(page)
    page.get_by_label("Email address for the group").fill("stammer.arnold@example.org")
    continue_(page)

    check_step(page, 5, "What newcomers ask")
    page.get_by_role("group", name="Does it cost anything to come?").get_by_label("Free", exact=True).check()
    continue_(page)

    expect(page.get_by_role("heading", name="Check your answers before sending your listing")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_text("Every Monday")).to_be_visible()
    page.get_by_role("link", name="Change Name of the group").click()
    page.get_by_label("Name of the group").fill("Arnold Stammering Support Group")
    continue_(page)
    expect(page.get_by_text("Arnold Stammering Support Group")).to_be_visible()
    expect(page.get_by_text("stammer.arnold@example.org")).to_be_visible()
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text("your listing has been sent for review")).to_be_visible()
    group = Group.objects.get(status=Group.Status.PENDING)
    assert group.name == "Arnold Stammering Support Group" and group.status == Group.Status.PENDING


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_a_group_is_listed_on_a_phone_a_step_at_a_time(live_server, browser, directory, alice, javascript):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    context.javascript = javascript
    page = context.new_page()
    try:
        sign_in(page, live_server, alice.email)
        walk(page, live_server)
    finally:
        context.close()

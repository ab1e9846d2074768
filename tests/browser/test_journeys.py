"""A person looking for a group, in a real Chromium, with axe-core checking every page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from icalendar import Calendar
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_a_person_finds_a_group_by_postcode_and_subject_and_saves_its_dates(
    live_server, page, directory, offsite_requests,
):
    page.goto(live_server.url + "/")
    expect(page).to_have_title(re.compile("Find a self-help group"))
    assert_accessible(page)

    page.get_by_label("What the group is about").select_option(label="Stroke and aphasia")
    page.get_by_label("Where").fill("ng1 5fw")
    page.get_by_label("Distance").select_option(label="Within 10 miles")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", name="23 groups found", exact=True)).to_be_visible()
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    assert_accessible(page)
    result = page.get_by_role("link", name="Nottingham Stroke and Aphasia Club")
    expect(result).to_be_visible()
    result.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Nottingham Stroke and Aphasia Club")
    expect(page.get_by_text("The second Tuesday of each month, 7pm to 9pm")).to_be_visible()
    expect(page.get_by_text("We have tea, play word games and share what helps.")).to_be_visible()
    expect(page.get_by_text("Last confirmed: October 2026")).to_be_visible()  # kept by the team: nobody on the hub
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Add these meetings to your phone or computer calendar")).click()
    download = download_info.value
    assert download.suggested_filename == "nottingham-stroke-and-aphasia-club.ics"
    with open(download.path(), "rb") as handle:
        events = Calendar.from_ical(handle.read()).walk("VEVENT")
    assert [str(event["RRULE"].to_ical(), "ascii") for event in events] == ["FREQ=MONTHLY;BYDAY=2TU"]
    assert offsite_requests == []


def test_words_with_a_typo_find_the_group(live_server, page, directory):
    page.goto(live_server.url + "/search/")
    page.get_by_label("Words to search for").fill("twinns")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Derby Twins and Multiples Club")).to_be_visible()
    expect(page.get_by_text("“twinns” → twins")).to_be_visible()
    assert_accessible(page)


def test_filters_narrow_the_results(live_server, page, directory):
    page.goto(live_server.url + "/search/")
    page.locator("summary", has_text="Narrow your search").click()  # a <details> that opens without JavaScript
    page.get_by_label("How it meets").select_option(label="Online")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 group found", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Online Tinnitus Circle")).to_be_visible()
    page.get_by_label("How it meets").select_option(label="In person or online")
    page.get_by_label("Family and friends welcome").check()
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Derby Twins and Multiples Club")).to_be_visible()
    expect(page.get_by_role("heading", name="1 group found", exact=True)).to_be_visible()


def test_a_postcode_it_cannot_find_is_explained_accessibly(live_server, page, directory):
    page.goto(live_server.url + "/search/")
    page.get_by_label("Where").fill("XX99 9ZZ")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_title(re.compile("^Error:"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    summary.get_by_role("link", name=re.compile("find the postcode")).click()
    expect(page.get_by_label("Where")).to_be_focused()
    assert_accessible(page)


def test_browsing_by_subject(live_server, page, directory):
    page.goto(live_server.url + "/categories/")
    assert_accessible(page)
    page.get_by_role("link", name="Twins and multiple births").click()
    expect(page.get_by_role("link", name="Derby Twins and Multiples Club")).to_be_visible()


def test_every_page_works_without_javascript(live_server, browser, directory):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_label("Words to search for").fill("tinnitus")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Online Tinnitus Circle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Online Tinnitus Circle")
    context.close()


@pytest.mark.parametrize("path", ["/", "/search/?category=stroke-aphasia&where=NG1", "/categories/",
                                  "/groups/no-such-group/"])
def test_pages_reflow_on_a_phone_and_at_400_percent_zoom(live_server, browser, directory, path):
    # 320 CSS pixels wide is a 1280-pixel screen at 400% zoom (WCAG 1.4.10 reflow).
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert_accessible(page)
    context.close()


def test_a_group_page_at_200_percent_text_size_keeps_everything_readable(live_server, page, directory):
    page.goto(live_server.url + directory["stroke"].get_absolute_url())
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    expect(page.get_by_role("heading", name="How to get in touch")).to_be_visible()
    assert_accessible(page)


def test_the_stylesheet_is_served_and_the_accessibility_check_can_fail(live_server, page, directory):
    page.goto(live_server.url + "/")
    header_colour = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert header_colour == "rgb(20, 83, 45)"
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    results = Axe().run(page)
    assert "label" in [violation["id"] for violation in results.response["violations"]]

"""A widow in Nottingham searching in her own words, at desktop and phone width, with
axe-core checking each page: bereavement groups for widowed people come first, nearest
first, and when few are near the page offers those a little further away."""

import datetime
import re
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from playwright.sync_api import expect

from directory.models import Meeting
from directory.tests.factory import make_group

from .conftest import assert_accessible

pytestmark = pytest.mark.browser
WIDTHS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def widowed(directory):
    """Groups for people widowed, near and further from Nottingham, and groups that only
    mention her words (the everyday words are flushed with the database between browser
    tests, so made again as their migration makes them)."""
    import_module("directory.migrations.0006_everyday_words").seed_phrases(
        apps, SimpleNamespace(connection=connection))
    make_group(name="Derby Widowed Friends", categories=["losing-someone-close"],
               summary="A weekly afternoon for widows and widowers.",
               meetings=[{"postcode": "DE1 1AA", "start_time": datetime.time(14), "end_time": datetime.time(16)}])
    make_group(name="Nottingham Young Widowed", categories=["losing-someone-close"],
               summary="For people widowed young.", meetings=[
                   {"postcode": "NG1 5FW", "weekday": 5, "start_time": datetime.time(11),
                    "end_time": datetime.time(13)},
                   {"attendance": Meeting.Attendance.ONLINE, "weekday": 2, "start_time": datetime.time(20),
                    "end_time": datetime.time(21)}])
    make_group(name="A Nottingham Baby Loss Group", categories=["losing-a-child"],
               summary="After the death of a baby.", description="Parents who have lost a baby.",
               meetings=[{"postcode": "NG1 5FW"}])
    make_group(name="Leicester Carers' Cafe", categories=["caring-for-an-adult"],
               summary="For anyone looking after someone.",
               description="Some of us lost a husband or wife we cared for.",
               meetings=[{"postcode": "LE1 6AA"}])


def results(page):
    return page.locator(".result h3, .result h4").all_inner_texts()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_widows_words_find_groups_for_widowed_people_first_and_nearest_first(
        live_server, browser, widowed, width, tmp_path):
    page = browser.new_context(viewport=WIDTHS[width]).new_page()
    page.goto(live_server.url + "/")
    page.get_by_label("Words to search for").fill("lost my husband")
    page.get_by_label("Where").fill("NG1 5FW")
    page.get_by_role("button", name="Search").click()

    # Within 10 miles, only the Nottingham group for widowed people; the baby-loss group
    # nearby is not about her loss and has not both her words.
    expect(page.get_by_role("heading", name="1 group found", exact=True)).to_be_visible()
    assert results(page) == ["Nottingham Young Widowed"]
    expect(page.get_by_text("We took “lost my husband” to mean groups about: Losing someone close.")).to_be_visible()
    expect(page.get_by_text(re.compile("then groups that only mention your words; the nearest first"))).to_be_visible()
    expect(page.get_by_text("about Losing someone close.")).to_be_visible()
    page.screenshot(path=str(tmp_path / f"near-{width}.png"), full_page=True)
    assert_accessible(page)

    # Few are near: the group 13 miles away, and one mentioning her words 22 miles away.
    page.get_by_role("link", name="2 more groups meet within 25 miles").click()
    expect(page.get_by_role("heading", name="3 groups found", exact=True)).to_be_visible()
    assert results(page) == ["Nottingham Young Widowed", "Derby Widowed Friends", "Leicester Carers' Cafe"]
    expect(page.get_by_text("mentions “lost”, “husband”")).to_be_visible()
    expect(page.get_by_label("Distance")).to_have_value("25")
    page.screenshot(path=str(tmp_path / f"wider-{width}.png"), full_page=True)
    assert_accessible(page)


def test_an_evening_search_shows_the_evening_meeting_and_a_misspelt_place_is_a_link(live_server, page, widowed):
    page.goto(live_server.url + "/search/?q=widow&where=Nottinghm&time=evening")
    expect(page.get_by_text("We couldn’t find “Nottinghm”.").first).to_be_visible()
    page.get_by_role("link", name="Did you mean Nottingham?").click()
    expect(page.get_by_label("Where")).to_have_value("Nottingham")
    card = page.locator(".result", has_text="Nottingham Young Widowed")
    expect(card).to_contain_text(re.compile(r"Wednesday \d+ \w+ \d{4}, 8pm \(online\)"))
    expect(card).not_to_contain_text("11am")
    assert_accessible(page)

"""Right to left, in a real Chromium with axe-core, at phone and desktop width: a visitor
picks Urdu or Arabic from the switcher on the home page; the page is mirrored (the site's
name at the right, text read right to left), phone numbers still read left to right, and
the choice is kept when they come back to an English address. Screenshots are kept."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.browser
WIDTHS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}
LANGUAGES = {"ur": ("اردو", "گروپ تلاش کریں"), "ar": ("العربية", "ابحث عن مجموعة")}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("code", LANGUAGES)
def test_a_visitor_reads_the_public_pages_right_to_left(live_server, browser, directory, code, width, tmp_path):
    name, find_a_group = LANGUAGES[code]
    viewport = WIDTHS[width]
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(live_server.url + "/")
    site_name = page.locator(".site-name")
    assert site_name.bounding_box()["x"] < viewport["width"] / 2  # English: at the left

    page.get_by_role("navigation", name="Language").get_by_role("link", name=name).click()
    expect(page).to_have_url(f"{live_server.url}/{code}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", code)
    assert site_name.bounding_box()["x"] > viewport["width"] / 2  # mirrored: at the right
    assert page.locator("h1").evaluate("e => getComputedStyle(e).direction") == "rtl"
    expect(page.locator("nav.languages [aria-current=true]")).to_have_text(name)
    nothing_wider_than_the_window(page)
    page.screenshot(path=str(tmp_path / f"{code}-home-{width}.png"), full_page=True)
    assert_accessible(page)

    # The choice is kept: an English address leads to the page in the visitor's language.
    page.goto(live_server.url + "/search/?q=stroke")
    expect(page).to_have_url(f"{live_server.url}/{code}/search/?q=stroke")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("link", name=find_a_group).first).to_be_visible()
    nothing_wider_than_the_window(page)
    page.screenshot(path=str(tmp_path / f"{code}-search-{width}.png"), full_page=True)
    assert_accessible(page)

    group = directory["stroke"]
    page.goto(f"{live_server.url}/{code}{group.get_absolute_url()}")
    phone = page.locator("bdi", has_text="0115 496 0101")
    expect(phone).to_be_visible()
    assert phone.evaluate("e => getComputedStyle(e).direction") == "ltr"
    nothing_wider_than_the_window(page)
    page.screenshot(path=str(tmp_path / f"{code}-group-{width}.png"), full_page=True)
    assert_accessible(page)


def nothing_wider_than_the_window(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_visitor_walks_the_public_journey_in_welsh_on_a_phone(live_server, browser, directory, tmp_path):
    """Cymraeg from the switcher, a search, a group's page, and the team's contact form sent
    empty: every page in Welsh (the words checked are the catalogue's), axe clean."""
    def welsh(message):
        with translation.override("cy"):
            text = translation.gettext(message)
        assert text != message, f"no Welsh for {message!r}"
        return text

    page = browser.new_context(viewport=WIDTHS["phone"]).new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Cymraeg").click()
    expect(page).to_have_url(f"{live_server.url}/cy/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    assert_accessible(page)

    page.locator("input[name=q]").first.fill("stroke")
    page.get_by_role("button", name=welsh("Search")).first.click()
    expect(page).to_have_url(re.compile(r"/cy/search/\?"))
    group = directory["stroke"]
    page.get_by_role("link", name=group.name).first.click()
    expect(page).to_have_url(f"{live_server.url}/cy{group.get_absolute_url()}")
    expect(page.get_by_text(welsh("Who runs it"), exact=True)).to_be_visible()
    nothing_wider_than_the_window(page)
    page.screenshot(path=str(tmp_path / "cy-group-phone.png"), full_page=True)
    assert_accessible(page)

    page.goto(f"{live_server.url}/cy/contact/")
    page.get_by_role("button", name=welsh("Send to the self-help team")).click()
    expect(page.get_by_role("heading", name=welsh("There is a problem"))).to_be_visible()
    nothing_wider_than_the_window(page)
    page.screenshot(path=str(tmp_path / "cy-contact-errors-phone.png"), full_page=True)
    assert_accessible(page)

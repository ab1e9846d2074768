"""Groups speak their own languages, in a real Chromium with axe-core: a coordinator writes
the group's words in Urdu; a reader of Urdu sees them right to left, and a reader of Arabic
sees the group's own English words left to right inside the right-to-left page, with a note."""

import pytest
from playwright.sync_api import expect

from directory.tests.factory import make_coordinator

from .conftest import assert_accessible
from .test_keeping_listings import sign_in

pytestmark = pytest.mark.browser
URDU = "ہم چائے پیتے ہیں، الفاظ کے کھیل کھیلتے ہیں اور ایک دوسرے کی مدد کرتے ہیں۔"
URDU_NAME = "اسٹروک اور افیزیا کلب"


def test_a_coordinator_writes_in_urdu_and_readers_see_the_words_in_their_language(
        live_server, page, directory, alice):
    group = directory["stroke"]
    make_coordinator(group, alice)
    sign_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/groups/{group.slug}/manage/")
    page.get_by_role("link", name="The group’s words in other languages").click()
    assert_accessible(page)
    page.get_by_role("link", name="Write in اردو").click()
    page.get_by_role("button", name="Save").click()  # empty: asked again
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("The group’s name in this language").fill(URDU_NAME)
    page.get_by_label("What happens at a meeting, in this language").fill(URDU)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Change اردو")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/ur{group.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(URDU_NAME)
    words = page.locator('.own-words div[lang="ur"]')
    expect(words).to_have_text(URDU)
    assert words.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert_accessible(page)

    page.goto(f"{live_server.url}/ar{group.get_absolute_url()}")
    own = page.locator('.own-words div[lang="en-gb"]').first
    expect(own).to_have_text("We have tea, play word games and share what helps.")
    assert own.evaluate("e => getComputedStyle(e).direction") == "ltr"  # dir=auto: its full stop at its end
    expect(page.locator("#written-in")).to_be_visible()
    assert_accessible(page)

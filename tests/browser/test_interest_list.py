"""Nowhere a dead end: a search finding no group leads to "start a group" and the interest
list; joining it is confirmed from the email, and one click in the email unsubscribes. In a
real Chromium at phone and desktop width, axe-clean throughout."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from playwright.sync_api import expect

from subscriptions.models import Subscription

from .conftest import assert_accessible

pytestmark = pytest.mark.browser
WIDTHS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}


def _path_in(body: str, start: str) -> str:
    """The path of the email's link that starts `start` (the email's links are on SITE_URL)."""
    url = next(word for word in body.split() if start in word)
    return urlparse(url).path


@pytest.mark.parametrize("width", WIDTHS)
def test_no_group_found_then_join_the_interest_list_confirm_and_unsubscribe(live_server, browser, directory, width,
                                                                            tmp_path):
    page = browser.new_context(viewport=WIDTHS[width]).new_page()
    page.goto(live_server.url + "/search/?category=endometriosis&where=NG7&distance=10")
    expect(page.get_by_text("No groups matched your search. You could:")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Start one, or tell us you would join one")).click()

    expect(page.get_by_role("heading", name="Start a group", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Ask the self-help team"))).to_be_visible()
    expect(page.get_by_label("I’d join a group about")).to_have_value("endometriosis")
    expect(page.get_by_label("Near", exact=True)).to_have_value("NG7")
    assert_accessible(page)
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(tmp_path / f"start-a-group-{width}.png"), full_page=True)

    # Sent without agreeing: the error summary says so, and nothing is kept.
    page.get_by_label("Your email address", exact=True).fill("jean@example.org")
    page.get_by_role("button", name="Add me to the list").click()
    expect(page.get_by_role("alert")).to_contain_text("Tick the box to say you agree")
    assert_accessible(page)
    assert not Subscription.objects.exists()
    page.get_by_label(re.compile("I agree that")).check()
    page.get_by_role("button", name="Add me to the list").click()
    expect(page.get_by_role("heading", name="Check your email", level=1)).to_be_visible()
    assert_accessible(page)

    # The confirmation is the only email, and it carries the one-click unsubscribe.
    [message] = mail.outbox
    assert message.to == ["jean@example.org"]
    assert "List-Unsubscribe" in message.extra_headers
    page.goto(live_server.url + _path_in(message.body, "/subscriptions/confirm/"))
    assert_accessible(page)
    page.get_by_role("button", name="Yes, add me to the list").click()
    expect(page.get_by_role("heading", name="You’re on the list", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / f"confirmed-{width}.png"), full_page=True)
    assert Subscription.objects.get().is_confirmed

    page.goto(live_server.url + _path_in(message.body, "/subscriptions/unsubscribe/"))
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe and delete my address").click()
    expect(page.get_by_role("heading", name="You have unsubscribed", level=1)).to_be_visible()
    assert_accessible(page)
    assert not Subscription.objects.exists()

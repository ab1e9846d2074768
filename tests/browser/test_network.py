"""Groups writing to groups in a real Chromium, with axe-core on every page, at phone and desktop
width: a coordinator opens their group to other groups, finds another group near them and writes
to it; the other group's coordinator, signed in apart, reads it without the sender's address and
replies; then each sees the other's address."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from directory.models import Group
from directory.tests.factory import make_coordinator

from .conftest import assert_accessible
from .test_keeping_listings import sign_in

pytestmark = pytest.mark.browser
WIDTHS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_coordinator_writes_to_another_group_which_replies_and_then_both_see_addresses(
        live_server, browser, directory, alice, charlie, width):
    mine, theirs = directory["stroke"], directory["twins"]  # Nottingham and Derby
    make_coordinator(mine, alice)
    make_coordinator(theirs, charlie)
    Group.objects.filter(pk=theirs.pk).update(open_to_groups=True)

    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    sign_in(page, live_server, alice.email)
    page.get_by_role("link", name=mine.name).click()
    page.get_by_role("link", name="Open the group to messages from other groups, or say it is looking").click()
    expect(page.get_by_role("heading", name="Other groups and help wanted", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Open to messages from other groups").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()

    page.get_by_role("link", name="Find other groups and read your messages").click()
    expect(page.get_by_role("heading", name="Other groups", level=1)).to_be_visible()
    expect(page.get_by_text("No messages yet.")).to_be_visible()
    page.get_by_label("Distance").select_option("25")
    page.get_by_role("button", name="Find groups").click()
    expect(page.get_by_role("link", name=theirs.name, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=mine.name, exact=True)).to_have_count(0)  # never its own
    assert_accessible(page)
    page.get_by_role("link", name=f"Send a message to {theirs.name}").click()
    expect(page.get_by_role("heading", name=f"Write to {theirs.name}")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your message").fill("Hello from Nottingham. How do you welcome new families?")
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_text(f"Sent. The coordinators of {theirs.name} have been emailed")).to_be_visible()
    assert_accessible(page)

    # The other coordinator, signed in apart, follows the emailed link.
    link = re.search(r"https?://[^/\s]+(/groups/\S+/network/\d+/)", mail.outbox[-1].body).group(1)
    assert mail.outbox[-1].to == [charlie.email]
    other = browser.new_context(viewport=WIDTHS[width])
    other_page = other.new_page()
    sign_in(other_page, live_server, charlie.email)
    other_page.goto(live_server.url + link)
    expect(other_page.get_by_role("heading", name=f"Messages with {mine.name}")).to_be_visible()
    expect(other_page.get_by_text("How do you welcome new families?")).to_be_visible()
    expect(other_page.get_by_text(alice.email)).to_have_count(0)
    expect(other_page.get_by_text("When you reply, the other group will see your name and email address")
           ).to_be_visible()
    assert_accessible(other_page)
    other_page.get_by_label("Your message").fill("We have a buddy for each new family. Come and see!")
    other_page.get_by_role("button", name="Send the reply").click()
    expect(other_page.get_by_role("heading", name="How to reach each other")).to_be_visible()
    expect(other_page.get_by_role("link", name=alice.email)).to_be_visible()
    assert_accessible(other_page)
    other.close()

    # The first sees the reply and the other coordinator's address.
    page.reload()
    expect(page.get_by_text("We have a buddy for each new family.")).to_be_visible()
    expect(page.get_by_role("link", name=charlie.email)).to_be_visible()
    assert_accessible(page)
    context.close()

"""Feeds kept in step, in a real Chromium with axe-core, at phone and desktop width: staff
open the feeds imported every night from their page, see each feed's last check and the
group its feed no longer has, open the group, and mark it checked."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openreferral import feeds
from openreferral.models import FeedSource
from openreferral.tests.test_import import service, write_page

from .conftest import assert_accessible
from .test_keeping_listings import sign_in

pytestmark = pytest.mark.browser
WIDTHS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_see_the_feeds_and_check_a_group_gone_from_one(live_server, browser, directory, sam, width, tmp_path,
                                                              settings):
    settings.OPENREFERRAL_FEED_FOLDERS = [tmp_path]
    path = write_page(tmp_path / "feed.json", [service(id="svc-1", name="Chelmsford Stroke Club"),
                                               service(id="svc-2", name="Colchester Vertigo Group")])
    feed = FeedSource.objects.create(name="Essex County Council directory", location=str(path), publish=True)
    feeds.check(feed, timezone.now())
    write_page(path, [service(id="svc-1", name="Chelmsford Stroke Club")])
    feeds.check(feed, timezone.now())

    page = browser.new_context(viewport=WIDTHS[width]).new_page()
    sign_in(page, live_server, sam.email)
    page.goto(live_server.url + "/my-groups/")
    page.get_by_role("link", name="Feeds imported every night, and groups gone from them").click()
    expect(page.get_by_role("heading", name="Feeds imported every night", level=1)).to_be_visible()
    feed_row = page.get_by_role("row", name=re.compile("^Essex County Council directory"))
    expect(feed_row).to_contain_text("0 new, 0 updated, 1 unchanged, 0 refused, 1 no longer in the source.")
    gone_row = page.get_by_role("row", name=re.compile("^Colchester Vertigo Group"))
    expect(gone_row).to_contain_text("Essex County Council directory")
    page.screenshot(path=str(tmp_path / f"feeds-{width}.png"), full_page=True)
    assert_accessible(page)

    # The group's own page is where staff pause or close it; here they keep it as it is.
    expect(gone_row.get_by_role("link", name="Colchester Vertigo Group")).to_have_attribute(
        "href", re.compile(r"/groups/colchester-vertigo-group/manage/$"))
    page.get_by_role("button", name="Checked Colchester Vertigo Group: keep the listing").click()
    expect(page.get_by_text("Colchester Vertigo Group stays listed as it is.")).to_be_visible()
    expect(page.get_by_text("Every group imported from a feed is still in it.")).to_be_visible()
    page.screenshot(path=str(tmp_path / f"feeds-checked-{width}.png"), full_page=True)
    assert_accessible(page)

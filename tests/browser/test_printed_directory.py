"""Staff have the printed directory made now from its page, in a real Chromium with axe-core
on every page, at phone and desktop width: the page says it is waiting, the job runner makes
it, the page shows it ready, and the download is the directory."""

import pytest
from playwright.sync_api import expect

from publishing import runs
from publishing.tests import pdftools

from .conftest import assert_accessible
from .test_keeping_listings import sign_in

pytestmark = pytest.mark.browser
WIDTHS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_have_the_printed_directory_made_and_download_it(live_server, browser, directory, sam, width,
                                                                tmp_path):
    page = browser.new_context(viewport=WIDTHS[width], accept_downloads=True).new_page()
    sign_in(page, live_server, sam.email)
    page.goto(live_server.url + "/my-groups/")
    page.get_by_role("link", name="The printed directory: every group in one PDF").click()
    expect(page.get_by_role("heading", name="The printed directory", level=1)).to_be_visible()
    expect(page.get_by_text("It has not been made yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Make the printed directory now").click()
    expect(page.get_by_label("Waiting to start")).to_be_visible()
    refresh_choice = "Refresh this page every 5 seconds until the directory is ready"
    expect(page.get_by_role("link", name=refresh_choice)).to_be_visible()
    expect(page.get_by_role("button", name="Make the printed directory now")).to_have_count(0)
    page.screenshot(path=str(tmp_path / f"waiting-{width}.png"), full_page=True)
    assert_accessible(page)

    assert runs.run_queued() == 1
    page.get_by_role("link", name="Refresh now").click()
    expect(page.get_by_role("status")).to_contain_text("The printed directory you asked for was made on")
    expect(page.get_by_text("groups.", exact=False).first).to_be_visible()
    page.screenshot(path=str(tmp_path / f"ready-{width}.png"), full_page=True)
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the printed directory (PDF").click()
    body = tmp_path / "directory.pdf"
    download.value.save_as(body)
    text = pdftools.text(body.read_bytes())
    assert "Nottingham Stroke and Aphasia Club" in text
    assert "Derby Twins and Multiples Club" in text

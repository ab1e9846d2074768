"""Staff import a spreadsheet, in a real Chromium with axe-core on every page, at phone and
desktop width: upload an .xlsx, choose its columns, see the preview, check every row and
read the report, import, and see the import's progress and then its report."""

import re

import pytest
from playwright.sync_api import expect

from directory.models import Group
from imports import services
from imports.tests.helpers import HEADER, row, xlsx_bytes

from .conftest import assert_accessible
from .test_keeping_listings import sign_in

pytestmark = pytest.mark.browser
WIDTHS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_import_a_spreadsheet_with_its_columns_chosen(live_server, browser, directory, sam, width, tmp_path):
    header = ["Name of group", *HEADER[1:]]  # a heading the guesses do not know exactly
    rows = [header, row("Sherwood Tinnitus Circle", **{"How often": "2nd"}),
            row("Arnold Carers Café", Email="via website"), row("", Summary="A row with no name")]
    upload = tmp_path / "our-groups.xlsx"
    upload.write_bytes(xlsx_bytes({"Groups": rows}))
    page = browser.new_context(viewport=WIDTHS[width]).new_page()
    sign_in(page, live_server, sam.email)
    page.goto(live_server.url + "/my-groups/")
    page.get_by_role("link", name="Import groups from a spreadsheet or an Open Referral feed").click()
    expect(page.get_by_role("heading", name="Imports", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="New import").click()
    page.get_by_role("button", name="Continue").click()  # nothing chosen
    expect(page.get_by_role("alert")).to_contain_text("Choose a file to upload.")
    assert_accessible(page)
    page.get_by_label("A spreadsheet (CSV or Excel .xlsx) of groups").check()
    page.get_by_label("File", exact=True).set_input_files(str(upload))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Which column is which")).to_be_visible()
    expect(page.get_by_label("Column “Postcode”")).to_have_value("postcode")
    page.get_by_label("Column “Name of group”").select_option("name")
    page.screenshot(path=str(tmp_path / f"columns-{width}.png"), full_page=True)
    assert_accessible(page)
    page.get_by_role("button", name="Show the preview").click()

    expect(page.get_by_role("heading", name="Row 2: Sherwood Tinnitus Circle")).to_be_visible()
    when = "The second Tuesday of each month, 7:30pm to 9pm, Community Centre NG1 5FW"
    expect(page.get_by_text(when)).to_be_visible()
    expect(page.get_by_text("Tinnitus and hearing loss").first).to_be_visible()
    expect(page.get_by_text("This row would be refused.")).to_be_visible()
    page.screenshot(path=str(tmp_path / f"preview-{width}.png"), full_page=True)
    assert_accessible(page)
    page.get_by_role("button", name="Check every row").click()

    # The job runner takes the check; the page refreshes itself until it is done.
    expect(page.get_by_text("Checking now: nothing is written.")).to_be_visible()
    expect(page.get_by_label("Waiting to start")).to_be_visible()
    assert_accessible(page)
    services.run_queued()
    page.get_by_role("link", name="Refresh now").click()
    expect(page.get_by_text("Checked, nothing written: 2 would be taken, 1 refused.")).to_be_visible()
    problems = page.get_by_role("region", name="Each problem")
    expect(problems).to_contain_text("via website")
    expect(problems.get_by_role("row", name=re.compile(r"^4 "))).to_contain_text("Refused")
    assert not Group.objects.filter(name="Sherwood Tinnitus Circle").exists()
    page.screenshot(path=str(tmp_path / f"checked-{width}.png"), full_page=True)
    assert_accessible(page)

    page.get_by_label("Leave out refused records and import the rest").check()
    page.get_by_role("button", name="Import now").click()
    expect(page.get_by_text("Importing now.")).to_be_visible()
    services.run_queued()
    page.get_by_role("link", name="Refresh now").click()
    expect(page.get_by_text("Imported: 2 new, 0 changed, 0 unchanged, 1 refused.")).to_be_visible()
    expect(page.get_by_role("link", name="Download the report (CSV)")).to_be_visible()
    page.screenshot(path=str(tmp_path / f"imported-{width}.png"), full_page=True)
    assert_accessible(page)
    assert Group.objects.get(name="Sherwood Tinnitus Circle").status == Group.Status.PENDING

    page.get_by_role("link", name="Back to imports").click()
    expect(page.get_by_role("row", name=re.compile("our-groups.xlsx"))).to_contain_text("Finished")

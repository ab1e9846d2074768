"""Groups' voice, their own reflections, and the intermediary's insight, in a real Chromium,
with axe-core on every page."""

import csv
import datetime
import re

import pytest
from playwright.sync_api import expect

from directory.tests.factory import make_coordinator
from voice import wellbeing
from voice.models import Feedback, Forum, ForumMembership, Opportunity

from .conftest import assert_accessible
from .test_keeping_listings import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinators(directory, alice, charlie, sam):
    make_coordinator(directory["stroke"], alice)
    make_coordinator(directory["twins"], charlie)
    return directory


def open_group_page(page, live_server, email, group, link):
    sign_in(page, live_server, email)
    page.get_by_role("link", name=group.name).click()
    assert_accessible(page)
    page.get_by_role("link", name=link).click()
    assert_accessible(page)


def test_staff_post_a_forum_and_a_consultation_and_only_the_group_that_opted_in_replies(
        live_server, browser, page, coordinators, offsite_requests):
    stroke, twins = coordinators["stroke"], coordinators["twins"]

    # The stroke club chooses to hear about forums and formal consultations on health conditions.
    open_group_page(page, live_server, "alice@example.org", stroke, "Opportunities to have your say")
    expect(page.get_by_text("The group hears about nothing until you choose")).to_be_visible()
    page.get_by_role("link", name="Choose what the group hears about").click()
    assert_accessible(page)
    choices = page.get_by_role("group", name="What would the group like to hear about?")
    choices.get_by_label(re.compile("Forums and local bodies")).check()
    choices.get_by_label(re.compile("Formal consultation")).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose at least one subject")
    assert_accessible(page)
    page.get_by_label("Health conditions: all of it").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved. The group will hear about what it chose.")).to_be_visible()

    # Staff post a forum and a consultation.
    staff = browser.new_context()
    staff_page = staff.new_page()
    sign_in(staff_page, live_server, "sam@example.org")
    staff_page.get_by_role("link", name="Opportunities and forums").click()
    assert_accessible(staff_page)
    staff_page.get_by_role("link", name="Start a forum").click()
    assert_accessible(staff_page)
    staff_page.get_by_label("Name", exact=True).fill("Nottingham Long-term Conditions Forum")
    staff_page.get_by_label("What the forum is for").fill("Groups and health services meet every two months.")
    staff_page.get_by_label("Health conditions: all of it").check()
    staff_page.get_by_role("button", name="Start the forum").click()
    expect(staff_page.get_by_role("heading", name="Nottingham Long-term Conditions Forum")).to_be_visible()
    assert_accessible(staff_page)
    staff_page.get_by_role("link", name="Back to opportunities and forums").click()

    staff_page.get_by_role("link", name="Post an opportunity").click()
    staff_page.get_by_label("Title").fill("How should the stroke ward change visiting?")
    staff_page.get_by_role("group", name="What kind of opportunity").get_by_label("A formal consultation").check()
    staff_page.get_by_role("group", name="Level on the pyramid of opportunity").get_by_label(
        re.compile("Formal consultation")).check()
    staff_page.get_by_label("What you are asking").fill("The hospital is rethinking visiting times.")
    staff_page.get_by_label("Health conditions: Stroke and aphasia").check()
    staff_page.get_by_label("Time it asks of a group").fill("One meeting of about an hour")
    soon = datetime.date.today() + datetime.timedelta(weeks=3)
    staff_page.get_by_label("Closing date", exact=True).fill(soon.isoformat())
    # Only for groups near the hospital: a place the geocoder can't find is sent back.
    where = staff_page.get_by_role("group", name="Where it is for")
    where.get_by_label("Groups meeting within some miles of a town or postcode").check()
    where.get_by_role("textbox", name="Town or postcode").fill("Notingam")
    where.get_by_role("spinbutton", name="Distance in miles").fill("10")
    staff_page.get_by_role("button", name="Post it").click()
    expect(staff_page.get_by_role("alert")).to_contain_text("less than 8 weeks away")
    expect(staff_page.get_by_role("alert")).to_contain_text("Did you mean Nottingham?")
    assert_accessible(staff_page)
    staff_page.get_by_label("Why the closing date is less than 8 weeks away").fill(
        "The hospital board decides next month.")
    where.get_by_role("textbox", name="Town or postcode").fill("Nottingham")
    staff_page.get_by_role("button", name="Post it").click()
    expect(staff_page.get_by_text("Posted. 1 group that asked to hear about this has been told by email.")) \
        .to_be_visible()
    expect(staff_page.get_by_text("Within 10 miles of Nottingham")).to_be_visible()
    assert_accessible(staff_page)
    consultation = Opportunity.objects.get()

    # The stroke club sees both, and replies to the consultation anonymously.
    page.reload()
    expect(page.get_by_role("link", name="Nottingham Long-term Conditions Forum")).to_be_visible()
    page.get_by_role("link", name="How should the stroke ward change visiting?").click()
    assert_accessible(page)
    expect(page.get_by_text("The hospital board decides next month.")).to_be_visible()
    expect(page.get_by_text("Within 10 miles of Nottingham")).to_be_visible()
    page.get_by_role("link", name="Give feedback").click()
    assert_accessible(page)
    page.get_by_label("Your feedback").fill("Evening visiting matters most to carers who work.")
    page.get_by_label("Anonymous: “a group for Stroke and aphasia”").check()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("They see it as from “a group for Stroke and aphasia”").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to opportunities to have your say").click()
    page.get_by_role("link", name="Nottingham Long-term Conditions Forum").click()
    assert_accessible(page)
    page.get_by_role("button", name="Join the forum").click()
    expect(page.get_by_text(f"{stroke.name} is a member.")).to_be_visible()
    assert ForumMembership.objects.filter(group=stroke, forum=Forum.objects.get()).exists()
    assert Feedback.objects.get().anonymous

    # The poster sees the feedback, but not which group gave it.
    staff_page.goto(live_server.url + consultation.get_absolute_url())
    expect(staff_page.get_by_text("From a group for Stroke and aphasia")).to_be_visible()
    expect(staff_page.get_by_text("Evening visiting matters most")).to_be_visible()
    assert stroke.name not in staff_page.content()
    assert_accessible(staff_page)
    staff.close()

    # The twins club did not opt in: it never sees either.
    other = browser.new_context()
    twins_page = other.new_page()
    open_group_page(twins_page, live_server, "charlie@example.org", twins, "Opportunities to have your say")
    expect(twins_page.get_by_text("Nothing open for the group at the moment.")).to_be_visible()
    assert "stroke ward" not in twins_page.content() and "Long-term Conditions Forum" not in twins_page.content()
    response = twins_page.goto(f"{live_server.url}/groups/{twins.slug}/have-your-say/{consultation.uuid}/")
    assert response.status == 404
    other.close()
    assert offsite_requests == []


def test_a_group_reflects_and_publishes_a_summary_on_its_page(live_server, page, coordinators):
    stroke = coordinators["stroke"]
    open_group_page(page, live_server, "alice@example.org", stroke, "Reflect on how the group is doing")
    page.get_by_role("link", name="Start a reflection").click()
    assert_accessible(page)
    # Part-answered is saved as it is, and finished later.
    page.get_by_role("group", name="A sense of control", exact=True).get_by_label("Strong", exact=True).check()
    page.get_by_role("button", name="Save the reflection").click()
    expect(page.get_by_text("Only the group’s coordinators can see it.")).to_be_visible()
    expect(page.get_by_text("Not answered").first).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + f"/groups/{stroke.slug}/reflections/")
    expect(page.get_by_text("part-answered (1 of 36)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("carry on")).click()
    for item in wellbeing.ALL_ITEMS:
        answer = "Strong" if item.key in ("belonging", "emotional_support", "connect") else "Some"
        page.get_by_role("group", name=str(item.label), exact=True).get_by_label(answer, exact=True).check()
    page.get_by_label("In members’ own words").fill("Nobody here looks at you funny when the words won’t come.")
    page.get_by_role("button", name="Save the reflection").click()
    expect(page.get_by_text("Only the group’s coordinators can see it.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Publish a summary on the group’s page").click()
    assert_accessible(page)
    summary = page.get_by_label("Summary for the group’s page")
    expect(summary).to_have_value(re.compile("Members feel they belong."))
    summary.fill("Members say the club gives them a sense of belonging and support between meetings.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published.")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + stroke.get_absolute_url())
    expect(page.get_by_role("heading", name="What members say the group does for them")).to_be_visible()
    expect(page.get_by_text("Members say the club gives them a sense of belonging")).to_be_visible()
    assert "looks at you funny" not in page.content()
    assert_accessible(page)


def test_staff_open_the_coverage_view_see_a_gap_and_download_it(live_server, page, coordinators):
    sign_in(page, live_server, "sam@example.org")
    page.get_by_role("link", name="Insight").click()
    assert_accessible(page)
    page.get_by_role("link", name="Directory growth").click()
    expect(page.get_by_role("img", name=re.compile("Groups in the directory"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to insight").click()
    page.get_by_role("link", name="Support requests and arrangements").click()
    expect(page.get_by_role("table", name="Requests for support by area")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to insight").click()
    page.get_by_role("link", name="Coverage and gaps").click()
    assert_accessible(page)
    page.get_by_label("Within how many miles").fill("5")
    page.get_by_label("Postcode areas").fill("ng de")
    page.get_by_role("button", name="Show coverage").click()
    gaps = page.get_by_role("table", name=re.compile("Gaps: postcode districts with no group"))
    expect(gaps.get_by_role("rowheader", name="NG22", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Postcode districts in DE NG"))).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download these tables as a spreadsheet (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("coverage-")
    with open(download.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert ["NG22", "NG"] in rows


@pytest.mark.parametrize("width", [{"width": 375, "height": 740}, {"width": 1280, "height": 900}],
                         ids=["phone", "desktop"])
def test_the_coverage_map_fits_the_screen_and_says_what_it_leaves_out(live_server, browser, coordinators, width,
                                                                       tmp_path):
    page = browser.new_context(viewport=width).new_page()
    sign_in(page, live_server, "sam@example.org")
    page.goto(live_server.url + "/staff/insight/coverage/?miles=5&areas=NG+DE&subject=")
    chart = page.get_by_role("img", name=re.compile("Postcode districts in DE NG"))
    expect(chart).to_be_visible()
    expect(page.get_by_text(re.compile("Left out: DE99, NG80, NG90, districts of PO boxes"))).to_be_visible()
    box = chart.bounding_box()
    assert box["width"] <= width["width"] and box["height"] > box["width"] * 0.5
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / f"coverage-{width['width']}.png"), full_page=True)
    chart.screenshot(path=str(tmp_path / f"coverage-map-{width['width']}.png"))

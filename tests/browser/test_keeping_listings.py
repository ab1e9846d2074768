"""Groups keep their own listings: in a real Chromium, with axe-core on every page."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from directory.models import Group
from directory.services import send_reminders
from directory.tests.factory import PASSWORD, make_coordinator, make_group

from .conftest import assert_accessible

pytestmark = pytest.mark.browser


def sign_in(page, live_server, email):
    page.goto(live_server.url + "/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_new_group_is_listed_reviewed_and_found(live_server, page, directory, browser, sam):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="List your group").first.click()
    page.get_by_role("link", name="Create an account").click()
    assert_accessible(page)
    page.get_by_label("Email address").fill("coordinator@example.org")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + re.search(r"https?://[^/]+(/account/confirm/\S+)", mail.outbox[-1].body).group(1))
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm and save password").click()

    expect(page.get_by_text("List your group: step 1 of 5")).to_be_visible()
    expect(page.get_by_role("heading", name="About the group", level=1)).to_be_visible()
    page.get_by_role("button", name="Continue").click()  # empty: every error of the step shown at once
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page)

    page.get_by_label("Name of the group").fill("Hucknall Tinnitus Friends")
    page.get_by_label("One-line summary").fill("Friendly support for people living with tinnitus.")
    page.get_by_label("Who the group is for").fill("Anyone with tinnitus, and their partners.")
    page.get_by_label("What happens at a meeting").fill("We share what helps over tea and biscuits.")
    for question in ["share the experience", "support each other", "run the group themselves",
                     "come and go freely"]:
        page.get_by_role("group", name=re.compile(question)).get_by_label("Yes").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("Health conditions").click()  # the subjects under it unfold
    page.get_by_label("Tinnitus and hearing loss").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("group", name="How often").get_by_label("Every week").check()
    page.get_by_label("Day of the week").select_option(label="Thursday")
    page.get_by_label("Starts at").fill("19:00")
    page.get_by_label("Name of the place").fill("Hucknall Library")
    page.get_by_label("Address", exact=True).fill("1 Library Lane")
    page.get_by_label("Town or city").fill("Hucknall")
    page.get_by_label("Postcode").fill("ng15 7aa")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Email address for the group").fill("tinnitus.hucknall@example.org")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # the facts may be left unsaid
    expect(page.get_by_role("heading", name="Check your answers before sending your listing")).to_be_visible()
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text("We are checking your listing")).to_be_visible()
    assert_accessible(page)
    assert Group.objects.get(name="Hucknall Tinnitus Friends").status == Group.Status.PENDING

    staff = browser.new_context()
    staff_page = staff.new_page()
    sign_in(staff_page, live_server, sam.email)
    staff_page.get_by_role("link", name=re.compile("waiting for review")).click()
    assert_accessible(staff_page)
    staff_page.get_by_role("link", name="Hucknall Tinnitus Friends").click()
    assert_accessible(staff_page)
    staff_page.get_by_label("List it", exact=True).check()
    staff_page.get_by_role("button", name="Save decision").click()
    expect(staff_page.get_by_text("Decision saved")).to_be_visible()
    staff.close()

    page.goto(live_server.url + "/search/?q=tinnitus&where=NG15")
    expect(page.get_by_role("link", name="Hucknall Tinnitus Friends")).to_be_visible()


def test_a_coordinator_confirms_the_listing_from_the_reminder_email(live_server, page, directory, alice):
    stale = datetime.date.today() - datetime.timedelta(days=200)
    group = make_group(name="Mansfield Vertigo Circle", last_confirmed_on=stale)
    make_coordinator(group, alice)
    mail.outbox.clear()
    assert send_reminders()["first_reminders"] == 1
    link = re.search(r"https?://[^/\s]+(/confirm/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(live_server.url + link)
    assert_accessible(page)
    page.get_by_role("button", name="Yes, everything is still right").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    group.refresh_from_db()
    assert group.last_confirmed_on == datetime.date.today()
    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()


def test_a_coordinator_closes_the_group_and_its_page_points_elsewhere(live_server, page, directory, alice):
    group = directory["stroke"]
    make_coordinator(group, alice)
    sign_in(page, live_server, "alice@example.org")
    page.get_by_role("link", name=group.name).click()
    assert_accessible(page)
    page.get_by_role("link", name="Pause, close or restart the group").click()
    page.get_by_label("Closed").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Say where members could go instead")
    assert_accessible(page)
    page.get_by_label("A note for people who read the listing").fill(
        "Members now meet at the Derby Stroke Club, and are very welcome there.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="See every change to this group").click()
    expect(page.get_by_text("Stage changed")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + group.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{group.name} has closed")
    expect(page.get_by_text("Members now meet at the Derby Stroke Club")).to_be_visible()

"""Putting people in touch, in a real Chromium, with axe-core on every page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from directory.models import Group
from directory.tests.factory import make_coordinator
from introductions import services
from introductions.models import Introduction, IntroductionCount

from .conftest import assert_accessible
from .test_keeping_listings import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def stroke_club(directory, alice):
    group = directory["stroke"]
    Group.objects.filter(pk=group.pk).update(contact_route=Group.ContactRoute.BOTH)
    make_coordinator(group, alice)
    return group


def test_a_person_asks_the_group_to_contact_them_and_the_coordinator_answers(
        live_server, browser, page, stroke_club, sam):
    page.goto(live_server.url + stroke_club.get_absolute_url())
    page.get_by_role("link", name="Get in touch, or ask the group to contact you").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", name="I’ll contact them")).to_be_visible()
    page.get_by_role("button", name="Ask them to contact me").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page)
    page.get_by_label("Your first name, or any name you like").fill("王秀英")
    page.get_by_label("Text message").check()
    page.get_by_label("Your phone number or email address").fill("07700 900123")
    language = page.get_by_label("Which language would you like the group to use?")
    language.select_option(label="Another language (write it below)")
    page.get_by_label("I agree that").check()
    page.get_by_role("button", name="Ask them to contact me").click()
    expect(page.get_by_role("alert")).to_contain_text("Write which language, or choose one from the list.")
    assert_accessible(page)
    language.select_option(label="Bengali")
    page.get_by_role("group", name="Would you like an interpreter?").get_by_label("Yes, please").check()
    # The consent statement names them: what is shared is what the person agrees to.
    page.get_by_label("preferred language, need for an interpreter").check()
    page.get_by_role("button", name="Ask them to contact me").click()
    expect(page.get_by_role("heading", name="Your request has been sent")).to_be_visible()
    assert_accessible(page)
    reference = Introduction.objects.get().reference
    expect(page.get_by_text(reference)).to_be_visible()

    coordinator = browser.new_context()
    inbox = coordinator.new_page()
    sign_in(inbox, live_server, "alice@example.org")
    inbox.get_by_role("link", name="1 person waiting to hear from you").click()
    expect(inbox.get_by_text("07700 900123")).to_be_visible()
    expect(inbox.get_by_text("Prefers Bengali; would like an interpreter")).to_be_visible()
    assert_accessible(inbox)
    inbox.get_by_label("Contacted").check()
    inbox.get_by_role("button", name="Save").click()
    expect(inbox.get_by_text(f"Saved: {reference}")).to_be_visible()
    coordinator.close()

    # Time passes: the details go, the count stays.
    services.purge(now=timezone.now() + datetime.timedelta(days=31))
    assert not Introduction.objects.exists()
    assert IntroductionCount.objects.get().count == 1
    staff = browser.new_context()
    counts = staff.new_page()
    sign_in(counts, live_server, sam.email)
    counts.goto(live_server.url + "/staff/introductions/")
    expect(counts.get_by_role("cell", name=stroke_club.name)).to_be_visible()
    expect(counts.get_by_text("07700")).to_have_count(0)
    assert_accessible(counts)
    staff.close()


def test_a_practitioner_makes_an_introduction_for_a_client(live_server, page, stroke_club, pat):
    sign_in(page, live_server, pat.email)
    page.goto(live_server.url + stroke_club.get_absolute_url())
    page.get_by_role("link", name="Introduce a client to this group").click()
    assert_accessible(page)
    page.get_by_label("The group gets in touch with my client").check()
    page.get_by_label("Your client’s first name, or the name they chose").fill("Siobhán")
    page.get_by_label("How should the group get in touch?").select_option(label="Phone call")
    page.get_by_label("Their phone number or email address").fill("0115 496 0555")
    page.get_by_label("Which language would your client like the group to use?").select_option(label="Urdu")
    page.get_by_role("group", name="Would your client like an interpreter?").get_by_label("Yes", exact=True).check()
    page.get_by_label("In person").check()
    page.get_by_label("When did they agree?").fill(datetime.date.today().isoformat())
    page.get_by_label("My client agreed to share exactly these details with the group.").check()
    page.get_by_role("button", name="Make the introduction").click()
    expect(page.get_by_role("heading", name="Introductions you have made")).to_be_visible()
    expect(page.get_by_role("cell", name="Not answered yet")).to_be_visible()
    assert_accessible(page)


def test_read_in_urdu_the_form_starts_with_urdu_chosen(live_server, page, stroke_club):
    with translation.override("ur"):
        page.goto(live_server.url + reverse("introductions:get-in-touch", args=[stroke_club.slug]))
    expect(page.locator("select[name=language]")).to_have_value("ur")
    assert_accessible(page)

"""Someone is always there, in a real Chromium with axe-core, at desktop and phone width:
writing to the self-help team and staff answering; a problem reported with a listing reaching
its coordinator; and where to get help now, reached by keyboard from any page."""

from urllib.parse import urlparse

import pytest
from django.core import mail
from playwright.sync_api import expect

from directory.tests.factory import make_coordinator
from enquiries.models import Enquiry, ListingProblem

from .conftest import assert_accessible
from .test_keeping_listings import sign_in

pytestmark = pytest.mark.browser
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


@pytest.fixture(params=list(SIZES))
def sized_page(request, browser):
    context = browser.new_context(viewport=SIZES[request.param])
    yield context.new_page()
    context.close()


def test_someone_writes_to_the_self_help_team_and_staff_answer(live_server, sized_page, directory, sam):
    page = sized_page
    page.goto(live_server.url + "/")
    page.get_by_role("contentinfo").get_by_role("link", name="Contact the self-help team").click()
    expect(page.get_by_role("heading", name="Contact the self-help team", level=1)).to_be_visible()
    assert_accessible(page)

    # Sent without a way to reply, though one was asked for: the error summary says so.
    page.get_by_label("There’s no group for what I need").check()
    page.get_by_label("Your message").fill("Is there a group for people whose husband has died, near Beeston?")
    page.get_by_label("By email").check()
    page.get_by_label("I agree that the self-help team").check()
    page.get_by_role("button", name="Send to the self-help team").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the email address or phone number we should reply to")
    assert_accessible(page)
    page.get_by_label("Your email address or phone number").fill("jean@example.org")
    page.get_by_role("button", name="Send to the self-help team").click()
    expect(page.get_by_role("heading", name="Your message has been sent")).to_be_visible()
    enquiry = Enquiry.objects.get()
    expect(page.get_by_text(enquiry.reference)).to_be_visible()
    assert_accessible(page)
    assert any(message.to == [sam.email] for message in mail.outbox)

    page.get_by_role("contentinfo").get_by_role("link", name="Contact the self-help team").focus()
    sign_in(page, live_server, sam.email)
    page.goto(live_server.url + "/staff/enquiries/")
    assert_accessible(page)
    page.get_by_role("link", name=enquiry.reference).click()
    expect(page.get_by_text("whose husband has died")).to_be_visible()
    expect(page.get_by_role("link", name="jean@example.org")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Note (optional)").fill("Sent details of the widowed group in Nottingham.")
    page.get_by_role("button", name="Mark answered").click()
    expect(page.get_by_role("status")).to_contain_text("marked answered")
    assert_accessible(page)
    enquiry.refresh_from_db()
    assert enquiry.is_answered


def test_a_problem_reported_with_a_listing_reaches_its_coordinator(live_server, sized_page, directory, alice):
    page = sized_page
    group = directory["stroke"]
    make_coordinator(group, alice)
    page.goto(live_server.url + group.get_absolute_url())
    expect(page.get_by_role("heading", name="Something’s wrong with this listing?")).to_be_visible()
    page.get_by_text("Tell us, and we will let the group and the self-help team know").click()
    page.get_by_label("The group has stopped meeting").check()
    page.get_by_label("Tell us more (optional)").fill("The hall says the club stopped meeting in the summer.")
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you")
    assert_accessible(page)
    assert ListingProblem.objects.get().group == group

    # The coordinator is emailed a link, and reads the report behind it.
    (to_alice,) = [message for message in mail.outbox if message.to == [alice.email]]
    link = next(line for line in to_alice.body.splitlines() if "/listing-problems/" in line).strip()
    assert "stopped meeting in the summer" not in to_alice.body
    sign_in(page, live_server, alice.email)
    page.goto(live_server.url + urlparse(link).path)  # the email's link is on SITE_URL
    expect(page.get_by_text("stopped meeting in the summer")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark “The group has stopped meeting” dealt with").click()
    expect(page.get_by_role("status")).to_contain_text("dealt with")
    assert ListingProblem.objects.get().is_answered


def test_where_to_get_help_now_is_reached_by_keyboard_and_named_for_screen_readers(live_server, sized_page,
                                                                                     directory):
    page = sized_page
    for path in ["/", directory["stroke"].get_absolute_url(), "/contact/"]:
        page.goto(live_server.url + path)
        region = page.get_by_role("contentinfo").get_by_role("region", name="If you need help now")
        expect(region).to_contain_text("If you are in danger now, call 999.")
        expect(region).to_contain_text("For urgent medical help, call NHS 111.")
        expect(region).to_contain_text("Samaritans: 116 123, free, day or night.")
        expect(region.get_by_role("link", name="999")).to_have_attribute("href", "tel:999")
        # With the keyboard alone, from the top of the page, Tab reaches each number.
        reached = []
        page.locator("body").focus()
        for _ in range(400):
            page.keyboard.press("Tab")
            href = page.evaluate("document.activeElement && document.activeElement.getAttribute('href')")
            if href and href.startswith("tel:") and page.evaluate(
                    "!!document.activeElement.closest('footer .crisis')"):
                reached.append(href)
                if href == "tel:116123":
                    break
        assert reached == ["tel:999", "tel:111", "tel:116123"], path
        assert_accessible(page)

"""People's rights in a real Chromium, with axe-core on every page: a person withdraws
their request by the private link on a phone; staff erase one by its reference; a
coordinator deletes their account."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from directory.models import Group
from directory.tests.factory import PASSWORD, make_coordinator
from introductions.models import Introduction, IntroductionCount, Outcome

from .conftest import assert_accessible
from .test_keeping_listings import sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def stroke_club(directory, alice):
    group = directory["stroke"]
    Group.objects.filter(pk=group.pk).update(contact_route=Group.ContactRoute.BOTH)
    make_coordinator(group, alice)
    return group


def test_a_person_withdraws_their_request_by_the_private_link_on_a_phone(live_server, browser, stroke_club):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + stroke_club.get_absolute_url() + "get-in-touch/")
    page.get_by_label("Your first name, or any name you like").fill("Mukti")
    page.get_by_label("Phone call").check()
    page.get_by_label("Your phone number or email address").fill("07700 900123")
    page.get_by_label("I agree that").check()
    page.get_by_role("button", name="Ask them to contact me").click()
    expect(page.get_by_role("heading", name="Your request has been sent")).to_be_visible()
    reference = Introduction.objects.get().reference
    assert_accessible(page)

    # The link is private: the person keeps it and opens it later, in another window.
    link = page.get_by_role("link", name="Withdraw my request")
    address = live_server.url + link.get_attribute("href")
    page.get_by_role("link", name="How we look after your details", exact=True).click()
    expect(page.get_by_role("heading", name="How to complain")).to_be_visible()
    assert_accessible(page)
    context.close()
    later = browser.new_context(viewport=PHONE)
    page = later.new_page()
    page.goto(address)
    expect(page.get_by_role("heading", name="Withdraw your request")).to_be_visible()
    assert Introduction.objects.exists()  # opening the link only asks
    assert_accessible(page)
    mail.outbox.clear()
    page.get_by_role("button", name="Withdraw my request and delete my details").click()
    expect(page.get_by_role("heading", name="Your request is withdrawn")).to_be_visible()
    assert_accessible(page)
    assert not Introduction.objects.exists()
    assert IntroductionCount.objects.get().outcome == Outcome.WITHDRAWN
    (email,) = mail.outbox
    assert reference in email.body and "07700" not in email.body and "Mukti" not in email.body

    # The link worked once.
    page.goto(address)
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()
    assert_accessible(page)
    later.close()


def test_staff_erase_a_request_by_its_reference_without_seeing_it(live_server, page, stroke_club, sam):
    introduction = Introduction.objects.create(group=stroke_club, name="Mukti", contact_method="phone",
                                               contact_value="07700 900123", consent_text="agreed")
    sign_in(page, live_server, sam.email)
    page.goto(live_server.url + "/staff/introductions/")
    page.get_by_role("link", name="erase it by its reference").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page)
    page.get_by_label("Reference").fill(introduction.reference.lower())
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=f"Erase request {introduction.reference}?")).to_be_visible()
    expect(page.get_by_text("Mukti")).to_have_count(0)
    expect(page.get_by_text(stroke_club.name)).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name=f"Yes, erase {introduction.reference}").click()
    expect(page.get_by_text(f"Erased: the details of {introduction.reference} are deleted")).to_be_visible()
    assert not Introduction.objects.exists()


def test_a_coordinator_deletes_their_account(live_server, page, stroke_club, alice):
    sign_in(page, live_server, alice.email)
    page.get_by_role("link", name="Delete your account").click()
    expect(page.get_by_text("kept by the self-help team")).to_be_visible()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account has been deleted.")).to_be_visible()
    assert_accessible(page)
    assert not type(alice).objects.filter(pk=alice.pk).exists()
    assert Group.objects.reachable().filter(pk=stroke_club.pk).exists()

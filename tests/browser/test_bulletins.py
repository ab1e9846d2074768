"""The team's news by email: someone subscribes from the footer's link with no account,
confirms from the email, staff write, preview and publish a bulletin, the digest job puts
it in the outbox with the new group the subscriber follows, and one click in that email
unsubscribes. In a real Chromium at phone width, axe-clean throughout."""

import datetime
import io
import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from directory.subjects import choice_label
from directory.tests.factory import category, make_group
from subscriptions.jobs import take_directory_as_it_is
from subscriptions.models import Subscription

from .conftest import assert_accessible
from .test_keeping_listings import sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 740}


def _path_in(body: str, start: str) -> str:
    url = next(word for word in body.split() if start in word)
    return urlparse(url).path


def test_subscribe_confirm_receive_a_bulletin_in_the_outbox_and_unsubscribe_in_one_click(live_server, browser,
                                                                                          directory, sam):
    take_directory_as_it_is()  # the directory's groups are not news
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="News and new groups by email").click()
    expect(page.get_by_role("heading", name="News from the self-help team", level=1)).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Sent without an address: the error summary says so, and nothing is kept.
    page.get_by_label(choice_label(category("stroke-aphasia")), exact=True).check()
    page.get_by_role("button", name="Send me the news").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your email address, so we can send you the news")
    assert_accessible(page)
    assert not Subscription.objects.exists()

    page.get_by_label("Near", exact=True).fill("NG1")
    page.get_by_label("Every week").check()
    page.get_by_label("Your email address", exact=True).fill("jean@example.org")
    page.get_by_label(re.compile("I agree that")).check()
    page.get_by_role("button", name="Send me the news").click()
    expect(page.get_by_role("heading", name="Check your email", level=1)).to_be_visible()
    assert_accessible(page)

    # Only the confirmation before confirming; it says what is kept and has the one-click header.
    [confirmation] = mail.outbox
    assert "List-Unsubscribe" in confirmation.extra_headers
    assert "within 10 miles of NG1" in confirmation.body
    page.goto(live_server.url + _path_in(confirmation.body, "/subscriptions/confirm/"))
    expect(page.get_by_role("heading", name="Confirm you would like the news", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, add me to the list").click()
    expect(page.get_by_role("heading", name="You’re on the list", level=1)).to_be_visible()
    assert_accessible(page)
    subscription = Subscription.objects.get()
    assert subscription.is_confirmed

    # Staff write, preview and publish a bulletin.
    staff = browser.new_context(viewport=PHONE).new_page()
    sign_in(staff, live_server, sam.email)
    staff.goto(live_server.url + "/news/")
    staff.get_by_role("link", name="Write a bulletin").click()
    expect(staff.get_by_role("heading", name="Bulletins", level=1)).to_be_visible()
    assert_accessible(staff)
    staff.get_by_role("link", name="Write a bulletin").click()
    staff.get_by_label("Title").fill("Spring news from the team")
    staff.get_by_label("News").fill("We have moved to Station Street.\n\nA fair on the first Saturday.")
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("heading", name="Preview")).to_be_visible()
    expect(staff.get_by_text("A fair on the first Saturday.", exact=True)).to_be_visible()
    assert_accessible(staff)
    staff.get_by_role("link", name="Publish").click()
    assert_accessible(staff)
    staff.get_by_role("button", name="Publish").click()
    expect(staff.get_by_text("Published: Spring news from the team.")).to_be_visible()

    # A week on, a new stroke group near NG1 is listed, and the jobs run.
    Subscription.objects.filter(pk=subscription.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=8))
    make_group(name="Beeston Stroke Survivors", categories=["stroke-aphasia"])
    call_command("run_jobs", "--only", "tell_of_new_groups", stdout=io.StringIO())
    call_command("run_jobs", "--only", "send_digests", stdout=io.StringIO())
    [digest] = [message for message in mail.outbox if message is not confirmation]
    assert digest.to == ["jean@example.org"] and digest.subject == "Spring news from the team"
    assert "We have moved to Station Street." in digest.body and "Beeston Stroke Survivors" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # One click from the email.
    page.goto(live_server.url + _path_in(digest.body, "/subscriptions/unsubscribe/"))
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe and delete my address").click()
    expect(page.get_by_role("heading", name="You have unsubscribed", level=1)).to_be_visible()
    assert_accessible(page)
    assert not Subscription.objects.exists()

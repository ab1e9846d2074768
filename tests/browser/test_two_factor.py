"""Staff set up two-factor sign-in and sign in with a code, in a real Chromium at phone and
desktop width, with axe-core on every page and nothing asked of another site."""

import base64
import datetime

import pytest
import time_machine
from django_otp.oath import TOTP
from playwright.sync_api import expect

from directory.tests.factory import PASSWORD

from .conftest import assert_accessible

pytestmark = pytest.mark.browser
WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


def code_from_app(secret: str) -> str:
    """What an authenticator app shows now for the key typed in from the page."""
    key = secret.replace(" ", "")
    return f"{TOTP(base64.b32decode(key + '=' * (-len(key) % 8))).token():06d}"


def sign_in_with_password(page, email):
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_set_up_two_factor_sign_in_and_sign_in_with_a_code(
        transactional_db, live_server, browser, sam, settings, width, tmp_path):
    settings.STAFF_TWO_FACTOR = "required"
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    offsite_requests = []
    page.on("request", lambda request: offsite_requests.append(request.url)
            if not request.url.startswith((live_server.url, "data:")) else None)

    page.goto(live_server.url + "/staff/review/")
    sign_in_with_password(page, sam.email)
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.locator(".qr-code svg")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / f"set-up-{width}.png", full_page=True)

    # Scanning the QR code or typing the key gives the app the same secret.
    secret = page.locator("#secret").inner_text()
    page.get_by_label("Code from the app").fill("000000" if code_from_app(secret) != "000000" else "111111")
    page.get_by_role("button", name="Check the code and finish").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    assert_accessible(page)

    started = datetime.datetime.now(tz=datetime.UTC)
    with time_machine.travel(started + datetime.timedelta(seconds=3)):  # past the wait a wrong code brings
        page.get_by_label("Code from the app").fill(code_from_app(secret))
        page.get_by_role("button", name="Check the code and finish").click()
        expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
        assert page.locator(".recovery-codes li").count() == 6
        assert_accessible(page)
        page.screenshot(path=tmp_path / f"recovery-codes-{width}.png", full_page=True)
        page.get_by_role("link", name="I have kept them: carry on").click()
        expect(page.get_by_role("heading", name="Listings waiting for review")).to_be_visible()
        page.get_by_role("button", name="Sign out").click()

    # Signing in again, a little later: each code works once, so the app shows the next one.
    with time_machine.travel(started + datetime.timedelta(seconds=40)):
        page.goto(live_server.url + "/staff/review/")
        sign_in_with_password(page, sam.email)
        expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
        assert_accessible(page)
        page.screenshot(path=tmp_path / f"code-{width}.png", full_page=True)
        page.get_by_label("Code").fill(code_from_app(secret))
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", name="Listings waiting for review")).to_be_visible()
    context.close()
    assert not offsite_requests

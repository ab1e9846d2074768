"""The group's coordinators page in a real Chromium, with axe-core on every page, at phone and
desktop width: invite someone, see the invitation waiting, send it again, withdraw it; take a co-coordinator
off after a confirmation that names them; and open an action's address as a page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from directory.models import GroupChange, Invitation
from directory.tests.factory import PASSWORD, make_coordinator, make_user

from .conftest import assert_accessible
from .test_keeping_listings import sign_in

pytestmark = pytest.mark.browser
WIDTHS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("width", WIDTHS)
def test_a_coordinator_invites_withdraws_and_takes_someone_off(live_server, browser, directory, alice, width):
    group = directory["stroke"]
    make_coordinator(group, alice)
    make_coordinator(group, make_user("bob@example.org", name="Bob Hale"))
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    sign_in(page, live_server, alice.email)
    page.get_by_role("link", name=group.name).click()
    page.get_by_role("link", name="See the coordinators, invite someone or withdraw an invitation").click()
    expect(page.get_by_role("heading", name=f"Coordinators of {group.name}", level=1)).to_be_visible()
    expect(page.get_by_text("No invitations are waiting.")).to_be_visible()
    assert_accessible(page)

    # Invite: the invitation is listed, with who sent it and until when its link works.
    page.get_by_label("Email address of the person to invite").fill("dee@example.org")
    page.get_by_role("button", name="Send an invitation").click()
    expect(page.get_by_text("Invitation sent to dee@example.org.")).to_be_visible()
    waiting = page.get_by_role("list", name="Invitations waiting to be accepted").get_by_role("listitem")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("dee@example.org")
    expect(waiting).to_contain_text("sent by alice@example.org on")
    expect(waiting).to_contain_text("the link works until")
    assert_accessible(page)

    # Send it again: a second email, with a new link.
    page.get_by_role("button", name="Send it again to dee@example.org").click()
    expect(page.get_by_text("The invitation was sent again to dee@example.org, with a new link.")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["dee@example.org"], ["dee@example.org"]]
    assert_accessible(page)
    link = re.search(r"https?://[^/\s]+(/invitations/\S+/)", mail.outbox[-1].body).group(1)

    # Withdraw it: the emailed link then no longer works.
    page.get_by_role("button", name="Withdraw invitation to dee@example.org").click()
    expect(page.get_by_text("The invitation to dee@example.org was withdrawn")).to_be_visible()
    expect(page.get_by_text("No invitations are waiting.")).to_be_visible()
    assert not Invitation.objects.exists()
    assert_accessible(page)
    invitee = browser.new_context(viewport=WIDTHS[width])
    invitee_page = invitee.new_page()
    make_user("dee@example.org")
    sign_in(invitee_page, live_server, "dee@example.org")
    invitee_page.goto(live_server.url + link)
    expect(invitee_page.get_by_role("heading", name="This invitation no longer works")).to_be_visible()
    invitee.close()

    # Take Bob off: a page of its own asks first, by his name, and says what happens.
    expect(page.get_by_role("link", name="Remove alice@example.org")).to_have_count(0)  # that is stepping down
    page.get_by_role("link", name="Remove Bob Hale").click()
    expect(page.get_by_role("heading", name="Remove Bob Hale as a coordinator?")).to_be_visible()
    expect(page.get_by_text("We will email them")).to_be_visible()
    expect(page.get_by_text("The group will still be coordinated by alice@example.org.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, remove Bob Hale").click()
    expect(page.get_by_text(f"Bob Hale no longer helps coordinate {group.name}")).to_be_visible()
    expect(page.get_by_role("link", name="Remove Bob Hale")).to_have_count(0)
    assert group.history.filter(action=GroupChange.Action.COORDINATOR_REMOVED).exists()
    assert [m.to for m in mail.outbox if "You no longer help coordinate" in m.subject] == [["bob@example.org"]]
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_signing_in_on_the_way_to_an_action_lands_on_a_page_that_leads_to_its_button(
        live_server, browser, directory, alice, width):
    group = directory["stroke"]
    make_coordinator(group, alice)
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    page.goto(f"{live_server.url}/account/sign-in/?next=/groups/{group.slug}/manage/coordinators/invite/")
    page.get_by_label("Email address").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="This needs a button on another page")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Go to the page with the button").click()
    expect(page.get_by_role("button", name="Send an invitation")).to_be_visible()
    context.close()

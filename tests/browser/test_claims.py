"""Claim your listing, in a real Chromium with axe-core on every page, at phone and desktop
width: staff send a claim to a group the team keeps; the person at the group's public
address opens the emailed link, creates an account, accepts and confirms the listing; the
group's page then no longer says the team keeps it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from directory.models import Coordinator
from directory.tests.factory import PASSWORD

from .conftest import assert_accessible
from .test_keeping_listings import sign_in

pytestmark = pytest.mark.browser
WIDTHS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}
KEPT = "This listing is kept by the self-help team"


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_send_a_claim_and_the_group_takes_its_listing_on(live_server, browser, directory, sam, width,
                                                                 tmp_path):
    group = directory["stroke"]  # nobody from it is on the hub; its public email is stroke@example.org
    staff = browser.new_context(viewport=WIDTHS[width])
    page = staff.new_page()
    page.goto(live_server.url + group.get_absolute_url())
    expect(page.get_by_text(KEPT)).to_be_visible()
    page.screenshot(path=str(tmp_path / f"kept-{width}.png"), full_page=True)
    expect(page.get_by_role("link", name=re.compile("ask the group to contact you", re.I))).to_have_count(0)
    assert_accessible(page)

    # Staff choose the group among those the team keeps, and send the claim.
    sign_in(page, live_server, sam.email)
    page.goto(live_server.url + "/my-groups/")
    page.get_by_role("link", name="Claims of listings kept by the team: send and follow up").click()
    expect(page.get_by_role("heading", name="Claims of listings kept by the team", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send claims to the groups chosen", exact=True).click()  # nothing chosen
    expect(page.get_by_role("alert")).to_contain_text("Choose at least one group to send a claim to.")
    assert_accessible(page)
    page.get_by_label(f"{group.name} (stroke@example.org)").check()
    page.get_by_role("button", name="Send claims to the groups chosen", exact=True).click()
    expect(page.get_by_text("Claim sent to 1 group.")).to_be_visible()
    row = page.get_by_role("row", name=re.compile(group.name))
    expect(row).to_contain_text("stroke@example.org")
    expect(row).to_contain_text("Waiting")
    page.screenshot(path=str(tmp_path / f"claims-{width}.png"), full_page=True)
    assert_accessible(page)
    claim = [message for message in mail.outbox if message.to == ["stroke@example.org"]][-1]
    link = re.search(r"https?://[^/\s]+(/invitations/\S+/)", claim.body).group(1)

    # The group's person opens the link, creates an account with that address, and accepts.
    person = browser.new_context(viewport=WIDTHS[width])
    their = person.new_page()
    their.goto(live_server.url + link)
    expect(their.get_by_role("heading", name=f"Keep the listing for {group.name}")).to_be_visible()
    assert_accessible(their)
    their.get_by_role("link", name="Create an account").click()
    their.get_by_label("Email address").fill("stroke@example.org")
    their.get_by_role("button", name="Create account").click()
    expect(their.get_by_role("heading", name="Check your email")).to_be_visible()
    # The confirmation email's link: they choose their password, and are brought back to the claim.
    confirm = [message for message in mail.outbox if message.to == ["stroke@example.org"]][-1]
    their.goto(live_server.url + re.search(r"https?://[^/]+(/account/confirm/\S+)", confirm.body).group(1))
    their.get_by_label("Choose a password").fill(PASSWORD)
    their.get_by_label("Type the password again").fill(PASSWORD)
    their.get_by_role("button", name="Confirm and save password").click()
    expect(their.get_by_role("heading", name=f"Keep the listing for {group.name}")).to_be_visible()
    their.get_by_role("button", name="Accept the invitation").click()

    # Accepting asks them to check and confirm the listing.
    expect(their.get_by_text(f"You now keep the listing for {group.name}")).to_be_visible()
    expect(their.get_by_role("heading", name="Is the listing up to date?")).to_be_visible()
    their.screenshot(path=str(tmp_path / f"accepted-{width}.png"), full_page=True)
    assert_accessible(their)
    their.get_by_role("button", name="Yes, everything is still right").click()
    expect(their.get_by_text("Thank you: the listing shows it was confirmed today.")).to_be_visible()
    assert Coordinator.objects.filter(group=group, user__email="stroke@example.org").exists()

    # The public page no longer says the team keeps it, and offers the group's requests again.
    their.get_by_role("link", name="See the public listing").click()
    expect(their.get_by_role("heading", name=group.name, level=1)).to_be_visible()
    expect(their.get_by_text(KEPT)).to_have_count(0)
    expect(their.get_by_role("link", name="Get in touch", exact=False)).to_be_visible()
    assert_accessible(their)

    # Staff see it claimed.
    page.reload()
    expect(page.get_by_role("row", name=re.compile(group.name))).to_contain_text("Claimed")
    person.close()
    staff.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_practitioner_is_given_a_kept_groups_details_and_handout(live_server, browser, directory, pat, width,
                                                                     tmp_path):
    group = directory["stroke"]
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    sign_in(page, live_server, pat.email)
    page.goto(live_server.url + group.get_absolute_url())
    page.get_by_role("link", name="Introduce a client to this group").click()
    details = page.get_by_role("region", name="Give your client the group’s details")
    expect(details).to_contain_text(KEPT)
    expect(details).to_contain_text("0115 496 0101")
    expect(details).to_contain_text("stroke@example.org")
    expect(page.get_by_label("The group gets in touch with my client")).to_have_count(0)
    expect(page.get_by_label("My client will get in touch with the group")).to_be_checked()
    page.screenshot(path=str(tmp_path / f"introduce-{width}.png"), full_page=True)
    assert_accessible(page)
    with page.expect_response(lambda response: "/leaflet.pdf" in response.url) as handout:
        page.goto(live_server.url + details.get_by_role(
            "link", name="Print a one-page handout for your client (PDF)").get_attribute("href"))
    assert handout.value.status == 200 and handout.value.headers["content-type"] == "application/pdf"
    context.close()

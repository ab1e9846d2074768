"""The support exchange in a real Chromium, with axe-core on every page: a group asks for a
room, accepts an offer on its own terms and later ends it; a practitioner asks to visit a
group that invites professionals only when it wants them, and is declined gracefully."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from directory.models import LONDON, Group
from directory.tests.factory import make_coordinator, make_user
from support.kinds import Role
from support.models import Arrangement, SupportRequest, VisitRequest
from support.services import send_review_reminders
from support.tests.factory import make_offer, make_worker

from .conftest import assert_accessible
from .test_keeping_listings import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def stroke_club(directory, alice):
    group = directory["stroke"]
    Group.objects.filter(pk=group.pk).update(professionals_rule=Group.ProfessionalsRule.INVITATION)
    make_coordinator(group, alice)
    return group


def test_a_group_asks_for_a_room_accepts_an_offer_and_ends_it_at_review(live_server, page, stroke_club):
    pat = make_worker("pat@example.org", roles=[Role.RESOURCE_BUILDER, Role.BRIDGE_BUILDER],
                      limits="I have safeguarding duties.\nI can’t hold members’ personal details.")
    make_offer(pat, title="Community room at St Ann’s Health Centre", capacity=25, step_free=True,
               cost="Free", times="Weekday evenings until 9pm")
    mail.outbox.clear()

    sign_in(page, live_server, "alice@example.org")
    page.get_by_role("link", name=stroke_club.name).click()
    page.get_by_role("link", name="Ask for support").click()
    assert_accessible(page)
    page.get_by_label("What would help?").select_option("")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose what would help.")
    assert_accessible(page)

    page.get_by_label("What would help?").select_option(label="A room to meet in")
    page.get_by_label("About how many people come?").fill("12")
    page.get_by_label("We need step-free access").check()
    page.get_by_label("Our staff, and professionals who work in the area, can see it").check()
    page.get_by_label("Anything else to say (optional)").fill("The second Tuesday evening of each month.")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", name="A room to meet in", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Community room at St Ann’s Health Centre", exact=True)).to_be_visible()
    expect(page.get_by_text("I have safeguarding duties.").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("Accept this offer")).click()
    expect(page.get_by_role("heading", name="Agree support, on your terms")).to_be_visible()
    expect(page.get_by_text("I can’t hold members’ personal details.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What you agree").fill("The community room on the second Tuesday of each month, 7 to 9pm.")
    page.get_by_label("Practical help (resource-builder)").check()
    review_on = page.get_by_label("When to look at it again").input_value()
    page.get_by_role("button", name="Agree").click()

    expect(page.get_by_role("heading", name="Arrangement: A room to meet in")).to_be_visible()
    review_date = datetime.date.fromisoformat(review_on)
    expect(page.get_by_text(f"{review_date:%A} {review_date.day} {review_date:%B %Y}")).to_be_visible()
    expect(page.get_by_text("The community room on the second Tuesday")).to_be_visible()
    assert_accessible(page)
    arrangement = Arrangement.objects.get()
    assert arrangement.review_on == review_date
    assert SupportRequest.objects.get().status == SupportRequest.Status.ARRANGED

    # The review date arrives: the group is emailed and ends it, without giving a reason.
    with time_machine.travel(datetime.datetime.combine(review_date, datetime.time(9), tzinfo=LONDON), tick=True):
        assert send_review_reminders() == {"review_reminders": 1}
        link = re.search(r"https?://[^/\s]+(/support/arrangements/\d+/)", mail.outbox[-1].body).group(1)
        sign_in(page, live_server, "alice@example.org")  # months later: signed in afresh
        page.goto(live_server.url + link)
        expect(page.get_by_text("It’s time to look at this again.")).to_be_visible()
        page.get_by_role("link", name="Review: keep it going, change it or end it").click()
        assert_accessible(page)
        page.get_by_label("End it").check()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Ending is a normal part of how support works").first).to_be_visible()
        assert_accessible(page)
        arrangement.refresh_from_db()
        assert arrangement.status == Arrangement.Status.ENDED

        page.get_by_role("link", name=re.compile("Back to support for")).click()
        expect(page.get_by_text("arrangement ended")).to_be_visible()
        assert_accessible(page)


def test_a_practitioner_asks_to_visit_and_is_declined_gracefully(live_server, page, browser, stroke_club):
    make_worker("pat@example.org")
    members_only = Group.objects.get(name="Derby Twins and Multiples Club")
    Group.objects.filter(pk=members_only.pk).update(professionals_rule=Group.ProfessionalsRule.NONE)
    make_coordinator(members_only, make_user("twins@example.org"))  # someone on the hub to answer

    sign_in(page, live_server, "pat@example.org")
    page.goto(live_server.url + members_only.get_absolute_url())
    expect(page.get_by_role("link", name="Ask to come to a meeting")).to_have_count(0)
    expect(page.get_by_text("meetings are for members only, so please don’t ask")).to_be_visible()
    page.goto(live_server.url + f"/groups/{members_only.slug}/visit/")
    expect(page.get_by_text("meetings are for members only").first).to_be_visible()
    expect(page).not_to_have_title(re.compile("^Error"))
    expect(page.get_by_role("button", name="Ask the group")).to_have_count(0)
    assert_accessible(page)

    page.goto(live_server.url + stroke_club.get_absolute_url())
    page.get_by_role("link", name="Ask to come to a meeting").click()
    expect(page.get_by_text("Professionals come only when the group invites them")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ask the group").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose the meeting you would like to come to")
    assert_accessible(page)
    first_day = stroke_club.meeting_days()[0]
    page.get_by_role("group", name="Which meeting would you like to come to?").get_by_role("radio").first.check()
    page.get_by_label("Why you would like to come").fill("To hear what members find helpful after a stroke.")
    page.get_by_role("button", name="Ask the group").click()
    expect(page.get_by_text("Waiting for the group")).to_be_visible()
    assert_accessible(page)

    coordinator = browser.new_context()
    group_page = coordinator.new_page()
    sign_in(group_page, live_server, "alice@example.org")
    group_page.get_by_role("link", name=stroke_club.name).click()
    group_page.get_by_role("link", name="Visits and talks").click()
    assert_accessible(group_page)
    group_page.get_by_role("link", name=re.compile("pat@example.org")).click()
    assert_accessible(group_page)
    group_page.get_by_label("No, thank you").check()
    group_page.get_by_role("button", name="Send your answer").click()
    expect(group_page.get_by_text("Your answer has been sent.")).to_be_visible()
    assert_accessible(group_page)
    coordinator.close()

    page.reload()
    expect(page.get_by_text("The group has said no, thank you.").first).to_be_visible()
    expect(page.get_by_text("There is nothing else you need to do")).to_be_visible()
    assert_accessible(page)
    assert VisitRequest.objects.get().status == VisitRequest.Status.DECLINED
    assert VisitRequest.objects.get().date == first_day


def test_the_group_calls_off_a_visit_it_agreed_to_on_a_phone(live_server, page, browser, stroke_club):
    pat = make_worker("pat@example.org")
    visit = VisitRequest.objects.create(group=stroke_club, practitioner=pat, agency=pat.team.agency,
                                        date=datetime.date.today() + datetime.timedelta(days=14),
                                        purpose="To hear what helps.", status=VisitRequest.Status.ACCEPTED)
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server, "alice@example.org")
    page.goto(live_server.url + visit.get_absolute_url())
    expect(page.get_by_role("heading", name="If your group changes its mind")).to_be_visible()
    page.get_by_role("link", name="Call off this visit").click()
    expect(page.get_by_text("You don’t need to give a reason").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Call off the visit").click()
    expect(page.get_by_text("The visit is called off")).to_be_visible()
    expect(page.get_by_role("link", name="Call off this visit")).to_have_count(0)
    assert_accessible(page)
    assert mail.outbox[-1].to == ["pat@example.org"] and stroke_club.name in mail.outbox[-1].subject

    practitioner = browser.new_context()
    their_page = practitioner.new_page()
    sign_in(their_page, live_server, "pat@example.org")
    their_page.goto(live_server.url + visit.get_absolute_url())
    expect(their_page.get_by_text("The group has called off this visit.")).to_be_visible()
    assert_accessible(their_page)
    practitioner.close()


def test_a_talk_is_fixed_only_with_its_time_and_place_and_calling_it_off_asks_first(live_server, page, browser,
                                                                                    stroke_club):
    from support.models import TalkBooking, TalkOffer

    pat = make_worker("pat@example.org")
    talk = TalkOffer.objects.create(group=stroke_club, title="Life after a stroke", details="What helped us.")
    booking = TalkBooking.objects.create(talk_offer=talk, group=stroke_club, agency=pat.team.agency, contact=pat,
                                         date=datetime.date.today() + datetime.timedelta(days=30),
                                         agency_agreed=True)
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server, "alice@example.org")
    page.goto(live_server.url + booking.get_absolute_url())
    expect(page.get_by_text("time to be agreed, place to be agreed")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Agree", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the time the talk starts.")
    assert_accessible(page)
    page.get_by_label("Starts at").fill("18:30")
    page.get_by_label("Where").fill("Ward 3 seminar room, City Hospital")
    page.get_by_role("button", name="Agree", exact=True).click()
    expect(page.get_by_text("6:30pm, Ward 3 seminar room, City Hospital", exact=True)).to_be_visible()

    practitioner = browser.new_context()
    their_page = practitioner.new_page()
    sign_in(their_page, live_server, "pat@example.org")
    their_page.goto(live_server.url + booking.get_absolute_url())
    expect(their_page.get_by_text("When and where: 6:30pm, Ward 3 seminar room, City Hospital")).to_be_visible()
    their_page.get_by_role("button", name="Agree", exact=True).click()
    expect(their_page.get_by_text("Fixed")).to_be_visible()
    their_page.get_by_role("button", name="Call it off").click()
    expect(their_page.get_by_role("heading", name="Call off this talk?")).to_be_visible()
    assert_accessible(their_page)
    their_page.get_by_role("button", name="Yes, call it off").click()
    expect(their_page.get_by_text("Called off")).to_be_visible()
    practitioner.close()
    assert TalkBooking.objects.get().status == TalkBooking.Status.CANCELLED

"""Every support URL against every role: a group's requests and arrangements are seen only
by its coordinators, the other party and staff; practitioners never see a staff-only request."""

import pytest
from django.urls import reverse

from directory.models import Coordinator
from directory.tests.factory import make_coordinator
from support.models import (
    AgencyGroup,
    Arrangement,
    Match,
    Offer,
    SupportRequest,
    TalkBooking,
    TalkOffer,
    TalkWanted,
    VisitRequest,
)
from support.tests.factory import days, make_offer, make_request, make_worker

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "coordinator", "other_coordinator", "party", "practitioner", "staff"]
SECRET = "Our treasurer is unwell"


@pytest.fixture
def world(group, alice, charlie, pat, sam):
    """alice's group and pat's agency linked every way the exchange links them; nina is a
    practitioner far away, in another agency, linked to nothing."""
    nina = make_worker("nina@example.org", postcode="CM1 1SQ")
    offer = make_offer(pat)
    shared = make_request(group, note="Tuesday evenings")
    hidden = make_request(group, visibility=SupportRequest.Visibility.STAFF, note=SECRET)
    match = Match.objects.create(request=shared, practitioner=pat, made_by=Match.MadeBy.PRACTITIONER,
                                 status=Match.Status.WAITING_FOR_GROUP)
    Match.objects.create(request=hidden, practitioner=pat, made_by=Match.MadeBy.STAFF,
                         status=Match.Status.WAITING_FOR_PRACTITIONER)
    arrangement = Arrangement.objects.create(group=group, agency=pat.team.agency, practitioner=pat,
                                             kind="meeting_room", agreed="Room on Tuesdays", role="resource_builder",
                                             review_on=days(90))
    visit = VisitRequest.objects.create(group=group, practitioner=pat, agency=pat.team.agency, date=days(30),
                                        purpose="To hear what helps")
    agreed_visit = VisitRequest.objects.create(group=group, practitioner=pat, agency=pat.team.agency, date=days(37),
                                               purpose="To listen", status=VisitRequest.Status.ACCEPTED)
    wanted = TalkWanted.objects.create(agency=pat.team.agency, topic="Living with aphasia", audience="Nurses")
    talk = TalkOffer.objects.create(group=group, title="What helps after a stroke", details="Our experience")
    booking = TalkBooking.objects.create(talk_offer=talk, group=group, agency=pat.team.agency, contact=pat,
                                         date=days(40), agency_agreed=True)
    listed = AgencyGroup.objects.create(agency=pat.team.agency, group=group, added_by=pat)
    return {"group": group, "shared": shared, "hidden": hidden, "match": match, "arrangement": arrangement,
            "visit": visit, "agreed_visit": agreed_visit,
            "offer": offer, "wanted": wanted, "talk": talk, "booking": booking, "listed": listed,
            "coordinator": alice, "other_coordinator": charlie, "party": pat, "practitioner": nina, "staff": sam}


# URL name, the object its arguments come from, query string, expected status for each role (GET).
MATRIX = [
    ("support:group", "group", "", [302, 200, 404, 404, 404, 200]),
    ("support:ask", "group", "", [302, 200, 404, 404, 404, 403]),
    ("support:group-visits-talks", "group", "", [302, 200, 404, 404, 404, 200]),
    ("support:group-contact", "group", "", [302, 200, 404, 404, 404, 403]),
    ("support:talk-offer-new", "group", "", [302, 200, 404, 404, 404, 403]),
    ("support:visit-ask", "group", "", [302, 403, 403, 200, 200, 403]),
    ("support:request", "shared", "", [302, 200, 404, 200, 404, 200]),
    ("support:request", "hidden", "", [302, 200, 404, 404, 404, 200]),
    ("support:accept", "shared", "?offer={offer}", [302, 200, 404, 403, 404, 403]),
    ("support:accept", "hidden", "?offer={offer}", [302, 200, 404, 404, 404, 403]),
    ("support:offer-help", "shared", "", [302, 405, 405, 405, 405, 405]),
    ("support:broker", "shared", "", [302, 405, 405, 405, 405, 405]),
    ("support:close-request", "shared", "", [302, 405, 405, 405, 405, 405]),
    ("support:arrangement", "arrangement", "", [302, 200, 404, 200, 404, 200]),
    ("support:review", "arrangement", "", [302, 200, 404, 403, 404, 403]),
    ("support:end", "arrangement", "", [302, 200, 404, 200, 404, 403]),
    ("support:visit", "visit", "", [302, 200, 404, 200, 404, 200]),
    ("support:visit-call-off", "agreed_visit", "", [302, 200, 404, 403, 404, 403]),
    ("support:booking", "booking", "", [302, 200, 404, 200, 404, 200]),
    ("support:mine", None, "", [302, 403, 403, 200, 200, 403]),
    ("support:profile", None, "", [302, 403, 403, 200, 200, 403]),
    ("support:agency", None, "", [302, 403, 403, 200, 200, 403]),
    ("support:offers", None, "", [302, 200, 200, 200, 200, 200]),
    ("support:offer", "offer", "", [302, 200, 200, 200, 200, 200]),
    ("support:offer-edit", "offer", "", [302, 403, 403, 200, 403, 200]),
    ("support:offer-new", None, "", [302, 403, 403, 200, 200, 403]),
    ("support:talks", None, "", [302, 200, 200, 200, 200, 200]),
    ("support:talk-wanted-new", None, "", [302, 403, 403, 200, 200, 403]),
    ("support:talk-wanted", "wanted", "", [302, 200, 200, 200, 200, 200]),
    ("support:talk-offer", "talk", "", [302, 200, 200, 200, 200, 200]),
    ("support:staff", None, "", [302, 403, 403, 403, 403, 200]),
    # Buttons: POST only (what each role may do with them is in the tests below and beside the steps).
    ("support:ask-practitioner", "shared_party", "", [302, 405, 405, 405, 405, 405]),
    ("support:match-reply", "match", "", [302, 405, 405, 405, 405, 405]),
    ("support:agency-add-group", None, "", [302, 405, 405, 405, 405, 405]),
    ("support:agency-remove-group", "listed", "", [302, 405, 405, 405, 405, 405]),
    ("support:offer-withdraw", "offer", "", [302, 405, 405, 405, 405, 405]),
    ("support:offer-take-on", "offer", "", [302, 405, 405, 405, 405, 405]),
    ("support:talk-wanted-close", "wanted", "", [302, 405, 405, 405, 405, 405]),
    ("support:talk-offer-close", "talk", "", [302, 405, 405, 405, 405, 405]),
]


def _url(world, name, target, query):
    if target is None:
        args = []
    elif target == "group":
        args = [world["group"].slug]
    elif target == "shared_party":
        args = [world["shared"].pk, world["party"].pk]
    else:
        args = [world[target].pk]
    return reverse(name, args=args) + query.format(offer=world["offer"].pk)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "target", "query", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, world, role, name, target, query, expected):
    if role != "anonymous":
        client.force_login(world[role])
    response = client.get(_url(world, name, target, query))
    assert response.status_code == expected[ROLES.index(role)]
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("accounts:sign-in"))
    if role in ("party", "practitioner", "other_coordinator"):
        assert SECRET not in response.content.decode()


@pytest.mark.parametrize(("name", "target", "query", "expected"), MATRIX)
def test_staff_with_a_place_among_the_coordinators_get_only_what_staff_get(client, world, name, target, query,
                                                                          expected):
    """Staff never act for a group, even with a row left among its coordinators (an account
    made staff by a bulk change): accounts.roles.is_coordinator says no."""
    make_coordinator(world["group"], world["staff"])
    test_each_url_answers_each_role_as_expected(client, world, "staff", name, target, query, expected)


def test_a_practitioner_never_sees_a_staff_only_request_even_when_put_forward(client, world):
    client.force_login(world["party"])
    page = client.get(reverse("support:mine")).content.decode()
    assert "Stroke Club" in page  # staff asked them: they see who and what…
    assert SECRET not in page  # …but never the group's note
    assert client.get(reverse("support:request", args=[world["hidden"].pk])).status_code == 404


def test_a_practitioner_whose_area_covers_a_shared_request_sees_it_but_not_a_staff_only_one(client, world):
    derby = make_worker("dev@example.org", postcode="DE1 1AA", radius=20)
    client.force_login(derby)
    assert client.get(reverse("support:request", args=[world["shared"].pk])).status_code == 200
    assert client.get(reverse("support:request", args=[world["hidden"].pk])).status_code == 404
    page = client.get(reverse("support:mine")).content.decode()
    assert reverse("support:request", args=[world["shared"].pk]) in page
    assert reverse("support:request", args=[world["hidden"].pk]) not in page


def test_a_practitioner_outside_the_area_does_not_see_a_shared_request(client, world):
    client.force_login(world["practitioner"])
    page = client.get(reverse("support:mine")).content.decode()
    assert reverse("support:request", args=[world["shared"].pk]) not in page


def test_a_closed_request_drops_out_of_the_area_but_stays_with_the_party(client, world):
    derby = make_worker("dev@example.org", postcode="DE1 1AA", radius=20)
    SupportRequest.objects.filter(pk=world["shared"].pk).update(status=SupportRequest.Status.CLOSED)
    client.force_login(derby)
    assert client.get(reverse("support:request", args=[world["shared"].pk])).status_code == 404
    client.force_login(world["party"])
    assert client.get(reverse("support:request", args=[world["shared"].pk])).status_code == 200


def test_a_colleague_in_the_same_agency_can_see_and_end_the_agencys_arrangement(client, world):
    colleague = make_worker("colleague@example.org", agency=world["party"].team.agency)
    client.force_login(colleague)
    assert client.get(reverse("support:arrangement", args=[world["arrangement"].pk])).status_code == 200
    assert client.get(reverse("support:end", args=[world["arrangement"].pk])).status_code == 200


def test_bad_ids_are_not_found(client, world):
    client.force_login(world["coordinator"])
    for url in [reverse("support:request", args=[999999]), reverse("support:arrangement", args=[999999]),
                reverse("support:accept", args=[world["shared"].pk]) + "?offer=abc",
                reverse("support:accept", args=[world["shared"].pk]) + "?match=99999",
                reverse("support:accept", args=[world["shared"].pk]),
                "/support/requests/abc/"]:
        assert client.get(url).status_code == 404, url


POSTS = [
    ("support:ask", "group"), ("support:talk-offer-new", "group"), ("support:visit-ask", "group"),
    ("support:request", "shared"), ("support:accept", "shared"), ("support:offer-help", "shared"),
    ("support:broker", "shared"), ("support:close-request", "hidden"), ("support:arrangement", "arrangement"),
    ("support:review", "arrangement"), ("support:end", "arrangement"), ("support:visit", "visit"),
    ("support:booking", "booking"), ("support:profile", None), ("support:agency-add-group", None),
    ("support:offer-new", None), ("support:offer-edit", "offer"), ("support:offer-withdraw", "offer"),
    ("support:offer-take-on", "offer"), ("support:talk-wanted-new", None), ("support:talk-wanted", "wanted"),
    ("support:talk-offer", "talk"), ("support:talk-offer-close", "talk"), ("support:talk-wanted-close", "wanted"),
    ("support:offers", None), ("support:staff", None), ("support:ask-practitioner", "shared_party"),
    ("support:match-reply", "match"), ("support:agency-remove-group", "listed"),
]
JUNK = {"answer": "maybe", "action": "explode", "decision": "perhaps", "date": "yesterday", "review_on": "soon",
        "offer": "abc", "practitioner": "-1", "group": "x", "kind": "rocket", "place": "Atlantis", "people": "-4",
        "capacity": "1e9", "fee": "NaN", "roles": "wizard", "radius_miles": "∞", "other_date": "31/02/2027",
        "role": "boss", "message": "x" * 5000}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "target"), POSTS)
def test_junk_never_causes_a_server_error_or_a_half_saved_change(client, world, role, name, target):
    if role != "anonymous":
        client.force_login(world[role])
    before = [list(model.objects.order_by("pk").values()) for model in
              (Arrangement, Match, Offer, SupportRequest, TalkBooking, VisitRequest)]
    response = client.post(_url(world, name, target, ""), JUNK)
    assert response.status_code < 500
    after = [list(model.objects.order_by("pk").values()) for model in
             (Arrangement, Match, Offer, SupportRequest, TalkBooking, VisitRequest)]
    # These need no input: ending, closing and withdrawing are always allowed to the right person.
    if name not in ("support:close-request", "support:end", "support:offer-take-on", "support:talk-offer-close",
                    "support:talk-wanted-close", "support:agency-remove-group"):
        assert after == before


# Buttons (POST) against each role: 302 is the step done, or refused with a message, and
# the person sent back; 403 linked but not theirs to press; 404 no link at all.
BUTTONS = [
    ("support:offer-take-on", "offer", [302, 403, 403, 302, 403, 403]),
    ("support:offer-withdraw", "offer", [302, 403, 403, 302, 403, 302]),
    ("support:talk-wanted-close", "wanted", [302, 403, 403, 302, 403, 403]),
    ("support:talk-offer-close", "talk", [302, 302, 403, 403, 403, 403]),
    ("support:match-reply", "match", [302, 302, 404, 302, 404, 403]),
    ("support:ask-practitioner", "shared_party", [302, 302, 404, 403, 404, 403]),
    ("support:agency-remove-group", "listed", [302, 403, 403, 302, 404, 403]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "target", "expected"), BUTTONS)
def test_each_button_answers_each_role_as_expected(client, world, role, name, target, expected):
    if role != "anonymous":
        client.force_login(world[role])
    response = client.post(_url(world, name, target, ""), {"answer": "no", "active": "0", "message": "Hello"})
    assert response.status_code == expected[ROLES.index(role)]
    if role == "anonymous":
        assert response["Location"].startswith(reverse("accounts:sign-in"))


# A group kept by the self-help team (nobody from it on the hub) would never receive a request,
# so practitioners and agencies are offered none and a request sent anyway is refused.


@pytest.fixture
def kept_world(world):
    Coordinator.objects.filter(group=world["group"]).delete()
    world["shared"].matches.all().delete()
    return world


# URL, target, what is sent, status for the party and for a practitioner far away; each is
# refused without a record written or an email queued.
KEPT_REQUESTS = [
    ("support:visit-ask", "group", {"date": days(20).isoformat(), "purpose": "To hear what helps"}, [400, 400]),
    ("support:talk-offer", "talk", {"date": days(20).isoformat(), "place": "Our office"}, [403, 403]),
    ("support:offer-help", "shared", {"role": "resource_builder", "message": "We have a room"}, [302, 404]),
]


@pytest.mark.parametrize("role", ["party", "practitioner"])
@pytest.mark.parametrize(("name", "target", "data", "expected"), KEPT_REQUESTS)
def test_nothing_is_sent_to_a_group_kept_by_the_team(client, kept_world, mailoutbox, role, name, target, data,
                                                     expected):
    VisitRequest.objects.all().delete()
    mailoutbox.clear()  # staff were told the group is now kept; nothing after that may go out
    client.force_login(kept_world[role])
    before = [list(model.objects.order_by("pk").values()) for model in (Match, TalkBooking, VisitRequest)]
    response = client.post(_url(kept_world, name, target, ""), data)
    assert response.status_code == expected[["party", "practitioner"].index(role)]
    assert [list(model.objects.order_by("pk").values()) for model in (Match, TalkBooking, VisitRequest)] == before
    assert mailoutbox == []


@pytest.mark.parametrize(("name", "target", "offered"), [
    ("support:visit-ask", "group", "Ask the group"),
    ("support:talk-offer", "talk", "Ask for the talk"),
    ("support:request", "shared", "Offer to help"),
    ("directory:group", "group", "Ask to come to a meeting"),
])
def test_a_group_kept_by_the_team_is_offered_no_request_but_its_public_details(client, kept_world, name, target,
                                                                               offered):
    client.force_login(kept_world["party"])
    page = client.get(_url(kept_world, name, target, "")).content.decode()
    assert offered not in page
    assert "kept by the self-help team" in page


def test_a_talk_offered_by_a_group_kept_by_the_team_is_not_listed(client, kept_world):
    client.force_login(kept_world["party"])
    assert kept_world["talk"].title not in client.get(reverse("support:talks")).content.decode()


def test_a_group_with_a_coordinator_is_offered_every_request(client, world):
    client.force_login(world["practitioner"])
    assert "Ask to come to a meeting" in client.get(_url(world, "directory:group", "group", "")).content.decode()
    assert "Ask for the talk" in client.get(_url(world, "support:talk-offer", "talk", "")).content.decode()
    assert world["talk"].title in client.get(reverse("support:talks")).content.decode()

"""Every public surface agrees with the two visibility tiers (directory/visibility.py).

Groups are drawn across listing status × life-cycle stage × freshness (last confirmed
around the day the freshness rules hide a listing) × coordinators (none or some), and
each surface is asked which of them it shows: a group is on every listing surface if and
only if it is *listed*, and its own page (with its leaflet and get-in-touch form) answers
if and only if it is *reachable*.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from accounts.models import User
from directory import search
from directory.freshness import hidden_before
from directory.models import Group
from directory.search import Query
from directory.tests.factory import make_coordinator, make_group, make_practitioner, make_user
from directory.views import _category_tree
from insights.coverage import default_areas
from introductions.services import accepts_introductions
from publishing.printed import printed_directory
from publishing.tests import pdftools
from support.matching import requests_near
from support.tests.factory import make_request, make_worker

pytestmark = pytest.mark.django_db

# Distinct words, so that no group's name is part of another's in a PDF's text.
NAMES = ["Alder", "Birch", "Cedar", "Damson", "Elder", "Fir", "Gorse", "Hazel"]
CONFIRMED = ["never", "long before the cut-off", "on the cut-off", "the day after the cut-off", "today"]


def _confirmed_on(when: str) -> datetime.date | None:
    cutoff, one_day = hidden_before(), datetime.timedelta(days=1)
    return {"never": None, "long before the cut-off": cutoff - 400 * one_day, "on the cut-off": cutoff,
            "the day after the cut-off": cutoff + one_day, "today": timezone.localdate()}[when]


a_group = st.fixed_dictionaries({
    "status": st.sampled_from(Group.Status.values),
    "stage": st.sampled_from(Group.Stage.values),
    "confirmed": st.sampled_from(CONFIRMED),
    "coordinators": st.integers(0, 2),
})
# Whether the nightly job has moved the search index's freshness cut-off to today.
index_refreshed = st.booleans()
# Each example makes its groups and asks every surface, which takes a while: a failure is
# reported as drawn (a few groups, easily read) rather than shrunk for minutes.
SLOW_EXAMPLES = {"deadline": None, "phases": [Phase.explicit, Phase.reuse, Phase.generate],
                 "suppress_health_check": [HealthCheck.function_scoped_fixture]}


def _make(drawn: list[dict], refreshed: bool) -> tuple[list[Group], set[int], set[int]]:
    """The drawn groups, and the ids of those listed and of those reachable."""
    for model in (Group, User):
        model.objects.all().delete()
    groups = []
    for number, facts in enumerate(drawn):
        group = make_group(
            name=f"{NAMES[number]} Circle", slug=f"circle-{number}", status=facts["status"], stage=facts["stage"],
            stage_note="Members meet at Birchwood now." if facts["stage"] == Group.Stage.CLOSED else "",
            last_confirmed_on=_confirmed_on(facts["confirmed"]), contact_route=Group.ContactRoute.BOTH,
        )
        for person in range(facts["coordinators"]):
            make_coordinator(group, make_user(f"coordinator-{number}-{person}@example.org"))
        groups.append(group)
    if refreshed:
        search.refresh_freshness()
    return groups, *_tiers(groups)


def _names(groups) -> set[str]:
    return {group.name for group in groups}


def _tiers(groups) -> tuple[set[int], set[int]]:
    """(listed, reachable) ids, from the querysets, checked against the properties."""
    listed = set(Group.objects.listed().values_list("pk", flat=True))
    reachable = set(Group.objects.reachable().values_list("pk", flat=True))
    for group in groups:
        assert group.is_listed == (group.pk in listed)
        assert group.is_reachable == (group.pk in reachable)
    assert listed <= reachable
    return listed, reachable


@settings(max_examples=15, **SLOW_EXAMPLES)
@given(drawn=st.lists(a_group, min_size=1, max_size=len(NAMES)), refreshed=index_refreshed)
def test_every_listing_and_page_follows_the_one_rule(client, drawn, refreshed):
    groups, listed, reachable = _make(drawn, refreshed)

    # Search, its page, and the counts beside each subject.
    assert {hit.group_id for hit in search.search(Query(per_page=50)).hits} == listed
    page = client.get(reverse("directory:search"), {"category": "diabetes"}).content.decode()
    assert {g.name for g in groups if g.name in page} == _names(g for g in groups if g.pk in listed)
    diabetes = next(child for _top, children in _category_tree() for child in children if child.slug == "diabetes")
    assert diabetes.count == len(listed)

    # Lists for practitioners to hand out (the page; its PDF is checked below).
    page = client.get(reverse("publishing:lists"), {"category": "diabetes"}).content.decode()
    assert {g.name for g in groups if g.name in page} == _names(g for g in groups if g.pk in listed)

    # The Open Referral API.
    body = client.get("/api/services", {"per_page": 50}).json()
    assert {item["id"] for item in body["contents"]} == {str(g.uuid) for g in groups if g.pk in listed}
    body = client.get("/api/service_at_locations", {"per_page": 50}).json()
    assert {item["service_id"] for item in body["contents"]} == {
        str(g.uuid) for g in groups if g.pk in listed}

    for group in groups:
        # The group's own page: 200 while reachable, 410 with where to go once closed, else 404.
        response = client.get(group.get_absolute_url())
        published = group.status == Group.Status.PUBLISHED
        expected = 200 if group.pk in reachable else 410 if published else 404
        assert response.status_code == expected
        if expected == 410:
            assert "Members meet at Birchwood now." in response.content.decode()
        calendar = reverse("publishing:group-calendar", args=[group.slug])
        if expected == 200:  # the page offers the calendar of a listed group's meetings, unless paused
            offered = group.pk in listed and group.stage != Group.Stage.PAUSED
            assert (calendar in response.content.decode()) == offered
        # Its calendar feed lists meetings, so follows "listed"; its leaflet and
        # get-in-touch form come with its page.
        assert client.get(calendar).status_code == (200 if group.pk in listed else 404)
        # (A size it does not make answers with the sizes it does, without making a PDF.)
        leaflet = client.get(reverse("publishing:group-leaflet", args=[group.slug]), {"size": "a0"})
        assert leaflet.status_code == (400 if group.pk in reachable else 404)
        get_in_touch = client.get(reverse("introductions:get-in-touch", args=[group.slug]))
        assert get_in_touch.status_code == (200 if group.pk in reachable else 404)
        # ... but asking the group to contact you needs someone to read it: someone on the hub,
        # and a listing not hidden for being unconfirmed (Group.takes_introductions).
        assert accepts_introductions(group) == (group.pk in listed and group.coordinators.exists())
        # The API gives a listed group by its id too, and nothing else.
        assert client.get(f"/api/services/{group.uuid}").status_code == (200 if group.pk in listed else 404)

    # Support: practitioners are shown requests from listed groups near them.
    worker = make_worker("worker@example.org")
    for group in groups:
        make_request(group)
    assert {item.group_id for item, _miles in requests_near(worker.support_profile)} == listed

    # Insight: the listed count, and the places where listed groups meet.
    client.force_login(make_user("staff@example.org", staff=True))
    assert client.get(reverse("insights:index")).context["listed"] == len(listed)
    assert default_areas()[0] == (["NG"] if listed else [])


@settings(max_examples=4, **SLOW_EXAMPLES)
@given(drawn=st.lists(a_group, min_size=3, max_size=len(NAMES)), refreshed=index_refreshed)
def test_printed_material_follows_the_one_rule(client, drawn, refreshed):
    """The printed directory and a printed list: few examples, each PDF takes a while."""
    groups, listed, _reachable = _make(drawn, refreshed)
    expected = _names(g for g in groups if g.pk in listed)

    words = pdftools.text(printed_directory()[2])
    assert {g.name for g in groups if g.name in words} == expected

    response = client.get(reverse("publishing:list-pdf"), {"category": "diabetes"})
    words = pdftools.text(response.content)
    assert {g.name for g in groups if g.name in words} == expected


def test_a_practitioner_cannot_introduce_a_client_to_a_group_that_is_not_reachable(client):
    practitioner = make_practitioner()
    client.force_login(practitioner)
    closed = make_group(name="Alder Circle", stage=Group.Stage.CLOSED)
    pending = make_group(name="Birch Circle", status=Group.Status.PENDING)
    stale = make_group(name="Cedar Circle", last_confirmed_on=hidden_before())
    for group, status in ((closed, 404), (pending, 404), (stale, 200)):
        assert client.get(reverse("introductions:introduce", args=[group.slug])).status_code == status


def test_a_closed_groups_offer_of_a_talk_is_neither_listed_nor_shown(client):
    from support.models import TalkOffer

    client.force_login(make_practitioner())
    offers = {stage: TalkOffer.objects.create(group=make_group(name=f"{stage.title()} Circle", stage=stage),
                                              title=f"Our {stage} talk", details="What helps")
              for stage in (Group.Stage.ACTIVE, Group.Stage.CLOSED)}
    for offer in offers.values():  # someone on the hub to answer (a kept group's talks are never listed)
        make_coordinator(offer.group, make_user(f"{offer.group.slug}@example.org"))
    page = client.get(reverse("support:talks")).content.decode()
    assert "Our active talk" in page and "Our closed talk" not in page
    assert client.get(offers[Group.Stage.ACTIVE].get_absolute_url()).status_code == 200
    assert client.get(offers[Group.Stage.CLOSED].get_absolute_url()).status_code == 404

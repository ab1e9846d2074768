"""Every voice URL against every role: signed out, this group's coordinator, another
group's coordinator, a practitioner in another agency, and staff."""

import datetime

import pytest
from django.urls import reverse

from directory.tests.factory import make_coordinator, make_group, make_user
from voice.models import Feedback, ForumMeeting, Level
from voice.tests.factory import make_forum, make_opportunity, make_preferences, make_reflection

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "coordinator", "other_coordinator", "practitioner", "staff"]
PRIVATE_WORDS = "Our secret words about belonging"


@pytest.fixture
def people(alice, charlie, pat, sam):
    group = make_group(name="Diabetes Circle", slug="diabetes-circle", categories=["diabetes"])
    make_coordinator(group, alice)
    make_coordinator(make_group(name="Other", categories=["diabetes"]), charlie)
    make_preferences(group, levels=Level.values, topics=("diabetes", "depression-anxiety"))
    opportunity = make_opportunity(posted_by=sam)
    forum = make_forum(topics=("diabetes",), posted_by=sam)
    reflection = make_reflection(group, own_words=PRIVATE_WORDS)
    forum_meeting = ForumMeeting.objects.create(forum=forum, date=datetime.date(2030, 1, 1))
    Feedback.objects.create(opportunity=opportunity, group=group, text="Anonymous words", anonymous=True,
                            described_as="a group for Diabetes")
    return {"group": group, "opportunity": opportunity, "forum": forum, "reflection": reflection,
            "forum_meeting": forum_meeting,
            "coordinator": alice, "other_coordinator": charlie, "practitioner": pat, "staff": sam}


def _args(people, target):
    group = people["group"].slug
    return {
        "group": [group],
        "group_opportunity": [group, people["opportunity"].uuid],
        "group_forum": [group, people["forum"].uuid],
        "reflection": [group, people["reflection"].pk],
        "opportunity": [people["opportunity"].uuid],
        "forum": [people["forum"].uuid],
        "forum_meeting": [people["forum"].uuid, people["forum_meeting"].pk],
        "take_back": [group, people["opportunity"].uuid, "feedback"],
        None: [],
    }[target]


# URL name, what it needs, expected status on GET for each role.
MATRIX = [
    ("voice:have-your-say", "group", [302, 200, 404, 404, 403]),
    ("voice:preferences", "group", [302, 200, 404, 404, 403]),
    ("voice:group-opportunity", "group_opportunity", [302, 200, 404, 404, 403]),
    ("voice:feedback", "group_opportunity", [302, 200, 404, 404, 403]),
    ("voice:interested", "group_opportunity", [302, 405, 405, 405, 405]),
    ("voice:not-for-us", "group_opportunity", [302, 405, 405, 405, 405]),
    ("voice:show-again", "group_opportunity", [302, 405, 405, 405, 405]),
    ("voice:take-back", "take_back", [302, 405, 405, 405, 405]),
    ("voice:group-forum", "group_forum", [302, 200, 404, 404, 403]),
    ("voice:join-forum", "group_forum", [302, 405, 405, 405, 405]),
    ("voice:leave-forum", "group_forum", [302, 405, 405, 405, 405]),
    ("voice:reflections", "group", [302, 200, 404, 404, 403]),
    ("voice:new-reflection", "group", [302, 200, 404, 404, 403]),
    ("voice:compare", "group", [302, 200, 404, 404, 403]),
    ("voice:reflection", "reflection", [302, 200, 404, 404, 403]),
    ("voice:edit-reflection", "reflection", [302, 200, 404, 404, 403]),
    ("voice:publish", "reflection", [302, 200, 404, 404, 403]),
    ("voice:unpublish", "reflection", [302, 405, 405, 405, 405]),
    ("voice:delete-reflection", "reflection", [302, 405, 405, 405, 405]),
    ("voice:posted", None, [302, 403, 403, 200, 200]),
    ("voice:new-opportunity", None, [302, 403, 403, 200, 200]),
    ("voice:new-forum", None, [302, 403, 403, 200, 200]),
    # Posted by staff: a practitioner in an agency has no link to it.
    ("voice:opportunity", "opportunity", [302, 403, 403, 404, 200]),
    ("voice:edit-opportunity", "opportunity", [302, 403, 403, 404, 200]),
    ("voice:withdraw", "opportunity", [302, 405, 405, 405, 405]),
    ("voice:forum", "forum", [302, 403, 403, 404, 200]),
    ("voice:edit-forum", "forum", [302, 403, 403, 404, 200]),
    ("voice:add-forum-meeting", "forum", [302, 403, 403, 404, 200]),
    ("voice:edit-forum-meeting", "forum_meeting", [302, 403, 403, 404, 200]),
    ("voice:close-forum", "forum", [302, 405, 405, 405, 405]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "target", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, people, role, name, target, expected):
    if role != "anonymous":
        client.force_login(people[role])
    response = client.get(reverse(name, args=_args(people, target)))
    assert response.status_code == expected[ROLES.index(role)]
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("accounts:sign-in"))
    if role != "coordinator":
        # Nobody but the group's coordinators ever sees a reflection, or who gave anonymous feedback.
        assert PRIVATE_WORDS not in response.content.decode()
        assert "Diabetes Circle" not in response.content.decode()


@pytest.mark.parametrize(("name", "target", "expected"), MATRIX)
def test_staff_with_a_place_among_the_coordinators_get_only_what_staff_get(client, people, name, target, expected):
    """Staff never read reflections or a group's replies, even with a row left among its
    coordinators (an account made staff by a bulk change): accounts.roles.is_coordinator says no."""
    make_coordinator(people["group"], people["staff"])
    test_each_url_answers_each_role_as_expected(client, people, "staff", name, target, expected)


# Staff keep every listing, so they are linked to the group but refused; others have no link.
@pytest.mark.parametrize(("role", "expected"), [("other_coordinator", 404), ("practitioner", 404), ("staff", 403)])
def test_nobody_else_can_change_a_groups_replies_choices_or_reflections(client, people, role, expected):
    client.force_login(people[role])
    group, opportunity, reflection = people["group"], people["opportunity"], people["reflection"]
    args = [group.slug, opportunity.uuid]
    posts = [
        (reverse("voice:preferences", args=[group.slug]), {"levels": []}),
        (reverse("voice:interested", args=args), {"message": "Hijacked"}),
        (reverse("voice:not-for-us", args=args), {}),
        (reverse("voice:feedback", args=args), {"text": "Hijacked", "shown_as": "named"}),
        (reverse("voice:take-back", args=[*args, "feedback"]), {}),
        (reverse("voice:join-forum", args=[group.slug, people["forum"].uuid]), {}),
        (reverse("voice:publish", args=[group.slug, reflection.pk]), {"summary": "Hijacked"}),
        (reverse("voice:delete-reflection", args=[group.slug, reflection.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == expected, url
    reflection.refresh_from_db()
    assert reflection.published_at is None
    assert group.voice_preferences.levels() == Level.values
    assert group.opportunity_feedback.get().text == "Anonymous words"
    assert not group.opportunity_interests.exists() and not group.forum_memberships.exists()


@pytest.mark.parametrize(("role", "expected"), [("coordinator", 403), ("other_coordinator", 403),
                                                ("practitioner", 404)])
def test_only_posters_can_change_withdraw_or_close_what_was_posted(client, people, role, expected):
    client.force_login(people[role])
    opportunity, forum = people["opportunity"], people["forum"]
    posts = [
        reverse("voice:edit-opportunity", args=[opportunity.uuid]),
        reverse("voice:withdraw", args=[opportunity.uuid]),
        reverse("voice:edit-forum", args=[forum.uuid]),
        reverse("voice:close-forum", args=[forum.uuid]),
        reverse("voice:add-forum-meeting", args=[forum.uuid]),
        reverse("voice:edit-forum-meeting", args=[forum.uuid, people["forum_meeting"].pk]),
    ]
    for url in posts:
        assert client.post(url, {"title": "Hijacked", "name": "Hijacked", "date": "2031-01-01",
                                 "notes": "Hijacked"}).status_code == expected
    opportunity.refresh_from_db()
    forum.refresh_from_db()
    assert opportunity.withdrawn_at is None and opportunity.title != "Hijacked"
    assert forum.closed_at is None
    assert list(forum.meetings.values_list("date", "notes")) == [(datetime.date(2030, 1, 1), "")]


def test_a_practitioner_manages_their_own_agencys_opportunities_only(client, people):
    pat = people["practitioner"]
    own = make_opportunity(posted_by=pat, agency=pat.team.agency)
    client.force_login(pat)
    assert client.get(reverse("voice:opportunity", args=[own.uuid])).status_code == 200
    colleague = make_user("kim@example.org", team=pat.team)
    client.force_login(colleague)
    assert client.get(reverse("voice:opportunity", args=[own.uuid])).status_code == 200
    assert client.get(reverse("voice:opportunity", args=[people["opportunity"].uuid])).status_code == 404


def test_take_back_refuses_anything_but_interest_or_feedback(client, people):
    client.force_login(people["coordinator"])
    url = reverse("voice:take-back", args=[people["group"].slug, people["opportunity"].uuid, "reflection"])
    assert client.post(url).status_code == 404

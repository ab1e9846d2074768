"""Standing forums: posted by staff or an agency, joined and left freely by groups."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Category
from directory.tests.factory import make_coordinator, make_group
from voice import services
from voice.models import Forum, ForumMembership, Level
from voice.tests.factory import make_forum, make_preferences

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(alice, sam):
    group = make_group(name="Hearing Voices Nottingham", slug="hearing-voices", categories=["hearing-voices"])
    make_coordinator(group, alice)
    return {"group": group, "alice": alice, "staff": sam}


def test_staff_start_a_forum_and_add_meetings_with_notes(client, people):
    client.force_login(people["staff"])
    mental_health = Category.objects.get(slug="mental-health")
    response = client.post(reverse("voice:new-forum"), {
        "name": "Nottingham Mental Health Forum", "description": "Groups and services, every two months.",
        "topics": [mental_health.pk], "usual_place": "Council House", "contact": ""})
    forum = Forum.objects.get()
    assert response["Location"] == forum.get_absolute_url()
    next_month = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    client.post(reverse("voice:add-forum-meeting", args=[forum.uuid]),
                {"date": next_month, "start_time": "14:00", "place": "", "notes": "Agenda: crisis care."})
    assert forum.meetings.get().notes == "Agenda: crisis care."
    assert "There is a problem" in client.post(reverse("voice:add-forum-meeting", args=[forum.uuid]),
                                               {"date": ""}).content.decode()


def test_a_group_that_chose_forums_sees_joins_and_leaves(client, people):
    forum = make_forum(topics=["mental-health"])
    other = make_forum(topics=["diabetes"])
    client.force_login(people["alice"])
    page = client.get(reverse("voice:have-your-say", args=["hearing-voices"])).content.decode()
    assert forum.name not in page
    make_preferences(people["group"], levels=[Level.FORUM], topics=["hearing-voices"])
    page = client.get(reverse("voice:have-your-say", args=["hearing-voices"])).content.decode()
    assert forum.name in page and other.name not in page
    assert client.get(reverse("voice:group-forum", args=["hearing-voices", other.uuid])).status_code == 404

    client.post(reverse("voice:join-forum", args=["hearing-voices", forum.uuid]))
    assert ForumMembership.objects.filter(forum=forum, group=people["group"]).exists()
    client.force_login(people["staff"])
    assert "Hearing Voices Nottingham" in client.get(forum.get_absolute_url()).content.decode()

    # A member still sees its forum after it stops hearing about forums.
    people["group"].voice_preferences.delete()
    assert forum in services.forums_for(people["group"])
    client.force_login(people["alice"])
    client.post(reverse("voice:leave-forum", args=["hearing-voices", forum.uuid]))
    assert not ForumMembership.objects.exists()
    assert forum not in services.forums_for(people["group"])


def test_a_closed_forum_takes_no_new_members(client, people):
    forum = make_forum(topics=["mental-health"], closed_at=timezone.now())
    make_preferences(people["group"], levels=[Level.FORUM], any_topic=True)
    client.force_login(people["alice"])
    assert forum not in services.forums_for(people["group"])
    assert client.post(reverse("voice:join-forum", args=["hearing-voices", forum.uuid])).status_code == 404
    assert not ForumMembership.objects.exists()

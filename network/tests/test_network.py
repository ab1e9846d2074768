"""Groups writing to groups through the hub (issue 19, item 4): finding groups open to
messages, writing, who reads a conversation, when addresses show, limits, bounds, retention."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import limits
from directory.models import Group, Meeting
from directory.tests.factory import make_coordinator, make_group, make_user
from network import services
from network.models import Conversation, Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(alice, charlie):
    """alice's group in Nottingham and charlie's in Derby, both open to other groups."""
    mine = make_group(name="Nottingham Stroke Club", slug="stroke-club", categories=["stroke-aphasia"],
                      open_to_groups=True)
    theirs = make_group(name="Derby Stroke Friends", slug="derby-stroke", categories=["stroke-aphasia"],
                        meetings=[{"postcode": "DE1 1AA"}], open_to_groups=True)
    make_coordinator(mine, alice)
    make_coordinator(theirs, charlie)
    return mine, theirs


def write(client, user, group, to_group, body="Hello from our group. How do you run your cafe?"):
    client.force_login(user)
    return client.post(reverse("network:write", args=[group.slug, to_group.slug]), {"body": body})


def reply(client, user, group, conversation, body="Happy to help: we meet on Tuesdays."):
    client.force_login(user)
    return client.post(reverse("network:conversation", args=[group.slug, conversation.pk]), {"body": body})


class TestOpenToGroups:
    def test_a_group_is_not_open_to_other_groups_and_asks_no_help_until_it_says_so(self):
        group = make_group()
        assert not group.open_to_groups
        assert not group.looking_for_coordinator and not group.looking_for_volunteers
        assert not Group.objects.open_to_groups().exists()
        assert not Group.objects.looking_for_help().exists()


class TestFindingGroups:
    def test_the_network_page_shows_only_listed_groups_open_to_messages_and_never_ones_own(
            self, client, groups, alice):
        mine, theirs = groups
        closed = make_group(name="Closed Circle", open_to_groups=True, stage=Group.Stage.CLOSED)
        hidden = make_group(name="Hidden Circle", open_to_groups=True,
                            last_confirmed_on=datetime.date(2000, 1, 1))
        not_open = make_group(name="Quiet Circle")
        nobody = make_group(name="Kept Circle", open_to_groups=True)  # no coordinator to read it
        for group in (closed, hidden, not_open):
            make_coordinator(group, make_user(f"{group.slug}@example.org"))
        client.force_login(alice)

        page = client.get(reverse("network:find", args=[mine.slug]), {"distance": "50"}).content.decode()

        assert theirs.name in page
        for absent in (closed, hidden, not_open, nobody):
            assert absent.name not in page
        assert reverse("network:write", args=[mine.slug, mine.slug]) not in page

    def test_a_group_its_own_coordinator_also_runs_is_not_offered_nor_written_to(self, client, groups, alice):
        mine, theirs = groups
        sister = make_group(name="Arnold Stroke Club", slug="arnold-stroke", categories=["stroke-aphasia"],
                            open_to_groups=True)
        make_coordinator(sister, alice)
        client.force_login(alice)
        page = client.get(reverse("network:find", args=[mine.slug]), {"distance": "50"}).content.decode()
        assert theirs.name in page and sister.name not in page
        response = write(client, alice, mine, sister)
        assert "coordinates your group too" in response.content.decode()
        assert not Conversation.objects.exists()

    def test_groups_are_found_by_subject(self, client, groups, alice):
        mine, theirs = groups
        diabetes = make_group(name="Derby Diabetes Chat", categories=["diabetes"], open_to_groups=True,
                              meetings=[{"postcode": "DE1 1AA"}])
        make_coordinator(diabetes, charlie_too := make_user("dee@example.org"))
        assert charlie_too
        client.force_login(alice)

        found = client.get(reverse("network:find", args=[mine.slug]),
                           {"category": "stroke-aphasia", "distance": "50"}).context["groups"]

        assert found == [theirs]

    def test_groups_are_found_by_distance_from_where_the_group_meets_or_from_a_place(self, groups):
        mine, theirs = groups  # Nottingham and Derby, about 13 miles apart
        online = make_group(name="Online Stroke Chat", open_to_groups=True,
                            meetings=[{"attendance": Meeting.Attendance.ONLINE, "online_details": "Zoom"}])
        make_coordinator(online, make_user("online@example.org"))
        home = services.place_of(mine)

        assert services.find(mine, point=home, miles=10) == [online]
        near = services.find(mine, point=home, miles=25)
        assert near == [theirs, online] and 10 < near[0].distance < 25


class TestWriting:
    def test_a_message_goes_to_the_other_groups_coordinators_through_the_outbox(self, client, groups, alice):
        mine, theirs = groups
        mail.outbox.clear()

        response = write(client, alice, mine, theirs)

        conversation = Conversation.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("network:conversation", args=[mine.slug, conversation.pk])
        assert (conversation.from_group, conversation.to_group) == (mine, theirs)
        assert [m.to for m in mail.outbox] == [["charlie@example.org"]]
        email = mail.outbox[0]
        assert "Nottingham Stroke Club" in email.subject
        assert f"/groups/derby-stroke/network/{conversation.pk}/" in email.body
        # A link, never what was written or who wrote it.
        assert "cafe" not in email.body and "alice" not in email.body

    def test_addresses_are_hidden_until_the_other_group_replies_and_shown_to_both_after(
            self, client, groups, alice, charlie):
        mine, theirs = groups
        write(client, alice, mine, theirs)
        conversation = Conversation.objects.get()
        client.force_login(charlie)
        url = reverse("network:conversation", args=[theirs.slug, conversation.pk])
        before = client.get(url).content.decode()
        assert "alice@example.org" not in before
        assert "Nottingham Stroke Club" in before
        assert "will see your name and email address" in before

        reply(client, charlie, theirs, conversation)

        conversation.refresh_from_db()
        assert conversation.replied_at is not None
        client.force_login(alice)
        assert "charlie@example.org" in client.get(
            reverse("network:conversation", args=[mine.slug, conversation.pk])).content.decode()
        client.force_login(charlie)
        assert "alice@example.org" in client.get(url).content.decode()

    def test_writing_again_to_the_same_group_is_not_a_reply(self, client, groups, alice):
        mine, theirs = groups
        write(client, alice, mine, theirs)
        conversation = Conversation.objects.get()
        reply(client, alice, mine, conversation, "And another thing.")
        conversation.refresh_from_db()
        assert conversation.replied_at is None and conversation.messages.count() == 2
        # The write page leads to the conversation the two groups already have.
        assert write(client, alice, mine, theirs)["Location"].endswith(f"/network/{conversation.pk}/")

    def test_a_group_writes_only_while_open_itself_and_only_to_a_group_that_is_open(
            self, client, groups, alice, charlie):
        mine, theirs = groups
        Group.objects.filter(pk=mine.pk).update(open_to_groups=False)
        assert write(client, alice, mine, theirs).status_code == 400
        assert not Message.objects.exists()

        Group.objects.filter(pk=mine.pk).update(open_to_groups=True)
        Group.objects.filter(pk=theirs.pk).update(open_to_groups=False)
        client.force_login(alice)
        assert client.get(reverse("network:write", args=[mine.slug, theirs.slug])).status_code == 404
        assert not Message.objects.exists()

    def test_turning_open_off_stops_new_messages_but_both_still_read_the_conversation(
            self, client, groups, alice, charlie):
        mine, theirs = groups
        write(client, alice, mine, theirs)
        conversation = Conversation.objects.get()
        Group.objects.filter(pk=theirs.pk).update(open_to_groups=False)

        assert reply(client, alice, mine, conversation).status_code == 400
        assert conversation.messages.count() == 1
        client.force_login(charlie)
        assert client.get(reverse("network:conversation", args=[theirs.slug, conversation.pk])).status_code == 200
        client.force_login(alice)
        assert theirs.name not in client.get(reverse("network:find", args=[mine.slug]),
                                             {"distance": "50"}).context["groups"]

    def test_no_message_goes_to_a_group_nobody_on_the_hub_would_read(self, groups, alice):
        mine, theirs = groups
        theirs.coordinators.all().delete()
        with pytest.raises(services.NotAllowed):
            services.write(mine, theirs, alice, "Hello")


class TestWhoReads:
    def test_only_coordinators_of_the_two_groups_open_the_conversation(self, client, groups, alice, charlie,
                                                                        pat, sam):
        mine, theirs = groups
        write(client, alice, mine, theirs)
        conversation = Conversation.objects.get()
        third = make_group(name="Third Group", open_to_groups=True)
        dee = make_user("dee@example.org")
        make_coordinator(third, dee)

        answers = {}
        for who, slug in [(alice, mine.slug), (charlie, theirs.slug), (dee, third.slug), (dee, mine.slug),
                          (charlie, mine.slug), (pat, mine.slug), (sam, mine.slug)]:
            client.force_login(who)
            answers[(who.email, slug)] = client.get(
                reverse("network:conversation", args=[slug, conversation.pk])).status_code
        assert answers == {
            ("alice@example.org", mine.slug): 200, ("charlie@example.org", theirs.slug): 200,
            ("dee@example.org", third.slug): 404, ("dee@example.org", mine.slug): 404,
            ("charlie@example.org", mine.slug): 404, ("pat@example.org", mine.slug): 404,
            ("sam@example.org", mine.slug): 403,  # staff keep listings, never read groups' messages
        }


class TestLimitsAndBounds:
    def test_a_coordinator_sends_at_most_the_days_limit_of_messages(self, client, groups, alice, settings):
        mine, theirs = groups
        settings.GROUP_MESSAGES_PER_DAY = 2
        write(client, alice, mine, theirs)
        conversation = Conversation.objects.get()
        assert reply(client, alice, mine, conversation, "Second").status_code == 302

        refused = reply(client, alice, mine, conversation, "Third")

        assert refused.status_code == 429
        assert "as many as one person may" in refused.content.decode()
        assert conversation.messages.count() == 2
        limits.GROUP_MESSAGES.clear(alice.pk)

    def test_a_message_over_the_bound_is_refused_with_a_message(self, client, groups, alice):
        mine, theirs = groups
        response = write(client, alice, mine, theirs, body="a" * 2001)
        assert response.status_code == 400
        page = response.content.decode()
        assert "Keep your message to 2,000 characters or fewer." in page
        assert "Up to 2,000 characters." in page  # said before anything is sent
        assert not Conversation.objects.exists()

    def test_a_2_mb_message_gets_a_plain_page_and_nothing_is_written(self, client, groups, alice):
        mine, theirs = groups
        response = write(client, alice, mine, theirs, body="a" * (2 * 1024 * 1024))
        assert response.status_code == 413
        assert "Nothing was saved" in response.content.decode()
        assert not Conversation.objects.exists() and not mail.outbox


class TestRetention:
    def test_conversations_are_deleted_a_while_after_their_last_message(self, client, groups, alice, settings):
        mine, theirs = groups
        write(client, alice, mine, theirs)
        later = timezone.now() + datetime.timedelta(days=settings.GROUP_MESSAGES_RETENTION_DAYS + 1)

        assert services.purge(now=timezone.now()) == {"deleted": 0}
        assert services.purge(now=later) == {"deleted": 1}
        assert not Message.objects.exists()

    def test_the_purge_is_a_scheduled_job_and_runs_after_a_restore(self, settings):
        from hub.backups import PURGES

        assert "network.services.purge" in settings.SCHEDULED_JOBS
        assert "network.services.purge" in PURGES

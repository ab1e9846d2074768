"""The bulletin: the self-help team's news, with the new and changed groups about chosen
subjects near a place, weekly or monthly, by email. Subscribing is the one subscription
system's (double opt-in, one-click unsubscribe, the same limits); staff write and publish
bulletins; the digest job sends each subscriber one email when it is due and has news."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from directory.models import GroupChange, Meeting
from directory.tests.factory import category, make_group
from events.tests.factory import make_event
from outbox.models import OutboxMessage
from subscriptions import jobs, services
from subscriptions.models import Bulletin, Subscription

pytestmark = pytest.mark.django_db

URL = reverse("subscriptions:news")
NOTTINGHAM = (52.95549, -1.15541)  # NG1 5FW, where the factory's groups meet
CHELMSFORD = (51.74139, 0.47452)
START = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 0))


def ask(client, **overrides):
    data = {"subjects": [str(category("endometriosis").pk)], "place": "ng7", "miles": "10", "frequency": "weekly",
            "email": "Jean@Example.org", "consent": "on", "website": ""}
    data.update(overrides)
    return client.post(URL, data)


def link_in(message, name):
    path = reverse(f"subscriptions:{name}", args=["TOKEN"]).replace("TOKEN/", "")
    return re.search(re.escape(path) + r"[^\s/]+/", message.body).group(0)


def subscribe(subjects=("endometriosis",), place=NOTTINGHAM, miles=10, frequency="weekly", email="jean@example.org",
              confirmed_at=START, **kwargs):
    subscription = Subscription.objects.create(
        email=email, kind=Subscription.Kind.BULLETIN, district="NG1" if place else "",
        latitude=place[0] if place else None, longitude=place[1] if place else None, miles=miles,
        frequency=frequency, confirmed_at=confirmed_at, **kwargs)
    subscription.subjects.set([category(slug) for slug in subjects])
    return subscription


def publish(title="Spring news", body="The team has moved.\n\nGroups looking for members: …", at=START):
    return Bulletin.objects.create(title=title, body=body, published_at=at)


def new_group(at, **kwargs):
    """A group first listed at `at` (the interest list's job records when)."""
    kwargs.setdefault("categories", ["endometriosis"])
    group = make_group(**kwargs)
    jobs.tell_of_new_groups(now=at)
    return group


def digests(address="jean@example.org"):
    return [message for message in mail.outbox if message.to == [address]]


def days(n):
    return START + datetime.timedelta(days=n)


class TestSubscribing:
    def test_the_news_page_lists_published_bulletins_only_and_offers_the_feed(self, client):
        publish("Spring news")
        Bulletin.objects.create(title="Draft news", body="Not yet.")
        page = client.get(URL).content.decode()
        assert "Spring news" in page and "Draft news" not in page
        assert 'type="application/atom+xml"' in page and reverse("subscriptions:new-groups-feed") in page
        assert "until I unsubscribe" in page  # what is kept and when it is deleted

    def test_the_footer_and_the_search_page_lead_to_it(self, client):
        page = client.get(reverse("directory:search") + "?category=endometriosis").content.decode()
        assert f'href="{URL}"' in page
        assert reverse("subscriptions:new-groups-feed") + "?subject=endometriosis" in page

    def test_the_subscription_keeps_the_choices_the_district_and_the_address(self, client):
        response = ask(client, frequency="monthly")
        assert response.status_code == 302 and response["Location"] == reverse("subscriptions:check-your-email")
        subscription = Subscription.objects.get()
        assert (subscription.kind, subscription.email, subscription.district, subscription.miles,
                subscription.frequency) == ("bulletin", "jean@example.org", "NG7", 10, "monthly")
        assert [subject.slug for subject in subscription.subjects.all()] == ["endometriosis"]
        assert not subscription.is_confirmed

    def test_no_place_and_no_subject_follows_the_whole_directory(self, client):
        ask(client, place="", subjects=[])
        subscription = Subscription.objects.get()
        assert subscription.district == "" and subscription.latitude is None
        assert "any subject anywhere in the directory" in subscription.describe()

    def test_only_the_confirmation_is_sent_before_confirming_and_it_says_what_is_kept(self, client):
        ask(client)
        [message] = mail.outbox
        assert "Confirm" in message.subject
        assert "new and changed groups about Endometriosis within 10 miles of NG7" in message.body
        assert "may keep my email address, the subjects, the postcode district" in message.body
        subscription = Subscription.objects.get()
        publish()
        new_group(days(1))
        assert jobs.send_digests(now=days(30)) == {"due": 0, "emails": 0}
        with pytest.raises(services.NotConfirmed):
            services.email_subscriber(subscription, "bulletin-digest", {})
        assert len(mail.outbox) == 1

    def test_every_message_carries_the_one_click_unsubscribe_headers(self, client):
        ask(client)
        subscription = Subscription.objects.get()
        services.confirm(subscription)
        publish(at=timezone.now())
        jobs.send_digests(now=timezone.now() + datetime.timedelta(days=8))
        assert len(mail.outbox) == 2
        for message in mail.outbox:
            assert message.extra_headers["List-Unsubscribe"].endswith(
                reverse("subscriptions:unsubscribe", args=[subscription.token]) + ">")
            assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            assert subscription.token in message.body

    def test_asking_again_before_confirming_takes_the_new_choices_and_sends_the_link_again(self, client):
        ask(client)
        ask(client, email="jean@example.org", miles="25", frequency="monthly", subjects=[])
        subscription = Subscription.objects.get()
        assert (subscription.miles, subscription.frequency, subscription.subjects.count()) == (25, "monthly", 0)
        assert len(mail.outbox) == 2

    def test_a_confirmed_address_asking_again_is_sent_nothing_told_nothing_and_changed_by_nobody(self, client):
        ask(client)
        services.confirm(Subscription.objects.get())
        response = ask(client, miles="50")
        assert response["Location"] == reverse("subscriptions:check-your-email")
        assert len(mail.outbox) == 1 and Subscription.objects.get().miles == 10

    def test_the_interest_list_and_the_bulletin_are_two_subscriptions_of_one_address(self, client):
        ask(client)
        client.post(reverse("subscriptions:start-a-group"), {
            "subject": "endometriosis", "place": "ng7", "miles": "10", "email": "jean@example.org", "consent": "on"})
        assert sorted(Subscription.objects.values_list("kind", flat=True)) == ["bulletin", "interest"]

    @pytest.mark.parametrize(("overrides", "message"), [
        ({"subjects": ["999999"]}, "Select a valid choice"),
        ({"place": "Atlantis"}, "We couldn’t find"),
        ({"place": "x" * 61}, "not a sentence"),
        ({"frequency": ""}, "Choose how often to get the email"),
        ({"frequency": "daily"}, "Choose how often to get the email"),
        ({"miles": "7"}, "Choose a distance from the list"),
        ({"email": ""}, "Enter your email address, so we can send you the news"),
        ({"consent": ""}, "Tick the box to say you agree"),
    ])
    def test_bad_details_are_explained_and_nothing_is_kept(self, client, overrides, message):
        response = ask(client, **overrides)
        assert response.status_code == 200
        page = response.content.decode()
        assert message in page and "Error:" in page.split("</title>")[0]
        assert not Subscription.objects.exists() and not mail.outbox

    @pytest.mark.parametrize("field", ["place", "email", "frequency"])
    def test_a_2_mb_value_gets_a_plain_page_and_nothing_is_kept(self, client, field):
        response = ask(client, **{field: "x" * 2_000_000})
        assert response.status_code == 413
        assert "What you sent was too long" in response.content.decode()
        assert not Subscription.objects.exists() and not mail.outbox

    def test_the_honeypot_turns_spam_away(self, client):
        assert ask(client, website="http://spam.example").status_code == 400
        assert not Subscription.objects.exists()


class TestLimits:
    def test_one_visitor_asking_too_often_is_refused_with_a_clear_message(self, client, settings):
        settings.SUBSCRIPTIONS_PER_HOUR_PER_SENDER = 2
        for number in range(2):
            assert ask(client, email=f"p{number}@example.org").status_code == 302
        response = ask(client)
        assert response.status_code == 400
        assert "several lists in the last hour" in response.content.decode()
        assert not Subscription.objects.filter(email="jean@example.org").exists()

    def test_one_address_gets_a_few_confirmations_a_day_whoever_asks(self, client, settings):
        settings.SUBSCRIPTION_EMAILS_PER_DAY = 2
        for number in range(3):
            response = ask(client, REMOTE_ADDR=f"10.0.0.{number}")
            assert response.status_code == 302  # the page reads the same whether sent or not
        assert len(mail.outbox) == 2


class TestConfirmingAndUnsubscribing:
    def test_the_link_asks_says_what_it_follows_then_confirms_and_says_when_the_first_email_comes(self, client):
        ask(client)
        link = link_in(mail.outbox[0], "confirm")
        page = client.get(link).content.decode()
        assert "Confirm you would like the news" in page and "within 10 miles of NG7" in page
        response = client.post(link)
        page = client.get(response["Location"]).content.decode()
        assert "The first email comes on or soon after" in page
        assert Subscription.objects.get().is_confirmed

    def test_one_click_deletes_the_address_and_the_digest_waiting_in_the_outbox(self, client, settings):
        settings.EMAIL_BACKEND = "outbox.backends.OutboxEmailBackend"
        ask(client)
        subscription = Subscription.objects.get()
        services.confirm(subscription)
        publish(at=timezone.now())
        assert jobs.send_digests(now=timezone.now() + datetime.timedelta(days=8))["emails"] == 1
        assert OutboxMessage.objects.filter(recipients="jean@example.org").count() == 2
        link = reverse("subscriptions:unsubscribe", args=[subscription.token])
        assert "Stop the self-help team’s news" in client.get(link).content.decode()
        from django.test import Client
        assert Client(enforce_csrf_checks=True).post(link, {"List-Unsubscribe": "One-Click"}).status_code == 200
        assert not Subscription.objects.exists()
        assert not OutboxMessage.objects.filter(recipients="jean@example.org").exists()


class TestDue:
    @pytest.mark.parametrize(("frequency", "not_yet", "due"), [
        ("weekly", days(6), days(7)),
        ("monthly", days(29), START + datetime.timedelta(days=30)),  # 2 November to 2 December
    ])
    def test_a_digest_is_due_a_week_or_a_month_after_confirming_then_after_the_last(self, frequency, not_yet,
                                                                                    due):
        subscription = subscribe(frequency=frequency)
        assert not Subscription.objects.due(not_yet).exists()
        assert list(Subscription.objects.due(due)) == [subscription]
        publish(at=days(1))
        assert jobs.send_digests(now=due) == {"due": 1, "emails": 1}
        subscription.refresh_from_db()
        assert subscription.last_sent_at == due
        assert jobs.send_digests(now=due + datetime.timedelta(days=6)) == {"due": 0, "emails": 0}

    def test_an_unconfirmed_subscription_is_never_due(self):
        subscribe(confirmed_at=None)
        assert not Subscription.objects.due(days(400)).exists()

    def test_interest_subscriptions_get_no_digest(self):
        Subscription.objects.create(email="i@example.org", subject=category("endometriosis"), district="NG1",
                                    confirmed_at=START)
        assert not Subscription.objects.due(days(400)).exists()


class TestDigest:
    def test_it_has_the_bulletins_since_the_new_and_changed_groups_and_events_that_match(self):
        subscribe()
        publish("Old news", at=START - datetime.timedelta(days=1))
        publish("Spring news", body="The team has moved to Station Street.", at=days(2))
        new = new_group(days(1), name="Nottingham Endometriosis Circle")
        changed = make_group(name="Endometriosis Walkers", categories=["endometriosis"])
        jobs.take_directory_as_it_is()
        GroupChange.objects.filter(group=changed).delete()
        GroupChange.objects.create(group=changed, action=GroupChange.Action.EDITED, at=days(3))
        make_event(title="Endometriosis open day", subjects=[category("endometriosis")],
                   on_date=timezone.localdate(days(9)))
        assert jobs.send_digests(now=days(7)) == {"due": 1, "emails": 1}
        [message] = digests()
        assert message.subject == "Spring news"
        body = message.body
        assert "Old news" not in body
        assert body.index("The team has moved") < body.index("A new group on the directory:") < body.index(
            "Nottingham Endometriosis")
        assert new.get_absolute_url() in body
        assert "A group whose listing has changed:" in body
        assert changed.get_absolute_url() in body
        assert "Endometriosis open day" in body
        assert reverse("subscriptions:news") in body

    @pytest.mark.parametrize(("subjects", "group_subjects", "told"), [
        (["endometriosis"], ["endometriosis"], True),
        (["health-conditions"], ["endometriosis"], True),  # a subject and the one under it
        (["endometriosis"], ["diabetes"], False),
        ([], ["diabetes"], True),  # no subject chosen: every subject
    ])
    def test_the_subjects_match(self, subjects, group_subjects, told):
        subscribe(subjects=subjects)
        new_group(days(1), categories=group_subjects)
        jobs.send_digests(now=days(7))
        assert len(digests()) == int(told)

    def test_a_group_beyond_the_distance_is_left_out_one_online_is_in_and_no_place_is_everywhere(self):
        subscribe(place=CHELMSFORD, miles=50, email="far@example.org")
        subscribe(place=None, email="anywhere@example.org")
        new_group(days(1), name="Nottingham Circle")
        new_group(days(1), name="Online Circle", meetings=[{"attendance": Meeting.Attendance.ONLINE,
                                                            "online_details": "On Zoom"}])
        jobs.send_digests(now=days(7))
        [far] = digests("far@example.org")
        assert "Online Circle" in far.body and "Nottingham Circle" not in far.body
        [anywhere] = digests("anywhere@example.org")
        assert "Online Circle" in anywhere.body and "Nottingham Circle" in anywhere.body

    def test_a_group_no_longer_listed_is_left_out(self):
        from directory.models import Group

        subscribe()
        group = new_group(days(1), name="Withdrawn Circle")
        Group.objects.filter(pk=group.pk).update(status=Group.Status.DRAFT)
        assert jobs.send_digests(now=days(7)) == {"due": 1, "emails": 0}

    def test_groups_it_follows_asking_for_a_coordinator_or_volunteers_are_listed(self):
        subscribe()
        publish(at=days(1))
        make_group(name="Endometriosis Friends", categories=["endometriosis"], looking_for_coordinator=True)
        make_group(name="Endometriosis Walkers", categories=["endometriosis"], looking_for_volunteers=True,
                   looking_for_coordinator=True)
        make_group(name="Diabetes Helpers", categories=["diabetes"], looking_for_volunteers=True)
        make_group(name="Endometriosis Draft", categories=["endometriosis"], looking_for_volunteers=True,
                   status="draft")
        jobs.take_directory_as_it_is()
        jobs.send_digests(now=days(7))
        [message] = digests()
        body = message.body
        assert "Groups asking for help: could you, or someone you know, help?" in body
        assert "- Endometriosis Friends: looking for a new coordinator\n" in body
        assert "- Endometriosis Walkers: looking for a new coordinator and for volunteers" in body
        assert "Diabetes Helpers" not in body  # not a subject it follows
        assert "Endometriosis Draft" not in body  # not listed

    def test_groups_asking_for_help_alone_send_no_email(self):
        subscribe()
        make_group(name="Endometriosis Friends", categories=["endometriosis"], looking_for_coordinator=True)
        jobs.take_directory_as_it_is()
        assert jobs.send_digests(now=days(7)) == {"due": 1, "emails": 0}

    def test_with_nothing_to_say_nothing_is_sent_and_the_next_is_a_period_later(self):
        subscription = subscribe()
        make_event(title="Events alone are not news", subjects=[category("endometriosis")],
                   on_date=timezone.localdate(days(8)))
        assert jobs.send_digests(now=days(7)) == {"due": 1, "emails": 0}
        assert not mail.outbox
        subscription.refresh_from_db()
        assert subscription.last_sent_at == days(7)
        publish(at=days(8))
        assert jobs.send_digests(now=days(13)) == {"due": 0, "emails": 0}
        assert jobs.send_digests(now=days(14)) == {"due": 1, "emails": 1}

    def test_each_digest_is_written_in_the_subscribers_language(self):
        subscribe(language="cy")
        publish(at=days(1))
        jobs.send_digests(now=days(7))
        [message] = digests()
        assert "/cy/subscriptions/unsubscribe/" in message.body
        assert "To stop these emails" not in message.body

    def test_it_is_a_scheduled_job_after_the_new_groups_and_before_the_outbox(self, settings):
        order = settings.SCHEDULED_JOBS
        assert (order.index("subscriptions.jobs.tell_of_new_groups") < order.index("subscriptions.jobs.send_digests")
                < order.index("outbox.jobs.send_queued"))


class TestBatches:
    def test_a_run_sends_a_bounded_batch_longest_waiting_first_and_the_next_run_the_rest(self, settings):
        settings.SUBSCRIPTION_DIGESTS_PER_RUN = 2
        for number in range(3):
            subscribe(email=f"s{number}@example.org", confirmed_at=START + datetime.timedelta(minutes=number))
        publish(at=days(1))
        assert jobs.send_digests(now=days(8)) == {"due": 2, "emails": 2}
        assert [m.to for m in mail.outbox] == [["s0@example.org"], ["s1@example.org"]]
        assert jobs.send_digests(now=days(8)) == {"due": 1, "emails": 1}
        assert jobs.send_digests(now=days(8)) == {"due": 0, "emails": 0}

    def test_two_runs_at_once_never_send_one_subscriber_two_digests(self, monkeypatch):
        """The second run starts while the first has read who is due but not yet sent: it
        sends them all, and the first, finding each already claimed, sends none again."""
        for number in range(3):
            subscribe(email=f"s{number}@example.org")
        publish(at=days(1))
        claim = jobs._claim
        other_run = []

        def claim_after_another_run(subscription, now):
            if not other_run:
                other_run.append("started")
                other_run[0] = jobs.send_digests(now=now)
            return claim(subscription, now)

        monkeypatch.setattr(jobs, "_claim", claim_after_another_run)
        first = jobs.send_digests(now=days(7))
        assert other_run == [{"due": 3, "emails": 3}]
        assert first == {"due": 3, "emails": 0}
        assert sorted(m.to[0] for m in mail.outbox) == ["s0@example.org", "s1@example.org", "s2@example.org"]


class TestStaffWriting:
    def test_staff_write_preview_and_publish_a_bulletin(self, client, sam):
        client.force_login(sam)
        response = client.post(reverse("subscriptions:write-bulletin"),
                               {"title": "Spring news", "body": "First paragraph.\n\nSecond paragraph."})
        bulletin = Bulletin.objects.get()
        assert response["Location"] == reverse("subscriptions:edit-bulletin", args=[bulletin.pk])
        assert bulletin.written_by == sam and not bulletin.is_published
        page = client.get(response["Location"]).content.decode()
        assert "Preview" in page and "<p>Second paragraph.</p>" in page
        assert client.get(bulletin.get_absolute_url()).status_code == 404  # a draft is nobody's to read
        client.post(reverse("subscriptions:publish-bulletin", args=[bulletin.pk]))
        bulletin.refresh_from_db()
        assert bulletin.is_published
        assert "Second paragraph." in client.get(bulletin.get_absolute_url()).content.decode()
        assert "Spring news" in client.get(URL).content.decode()

    def test_the_staff_page_counts_subscribers_and_shows_no_address(self, client, sam):
        subscribe()
        client.force_login(sam)
        page = client.get(reverse("subscriptions:staff-bulletins")).content.decode()
        assert "1 confirmed subscriber" in page and "jean@example.org" not in page

    @pytest.mark.parametrize(("data", "message"), [
        ({"title": "", "body": "News."}, "This field is required"),
        ({"title": "Two\nlines", "body": "News."}, "Keep this to one line"),
        ({"title": "x" * 151, "body": "News."}, "at most 150 characters"),
        ({"title": "News", "body": "x" * 3001}, "at most 3000 characters"),
    ])
    def test_bad_bulletins_are_explained(self, client, sam, data, message):
        client.force_login(sam)
        response = client.post(reverse("subscriptions:write-bulletin"), data)
        assert response.status_code == 400 and message in response.content.decode()
        assert not Bulletin.objects.exists()

    def test_a_2_mb_bulletin_gets_a_plain_page(self, client, sam):
        client.force_login(sam)
        response = client.post(reverse("subscriptions:write-bulletin"), {"title": "News", "body": "x" * 2_000_000})
        assert response.status_code == 413 and not Bulletin.objects.exists()


class TestFeed:
    FEED = reverse("subscriptions:new-groups-feed")

    def test_it_lists_listed_groups_newest_first_in_atom(self, client):
        from directory.models import Group

        new_group(days(1), name="Older Circle")
        new_group(days(2), name="Newer Circle")
        hidden = new_group(days(3), name="Hidden Circle")
        Group.objects.filter(pk=hidden.pk).update(status=Group.Status.DRAFT)
        response = client.get(self.FEED)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
        text = response.content.decode()
        assert "Hidden Circle" not in text
        assert text.index("Newer Circle") < text.index("Older Circle")

    def test_it_narrows_by_subject_and_by_place_keeping_online_groups(self, client):
        new_group(days(1), name="Nottingham Circle")
        new_group(days(1), name="Diabetes Circle", categories=["diabetes"])
        new_group(days(1), name="Online Circle", meetings=[{"attendance": Meeting.Attendance.ONLINE,
                                                            "online_details": "On Zoom"}])
        text = client.get(self.FEED + "?subject=endometriosis").content.decode()
        assert "Nottingham Circle" in text and "Online Circle" in text and "Diabetes Circle" not in text
        text = client.get(self.FEED + "?place=CM1&miles=10").content.decode()
        assert "Online Circle" in text and "Nottingham Circle" not in text

    @pytest.mark.parametrize("query", ["subject=no-such-subject", "place=Atlantis", "miles=7&place=NG1",
                                       "colour=red", "place=" + "x" * 5000])
    def test_a_parameter_it_cannot_use_is_refused_plainly(self, client, query):
        response = client.get(f"{self.FEED}?{query}")
        assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")


def test_the_demo_has_a_published_bulletin_a_draft_and_a_confirmed_subscriber_once(client):
    from subscriptions.demo import add_demo_bulletins

    assert add_demo_bulletins() == 3
    assert add_demo_bulletins() == 0
    assert Bulletin.objects.published().count() == 1 and Bulletin.objects.count() == 2
    assert Subscription.objects.confirmed().of_kind(Subscription.Kind.BULLETIN).count() == 1
    assert "Autumn news from the self-help team" in client.get(URL).content.decode()

"""Claim your listing: staff send claims in bulk to the public email of groups the team
keeps; the person at that address accepts through the emailed link, becomes the group's
coordinator and confirms the listing, and from then on the group's word wins over a feed.
Reminders go after a week and a month, once each. The URL × role matrix is in
test_permissions.py."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.limits import forget_expired_hits
from directory import claims, services
from directory.models import Coordinator, Group, GroupChange, Invitation
from directory.tests.factory import make_coordinator, make_group, make_user
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)


def mail_server_refused(address, when=START + datetime.timedelta(hours=1)):
    """What the outbox keeps when the mail server refuses an address for good."""
    OutboxMessage.objects.create(recipients=address, from_email="hub@example.org", subject="A claim",
                                 created_at=when, status=OutboxMessage.Status.REFUSED, attempts=1,
                                 last_error="SMTPRecipientsRefused: 550 no such user")


@pytest.fixture
def kept():
    return [make_group(name=name, slug=name.lower().replace(" ", "-"), email=f"{name.split()[0].lower()}@example.org",
                       contact_route=Group.ContactRoute.BOTH)
            for name in ["Arnold Stroke Club", "Beeston Carers", "Clifton Tinnitus"]]


def send(client, groups):
    return client.post(reverse("directory:claims"), {"groups": [group.pk for group in groups]})


def link_in(message):
    return re.search(r"http://[^/]+(/invitations/[^\s]+/)", message.body).group(1)


class TestSending:
    def test_staff_send_claims_to_many_groups_in_one_go_to_each_public_address(self, client, kept, sam):
        client.force_login(sam)
        response = send(client, kept[:2])
        assert response.status_code == 302
        claims_sent = Invitation.objects.filter(claim=True).order_by("email")
        assert [(c.group, c.email, c.invited_by) for c in claims_sent] == [
            (kept[0], "arnold@example.org", sam), (kept[1], "beeston@example.org", sam)]
        assert sorted(address for message in mail.outbox for address in message.to) == [
            "arnold@example.org", "beeston@example.org"]
        subjects = sorted(message.subject for message in mail.outbox)
        assert subjects[0].startswith("Arnold Stroke Club is listed on") and "will you keep the listing?" in subjects[0]
        assert "/invitations/" in mail.outbox[0].body
        page = client.get(response["Location"]).content.decode()
        assert "Claims sent to 2 groups." in page

    def test_send_to_all_shown_sends_a_claim_to_every_group_on_the_page_without_ticking_any(
            self, client, kept, sam):
        client.force_login(sam)
        page = client.get(reverse("directory:claims")).content.decode()
        assert "Send claims to all 3 groups shown" in page
        response = client.post(reverse("directory:claims"), {"all_shown": "1"})
        assert response.status_code == 302
        assert sorted(Invitation.objects.filter(claim=True).values_list("email", flat=True)) == [
            "arnold@example.org", "beeston@example.org", "clifton@example.org"]

    def test_only_groups_kept_by_the_team_with_a_public_email_and_no_claim_waiting_are_offered(
            self, client, kept, sam, alice):
        make_coordinator(kept[0], alice)
        no_email = make_group(name="No Email Group", slug="no-email-group", phone="0115 496 0000")
        services.invite(kept[1], sam, kept[1].email, claim=True)
        client.force_login(sam)
        page = client.get(reverse("directory:claims")).content.decode()
        assert f'value="{kept[2].pk}"' in page
        for group in (kept[0], kept[1], no_email):
            assert f'value="{group.pk}"' not in page
        response = send(client, [kept[0]])
        assert response.status_code == 400 and "can no longer be sent a claim" in response.content.decode()
        assert not Invitation.objects.filter(group=kept[0]).exists()

    def test_a_long_list_is_offered_a_batch_at_a_time_and_any_claimable_group_may_be_sent(
            self, client, kept, sam, monkeypatch):
        monkeypatch.setattr(claims, "SHOWN", 2)
        client.force_login(sam)
        page = client.get(reverse("directory:claims")).content.decode()
        assert "3 groups can be sent a claim; here are the first 2 by name." in page
        assert f'value="{kept[0].pk}"' in page and f'value="{kept[2].pk}"' not in page
        assert send(client, [kept[2]]).status_code == 302
        assert Invitation.objects.get().group == kept[2]

    def test_choosing_nothing_says_what_to_do(self, client, kept, sam):
        client.force_login(sam)
        response = client.post(reverse("directory:claims"), {})
        assert response.status_code == 400
        assert "Choose at least one group to send a claim to." in response.content.decode()

    def test_no_more_than_the_days_limit_are_sent_and_staff_are_told_which_were_not(self, client, kept, sam,
                                                                                      settings):
        settings.CLAIMS_PER_DAY = 2
        client.force_login(sam)
        response = send(client, kept)
        assert Invitation.objects.filter(claim=True).count() == 2 and len(mail.outbox) == 2
        page = client.get(response["Location"]).content.decode()
        assert "Not sent to Clifton Tinnitus" in page and "2 claim invitations have been sent today" in page
        with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=1, minutes=1)):
            client.force_login(sam)
            send(client, [kept[2]])
        assert Invitation.objects.filter(claim=True).count() == 3

    def test_the_days_limit_survives_the_job_that_forgets_old_counts(self, kept, sam, settings):
        settings.CLAIMS_PER_DAY = 1
        claims.send_claims(kept[:1], sam)
        forget_expired_hits()
        sent, refused = claims.send_claims(kept[1:2], sam)
        assert sent == [] and len(refused) == 1


class TestAccepting:
    def test_the_person_at_the_address_becomes_coordinator_and_is_asked_to_confirm(self, client, kept, sam):
        client.force_login(sam)
        send(client, kept[:1])
        link = link_in(mail.outbox[-1])
        client.logout()
        person = make_user("arnold@example.org")
        client.force_login(person)
        response = client.post(link)
        assert response.status_code == 302
        assert response["Location"] == reverse("directory:manage", args=[kept[0].slug]) + "#confirm-heading"
        assert Coordinator.objects.filter(group=kept[0], user=person).exists()
        page = client.get(response["Location"]).content.decode()
        assert "You now keep the listing for Arnold Stroke Club" in page and "confirm that everything is right" in page
        client.post(reverse("directory:confirm", args=[kept[0].slug]))
        kept[0].refresh_from_db()
        assert kept[0].last_confirmed_on == datetime.date.today() and kept[0].last_confirmed_by == person
        assert claims.is_claimed(kept[0])
        public = client.get(kept[0].get_absolute_url()).content.decode()
        assert "kept by the self-help team" not in public

    def test_the_link_says_it_is_a_claim_of_the_listing(self, client, kept, sam):
        client.force_login(sam)
        send(client, kept[:1])
        client.logout()
        page = client.get(link_in(mail.outbox[-1])).content.decode()
        assert "Keep the listing for Arnold Stroke Club" in page and "check it and confirm it" in page

    def test_staff_withdraw_a_claim_from_the_groups_coordinators_page_and_its_link_stops(self, client, kept, sam):
        client.force_login(sam)
        send(client, kept[:1])
        link = link_in(mail.outbox[-1])
        claim = Invitation.objects.get()
        page = client.get(reverse("directory:coordinators", args=[kept[0].slug])).content.decode()
        assert "arnold@example.org" in page
        client.post(reverse("directory:withdraw-invitation", args=[kept[0].slug]), {"invitation": claim.pk})
        assert not Invitation.objects.exists()
        client.force_login(make_user("arnold@example.org"))
        assert client.post(link).status_code == 400
        assert not kept[0].coordinators.exists()

    def test_nobody_with_another_address_can_accept_it(self, client, kept, sam, alice):
        client.force_login(sam)
        send(client, kept[:1])
        link = link_in(mail.outbox[-1])
        client.force_login(alice)
        assert client.post(link).status_code == 403
        assert not kept[0].coordinators.exists() and not claims.is_claimed(kept[0])


class TestReminders:
    def sent_claim(self, group, sam):
        with time_machine.travel(START):
            return services.invite(group, sam, group.email, claim=True)

    def run_at(self, when):
        mail.outbox.clear()
        with time_machine.travel(when):
            counts = claims.send_claim_reminders()
        return counts["claim_reminders"], [message.subject for message in mail.outbox]

    def test_a_claim_is_reminded_once_after_a_week_and_once_after_a_month(self, kept, sam):
        claim = self.sent_claim(kept[0], sam)
        assert self.run_at(START + datetime.timedelta(days=6))[0] == 0
        count, subjects = self.run_at(START + datetime.timedelta(days=7, hours=1))
        assert count == 1 and len(subjects) == 1
        assert subjects[0].startswith("Reminder: will you keep the listing for Arnold Stroke Club")
        assert "last reminder" not in mail.outbox[0].body
        assert self.run_at(START + datetime.timedelta(days=8))[0] == 0
        assert self.run_at(START + datetime.timedelta(days=29))[0] == 0
        count, _subjects = self.run_at(START + datetime.timedelta(days=30, hours=1))
        assert count == 1 and "last reminder" in mail.outbox[0].body
        assert self.run_at(START + datetime.timedelta(days=90))[0] == 0
        claim.refresh_from_db()
        assert claim.reminders_sent == 2

    def test_a_reminder_carries_a_link_that_works_after_the_first_has_expired(self, client, kept, sam):
        self.sent_claim(kept[0], sam)
        self.run_at(START + datetime.timedelta(days=30, hours=1))
        link = link_in(mail.outbox[0])
        client.force_login(make_user("arnold@example.org"))
        with time_machine.travel(START + datetime.timedelta(days=31)):
            assert client.post(link).status_code == 302
        assert claims.is_claimed(kept[0])

    def test_the_coordinators_page_counts_the_links_life_from_the_last_reminder(self, client, kept, sam):
        self.sent_claim(kept[0], sam)
        self.run_at(START + datetime.timedelta(days=30, hours=1))
        with time_machine.travel(START + datetime.timedelta(days=31)):
            client.force_login(sam)
            page = client.get(reverse("directory:coordinators", args=[kept[0].slug])).content.decode()
        assert "arnold@example.org" in page and "the link works until 15 April 2026" in page

    def test_a_job_not_run_for_a_month_sends_one_reminder_not_two(self, kept, sam):
        self.sent_claim(kept[0], sam)
        assert self.run_at(START + datetime.timedelta(days=40))[0] == 1
        assert self.run_at(START + datetime.timedelta(days=41))[0] == 0

    def test_no_reminder_after_the_claim_is_accepted(self, kept, sam):
        claim = self.sent_claim(kept[0], sam)
        services.accept_invitation(claim, make_user("arnold@example.org"))
        assert self.run_at(START + datetime.timedelta(days=8))[0] == 0

    def test_no_reminder_after_the_claim_is_withdrawn(self, kept, sam):
        claim = self.sent_claim(kept[0], sam)
        services.withdraw_invitation(kept[0], sam, claim)
        assert self.run_at(START + datetime.timedelta(days=8))[0] == 0

    def test_no_reminder_once_someone_else_from_the_group_has_joined(self, kept, sam, alice):
        self.sent_claim(kept[0], sam)
        make_coordinator(kept[0], alice)
        assert self.run_at(START + datetime.timedelta(days=8))[0] == 0

    def test_no_reminder_to_an_address_the_mail_server_refused(self, kept, sam):
        self.sent_claim(kept[0], sam)
        mail_server_refused("arnold@example.org")
        assert self.run_at(START + datetime.timedelta(days=8))[0] == 0

    def test_a_reminder_still_goes_when_the_mail_server_was_only_down(self, kept, sam):
        self.sent_claim(kept[0], sam)
        OutboxMessage.objects.create(recipients="arnold@example.org", from_email="hub@example.org", subject="A claim",
                                     created_at=START + datetime.timedelta(hours=1), attempts=6,
                                     status=OutboxMessage.Status.FAILED, last_error="ConnectionRefusedError")
        assert self.run_at(START + datetime.timedelta(days=8))[0] == 1

    def test_the_job_is_scheduled(self, settings):
        assert "directory.claims.send_claim_reminders" in settings.SCHEDULED_JOBS


class TestStaffPage:
    def test_staff_see_sent_reminded_claimed_and_refused(self, client, kept, sam):
        with time_machine.travel(START):
            for group in kept:
                services.invite(group, sam, group.email, claim=True)
        with time_machine.travel(START + datetime.timedelta(days=8)):
            claims.send_claim_reminders()
        services.accept_invitation(Invitation.objects.get(group=kept[0]), make_user("arnold@example.org"))
        mail_server_refused("beeston@example.org")
        mail_server_refused("clifton@example.org", when=START - datetime.timedelta(days=1))  # before the claim
        client.force_login(sam)
        page = client.get(reverse("directory:claims")).content.decode()
        rows = {name: re.search(rf"{name}</a></td>(.*?)</tr>", page, re.S).group(1)
                for name in ("Arnold Stroke Club", "Beeston Carers", "Clifton Tinnitus")}
        assert "Claimed" in rows["Arnold Stroke Club"]
        assert "Refused by the mail server" in rows["Beeston Carers"]
        assert "Waiting" in rows["Clifton Tinnitus"] and "once, 10 March 2026" in rows["Clifton Tinnitus"]
        assert "2 March 2026" in rows["Clifton Tinnitus"] and "clifton@example.org" in rows["Clifton Tinnitus"]

    def test_the_kept_groups_list_says_which_have_a_claim_waiting(self, client, kept, sam):
        services.invite(kept[0], sam, kept[0].email, claim=True)
        client.force_login(sam)
        page = client.get(reverse("directory:kept")).content.decode()
        rows = {name: re.search(rf"{name}</a>(.*?)</li>", page, re.S).group(1)
                for name in ("Arnold Stroke Club", "Beeston Carers")}
        assert "a claim is waiting" in rows["Arnold Stroke Club"]
        assert "a claim is waiting" not in rows["Beeston Carers"]

    def test_the_claim_is_in_the_groups_history(self, kept, sam):
        services.invite(kept[0], sam, kept[0].email, claim=True)
        assert kept[0].history.get(action=GroupChange.Action.COORDINATOR_INVITED).note == \
            "Claim sent to arnold@example.org"


class TestTheGroupsWordWins:
    def test_after_a_claim_a_feed_changes_nothing_without_staff_choosing(self, tmp_path, sam):
        from openreferral.models import SourceRecord
        from openreferral.tests.test_import import run, service, write_page

        def import_feed(**fields):
            run(write_page(tmp_path / "feed.json", [service(email="club@example.org", **fields)]),
                "--source-name", "Essex")
            return Group.objects.get()

        import_feed()
        Group.objects.update(status=Group.Status.PUBLISHED)
        group = Group.objects.get()
        claim = services.invite(group, sam, "club@example.org", claim=True)
        services.accept_invitation(claim, make_user("club@example.org"))
        before = Group.objects.get().name
        import_feed(name="Renamed by the feed", description="New words from the feed.")
        group.refresh_from_db()
        assert group.name == before and group.description != "New words from the feed."
        disputed = SourceRecord.objects.get().disputed
        assert disputed["name"] == "Renamed by the feed"
        assert disputed["description"] == "New words from the feed."

    def test_without_a_claim_what_the_group_left_alone_follows_the_feed(self, tmp_path):
        from openreferral.tests.test_import import run, service, write_page

        run(write_page(tmp_path / "feed.json", [service(email="club@example.org")]), "--source-name", "Essex")
        run(write_page(tmp_path / "feed.json", [service(email="club@example.org", name="Renamed by the feed")]),
            "--source-name", "Essex")
        assert Group.objects.get().name == "Renamed by the feed"

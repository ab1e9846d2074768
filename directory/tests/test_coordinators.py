"""The group's coordinators page: who keeps the listing, the invitations still waiting, taking
someone off with a confirmation; and the hand-over to the self-help team's care when the last
coordinator goes, however they go. The URL × role matrix is in test_permissions.py."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts import roles
from directory import services
from directory.models import Coordinator, Group, GroupChange, Invitation
from directory.tests.factory import PASSWORD, make_coordinator, make_group, make_user
from introductions.services import accepts_introductions

pytestmark = pytest.mark.django_db
KEPT_SUBJECT = "Tinnitus Circle is now kept by the self-help team"


@pytest.fixture
def people(alice, charlie, pat, sam):
    group = make_group(name="Tinnitus Circle", slug="tinnitus-circle", contact_route=Group.ContactRoute.BOTH)
    make_coordinator(group, alice)
    make_coordinator(make_group(name="Other Group", slug="other-group"), charlie)
    return {"group": group, "alice": alice, "charlie": charlie, "pat": pat, "sam": sam}


def coordinators_page(client, group):
    return client.get(reverse("directory:coordinators", args=[group.slug])).content.decode()


def invite(client, group, email):
    client.post(reverse("directory:invite", args=[group.slug]), {"email": email})
    return re.search(r"http://[^/]+(/invitations/[^\s]+/)", mail.outbox[-1].body).group(1)


def told_staff(subject=KEPT_SUBJECT):
    return sorted(address for message in mail.outbox if message.subject == subject for address in message.to)


class TestPendingInvitations:
    def test_the_page_lists_each_waiting_invitation_with_who_sent_it_when_and_until_when(self, client, people):
        group, alice = people["group"], people["alice"]
        alice.name = "Alice Ng"
        alice.save()
        client.force_login(alice)
        with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)):
            invite(client, group, "bob@example.org")
        with time_machine.travel(datetime.datetime(2026, 3, 5, 10, tzinfo=datetime.UTC)):
            page = coordinators_page(client, group)
        assert "bob@example.org" in page and "sent by Alice Ng on 2 March 2026" in page
        assert "the link works until 16 March 2026" in page  # INVITATION_DAYS (14) after it was sent
        assert "Withdraw invitation" in page

    def test_accepted_and_expired_invitations_are_not_listed(self, client, people, settings):
        group, alice = people["group"], people["alice"]
        client.force_login(alice)
        link = invite(client, group, "bob@example.org")
        invite(client, group, "dee@example.org")
        client.force_login(make_user("bob@example.org"))
        client.post(link)
        client.force_login(alice)
        page = coordinators_page(client, group)
        assert "dee@example.org" in page
        assert "Withdraw invitation<span class=\"visually-hidden\"> to bob@example.org" not in page
        later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=settings.INVITATION_DAYS + 1)
        with time_machine.travel(later):
            assert "dee@example.org" not in coordinators_page(client, group)

    def test_withdrawing_an_invitation_stops_its_link_working(self, client, people):
        group, alice = people["group"], people["alice"]
        client.force_login(alice)
        link = invite(client, group, "bob@example.org")
        response = client.post(reverse("directory:withdraw-invitation", args=[group.slug]),
                               {"invitation": Invitation.objects.get().pk}, follow=True)
        assert "The invitation to bob@example.org was withdrawn" in response.content.decode()
        assert "No invitations are waiting." in response.content.decode()
        assert not Invitation.objects.exists()
        client.force_login(make_user("bob@example.org"))
        refused = client.post(link)
        assert refused.status_code == 400 and "This invitation no longer works" in refused.content.decode()
        assert not group.coordinators.filter(user__email="bob@example.org").exists()

    def test_only_the_groups_own_waiting_invitations_can_be_withdrawn(self, client, people):
        group, alice, charlie = people["group"], people["alice"], people["charlie"]
        theirs = Invitation.objects.create(group=Group.objects.get(slug="other-group"), email="x@example.org")
        client.force_login(alice)
        mine = Invitation.objects.create(group=group, email="y@example.org",
                                         accepted_at=datetime.datetime.now(tz=datetime.UTC))
        for pk in (theirs.pk, mine.pk, "x", ""):
            response = client.post(reverse("directory:withdraw-invitation", args=[group.slug]), {"invitation": pk},
                                   follow=True)
            assert response.status_code == 200
        assert Invitation.objects.count() == 2
        client.force_login(charlie)  # no link to the group at all
        waiting = Invitation.objects.create(group=group, email="z@example.org")
        assert client.post(reverse("directory:withdraw-invitation", args=[group.slug]),
                           {"invitation": waiting.pk}).status_code == 404
        assert Invitation.objects.filter(pk=waiting.pk).exists()


class TestResendingAnInvitation:
    def resend(self, client, group, invitation, **kwargs):
        return client.post(reverse("directory:resend-invitation", args=[group.slug]),
                           {"invitation": invitation.pk}, **kwargs)

    def test_sending_again_emails_a_fresh_link_that_works_from_then(self, client, people, settings):
        group, alice = people["group"], people["alice"]
        client.force_login(alice)
        with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)):
            invite(client, group, "bob@example.org")
        with time_machine.travel(datetime.datetime(2026, 3, 12, 10, tzinfo=datetime.UTC)):
            response = self.resend(client, group, Invitation.objects.get(), follow=True)
            page = response.content.decode()
            assert "The invitation was sent again to bob@example.org, with a new link." in page
            assert "the link works until 26 March 2026" in page
            assert len(mail.outbox) == 2 and mail.outbox[-1].to == ["bob@example.org"]
            link = re.search(r"http://[^/]+(/invitations/[^\s]+/)", mail.outbox[-1].body).group(1)
        assert group.history.filter(action=GroupChange.Action.COORDINATOR_INVITED,
                                    note="Invitation sent again to bob@example.org").exists()
        # After the first link's fourteen days, the new one still works.
        with time_machine.travel(datetime.datetime(2026, 3, 20, 10, tzinfo=datetime.UTC)):
            client.force_login(make_user("bob@example.org"))
            client.post(link)
        assert group.coordinators.filter(user__email="bob@example.org").exists()

    def test_sending_again_counts_against_the_groups_daily_invitations(self, client, people, settings):
        group, alice = people["group"], people["alice"]
        settings.INVITATIONS_PER_DAY = 2
        client.force_login(alice)
        invite(client, group, "bob@example.org")
        invitation = Invitation.objects.get()
        assert "sent again" in self.resend(client, group, invitation, follow=True).content.decode()
        refused = self.resend(client, group, invitation, follow=True).content.decode()
        assert "as many as a group may" in refused
        assert len(mail.outbox) == 2

    def test_an_accepted_or_another_groups_invitation_is_not_sent_again(self, client, people):
        group, alice = people["group"], people["alice"]
        theirs = Invitation.objects.create(group=Group.objects.get(slug="other-group"), email="x@example.org")
        accepted = Invitation.objects.create(group=group, email="y@example.org",
                                             accepted_at=datetime.datetime.now(tz=datetime.UTC))
        client.force_login(alice)
        for invitation in (theirs, accepted):
            page = self.resend(client, group, invitation, follow=True).content.decode()
            assert "This invitation has already been accepted or withdrawn." in page
        assert not mail.outbox

    def test_the_page_offers_to_send_each_waiting_invitation_again(self, client, people):
        client.force_login(people["alice"])
        invite(client, people["group"], "bob@example.org")
        page = coordinators_page(client, people["group"])
        assert 'Send it again<span class="visually-hidden"> to bob@example.org' in page


class TestRemovingACoordinator:
    def test_it_asks_first_naming_the_person_and_saying_what_happens(self, client, people):
        group, alice = people["group"], people["alice"]
        bob = make_user("bob@example.org", name="Bob Hale")
        row = make_coordinator(group, bob)
        client.force_login(alice)
        assert reverse("directory:remove-coordinator", args=[group.slug, row.pk]) in coordinators_page(client, group)
        page = client.get(reverse("directory:remove-coordinator", args=[group.slug, row.pk]))
        body = page.content.decode()
        assert page.status_code == 200 and group.coordinators.count() == 2  # asking changes nothing
        assert "Remove Bob Hale as a coordinator?" in body and "bob@example.org" not in body
        assert "no longer be able to change the listing, or read the requests" in body
        assert "We will email them" in body
        assert "The group will still be coordinated by alice@example.org." in body
        assert 'method="post"' in body and "Yes, remove Bob Hale" in body

    def test_a_person_without_a_name_is_named_by_their_address(self, client, people):
        group, alice = people["group"], people["alice"]
        row = make_coordinator(group, make_user("bob@example.org"))
        client.force_login(alice)
        body = client.get(reverse("directory:remove-coordinator", args=[group.slug, row.pk])).content.decode()
        assert "Remove bob@example.org as a coordinator?" in body

    def test_the_person_taken_off_is_told_by_email(self, client, people):
        group, alice = people["group"], people["alice"]
        row = make_coordinator(group, make_user("bob@example.org", name="Bob Hale"))
        client.force_login(alice)
        response = client.post(reverse("directory:remove-coordinator", args=[group.slug, row.pk]))
        assert response["Location"] == reverse("directory:coordinators", args=[group.slug])
        assert [(m.to, m.subject) for m in mail.outbox] == [
            (["bob@example.org"], "You no longer help coordinate Tinnitus Circle")]
        assert "can no longer change its listing" in mail.outbox[0].body
        assert not told_staff()  # alice still keeps the group


class TestKeptByTheSelfHelpTeam:
    """Issue 14: a group whose last coordinator goes is kept by the self-help team; staff are
    told once, on the change, and see it among the groups they look after."""

    def test_staff_are_told_when_the_last_coordinator_deletes_their_account(self, client, people):
        other_staff = make_user("sue@example.org", staff=True)
        make_user("old@example.org", staff=True, is_active=False)
        client.force_login(people["alice"])
        client.post(reverse("accounts:delete-account"), {"password": PASSWORD})
        group = people["group"]
        assert not accepts_introductions(group)
        assert told_staff() == sorted([people["sam"].email, other_staff.email])
        message = next(m for m in mail.outbox if m.subject == KEPT_SUBJECT)
        assert reverse("directory:coordinators", args=[group.slug]) in message.body
        assert reverse("directory:kept") in message.body
        assert "alice" not in message.body  # emails carry links, never personal details

    def test_staff_are_told_when_the_last_active_coordinator_steps_down(self, client, people):
        group = people["group"]
        make_coordinator(group, make_user("gone@example.org", is_active=False))
        client.force_login(people["alice"])
        warning = client.get(reverse("directory:step-down", args=[group.slug])).content.decode()
        assert "it will be kept by the self-help team" in warning
        client.post(reverse("directory:step-down", args=[group.slug]))
        assert told_staff() == [people["sam"].email]

    def test_staff_are_told_once_when_the_last_coordinators_account_is_switched_off(self, people):
        alice = people["alice"]
        alice.is_active = False
        alice.save()
        alice.save()
        alice.last_login = datetime.datetime.now(tz=datetime.UTC)
        alice.save(update_fields=["last_login"])
        assert told_staff() == [people["sam"].email]

    def test_nobody_is_told_while_another_coordinator_remains(self, client, people):
        group, alice = people["group"], people["alice"]
        bob = make_user("bob@example.org")
        make_coordinator(group, bob)
        bob.delete()
        client.force_login(alice)
        assert told_staff() == []
        assert services.has_active_coordinator(group)

    def test_nobody_is_told_about_a_group_already_kept_or_closed_or_deleted(self, people):
        group = people["group"]
        alice = people["alice"]
        alice.is_active = False
        alice.save()
        mail.outbox.clear()
        alice.delete()  # the group was kept already: nothing changes
        closed = make_group(name="Closed Club", stage=Group.Stage.CLOSED)
        make_coordinator(closed, make_user("c@example.org")).user.delete()
        deleted = make_group(name="Deleted Club")
        make_coordinator(deleted, make_user("d@example.org"))
        deleted.delete()
        assert mail.outbox == []
        assert group in services.kept_by_team() and closed not in services.kept_by_team()

    def test_staff_see_kept_groups_with_a_link_to_each(self, client, people):
        group = people["group"]
        group.coordinators.all().delete()
        client.force_login(people["sam"])
        assert "1 group kept by the self-help team" in client.get(reverse("directory:my-groups")).content.decode()
        page = client.get(reverse("directory:kept")).content.decode()
        # The name leads to the public listing; a separate link to its coordinators page.
        assert f'<a href="{reverse("directory:group", args=[group.slug])}">Tinnitus Circle</a>' in page
        assert f'href="{reverse("directory:coordinators", args=[group.slug])}"' in page
        assert "Tinnitus Circle" in page and "Other Group" not in page

    def test_the_coordinators_page_of_a_kept_group_says_so(self, client, people):
        group = people["group"]
        group.coordinators.all().delete()
        client.force_login(people["sam"])
        assert "kept by the self-help team" in coordinators_page(client, group)


class TestStaffAreNeverCoordinators:
    """Issue 14: staff never read a group's introductions or reflections, so an account that
    is staff is no coordinator anywhere, and an account made staff stops being one."""

    def test_a_staff_account_with_a_place_among_the_coordinators_counts_for_nothing(self, people):
        group, sam = people["group"], people["sam"]
        make_coordinator(group, sam)  # as a bulk change, past the hand-over, would leave it
        assert not roles.is_coordinator(sam, group)
        assert group not in Group.objects.coordinated_by(sam)
        assert list(roles.active_coordinators(group).values_list("user__email", flat=True)) == ["alice@example.org"]
        services.email_coordinators(group, "coordinator-joined", {"url": "/"})
        assert [m.to for m in mail.outbox] == [["alice@example.org"]]
        group.coordinators.filter(user=people["alice"]).delete()
        assert not services.has_active_coordinator(group) and group in services.kept_by_team()

    def test_making_a_coordinator_staff_ends_their_coordinatorships_and_tells_the_others(self, people):
        group, alice = people["group"], people["alice"]
        bob = make_user("bob@example.org")
        make_coordinator(group, bob)
        solo = make_group(name="Solo Club", slug="solo-club")
        make_coordinator(solo, alice)
        mail.outbox.clear()
        alice.is_staff = True
        alice.save()
        assert not Coordinator.objects.filter(user=alice).exists()
        assert group.history.filter(action=GroupChange.Action.COORDINATOR_LEFT, user=alice).exists()
        told_bob = [m for m in mail.outbox if m.to == ["bob@example.org"]]
        assert [m.subject for m in told_bob] == [
            "A coordinator of Tinnitus Circle has joined the self-help team's staff"]
        # Solo Club has nobody left: the staff (alice among them now) are told once; Tinnitus
        # Circle still has bob.
        assert told_staff("Solo Club is now kept by the self-help team") == ["alice@example.org", "sam@example.org"]
        assert told_staff() == []

    def test_deleting_an_account_does_not_say_a_group_passes_to_staff(self, client, people):
        group, alice = people["group"], people["alice"]
        make_coordinator(group, people["sam"])  # a place left over: it counts for nothing
        client.force_login(alice)
        body = client.get(reverse("accounts:delete-account")).content.decode()
        assert "kept by the self-help team" in body and "passes to the other people" not in body

    def test_an_account_made_staff_by_a_bulk_change_still_gets_none_of_the_groups_own_pages(self, client, people):
        group, alice = people["group"], people["alice"]
        get_user_model().objects.filter(pk=alice.pk).update(is_staff=True)  # no signal: the rule alone
        client.force_login(alice)
        assert client.get(reverse("introductions:inbox", args=[group.slug])).status_code == 403
        assert client.get(reverse("voice:reflections", args=[group.slug])).status_code == 403

"""A group among other groups (issue 19, item 4): open to messages from other groups and
looking for a new coordinator or volunteers, set by its coordinators, recorded and undone
like the rest of a listing, shown on its page; and the last coordinator stepping down while
the group looks for a new one."""

import pytest
from django.core import mail
from django.urls import reverse

from directory import services
from directory.models import Group, GroupChange
from directory.tests.factory import make_coordinator, make_group, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(alice):
    group = make_group(name="Tinnitus Circle", slug="tinnitus-circle")
    make_coordinator(group, alice)
    return group


def set_other_groups(client, user, group, **fields):
    client.force_login(user)
    return client.post(reverse("directory:other-groups", args=[group.slug]),
                       {name: "on" for name, value in fields.items() if value})


class TestSettingIt:
    def test_a_coordinator_opens_the_group_and_asks_for_volunteers_and_the_history_records_it(
            self, client, group, alice):
        response = set_other_groups(client, alice, group, open_to_groups=True, looking_for_volunteers=True)

        assert response.status_code == 302
        group.refresh_from_db()
        assert group.open_to_groups and group.looking_for_volunteers and not group.looking_for_coordinator
        change = group.history.get(action=GroupChange.Action.EDITED)
        assert change.user == alice
        assert change.changes == {"open_to_groups": [False, True], "looking_for_volunteers": [False, True]}

    def test_staff_undo_it_like_any_other_change(self, client, group, alice, sam):
        set_other_groups(client, alice, group, looking_for_coordinator=True)
        change = group.history.get(action=GroupChange.Action.EDITED)

        services.roll_back(change, sam)

        group.refresh_from_db()
        assert not group.looking_for_coordinator

    def test_the_bulletins_find_listed_groups_looking_for_help(self, group):
        volunteers = make_group(name="Volunteers Wanted", looking_for_volunteers=True)
        coordinator = make_group(name="Coordinator Wanted", looking_for_coordinator=True)
        make_group(name="Closed Wanting", looking_for_volunteers=True, stage=Group.Stage.CLOSED)

        assert set(Group.objects.listed().looking_for_help()) == {volunteers, coordinator}


class TestTheGroupsPage:
    @pytest.mark.parametrize(("fields", "words"), [
        ({"looking_for_coordinator": True}, "This group is looking for a new coordinator."),
        ({"looking_for_volunteers": True}, "This group is looking for volunteers."),
        ({"looking_for_coordinator": True, "looking_for_volunteers": True},
         "This group is looking for a new coordinator and for volunteers."),
    ])
    def test_the_page_says_what_the_group_is_looking_for(self, client, group, fields, words):
        Group.objects.filter(pk=group.pk).update(**fields)
        page = client.get(reverse("directory:group", args=[group.slug])).content.decode()
        assert words in page
        assert "Could you help? Get in touch with the group." in page

    def test_the_page_says_nothing_when_the_group_looks_for_nobody(self, client, group):
        page = client.get(reverse("directory:group", args=[group.slug])).content.decode()
        assert "looking-for-help" not in page


class TestSteppingDown:
    def test_the_last_coordinator_cannot_step_down_and_the_page_says_what_would_let_them(
            self, client, group, alice):
        client.force_login(alice)
        page = client.get(reverse("directory:step-down", args=[group.slug])).content.decode()
        assert "say the group is looking for a new coordinator" in page

        client.post(reverse("directory:step-down", args=[group.slug]))

        assert group.coordinators.count() == 1

    def test_the_last_coordinator_steps_down_while_the_group_looks_for_a_new_one_and_the_team_keeps_it(
            self, client, group, alice, sam):
        set_other_groups(client, alice, group, looking_for_coordinator=True, open_to_groups=True)
        mail.outbox.clear()
        page = client.get(reverse("directory:step-down", args=[group.slug])).content.decode()
        assert "it will be kept by the self-help team" in page

        response = client.post(reverse("directory:step-down", args=[group.slug]))

        assert response.status_code == 302 and not group.coordinators.exists()
        assert group.history.filter(action=GroupChange.Action.COORDINATOR_LEFT, user=alice).exists()
        # The rule for a group nobody keeps: still listed and reachable, kept by the team
        # (staff told), taking no requests, and no messages from other groups.
        group.refresh_from_db()
        assert group.is_listed and group in services.kept_by_team()
        assert [m.to for m in mail.outbox] == [[sam.email]]
        assert group not in Group.objects.open_to_groups()
        page = client.get(reverse("directory:group", args=[group.slug])).content.decode()
        assert "This group is looking for a new coordinator." in page and 'id="kept-by-team"' in page

    def test_a_coordinator_who_is_not_the_last_still_steps_down(self, client, group, alice):
        make_coordinator(group, make_user("bob@example.org"))
        client.force_login(alice)
        client.post(reverse("directory:step-down", args=[group.slug]))
        assert list(group.coordinators.values_list("user__email", flat=True)) == ["bob@example.org"]


class TestSearchResults:
    def test_a_result_says_the_group_is_looking_for_a_new_coordinator_or_volunteers(self, client, group):
        volunteers = make_group(name="Tinnitus Walkers", looking_for_volunteers=True)
        Group.objects.filter(pk=group.pk).update(looking_for_coordinator=True, looking_for_volunteers=True)

        page = client.get(reverse("directory:search"), {"where": "NG1", "distance": "10"}).content.decode()

        assert page.count("Looking for a new coordinator") == 1  # one tag a group: the coordinator first
        assert page.count("Looking for volunteers") == 1
        assert volunteers.name in page

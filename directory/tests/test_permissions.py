"""Every directory URL against every role: a group's coordinators and staff keep its listing;
anyone else signed in has no link to its management pages ("not found"); staff-only pages
are "forbidden" to everyone else; the public pages answer everyone alike."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from directory.models import Group, GroupChange, GroupTranslation, Invitation, MeetingChange
from directory.services import confirm_token
from directory.tests.factory import make_coordinator, make_user
from tests import matrix
from tests.matrix import ROLES, check

pytestmark = pytest.mark.django_db
people = matrix.people  # the shared fixture


@pytest.fixture
def world(people, client):
    """The shared people, with a meeting, a recorded change, a co-coordinator, an invitation
    and the words in Urdu of alice's group."""
    group, alice = people["group"], people["coordinator"]
    GroupTranslation.objects.create(group=group, language="ur", description="ہم ہر ہفتے ملتے ہیں۔")
    co_coordinator = make_coordinator(group, make_user("bob@example.org"))
    change = GroupChange.objects.create(group=group, user=alice, action=GroupChange.Action.EDITED,
                                        changes={"summary": ["Before", group.summary]})
    # An invitation's link exists only in the email that carries it.
    client.force_login(alice)
    client.post(reverse("directory:invite", args=[group.slug]), {"email": "dee@example.org"})
    client.logout()
    invitation = re.search(r"/invitations/([^/\s]+)/", mail.outbox[-1].body).group(1)
    meeting = group.meetings.get()
    date_change = MeetingChange.objects.create(meeting=meeting, on_date=meeting.next_dates(1)[0].date())
    return {**people, "meeting": meeting, "change": change, "invitation": invitation,
            "co_coordinator": co_coordinator, "date_change": date_change}


def _args(people, target):
    slug = people["group"].slug
    return {
        None: [],
        "group": [slug],
        "meeting": [slug, people["meeting"].pk],
        "change": [slug, people["change"].pk],
        "invitation": [people["invitation"]],
        "confirm": [confirm_token(people["group"])],
        "co_coordinator": [slug, people["co_coordinator"].pk],
        "date_change": [slug, people["meeting"].pk, people["date_change"].pk],
        "step": ["facts"],
        "written": [slug, "ur"],  # a language the group wrote in
        "unwritten": [slug, "cy"],  # one it has not
    }[target]


# URL name, what its arguments come from, expected status for each role (GET).
MATRIX = [
    # Public pages: the same for everyone.
    ("directory:home", None, [200, 200, 200, 200, 200]),
    ("directory:search", None, [200, 200, 200, 200, 200]),
    ("directory:categories", None, [200, 200, 200, 200, 200]),
    ("directory:group", "group", [200, 200, 200, 200, 200]),
    # The link in the email shows what it is for to anyone signed out; signed in, only the
    # invited address may accept (the invitee is tested in test_manage.py).
    ("directory:accept-invitation", "invitation", [200, 403, 403, 403, 403]),
    # The link in the email is the permission: no sign-in needed.
    ("directory:confirm-from-email", "confirm", [200, 200, 200, 200, 200]),
    # A group's listing: its coordinators and staff.
    ("directory:manage", "group", [302, 200, 404, 404, 200]),
    ("directory:edit-details", "group", [302, 200, 404, 404, 200]),
    ("directory:add-meeting", "group", [302, 200, 404, 404, 200]),
    ("directory:edit-meeting", "meeting", [302, 200, 404, 404, 200]),
    ("directory:remove-meeting", "meeting", [302, 200, 404, 404, 200]),
    ("directory:meeting-dates", "meeting", [302, 200, 404, 404, 200]),
    ("directory:undo-meeting-date", "date_change", [302, 200, 404, 404, 200]),
    ("directory:stage", "group", [302, 200, 404, 404, 200]),
    ("directory:other-groups", "group", [302, 200, 404, 404, 200]),
    ("directory:translations", "group", [302, 200, 404, 404, 200]),
    ("directory:edit-translation", "written", [302, 200, 404, 404, 200]),
    ("directory:edit-translation", "unwritten", [302, 200, 404, 404, 200]),
    ("directory:remove-translation", "written", [302, 200, 404, 404, 200]),
    ("directory:remove-translation", "unwritten", [302, 404, 404, 404, 404]),
    ("directory:history", "group", [302, 200, 404, 404, 200]),
    ("directory:undo-change", "change", [302, 405, 405, 405, 405]),
    ("directory:confirm", "group", [302, 405, 405, 405, 405]),
    ("directory:resubmit", "group", [302, 405, 405, 405, 405]),
    ("directory:coordinators", "group", [302, 200, 404, 404, 200]),
    ("directory:invite", "group", [302, 405, 405, 405, 405]),
    ("directory:withdraw-invitation", "group", [302, 405, 405, 405, 405]),
    ("directory:resend-invitation", "group", [302, 405, 405, 405, 405]),
    ("directory:step-down", "group", [302, 200, 404, 404, 200]),
    # Who speaks for the group is for its coordinators alone: GET asks, POST removes.
    ("directory:remove-coordinator", "co_coordinator", [302, 200, 404, 404, 403]),
    # Anyone signed in lists a group and sees their own.
    ("directory:my-groups", None, [302, 200, 200, 200, 200]),
    ("directory:list-group", None, [302, 200, 200, 200, 200]),
    # A later step, and the answers to check, before the first step is answered: back to it.
    ("directory:list-group-step", "step", [302, 302, 302, 302, 302]),
    ("directory:list-group-check", None, [302, 302, 302, 302, 302]),
    # Staff only.
    ("directory:review-group", "group", [302, 403, 403, 403, 200]),
    ("directory:review-queue", None, [302, 403, 403, 403, 200]),
    ("directory:freshness", None, [302, 403, 403, 403, 200]),
    ("directory:kept", None, [302, 403, 403, 403, 200]),
    ("directory:claims", None, [302, 403, 403, 403, 200]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "target", "expected"), MATRIX)
def test_each_url_answers_each_role_as_expected(client, world, role, name, target, expected):
    check(client, world, role, reverse(name, args=_args(world, target)), expected)


@pytest.mark.parametrize("role", ["other_coordinator", "practitioner"])
def test_outsiders_can_never_change_confirm_or_read_another_groups_listing(client, world, role):
    client.force_login(world[role])
    group, meeting = world["group"], world["meeting"]
    posts = [
        (reverse("directory:edit-details", args=[group.slug]), {"group-name": "Hijacked"}),
        (reverse("directory:confirm", args=[group.slug]), {}),
        (reverse("directory:stage", args=[group.slug]), {"stage": "closed", "stage_note": "x"}),
        (reverse("directory:other-groups", args=[group.slug]), {"open_to_groups": "on"}),
        (reverse("directory:edit-meeting", args=[group.slug, meeting.pk]), {}),
        (reverse("directory:remove-meeting", args=[group.slug, meeting.pk]), {}),
        (reverse("directory:meeting-dates", args=[group.slug, meeting.pk]),
         {"on_date": meeting.next_dates(3)[-1].date().isoformat(), "what": "cancel"}),
        (reverse("directory:undo-meeting-date", args=[group.slug, meeting.pk, world["date_change"].pk]), {}),
        (reverse("directory:resend-invitation", args=[group.slug]), {"invitation": Invitation.objects.get().pk}),
        (reverse("directory:invite", args=[group.slug]), {"email": "x@example.org"}),
        (reverse("directory:remove-coordinator", args=[group.slug, world["co_coordinator"].pk]), {}),
        (reverse("directory:withdraw-invitation", args=[group.slug]), {"invitation": Invitation.objects.get().pk}),
        (reverse("directory:undo-change", args=[group.slug, world["change"].pk]), {}),
        (reverse("directory:edit-translation", args=[group.slug, "ur"]), {"description": "Hijacked"}),
        (reverse("directory:edit-translation", args=[group.slug, "cy"]), {"description": "Hijacked"}),
        (reverse("directory:remove-translation", args=[group.slug, "ur"]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (403, 404), url
    group.refresh_from_db()
    assert group.name == "Tinnitus Circle" and group.stage == Group.Stage.ACTIVE
    assert group.meetings.count() == 1 and Invitation.objects.count() == 1 and group.coordinators.count() == 2
    assert list(MeetingChange.objects.all()) == [world["date_change"]]
    assert len(mail.outbox) == 1  # the invitation, never sent again
    assert not group.history.filter(action=GroupChange.Action.ROLLED_BACK).exists()
    assert list(group.translations.values_list("language", "description")) == [("ur", "ہم ہر ہفتے ملتے ہیں۔")]


@pytest.mark.parametrize(("name", "target", "expected"), MATRIX)
def test_staff_with_a_place_among_the_coordinators_get_only_what_staff_get(client, world, name, target, expected):
    """Staff are never a group's coordinators (accounts.roles.is_coordinator), even with a row
    left among them: an account made staff by a bulk change, which skips the hand-over."""
    make_coordinator(world["group"], world["staff"])
    check(client, world, "staff", reverse(name, args=_args(world, target)), expected)

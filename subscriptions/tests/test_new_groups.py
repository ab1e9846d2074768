"""Told when a group starts: each confirmed interest subscription hears once of a newly
listed group about its subject (or the subject it is part of, or one under it) that meets
within its distance or online."""

import pytest
from django.core import mail
from django.utils import timezone

from directory.models import Group, Meeting
from directory.services import review
from directory.tests.factory import category, make_group
from subscriptions import jobs
from subscriptions.models import AnnouncedGroup, Subscription

pytestmark = pytest.mark.django_db
NOTTINGHAM = (52.95549, -1.15541)  # NG1 5FW, where the factory's groups meet
CHELMSFORD = (51.74139, 0.47452)


def subscribe(subject="endometriosis", place=NOTTINGHAM, miles=10, confirmed=True, email="jean@example.org"):
    return Subscription.objects.create(
        email=email, subject=category(subject), district="NG1", latitude=place[0], longitude=place[1], miles=miles,
        confirmed_at=timezone.now() if confirmed else None)


def told(address="jean@example.org"):
    return [message for message in mail.outbox if message.to == [address]]


def test_a_new_group_about_the_subject_near_is_announced_once_with_its_link_and_unsubscribe():
    subscription = subscribe()
    group = make_group(name="Nottingham Endometriosis Circle", categories=["endometriosis"])
    assert jobs.tell_of_new_groups() == {"groups": 1, "emails": 1}
    [message] = told()
    assert "Nottingham Endometriosis Circle" in message.subject + message.body
    assert group.get_absolute_url() in message.body
    assert subscription.token in message.body
    assert subscription.token in message.extra_headers["List-Unsubscribe"]
    assert jobs.tell_of_new_groups() == {"groups": 0, "emails": 0}
    assert len(told()) == 1
    assert AnnouncedGroup.objects.get(group=group).told == 1


@pytest.mark.parametrize(("subject", "group_subject"), [
    ("endometriosis", "endometriosis"),
    ("health-conditions", "endometriosis"),  # the subscription's subject is the one the group's is part of
    ("endometriosis", "health-conditions"),  # the group's subject is the one the subscription's is part of
])
def test_the_subject_matches_and_a_parent_subject_counts(subject, group_subject):
    subscribe(subject=subject)
    make_group(categories=[group_subject])
    jobs.tell_of_new_groups()
    assert len(told()) == 1


def test_another_subject_is_not_told():
    subscribe(subject="endometriosis")
    make_group(categories=["diabetes"])
    jobs.tell_of_new_groups()
    assert not told()


def test_a_group_beyond_the_distance_is_not_told_but_one_within_it_is():
    subscribe(place=CHELMSFORD, miles=50, email="far@example.org")
    subscribe(place=NOTTINGHAM, miles=1)
    make_group(categories=["endometriosis"])
    jobs.tell_of_new_groups()
    assert len(told()) == 1 and not told("far@example.org")


def test_a_group_meeting_online_is_told_wherever_the_subscriber_is():
    subscribe(place=CHELMSFORD, miles=1)
    make_group(categories=["endometriosis"], meetings=[{"attendance": Meeting.Attendance.ONLINE,
                                                        "online_details": "On Zoom"}])
    jobs.tell_of_new_groups()
    assert len(told()) == 1


def test_nothing_goes_to_a_subscription_not_yet_confirmed():
    subscribe(confirmed=False)
    make_group(categories=["endometriosis"])
    jobs.tell_of_new_groups()
    assert not told()


def test_a_group_waiting_for_review_is_announced_when_approved_and_only_then(sam):
    subscribe()
    group = make_group(categories=["endometriosis"], status=Group.Status.PENDING)
    jobs.tell_of_new_groups()
    assert not told()
    review(group, sam, "approve", "Welcome")
    jobs.tell_of_new_groups()
    jobs.tell_of_new_groups()
    assert len(told()) == 1


def test_several_new_groups_in_one_run_are_one_email():
    subscribe()
    make_group(name="First Circle", categories=["endometriosis"])
    make_group(name="Second Circle", categories=["endometriosis"])
    jobs.tell_of_new_groups()
    [message] = told()
    assert "First Circle" in message.body and "Second Circle" in message.body


def test_a_directory_taken_as_it_is_announces_nothing():
    subscribe()
    make_group(categories=["endometriosis"])
    assert jobs.take_directory_as_it_is() == 1
    assert jobs.tell_of_new_groups() == {"groups": 0, "emails": 0}
    assert not told()

"""Arrangements are reviewed on the group's terms: renew, change or end, without a reason.
Either side can end one; ending is not a failure. The group is emailed when a review is due."""

import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from support import services
from support.models import Arrangement, ArrangementEvent, Side
from support.tests.factory import days

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(people):
    pat = people["pat"]
    arrangement = Arrangement.objects.create(group=people["group"], agency=pat.team.agency, practitioner=pat,
                                             kind="meeting_room", agreed="The room on Tuesdays",
                                             role="resource_builder", limits="Daytime only", review_on=days(30))
    return {**people, "arrangement": arrangement}


def review(client, setup, **data):
    client.force_login(setup["alice"])
    return client.post(reverse("support:review", args=[setup["arrangement"].pk]), data)


class TestReview:
    def test_the_group_keeps_it_going_with_a_new_review_date(self, client, setup):
        response = review(client, setup, decision="renew", review_on=days(120).isoformat())
        assert response.status_code == 302
        arrangement = Arrangement.objects.get()
        assert (arrangement.review_on, arrangement.status) == (days(120), Arrangement.Status.ACTIVE)
        assert ArrangementEvent.objects.get().action == ArrangementEvent.Action.RENEWED

    def test_the_group_changes_what_was_agreed(self, client, setup):
        review(client, setup, decision="change", review_on=days(60).isoformat(),
               agreed="The room once a month", role="resource_builder")
        arrangement = Arrangement.objects.get()
        assert arrangement.agreed == "The room once a month"
        assert mail.outbox[-1].to == ["pat@example.org"]

    def test_the_group_ends_it_without_giving_a_reason(self, client, setup):
        response = review(client, setup, decision="end")
        assert response.status_code == 302
        arrangement = Arrangement.objects.get()
        assert arrangement.status == Arrangement.Status.ENDED and arrangement.ended_at
        page = client.get(arrangement.get_absolute_url()).content.decode()
        assert "Ending is a normal part of how support works" in page
        assert mail.outbox[-1].to == ["pat@example.org"]
        assert "normal part of how groups work" in mail.outbox[-1].body

    @pytest.mark.parametrize(("data", "field", "message"), [
        ({}, "decision", "Choose what you would like to do."),
        ({"decision": "renew"}, "review_on", "Choose when to look at it again."),
        ({"decision": "renew", "review_on": "2001-01-01"}, "review_on", "must be after today"),
        ({"decision": "change", "review_on": "2099-01-01"}, "review_on", "within a year"),
        ({"decision": "change", "agreed": " ", "role": "resource_builder"}, "agreed", "what you now agree"),
        ({"decision": "explode"}, "decision", "Select a valid choice"),
    ])
    def test_bad_answers_are_refused_and_nothing_changes(self, client, setup, data, field, message):
        response = review(client, setup, **data)
        assert response.status_code == 200
        assert message in str(response.context["form"].errors[field])
        arrangement = Arrangement.objects.get()
        assert (arrangement.review_on, arrangement.agreed) == (days(30), "The room on Tuesdays")
        assert not ArrangementEvent.objects.exists()

    def test_an_ended_arrangement_cannot_be_reviewed_or_ended_again(self, client, setup):
        services.end(setup["arrangement"], setup["alice"], Side.GROUP)
        response = review(client, setup, decision="renew", review_on=days(30).isoformat())
        assert response.status_code == 302
        with pytest.raises(services.NotAllowed):
            services.renew(setup["arrangement"], setup["alice"], days(30))
        with pytest.raises(services.NotAllowed):
            services.end(setup["arrangement"], setup["pat"], Side.PRACTITIONER)


class TestEnding:
    def test_the_practitioner_can_end_it_and_the_group_is_told(self, client, setup):
        client.force_login(setup["pat"])
        assert "isn’t a failure" in client.get(reverse("support:end", args=[setup["arrangement"].pk])
                                                ).content.decode()
        client.post(reverse("support:end", args=[setup["arrangement"].pk]), {"note": ""})
        arrangement = Arrangement.objects.get()
        assert arrangement.status == Arrangement.Status.ENDED
        assert ArrangementEvent.objects.get().side == Side.PRACTITIONER
        assert mail.outbox[-1].to == ["alice@example.org"]

    def test_both_sides_see_a_plain_end_button_and_an_ended_one_shows_no_review_date(self, client, setup):
        arrangement = setup["arrangement"]
        end_url = reverse("support:end", args=[arrangement.pk])
        for person in ("alice", "pat"):
            client.force_login(setup[person])
            page = client.get(arrangement.get_absolute_url()).content.decode()
            assert f'href="{end_url}">End this arrangement</a>' in page
            assert "Review date" in page
        services.end(arrangement, setup["alice"], Side.GROUP)
        for person in ("alice", "pat"):
            client.force_login(setup[person])
            page = client.get(arrangement.get_absolute_url()).content.decode()
            assert "End this arrangement" not in page and "Review date" not in page
            assert "This arrangement ended on" in page

    def test_the_group_can_end_it_at_any_time(self, client, setup):
        client.force_login(setup["alice"])
        client.post(reverse("support:end", args=[setup["arrangement"].pk]), {"note": "Thank you!"})
        assert Arrangement.objects.get().status == Arrangement.Status.ENDED
        assert ArrangementEvent.objects.get().note == "Thank you!"


class TestReviewReminders:
    def test_the_group_is_emailed_once_when_the_review_date_arrives(self, setup):
        assert services.send_review_reminders() == {"review_reminders": 0}
        with time_machine.travel(days(30).isoformat() + " 09:00 +00:00"):
            assert services.send_review_reminders() == {"review_reminders": 1}
            assert services.send_review_reminders() == {"review_reminders": 0}
        message = mail.outbox[-1]
        assert message.to == ["alice@example.org"]
        assert "Stroke Club" in message.subject
        assert setup["arrangement"].get_absolute_url() in message.body
        assert "You don't need to give a reason" in message.body

    def test_a_renewed_arrangement_is_announced_again_at_its_next_review(self, setup):
        services.send_review_reminders(today=days(30))
        services.renew(setup["arrangement"], setup["alice"], days(60))
        assert services.send_review_reminders(today=days(45)) == {"review_reminders": 0}
        assert services.send_review_reminders(today=days(60)) == {"review_reminders": 1}

    def test_ended_arrangements_are_not_announced(self, setup):
        services.end(setup["arrangement"], setup["alice"], Side.GROUP)
        assert services.send_review_reminders(today=days(40)) == {"review_reminders": 0}

    def test_the_job_runs_from_run_jobs_through_the_outbox(self, setup, settings):
        from outbox.models import OutboxMessage

        settings.EMAIL_BACKEND = "outbox.backends.OutboxEmailBackend"
        Arrangement.objects.update(review_on=days(0))
        out = io.StringIO()
        call_command("run_jobs", only="send_review_reminders", stdout=out)
        assert "review_reminders 1" in out.getvalue()
        assert OutboxMessage.objects.filter(subject__contains="Stroke Club").count() == 1

    def test_the_job_is_scheduled(self, settings):
        assert "support.services.send_review_reminders" in settings.SCHEDULED_JOBS

"""Something's wrong with this listing: the form on every group's page, who is told, who reads it."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from directory.models import Group
from directory.tests.factory import make_coordinator, make_group
from enquiries import services
from enquiries.models import ListingProblem

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(alice):
    group = make_group(name="Widowed Friends", slug="widowed-friends")
    make_coordinator(group, alice)
    return group


def report(client, group, **overrides):
    data = {"problem-kind": "when_or_where", "problem-details": "They meet on Thursdays now.",
            "problem-email": "reader@example.org", "problem-website": ""}
    data.update(overrides)
    return client.post(reverse("enquiries:report-problem", args=[group.slug]), data)


class TestReporting:
    def test_every_group_page_has_the_short_form(self, client, group):
        page = client.get(group.get_absolute_url()).content.decode()
        assert "Something’s wrong with this listing?" in page
        assert f'action="{reverse("enquiries:report-problem", args=[group.slug])}"' in page
        assert 'name="problem-kind"' in page

    def test_the_forms_fields_made_once_for_every_page_are_in_each_pages_language(self, client, group):
        # The fields are cached (the same empty fields on every group's page), one copy per language.
        other = make_group(name="Carers Together", slug="carers-together")
        with translation.override("cy"):
            welsh = translation.gettext("What is wrong?")
            action = reverse("enquiries:report-problem", args=[other.slug])
        assert welsh != "What is wrong?"
        assert "What is wrong?" in client.get(group.get_absolute_url()).content.decode()
        page = client.get("/cy" + other.get_absolute_url()).content.decode()
        assert welsh in page
        assert "What is wrong?" not in page
        assert f'action="{action}"' in page

    def test_a_report_reaches_the_coordinators_and_staff_without_the_senders_address(self, client, group, alice,
                                                                                      sam):
        response = report(client, group)
        assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
        problem = ListingProblem.objects.get()
        assert (problem.kind, problem.email) == ("when_or_where", "reader@example.org")
        to_alice = [m for m in mail.outbox if m.to == [alice.email]]
        to_sam = [m for m in mail.outbox if m.to == [sam.email]]
        assert len(to_alice) == 1 and len(to_sam) == 1
        assert reverse("enquiries:group-problems", args=[group.slug]) in to_alice[0].body
        assert reverse("enquiries:staff-problem", args=[problem.pk]) in to_sam[0].body
        for message in to_alice + to_sam:
            assert "reader@example.org" not in message.body
            assert "Thursdays" not in message.body
            assert "meeting times or place are wrong" in message.body

    def test_a_report_from_the_welsh_page_reaches_english_readers_in_english(self, client, group, alice, sam):
        with translation.override("cy"):  # the group's page read in Welsh
            report(client, group)
        problem = ListingProblem.objects.get()
        english = problem.get_kind_display()
        with translation.override("cy"):
            assert problem.get_kind_display() != english
            welsh = problem.get_kind_display()
        assert [m.to for m in mail.outbox if english in m.body and welsh not in m.body] == [[alice.email],
                                                                                             [sam.email]]

    def test_a_group_kept_by_the_team_is_reported_to_staff_only(self, client, sam):
        kept = make_group(name="Kept Group")
        report(client, kept)
        assert [m.to for m in mail.outbox] == [[sam.email]]
        assert "only the self-help team has been told" in mail.outbox[0].body

    def test_the_address_is_optional(self, client, group):
        assert report(client, group, **{"problem-email": "", "problem-details": ""}).status_code == 302
        assert ListingProblem.objects.get().email == ""

    @pytest.mark.parametrize(("overrides", "message"), [
        ({"problem-kind": ""}, "Choose what is wrong with the listing"),
        ({"problem-kind": "nonsense"}, "Select a valid choice"),
        ({"problem-details": "x" * 1001}, "1000 characters or fewer"),
        ({"problem-email": "not an address"}, "Enter a valid email address"),
    ])
    def test_bad_reports_are_explained_on_a_page_of_their_own_and_nothing_is_kept(self, client, group, overrides,
                                                                                   message):
        response = report(client, group, **overrides)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not ListingProblem.objects.exists() and not mail.outbox

    def test_one_visitor_is_limited_per_hour(self, client, group, settings):
        settings.LISTING_PROBLEMS_PER_HOUR_PER_SENDER = 1
        assert report(client, group).status_code == 302
        response = report(client, group)
        assert response.status_code == 400 and "several problems in the last hour" in response.content.decode()
        assert ListingProblem.objects.count() == 1

    def test_one_group_is_limited_per_day_whoever_reports(self, client, group, settings):
        settings.LISTING_PROBLEMS_PER_DAY_PER_GROUP = 1
        assert report(client, group).status_code == 302
        response = client.post(reverse("enquiries:report-problem", args=[group.slug]),
                               {"problem-kind": "stopped"}, REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 400 and "several reports today" in response.content.decode()

    def test_a_closed_or_unpublished_group_takes_no_reports(self, client, group):
        Group.objects.filter(pk=group.pk).update(status=Group.Status.PENDING)
        assert report(client, group).status_code == 404


class TestReading:
    def test_coordinators_read_what_is_wrong_but_not_who_said_it_and_mark_it_dealt_with(self, client, group, alice):
        report(client, group)
        problem = ListingProblem.objects.get()
        client.force_login(alice)
        page = client.get(reverse("enquiries:group-problems", args=[group.slug])).content.decode()
        assert "Thursdays" in page and "reader@example.org" not in page
        client.post(reverse("enquiries:group-problem-done", args=[group.slug, problem.pk]))
        problem.refresh_from_db()
        assert problem.is_answered and problem.answered_by == alice

    def test_staff_read_the_senders_address_and_mark_it_dealt_with(self, client, group, sam):
        report(client, group)
        problem = ListingProblem.objects.get()
        client.force_login(sam)
        assert "Widowed Friends" in client.get(reverse("enquiries:staff-problems")).content.decode()
        page = client.get(reverse("enquiries:staff-problem", args=[problem.pk])).content.decode()
        assert "reader@example.org" in page
        client.post(reverse("enquiries:staff-problem", args=[problem.pk]), {"note": "Group told."})
        problem.refresh_from_db()
        assert problem.is_answered and problem.note == "Group told."

    def test_reports_are_deleted_on_the_introductions_schedule(self, client, group, sam, settings):
        report(client, group)
        problem = ListingProblem.objects.get()
        services.answer(problem, sam)
        due = problem.answered_at + datetime.timedelta(days=settings.INTRODUCTION_RETENTION_DAYS, hours=1)
        assert services.purge(due) == {"deleted": 1}

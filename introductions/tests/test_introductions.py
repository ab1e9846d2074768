"""Putting people in touch by their choice: consent, the group's inbox, retention, abuse."""

import datetime
import html
import logging

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from directory.models import Group
from directory.tests.factory import make_coordinator, make_group, make_user
from introductions import services
from introductions.models import Introduction, IntroductionCount, Outcome

pytestmark = pytest.mark.django_db


def form_data(client, group, **overrides):
    page = client.get(reverse("introductions:get-in-touch", args=[group.slug]))
    data = {"form_token": page.context["form"].initial["form_token"], "name": "Mukti",
            "contact_method": "phone", "contact_value": "07700 900123", "good_times": "Evenings",
            "message": "I’d like to come along.", "consent": "on", "website": ""}
    data.update(overrides)
    return data


def ask(client, group, **overrides):
    return client.post(reverse("introductions:get-in-touch", args=[group.slug]), form_data(client, group, **overrides))


class TestAskingTheGroupToGetInTouch:
    def test_it_keeps_only_what_was_agreed_and_gives_a_reference(self, client, group):
        response = ask(client, group)
        assert response.status_code == 302
        introduction = Introduction.objects.get()
        assert (introduction.name, introduction.contact_value) == ("Mukti", "07700 900123")
        assert "Stroke Club may see the name, contact details" in introduction.consent_text
        page = client.get(response["Location"]).content.decode()
        assert introduction.reference in page and "What happens next" in page

    def test_the_coordinators_email_has_no_personal_details(self, client, group):
        ask(client, group)
        email = mail.outbox[-1]
        assert email.to == ["alice@example.org"]
        assert "Mukti" not in email.body and "07700" not in email.body and "/introductions/" in email.body

    @pytest.mark.parametrize("name", ["Mukti", "王秀英", "Siobhán", "Zoë-Anne"])
    def test_names_in_any_script_are_welcome(self, client, group, name):
        assert ask(client, group, name=name).status_code == 302
        assert Introduction.objects.get().name == name

    @pytest.mark.parametrize(("overrides", "message"), [
        ({"consent": ""}, "Tick the box to say you agree"),
        ({"name": ""}, "Enter a name"),
        ({"contact_value": "12345"}, "Enter a UK phone number"),
        ({"contact_method": "text", "contact_value": "0115 496 0000"}, "need a mobile number"),
        ({"contact_method": "email", "contact_value": "not-an-email"}, "Enter an email address"),
        ({"message": "x" * 501}, "500 characters or fewer"),
        ({"contact_method": ""}, "Choose how the group should get in touch"),
        ({"form_token": "forged"}, "Please send the form again"),
    ])
    def test_bad_details_are_explained_and_nothing_is_stored(self, client, group, overrides, message):
        response = ask(client, group, **overrides)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Introduction.objects.exists()
        assert mail.outbox == []

    def test_the_same_form_sent_twice_makes_one_introduction(self, client, group):
        data = form_data(client, group)
        url = reverse("introductions:get-in-touch", args=[group.slug])
        client.post(url, data)
        client.post(url, data)
        assert Introduction.objects.count() == 1

    def test_a_group_that_wants_direct_contact_cannot_be_sent_details(self, client, group):
        data = form_data(client, group)
        Group.objects.filter(pk=group.pk).update(contact_route=Group.ContactRoute.DIRECT)
        response = client.post(reverse("introductions:get-in-touch", args=[group.slug]), data)
        assert response.status_code == 400
        assert "asks people to contact it directly" in response.content.decode()
        assert not Introduction.objects.exists()
        assert "0115 496 0101" in response.content.decode()

    @pytest.mark.parametrize(("field", "value"), [("stage", Group.Stage.CLOSED), ("status", Group.Status.PENDING)])
    def test_closed_or_unlisted_groups_have_no_form(self, client, group, field, value):
        Group.objects.filter(pk=group.pk).update(**{field: value})
        assert client.get(reverse("introductions:get-in-touch", args=[group.slug])).status_code == 404

    def test_the_honeypot_turns_spam_away_with_a_message(self, client, group):
        response = ask(client, group, website="http://spam.example")
        assert response.status_code == 400
        assert "We couldn’t send this" in response.content.decode()
        assert not Introduction.objects.exists()

    def test_one_sender_is_limited_per_hour(self, client, group, settings):
        for _ in range(settings.INTRODUCTIONS_PER_HOUR_PER_SENDER):
            assert ask(client, group).status_code == 302
        response = ask(client, group)
        assert response.status_code == 400
        assert "several requests in the last hour" in response.content.decode()

    def test_a_group_with_many_unanswered_requests_points_people_to_contact_it_directly(
            self, client, group, settings):
        settings.INTRODUCTIONS_OPEN_PER_GROUP = 2
        settings.INTRODUCTIONS_PER_HOUR_PER_SENDER = 10
        ask(client, group)
        ask(client, group)
        response = ask(client, group)
        assert response.status_code == 400 and "many requests waiting" in response.content.decode()

    def test_a_failing_request_does_not_log_what_was_typed(self, client, group, caplog, monkeypatch):
        from django.views.debug import ExceptionReporter

        def broken(*args, **kwargs):
            raise RuntimeError("database went away")

        monkeypatch.setattr(services, "ask_group_to_contact", broken)
        client.raise_request_exception = False
        with caplog.at_level(logging.DEBUG):
            response = ask(client, group, name="Siobhán", contact_value="07700 900999")
        assert response.status_code == 500
        logged = caplog.text + "".join(str(getattr(r, "request", "")) for r in caplog.records)
        assert "Siobhán" not in logged and "07700 900999" not in logged
        record = next(r for r in caplog.records if r.name == "django.request")
        report = ExceptionReporter(record.request, *record.exc_info).get_traceback_text()
        assert "Siobhán" not in report and "07700 900999" not in report


class TestTheInbox:
    def test_coordinators_read_and_answer_requests(self, client, group):
        ask(client, group)
        introduction = Introduction.objects.get()
        client.force_login(group.coordinators.get().user)
        page = client.get(reverse("introductions:inbox", args=[group.slug])).content.decode()
        assert "Mukti" in page and "07700 900123" in page
        client.post(reverse("introductions:set-outcome", args=[group.slug, introduction.reference]),
                    {"outcome": "contacted"})
        introduction.refresh_from_db()
        assert introduction.outcome == Outcome.CONTACTED and introduction.outcome_at

    @pytest.mark.parametrize("who", ["staff", "other_coordinator", "practitioner", "anonymous"])
    def test_nobody_else_can_read_them_not_even_staff(self, client, group, who, request):
        ask(client, group)
        introduction = Introduction.objects.get()
        if who == "other_coordinator":
            make_coordinator(make_group(name="Other"), request.getfixturevalue("charlie"))
        if who != "anonymous":
            person = {"staff": "sam", "other_coordinator": "charlie", "practitioner": "pat"}[who]
            client.force_login(request.getfixturevalue(person))
        inbox = client.get(reverse("introductions:inbox", args=[group.slug]))
        # Staff keep every listing, so they are linked to the group but refused; others have no link.
        assert inbox.status_code == {"anonymous": 302, "staff": 403}.get(who, 404)
        assert "Mukti" not in inbox.content.decode()
        post = client.post(reverse("introductions:set-outcome", args=[group.slug, introduction.reference]),
                           {"outcome": "closed"})
        assert post.status_code in (302, 403, 404)
        introduction.refresh_from_db()
        assert introduction.outcome == Outcome.NEW

    def test_staff_see_counts_never_contents(self, client, group, sam):
        ask(client, group)
        client.force_login(sam)
        page = client.get(reverse("introductions:staff-counts")).content.decode()
        assert "Stroke Club" in page and "fewer than 5" in page
        assert "Mukti" not in page and "07700" not in page


class TestPractitioners:
    def test_a_practitioner_introduces_a_client_who_chose_to_be_contacted(self, client, group, pat):
        client.force_login(pat)
        response = client.post(reverse("introductions:introduce", args=[group.slug]), {
            "direction": "group_contacts", "name": "Judith's client", "contact_method": "phone",
            "contact_value": "07700 900555", "agreed_how": "in_person",
            "agreed_on": datetime.date.today().isoformat(), "consent": "on",
        })
        assert response.status_code == 302
        introduction = Introduction.objects.get()
        assert introduction.practitioner == pat and introduction.made_by == "practitioner"
        page = client.get(reverse("introductions:mine")).content.decode()
        assert introduction.reference in page and "Not answered yet" in page
        assert "07700 900555" not in page  # the practitioner sees the outcome, not the contact

    def test_the_error_summary_names_each_field_that_needs_an_answer(self, client, group, pat):
        client.force_login(pat)
        page = client.post(reverse("introductions:introduce", args=[group.slug]), {}).content.decode()
        summary = page[page.index('class="error-summary"'):]
        summary = summary[:summary.index("</div>")]
        for message in ("Choose whether the group gets in touch or your client does.",
                        "Choose how your client agreed.", "Enter the date your client agreed.",
                        "Tick the box to confirm your client agreed."):
            assert html.escape(message) in summary
        assert "This field is required" not in page
        page = client.post(reverse("introductions:introduce", args=[group.slug]), {
            "direction": "group_contacts", "agreed_on": "31/31/2026", "good_times": "x" * 201,
        }).content.decode()
        assert "Enter the date your client agreed as a real date" in page
        assert "Enter a name the group can ask for." in page
        assert "for good times to get in touch" in page
        assert "Ensure this value" not in page

    def test_when_the_client_will_make_contact_nothing_personal_is_kept(self, client, group, pat):
        client.force_login(pat)
        client.post(reverse("introductions:introduce", args=[group.slug]), {
            "direction": "person_contacts", "name": "Someone", "contact_value": "07700 900555",
            "agreed_how": "phone", "agreed_on": datetime.date.today().isoformat(), "consent": "on",
        })
        introduction = Introduction.objects.get()
        assert (introduction.name, introduction.contact_value, introduction.outcome) == ("", "", Outcome.CLOSED)
        assert mail.outbox == []

    def test_details_handed_to_a_client_read_as_given_not_as_closed(self, client, group, pat):
        client.force_login(pat)
        client.post(reverse("introductions:introduce", args=[group.slug]), {
            "direction": "person_contacts", "agreed_how": "phone",
            "agreed_on": datetime.date.today().isoformat(), "consent": "on",
        })
        page = client.get(reverse("introductions:mine")).content.decode()
        assert Introduction.objects.get().reference in page
        assert "Your client will get in touch" in page and "Closed" not in page
        assert reverse("publishing:group-leaflet", args=[group.slug]) + "?size=a4" in page  # a handout to give
        assert "<th scope=\"col\">Date</th>" in page
        assert f"{datetime.date.today():%b %Y}" in page

    @pytest.mark.parametrize(("overrides", "message"), [
        ({"consent": ""}, "confirm your client agreed"),
        ({"agreed_on": "2999-01-01"}, "can’t be in the future"),
        ({"agreed_on": "2001-01-01"}, "more than a month old"),
        ({"contact_value": ""}, "Enter the phone number or email address"),
    ])
    def test_bad_details_are_refused(self, client, group, overrides, message, pat):
        client.force_login(pat)
        data = {"direction": "group_contacts", "name": "A", "contact_method": "phone",
                "contact_value": "07700 900555", "agreed_how": "in_person",
                "agreed_on": datetime.date.today().isoformat(), "consent": "on", **overrides}
        response = client.post(reverse("introductions:introduce", args=[group.slug]), data)
        assert message in response.content.decode()
        assert not Introduction.objects.exists()

    def test_only_practitioners_make_introductions(self, client, group):
        client.force_login(make_user("someone@example.org"))
        assert client.get(reverse("introductions:introduce", args=[group.slug])).status_code == 403
        assert client.get(reverse("introductions:mine")).status_code == 403


class TestRetention:
    def test_details_go_30_days_after_closing_and_only_counts_remain(self, client, group):
        with time_machine.travel(datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.UTC)):
            ask(client, group)
        introduction = Introduction.objects.get()
        with time_machine.travel(datetime.datetime(2026, 11, 5, 10, tzinfo=datetime.UTC)):
            services.record_outcome(introduction, Outcome.CLOSED)
        with time_machine.travel(datetime.datetime(2026, 12, 4, 10, tzinfo=datetime.UTC)):
            assert services.purge() == {"deleted": 0}
        with time_machine.travel(datetime.datetime(2026, 12, 6, 10, tzinfo=datetime.UTC)):
            assert services.purge() == {"deleted": 1}
        assert not Introduction.objects.exists()
        count = IntroductionCount.objects.get()
        assert (count.group, count.month, count.outcome, count.count) == (
            group, datetime.date(2026, 11, 1), Outcome.CLOSED, 1)

    def test_details_never_stay_more_than_60_days_even_if_unanswered(self, client, group):
        with time_machine.travel(datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.UTC)):
            ask(client, group)
        with time_machine.travel(datetime.datetime(2026, 10, 31, 11, tzinfo=datetime.UTC)):
            assert services.purge() == {"deleted": 1}
        assert IntroductionCount.objects.get().outcome == Outcome.NEW

    def test_unanswered_requests_are_nudged_once_then_shown_to_staff(self, client, group, sam):
        with time_machine.travel(datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.UTC)):
            ask(client, group)
        mail.outbox.clear()
        with time_machine.travel(datetime.datetime(2026, 11, 6, 10, tzinfo=datetime.UTC)):
            assert services.nudge_and_escalate() == {"nudged": 1, "escalated": 0}
            assert services.nudge_and_escalate() == {"nudged": 0, "escalated": 0}
        assert "still waiting" in mail.outbox[-1].subject and "Mukti" not in mail.outbox[-1].body
        with time_machine.travel(datetime.datetime(2026, 11, 10, 10, tzinfo=datetime.UTC)):
            assert services.nudge_and_escalate() == {"nudged": 0, "escalated": 1}
            client.force_login(sam)
            page = client.get(reverse("introductions:staff-counts")).content.decode()
        assert "Unanswered for over a week" in page and "Stroke Club" in page


def test_retention_longer_than_60_days_is_refused_at_start():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=Path(__file__).resolve().parents[2],
                            env={**env, "INTRODUCTION_MAX_DAYS": "90"}, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "at most 60 days" in result.stderr

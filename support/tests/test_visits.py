"""Invitation and guest: a practitioner asks to come to a meeting, and the group decides.
A group whose meetings are for members only cannot be asked at all."""

import pytest
from django.core import mail
from django.urls import reverse

from directory.models import Group
from support import services
from support.models import VisitRequest
from support.tests.factory import days

pytestmark = pytest.mark.django_db


def first_meeting_day(group):
    return group.meeting_days()[0]


def ask(client, people, **data):
    client.force_login(people["pat"])
    if "date" not in data:
        data["date"] = first_meeting_day(people["group"]).isoformat()
    return client.post(reverse("support:visit-ask", args=[people["group"].slug]),
                       {"purpose": "To learn what helps members.", **data})


def test_a_practitioner_asks_and_the_group_says_yes(client, people):
    response = ask(client, people)
    visit = VisitRequest.objects.get()
    assert response["Location"] == visit.get_absolute_url()
    assert mail.outbox[-1].to == ["alice@example.org"]
    assert "without giving a reason" in mail.outbox[-1].body
    client.force_login(people["alice"])
    client.post(visit.get_absolute_url(), {"decision": "accept"})
    visit.refresh_from_db()
    assert visit.status == VisitRequest.Status.ACCEPTED
    assert mail.outbox[-1].to == ["pat@example.org"]


def test_the_group_proposes_another_date_and_the_practitioner_takes_it(client, people):
    ask(client, people)
    visit = VisitRequest.objects.get()
    client.force_login(people["alice"])
    client.post(visit.get_absolute_url(), {"decision": "other_date", "other_date": days(49).isoformat(),
                                           "message": "Our open meeting is better."})
    visit.refresh_from_db()
    assert (visit.status, visit.other_date) == (VisitRequest.Status.OTHER_DATE, days(49))
    client.force_login(people["pat"])
    assert "Our open meeting is better." in client.get(visit.get_absolute_url()).content.decode()
    client.post(visit.get_absolute_url(), {"action": "take_other_date"})
    visit.refresh_from_db()
    assert (visit.status, visit.date) == (VisitRequest.Status.ACCEPTED, days(49))


def test_the_group_declines_and_the_practitioner_is_told_gracefully(client, people):
    ask(client, people)
    visit = VisitRequest.objects.get()
    client.force_login(people["alice"])
    client.post(visit.get_absolute_url(), {"decision": "decline"})
    client.force_login(people["pat"])
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "The group has said no, thank you" in page
    assert "don’t need to give a reason" in page


def test_a_group_with_no_professionals_at_meetings_cannot_be_asked(client, people):
    Group.objects.filter(pk=people["group"].pk).update(professionals_rule=Group.ProfessionalsRule.NONE)
    client.force_login(people["pat"])
    group_page = client.get(people["group"].get_absolute_url()).content.decode()
    assert reverse("support:visit-ask", args=[people["group"].slug]) not in group_page
    assert "meetings are for members only, so please don’t ask to come along" in group_page
    page = client.get(reverse("support:visit-ask", args=[people["group"].slug]))
    assert page.status_code == 200
    assert "for members only" in page.content.decode()
    assert "<title>Error" not in page.content.decode()  # an explanation, not an error
    assert 'name="purpose"' not in page.content.decode()
    response = ask(client, people)
    assert response.status_code == 400
    assert not VisitRequest.objects.exists()
    people["group"].refresh_from_db()
    with pytest.raises(services.NotAllowed):
        services.ask_to_visit(people["group"], people["pat"], days(10), "Please")


def test_open_meetings_are_still_asked_first(client, people):
    Group.objects.filter(pk=people["group"].pk).update(professionals_rule=Group.ProfessionalsRule.OPEN)
    ask(client, people)
    assert VisitRequest.objects.get().status == VisitRequest.Status.ASKED


def test_the_practitioner_chooses_one_of_the_days_the_group_meets(client, people):
    group = people["group"]
    meeting_days = group.meeting_days()
    assert len(meeting_days) == 8 and meeting_days == sorted(meeting_days)
    client.force_login(people["pat"])
    page = client.get(reverse("support:visit-ask", args=[group.slug])).content.decode()
    assert "Which meeting would you like to come to?" in page
    assert f'value="{meeting_days[0].isoformat()}"' in page
    not_a_meeting_day = next(day for day in (days(n) for n in range(1, 60)) if day not in meeting_days)
    with pytest.raises(services.NotAllowed, match="days the group meets"):
        services.ask_to_visit(group, people["pat"], not_a_meeting_day, "Please")


@pytest.mark.parametrize(("data", "message"), [
    ({"date": days(-3).isoformat()}, "Choose one of the days the group meets."),
    ({"date": "31/02/2027"}, "Choose one of the days the group meets."),
    ({"date": ""}, "Choose the meeting you would like to come to."),
    ({"purpose": ""}, "Say why you would like to come."),
])
def test_bad_dates_and_empty_reasons_are_refused(client, people, data, message):
    response = ask(client, people, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not VisitRequest.objects.exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"date": days(-3).isoformat()}, "must be after today"),
    ({"date": days(0).isoformat()}, "must be after today"),
    ({"date": days(500).isoformat()}, "within the next year"),
    ({"date": "31/02/2027"}, "Enter a date"),
])
def test_a_date_is_typed_when_the_groups_dates_are_not_known(client, people, data, message):
    people["group"].meetings.all().delete()
    response = ask(client, people, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not VisitRequest.objects.exists()
    ask(client, people, date=days(21).isoformat())
    assert VisitRequest.objects.get().date == days(21)


def test_asking_again_while_waiting_is_refused(client, people):
    ask(client, people)
    response = ask(client, people)
    assert response.status_code == 400
    assert "already asked" in response.content.decode()
    assert VisitRequest.objects.count() == 1


def test_the_group_cannot_answer_twice_and_other_dates_must_be_in_the_future(client, people):
    ask(client, people)
    visit = VisitRequest.objects.get()
    client.force_login(people["alice"])
    response = client.post(visit.get_absolute_url(), {"decision": "other_date", "other_date": days(-1).isoformat()})
    assert "must be after today" in response.content.decode()
    response = client.post(visit.get_absolute_url(), {"decision": "other_date"})
    assert "Enter the other date" in response.content.decode()
    client.post(visit.get_absolute_url(), {"decision": "decline"})
    with pytest.raises(services.NotAllowed):
        services.answer_visit(visit, "accept")


def test_a_closed_or_unlisted_group_is_not_found(client, people):
    Group.objects.filter(pk=people["group"].pk).update(stage=Group.Stage.CLOSED)
    client.force_login(people["pat"])
    assert client.get(reverse("support:visit-ask", args=[people["group"].slug])).status_code == 404


def test_staff_can_see_a_visit_but_not_answer_for_the_group(client, people, sam):
    ask(client, people)
    visit = VisitRequest.objects.get()
    client.force_login(sam)
    assert client.get(visit.get_absolute_url()).status_code == 200
    assert client.post(visit.get_absolute_url(), {"decision": "accept"}).status_code == 403
    assert VisitRequest.objects.get().status == VisitRequest.Status.ASKED


def agreed(client, people):
    ask(client, people)
    visit = VisitRequest.objects.get()
    client.force_login(people["alice"])
    client.post(visit.get_absolute_url(), {"decision": "accept"})
    return visit


def test_the_group_calls_off_an_agreed_visit_and_the_practitioner_is_told_kindly(client, people):
    visit = agreed(client, people)
    page = client.get(visit.get_absolute_url()).content.decode()
    call_off = reverse("support:visit-call-off", args=[visit.pk])
    assert call_off in page
    confirm = client.get(call_off).content.decode()
    assert "You don’t need to give a reason" in confirm
    assert VisitRequest.objects.get().status == VisitRequest.Status.ACCEPTED  # asking to confirm changes nothing
    response = client.post(call_off, {"message": ""})
    assert response["Location"] == visit.get_absolute_url()
    assert VisitRequest.objects.get().status == VisitRequest.Status.CALLED_OFF
    email = mail.outbox[-1]
    assert email.to == ["pat@example.org"]
    assert people["group"].name in email.subject
    assert "without giving a reason" in email.body and "nothing you need to do" in email.body
    day = visit.date
    assert f"{day:%A} {day.day} {day:%B %Y}" in email.body  # the date as the pages write it
    client.force_login(people["pat"])
    assert "The group has called off this visit" in client.get(visit.get_absolute_url()).content.decode()


def test_a_visit_is_called_off_once_and_only_when_agreed_or_moved(client, people):
    ask(client, people)
    visit = VisitRequest.objects.get()
    client.force_login(people["alice"])
    call_off = reverse("support:visit-call-off", args=[visit.pk])
    response = client.post(call_off, {})
    assert response.status_code == 302
    assert VisitRequest.objects.get().status == VisitRequest.Status.ASKED  # still to be answered: say no instead
    client.post(visit.get_absolute_url(), {"decision": "other_date", "other_date": days(40).isoformat()})
    client.post(call_off, {"message": "We are not having visitors for now."})
    visit.refresh_from_db()
    assert visit.status == VisitRequest.Status.CALLED_OFF
    assert visit.group_message == "We are not having visitors for now."
    sent = len(mail.outbox)
    client.post(call_off, {})
    assert len(mail.outbox) == sent
    with pytest.raises(services.NotAllowed):
        services.call_off_visit(visit)


def test_only_the_group_calls_off_a_visit(client, people, sam):
    visit = agreed(client, people)
    call_off = reverse("support:visit-call-off", args=[visit.pk])
    for person in (people["pat"], sam):
        client.force_login(person)
        assert client.post(call_off, {}).status_code == 403
    assert VisitRequest.objects.get().status == VisitRequest.Status.ACCEPTED


def test_a_message_too_long_is_refused_with_nothing_changed(client, people):
    visit = agreed(client, people)
    response = client.post(reverse("support:visit-call-off", args=[visit.pk]), {"message": "x" * 5000})
    assert response.status_code == 400
    assert "Error:" in response.content.decode()
    assert VisitRequest.objects.get().status == VisitRequest.Status.ACCEPTED

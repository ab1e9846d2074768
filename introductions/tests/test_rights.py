"""The rights of the people introductions are about: to withdraw a request at once, to
have it erased by its reference, and never to be sent to a group nobody is reading."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from directory.models import Group
from directory.tests.factory import make_coordinator, make_group
from introductions import services
from introductions.models import Introduction, IntroductionCount, Outcome
from lib.urls import absolute_url

from .test_introductions import ask

pytestmark = pytest.mark.django_db


def withdraw_url(client, group):
    """The private link the confirmation page gives."""
    ask(client, group)
    page = client.get(reverse("introductions:sent", args=[group.slug]))
    return page.context["withdraw_url"]


class TestWithdrawingByThePrivateLink:
    def test_the_confirmation_page_gives_a_private_link_and_says_what_it_does(self, client, group):
        ask(client, group)
        page = client.get(reverse("introductions:sent", args=[group.slug]))
        url = page.context["withdraw_url"]
        body = page.content.decode()
        introduction = Introduction.objects.get()
        assert url == reverse("introductions:withdraw", args=[services.WITHDRAW_LINK.make(introduction)])
        assert f'href="{url}"' in body
        assert f'value="{absolute_url(url)}"' in body  # the whole address, to copy somewhere safe
        assert "deletes your details at once" in body
        assert "Keep the reference in case you need to ask us about your request." not in body

    def test_opening_the_link_only_asks(self, client, group):
        url = withdraw_url(client, group)
        page = client.get(url)
        assert page.status_code == 200
        assert Introduction.objects.exists()
        body = page.content.decode()
        assert 'method="post"' in body and "Stroke Club" in body
        assert "07700" not in body  # the link alone does not show the details again

    def test_withdrawing_deletes_the_details_at_once_and_tells_the_coordinators_without_them(self, client, group):
        url = withdraw_url(client, group)
        reference = Introduction.objects.get().reference
        mail.outbox.clear()
        response = client.post(url)
        assert response.status_code == 200
        assert "deleted" in response.content.decode()
        assert not Introduction.objects.exists()
        (email,) = mail.outbox
        assert email.to == ["alice@example.org"]
        assert reference in email.body and "withdrawn" in email.body.lower()
        assert "Mukti" not in email.body and "07700" not in email.body and "Evenings" not in email.body

    def test_only_a_count_of_a_withdrawn_request_remains(self, client, group):
        client.post(withdraw_url(client, group))
        count = IntroductionCount.objects.get()
        assert (count.group, count.outcome, count.count) == (group, Outcome.WITHDRAWN, 1)

    def test_the_link_works_once(self, client, group):
        url = withdraw_url(client, group)
        client.post(url)
        again = client.post(url)
        assert again.status_code == 400
        assert "This link no longer works" in again.content.decode()
        assert IntroductionCount.objects.get().count == 1

    @pytest.mark.parametrize("token", ["forged", "1:abc:def"])
    def test_a_forged_link_is_refused_clearly(self, client, group, token):
        ask(client, group)
        response = client.post(reverse("introductions:withdraw", args=[token]))
        assert response.status_code == 400 and "This link no longer works" in response.content.decode()
        assert Introduction.objects.exists()

    def test_a_link_made_for_another_purpose_is_refused(self, client, group):
        from directory.services import confirm_token

        ask(client, group)
        response = client.post(reverse("introductions:withdraw", args=[confirm_token(group)]))
        assert response.status_code == 400 and Introduction.objects.exists()

    def test_the_link_stops_working_when_the_details_would_be_gone_anyway(self, client, group, settings):
        url = withdraw_url(client, group)
        with time_machine.travel(datetime.datetime.now() + datetime.timedelta(days=settings.INTRODUCTION_MAX_DAYS,
                                                                             hours=1)):
            assert client.get(url).status_code == 400


class TestGroupsNobodyIsReading:
    """A group with no active coordinator on the hub is kept by the self-help team: nobody
    would read a request, so none can be sent."""

    @pytest.mark.parametrize("how", ["no coordinator", "coordinator's account closed"])
    def test_people_cannot_ask_it_to_get_in_touch(self, client, how, alice):
        group = make_group(name="Kept Club", slug="kept-club", contact_route=Group.ContactRoute.BOTH,
                           phone="0115 496 0101")
        if how != "no coordinator":
            make_coordinator(group, alice)
            alice.is_active = False
            alice.save()
        page = client.get(reverse("introductions:get-in-touch", args=[group.slug]))
        assert page.context["form"] is None
        assert "kept by the self-help team" in page.content.decode()
        assert "0115 496 0101" in page.content.decode()
        response = client.post(reverse("introductions:get-in-touch", args=[group.slug]), {"name": "Mukti"})
        assert response.status_code == 400
        assert not Introduction.objects.exists()

    def test_practitioners_cannot_ask_it_to_contact_their_client(self, group, pat):
        group.coordinators.all().delete()
        with pytest.raises(services.Refused):
            services.introduce_for_client(group, pat, {
                "direction": "group_contacts", "name": "Mukti", "contact_method": "phone",
                "contact_value": "07700 900123", "agreed_how": "in_person",
                "agreed_on": datetime.date.today()})
        assert not Introduction.objects.exists()


class TestStaffEraseByReference:
    def erase(self, client, reference, confirm=False):
        data = {"reference": reference}
        if confirm:
            data["confirm"] = "yes"
        return client.post(reverse("introductions:erase"), data)

    def test_staff_erase_a_request_by_its_reference_without_seeing_it(self, client, group, sam):
        ask(client, group)
        introduction = Introduction.objects.get()
        client.force_login(sam)
        form = client.get(reverse("introductions:erase"))
        assert form.status_code == 200 and 'name="reference"' in form.content.decode()
        check = self.erase(client, introduction.reference.lower().replace("-", " "))
        assert check.status_code == 200
        body = check.content.decode()
        assert introduction.reference in body and 'name="confirm"' in body
        assert "Mukti" not in body and "07700" not in body and "Evenings" not in body
        assert Introduction.objects.exists()
        done = self.erase(client, introduction.reference, confirm=True)
        assert done.status_code == 302
        assert not Introduction.objects.exists()
        page = client.get(done["Location"]).content.decode()
        assert "Mukti" not in page and introduction.reference in page

    def test_the_count_remains_as_the_retention_purge_leaves_it(self, client, group, sam):
        ask(client, group)
        introduction = Introduction.objects.get()
        services.record_outcome(introduction, Outcome.CONTACTED)
        client.force_login(sam)
        self.erase(client, introduction.reference, confirm=True)
        count = IntroductionCount.objects.get()
        assert (count.group, count.outcome, count.count) == (group, Outcome.CONTACTED, 1)
        assert count.month == introduction.created_at.date().replace(day=1)

    @pytest.mark.parametrize("reference", ["ZZZZ-ZZZZ", "", "not a reference at all"])
    def test_an_unknown_reference_is_explained_and_nothing_is_erased(self, client, group, sam, reference):
        ask(client, group)
        client.force_login(sam)
        response = self.erase(client, reference, confirm=True)
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
        assert Introduction.objects.exists()

    def test_only_staff_can_erase(self, client, group, alice):
        ask(client, group)
        client.force_login(alice)
        assert self.erase(client, Introduction.objects.get().reference, confirm=True).status_code == 403
        assert Introduction.objects.exists()

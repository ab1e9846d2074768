"""The interest list, "I'd join a group about … near …": double opt-in, one-click unsubscribe,
retention, limits and bounds."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from directory.tests.factory import category
from outbox.models import OutboxMessage
from subscriptions import services
from subscriptions.models import Subscription

pytestmark = pytest.mark.django_db

URL = reverse("subscriptions:start-a-group")


def ask(client, **overrides):
    data = {"subject": "endometriosis", "place": "ng7", "miles": "10", "email": "Jean@Example.org",
            "consent": "on", "website": ""}
    data.update(overrides)
    return client.post(URL, data)


def link_in(message, name):
    path = reverse(f"subscriptions:{name}", args=["TOKEN"]).replace("TOKEN/", "")
    return re.search(re.escape(path) + r"[^\s/]+/", message.body).group(0)


def confirmation(client):
    ask(client)
    [message] = mail.outbox
    return message


class TestAsking:
    def test_the_page_says_what_starting_a_group_involves_and_links_to_the_team(self, client):
        page = client.get(URL).content.decode()
        assert "What starting a group involves" in page and "How the self-help team helps" in page
        assert reverse("enquiries:contact") + "?topic=no_group" in page
        assert "until I unsubscribe" in page  # what is kept and when it is deleted

    def test_the_subscription_keeps_the_district_its_centre_and_the_address_in_its_one_form(self, client):
        response = ask(client)
        assert response.status_code == 302 and response["Location"] == reverse("subscriptions:check-your-email")
        subscription = Subscription.objects.get()
        assert (subscription.email, subscription.subject.slug, subscription.district, subscription.miles) == (
            "jean@example.org", "endometriosis", "NG7", 10)
        assert subscription.latitude == pytest.approx(52.958, abs=0.01)
        assert not subscription.is_confirmed

    def test_a_full_postcode_is_kept_only_as_its_district(self, client):
        ask(client, place="NG1 5FW")
        assert Subscription.objects.get().district == "NG1"

    def test_only_the_confirmation_is_sent_before_confirming(self, client):
        message = confirmation(client)
        assert message.to == ["jean@example.org"]
        assert "confirm" in message.subject.lower()
        subscription = Subscription.objects.get()
        with pytest.raises(services.NotConfirmed):
            services.email_subscriber(subscription, "subscription-new-groups", {"groups": []})
        assert len(mail.outbox) == 1

    def test_every_message_carries_the_one_click_unsubscribe_headers(self, client):
        message = confirmation(client)
        token = Subscription.objects.get().token
        assert message.extra_headers["List-Unsubscribe"].endswith(
            reverse("subscriptions:unsubscribe", args=[token]) + ">")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    def test_the_outbox_keeps_the_headers_for_sending(self, client, settings):
        settings.EMAIL_BACKEND = "outbox.backends.OutboxEmailBackend"
        ask(client)
        stored = OutboxMessage.objects.get()
        assert stored.to_email_message().extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    def test_asking_again_sends_the_confirmation_again_and_makes_no_second_subscription(self, client):
        ask(client)
        ask(client, email="jean@example.org", miles="25")
        assert Subscription.objects.get().miles == 25
        assert len(mail.outbox) == 2

    def test_a_confirmed_address_asking_again_is_sent_nothing_and_told_nothing(self, client):
        ask(client)
        services.confirm(Subscription.objects.get())
        response = ask(client)
        assert response["Location"] == reverse("subscriptions:check-your-email")
        assert len(mail.outbox) == 1

    @pytest.mark.parametrize(("overrides", "message"), [
        ({"subject": ""}, "Choose what the group would be about"),
        ({"subject": "no-such-subject"}, "Choose a subject from the list"),
        ({"place": ""}, "Enter a postcode or a town"),
        ({"place": "Atlantis"}, "We couldn’t find"),
        ({"place": "BT1 1AA"}, "Northern Ireland"),
        ({"email": "not an address"}, "Enter a valid email address"),
        ({"email": "bob@nhſ.net"}, "plain letters"),
        ({"miles": "7"}, "Choose a distance from the list"),
        ({"consent": ""}, "Tick the box to say you agree"),
        ({"place": "x" * 61}, "not a sentence"),
        ({"email": "a" * 250 + "@example.org"}, "at most 254 characters"),
    ])
    def test_bad_details_are_explained_and_nothing_is_kept(self, client, overrides, message):
        response = ask(client, **overrides)
        assert response.status_code == 200
        page = response.content.decode()
        assert message in page
        assert "Error:" in page.split("</title>")[0]
        assert not Subscription.objects.exists() and not mail.outbox

    @pytest.mark.parametrize("field", ["place", "email", "subject"])
    def test_a_2_mb_value_gets_a_plain_page_and_nothing_is_kept(self, client, field):
        response = ask(client, **{field: "x" * 2_000_000})
        assert response.status_code == 413
        page = response.content.decode()
        assert "What you sent was too long" in page and '<main id="main-content"' in page
        assert not Subscription.objects.exists() and not mail.outbox

    def test_the_honeypot_turns_spam_away(self, client):
        assert ask(client, website="http://spam.example").status_code == 400
        assert not Subscription.objects.exists()

    def test_the_search_pages_link_fills_in_the_subject_and_place(self, client):
        form = client.get(URL + "?subject=endometriosis&place=NG7+2RD").context["form"]
        assert form.initial == {"subject": "endometriosis", "place": "NG7 2RD"}


class TestLimits:
    def test_the_thousandth_request_from_one_visitor_is_refused_with_a_clear_message(self, client, settings):
        settings.SUBSCRIPTIONS_PER_HOUR_PER_SENDER = 999
        for number in range(999):
            Subscription.objects.create(email=f"p{number}@example.org", district="NG7", subject=category("cancer"))
        from accounts import limits
        for _ in range(999):
            limits.SUBSCRIPTIONS_FROM_ADDRESS.count("127.0.0.1")
        response = ask(client)
        assert response.status_code == 400
        assert "several lists in the last hour" in response.content.decode()
        assert not Subscription.objects.filter(email="jean@example.org").exists() and not mail.outbox

    def test_one_address_gets_a_few_confirmations_a_day_whoever_asks(self, client, settings):
        settings.SUBSCRIPTION_EMAILS_PER_DAY = 2
        for subject in ["endometriosis", "cancer", "arthritis"]:
            response = ask(client, subject=subject, REMOTE_ADDR="10.0.0.9")
            assert response.status_code == 302  # the page reads the same whether sent or not
        assert len(mail.outbox) == 2


class TestConfirming:
    def test_the_link_asks_then_confirms_once_and_says_what_happens_next(self, client):
        link = link_in(confirmation(client), "confirm")
        assert "Yes, add me to the list" in client.get(link).content.decode()
        assert not Subscription.objects.get().is_confirmed  # a link checker's GET confirms nothing
        response = client.post(link)
        assert response["Location"] == reverse("subscriptions:confirmed")
        page = client.get(response["Location"]).content.decode()
        assert "What happens next" in page
        assert Subscription.objects.get().is_confirmed
        again = client.post(link)
        assert again.status_code == 400 and "This link doesn’t work" in again.content.decode()

    def test_a_tampered_link_is_refused_with_a_clear_page(self, client):
        link = link_in(confirmation(client), "confirm")
        response = client.get(link[:-3] + "x/")
        assert response.status_code == 400
        assert "This link doesn’t work" in response.content.decode()
        assert client.post(link[:-3] + "x/").status_code == 400
        assert not Subscription.objects.get().is_confirmed

    def test_the_link_stops_working_when_the_subscription_is_deleted_unconfirmed(self, client, settings):
        link = link_in(confirmation(client), "confirm")
        with time_machine.travel(timezone.now() + datetime.timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS, hours=1)):
            assert services.purge() == {"deleted": 1}
            assert client.get(link).status_code == 400


class TestUnsubscribing:
    def test_one_click_from_the_email_then_the_button_deletes_the_address(self, client):
        message = confirmation(client)
        link = link_in(message, "unsubscribe")
        assert "Unsubscribe and delete my address" in client.get(link).content.decode()
        assert Subscription.objects.exists()
        response = client.post(link)
        assert response.status_code == 200 and "You have unsubscribed" in response.content.decode()
        assert not Subscription.objects.filter(email="jean@example.org").exists()
        assert client.get(link).status_code == 404  # and says so plainly
        assert client.post(link).status_code == 200  # twice is still unsubscribed

    def test_a_mail_programs_one_click_post_needs_no_form_token(self, client):
        link = link_in(confirmation(client), "unsubscribe")
        from django.test import Client
        strict = Client(enforce_csrf_checks=True)
        response = strict.post(link, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        assert not Subscription.objects.exists()

    def test_a_confirmed_subscribers_waiting_emails_go_with_it(self, client, settings):
        settings.EMAIL_BACKEND = "outbox.backends.OutboxEmailBackend"
        ask(client)
        subscription = Subscription.objects.get()
        services.confirm(subscription)
        services.email_subscriber(subscription, "subscription-new-groups", {
            "groups": [{"name": "A", "url": "http://x/", "online": False}], "subject": "S", "district": "NG7",
            "miles": 10})
        assert OutboxMessage.objects.filter(status="queued").count() == 2
        services.unsubscribe(subscription)
        assert not OutboxMessage.objects.filter(recipients="jean@example.org").exists()


class TestRetention:
    def test_unconfirmed_subscriptions_go_after_a_few_days_and_confirmed_ones_stay(self, client, settings):
        ask(client)
        ask(client, email="kept@example.org")
        services.confirm(Subscription.objects.get(email="kept@example.org"))
        assert services.purge() == {"deleted": 0}
        later = timezone.now() + datetime.timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS, minutes=1)
        assert services.purge(later) == {"deleted": 1}
        assert list(Subscription.objects.values_list("email", flat=True)) == ["kept@example.org"]

    def test_the_purge_is_a_scheduled_job(self, settings):
        assert "subscriptions.services.purge" in settings.SCHEDULED_JOBS
        assert "subscriptions.jobs.tell_of_new_groups" in settings.SCHEDULED_JOBS


class TestInTheirLanguage:
    def test_asking_in_welsh_keeps_welsh_and_every_email_and_link_follows_it(self, client):
        client.post("/cy" + URL, {"subject": "endometriosis", "place": "ng7", "miles": "10",
                                  "email": "gwen@example.org", "consent": "on", "website": ""})
        subscription = Subscription.objects.get()
        assert subscription.language == "cy"
        [message] = mail.outbox
        with translation.override("cy"):
            confirm = translation.gettext("To confirm, open this link within %(days)s days:")
        assert confirm.startswith("I gadarnhau") and confirm.split("%(days)s")[0] in message.body
        assert "/cy/subscriptions/" in message.body  # the links lead to Welsh pages
        assert "/cy/subscriptions/unsubscribe/" in message.extra_headers["List-Unsubscribe"]

    def test_asking_in_english_keeps_no_language(self, client):
        ask(client)
        assert Subscription.objects.get().language == ""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from directory.tests.factory import make_user
from lib.urls import absolute_url
from outbox.models import OutboxMessage
from outbox.notify import later, notify

pytestmark = pytest.mark.django_db

NOTICE = {"subject": "Tea & biscuits\nat <the> hall", "message": "Bring a friend & a cup.", "url": "https://x/y/"}


def test_each_address_gets_its_own_message_in_the_outbox(outbox_settings):
    queued = notify(["ann@example.org", "", "bob@example.org", "ann@example.org"], "support-notice", NOTICE)

    assert queued == 2
    messages = OutboxMessage.objects.order_by("pk")
    assert [message.recipient_list for message in messages] == [["ann@example.org"], ["bob@example.org"]]
    message = messages[0]
    assert message.subject == "Tea & biscuits at <the> hall"  # one line, and plain text is not HTML-escaped
    assert "Bring a friend & a cup." in message.body_text and outbox_settings.SITE_NAME in message.body_text
    assert message.from_email == outbox_settings.DEFAULT_FROM_EMAIL


def test_a_step_that_rolls_back_sends_nothing(outbox_settings):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(["ann@example.org"], "support-notice", NOTICE)
        raise RuntimeError("the step failed after writing its email")

    assert not OutboxMessage.objects.exists()


def test_nobody_to_tell_is_nothing_to_send(outbox_settings):
    assert notify([], "support-notice", NOTICE) == 0
    assert not OutboxMessage.objects.exists()


def test_a_subject_built_from_a_name_with_line_breaks_or_control_characters_still_goes(outbox_settings):
    """Names are refused these characters now; one stored before must not stop its emails."""
    notice = {**NOTICE, "subject": "Stroke\r\nBcc: all@example.org\x00 Club\u202e"}
    assert notify(["ann@example.org"], "support-notice", notice) == 1

    message = OutboxMessage.objects.get()
    assert message.subject == "Stroke Bcc: all@example.org Club"
    assert message.to_email_message().message()["Subject"] == "Stroke Bcc: all@example.org Club"


class TestTheReadersLanguage:
    """Each message in its reader's language, never in that of whoever caused it."""

    def test_an_account_holder_who_chose_welsh_is_written_to_in_welsh_others_in_english(self, outbox_settings):
        make_user("gwen@example.org", language="cy")
        make_user("ann@example.org")
        with translation.override("cy"):  # a Welsh visitor's request causes the email
            notify(["gwen@example.org", "ann@example.org"], "support-notice", NOTICE)
        welsh, english = (OutboxMessage.objects.get(recipients=address)
                          for address in ("gwen@example.org", "ann@example.org"))
        with translation.override("cy"):
            greeting = translation.gettext("Hello,")
        assert greeting != "Hello,"
        assert greeting in welsh.body_text and "Hello," in english.body_text

    def test_a_language_that_covers_only_the_public_pages_leaves_account_emails_in_english(self, outbox_settings):
        make_user("amira@example.org", language="ur")
        notify(["amira@example.org"], "support-notice", NOTICE)
        assert "Hello," in OutboxMessage.objects.get().body_text

    def test_the_caller_may_name_the_language(self, outbox_settings):
        notify(["someone@example.org"], "support-notice", NOTICE, language="cy")
        assert "Hello," not in OutboxMessage.objects.get().body_text

    def test_words_the_caller_passes_later_are_worded_for_each_reader_not_the_caller(self, outbox_settings):
        make_user("gwen@example.org", language="cy")
        notice = {**NOTICE, "subject": later(lambda: translation.gettext("Someone can help")),
                  "message": later(translation.gettext, "Hello,")}
        with translation.override("cy"):  # whoever acted reads Welsh
            notify(["gwen@example.org", "ann@example.org"], "support-notice", notice)
        welsh, english = (OutboxMessage.objects.get(recipients=address)
                          for address in ("gwen@example.org", "ann@example.org"))
        with translation.override("cy"):
            subject = translation.gettext("Someone can help")
        assert subject != "Someone can help"
        assert (welsh.subject, english.subject) == (subject, "Someone can help")
        assert english.body_text.startswith("Hello,\n\nHello,\n")


def test_the_sites_links_lead_each_reader_to_the_page_in_their_language(outbox_settings):
    make_user("gwen@example.org", language="cy")
    with translation.override("cy"):  # someone acting on the Welsh pages made the link
        link = absolute_url(reverse("support:mine"))
    assert "/cy/" in link
    notify(["gwen@example.org", "ann@example.org"], "support-notice", {**NOTICE, "url": link + "?page=2"})
    welsh, english = (OutboxMessage.objects.get(recipients=address).body_text
                      for address in ("gwen@example.org", "ann@example.org"))
    assert link + "?page=2" in welsh
    assert absolute_url(reverse("support:mine")) + "?page=2" in english and "/cy/" not in english

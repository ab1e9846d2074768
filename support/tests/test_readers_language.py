"""Every word of a support notice is in its reader's language, whoever acted and in whichever
language: the subject, the sentence, the kind of help, the date and the contact lines. The
expected words are the catalogue's own (gettext inside translation.override), so a sentence
left in English in a Welsh email, or Welsh in an English one, fails."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from directory.recurrence import format_day
from support import contacts, services
from support.kinds import Role
from support.tests.factory import days, make_request, make_worker

pytestmark = pytest.mark.django_db


def in_language(code, words):
    """`words()` as the catalogue of `code` words it."""
    with translation.override(code):
        return words()


def only_message_to(address):
    messages = [message for message in mail.outbox if message.to == [address]]
    assert len(messages) == 1
    return messages[0]


def test_a_welsh_speaking_coordinator_reads_an_english_practitioners_offer_wholly_in_welsh(client, group, alice):
    alice.language = "cy"
    alice.save(update_fields=["language"])
    pat = make_worker("pat@example.org", roles=[Role.BRIDGE_BUILDER])
    support_request = make_request(group, kind="getting_known")
    client.force_login(pat)  # in English: the page's address has no language
    client.post(reverse("support:offer-help", args=[support_request.pk]),
                {"role": "bridge_builder", "message": "I could put your leaflets in our clinics."})

    def sentence():
        return gettext("%(name)s of %(agency)s has offered to help with: %(kind)s. You decide whether to take it "
                       "up.") % {"name": pat, "agency": pat.team.agency.name,
                                 "kind": support_request.get_kind_display()}

    def subject():
        return gettext("%(group)s: %(subject)s") % {"group": group.name,
                                                    "subject": gettext("Someone has offered to help")}

    welsh, english = in_language("cy", sentence), in_language("en-gb", sentence)
    assert welsh != english
    kind_in_english = in_language("en-gb", support_request.get_kind_display)
    assert in_language("cy", support_request.get_kind_display) != kind_in_english
    message = only_message_to("alice@example.org")
    assert message.subject == in_language("cy", subject) != in_language("en-gb", subject)
    assert welsh in message.body and english not in message.body and kind_in_english not in message.body
    assert in_language("cy", lambda: gettext("Hello,")) in message.body and "Hello," not in message.body


def test_an_english_practitioner_asked_by_a_coordinator_acting_in_welsh_reads_it_wholly_in_english(people):
    pat, group = people["pat"], people["group"]
    support_request = make_request(group, kind="getting_known")
    with translation.override("cy"):  # alice asks on the Welsh pages
        services.group_asks(support_request, pat)

    message = only_message_to("pat@example.org")
    assert message.subject == f"{group.name} asks if you could help"
    kind = in_language("en-gb", support_request.get_kind_display)
    assert (f"{group.name} is looking for: {kind}. They would like to know if you could help. Please answer on "
            "your support page.") in message.body
    assert in_language("cy", support_request.get_kind_display) not in message.body
    assert in_language("cy", lambda: gettext("Hello,")) not in message.body


def test_a_visit_called_off_in_welsh_reaches_an_english_practitioner_with_an_english_date(client, people):
    pat, group = people["pat"], people["group"]
    client.force_login(pat)
    client.post(reverse("support:visit-ask", args=[group.slug]),
                {"purpose": "To learn what helps members.", "date": group.meeting_days()[0].isoformat()})
    visit = group.visit_requests.get()
    client.force_login(people["alice"])
    client.post(visit.get_absolute_url(), {"decision": "accept"})
    mail.outbox.clear()
    with translation.override("cy"):
        services.call_off_visit(visit)

    message = only_message_to("pat@example.org")
    english_day, welsh_day = in_language("en-gb", lambda: format_day(visit.date)), in_language(
        "cy", lambda: format_day(visit.date))
    assert english_day != welsh_day
    assert message.subject == f"{group.name}: your visit on {english_day} is called off"
    assert f"{group.name} has decided not to have a visitor at its meeting on {english_day}." in message.body
    assert welsh_day not in message.subject + message.body


def test_a_welsh_speaking_practitioner_reads_an_arrangement_and_the_groups_contact_in_welsh(people):
    pat, group = people["pat"], people["group"]
    pat.language = "cy"
    pat.save(update_fields=["language"])
    support_request = make_request(group, kind="getting_known")
    services.accept(support_request, people["alice"], pat, "Leaflets in our clinics", "bridge_builder", days(60))

    message = only_message_to("pat@example.org")
    reach = contacts.of_group(group).as_text
    assert in_language("cy", reach) != in_language("en-gb", reach)
    assert in_language("cy", reach) in message.body and in_language("en-gb", reach) not in message.body
    assert message.subject == in_language("cy", lambda: gettext("%(group)s has agreed an arrangement with you")
                                          % {"group": group.name})

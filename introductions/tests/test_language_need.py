"""An introduction can say which language the person would like the group to use and
whether they would like an interpreter: asked on both forms, named in the consent
statement, read by the group's coordinators only, and deleted with the rest."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import translation

from directory.models import Group, Language
from directory.tests.factory import make_coordinator, make_group
from introductions import services
from introductions.models import Introduction, IntroductionCount

from .test_introductions import ask

pytestmark = pytest.mark.django_db

BENGALI_INTERPRETER = {"language": "bn", "interpreter": "yes"}


def get_in_touch_url(group, language="en-gb"):
    with translation.override(language):
        return reverse("introductions:get-in-touch", args=[group.slug])


def introduce(client, group, **overrides):
    return client.post(reverse("introductions:introduce", args=[group.slug]), {
        "direction": "group_contacts", "name": "Mrs Ahmed", "contact_method": "phone",
        "contact_value": "07700 900555", "agreed_how": "in_person",
        "agreed_on": datetime.date.today().isoformat(), "consent": "on", **overrides,
    })


class TestThePublicForm:
    def test_it_keeps_the_language_and_the_interpreter_and_the_consent_names_them(self, client, group):
        assert ask(client, group, **BENGALI_INTERPRETER).status_code == 302
        introduction = Introduction.objects.get()
        assert (introduction.language.name, introduction.language_other, introduction.interpreter) == (
            "Bengali", "", "yes")
        assert "preferred language, need for an interpreter" in introduction.consent_text
        assert introduction.language_need == "Prefers Bengali; would like an interpreter"

    def test_the_consent_statement_shown_is_the_one_kept(self, client, group):
        page = client.get(get_in_touch_url(group)).content.decode()
        ask(client, group, **BENGALI_INTERPRETER)
        assert Introduction.objects.get().consent_text in page

    def test_both_questions_are_optional(self, client, group):
        assert ask(client, group).status_code == 302
        introduction = Introduction.objects.get()
        assert (introduction.language, introduction.language_other, introduction.interpreter) == (None, "", "")
        assert introduction.language_need == ""

    def test_a_language_the_list_lacks_can_be_written_in(self, client, group):
        assert ask(client, group, language="other", language_other=" Tigrinya ", interpreter="no").status_code == 302
        introduction = Introduction.objects.get()
        assert (introduction.language, introduction.language_other) == (None, "Tigrinya")
        assert introduction.language_need == "Prefers Tigrinya; no interpreter needed"

    def test_an_interpreter_can_be_asked_for_without_a_language(self, client, group):
        ask(client, group, interpreter="yes")
        assert Introduction.objects.get().language_need == "Would like an interpreter"

    @pytest.mark.parametrize(("overrides", "message"), [
        ({"language": "klingon"}, "Choose a language from the list."),
        ({"language": "other"}, "Write which language, or choose one from the list."),
        ({"language": "bn", "language_other": "Sylheti"}, "You chose Bengali from the list"),
        ({"language": "other", "language_other": "x" * 101}, "Use 100 characters or fewer for the language."),
        ({"language": "other", "language_other": "Tigrinya\nand more"}, "Keep this to one line"),
        ({"interpreter": "maybe"}, "Choose yes, no or prefer not to say."),
    ])
    def test_what_cannot_be_a_language_need_is_explained_and_nothing_is_stored(self, client, group, overrides,
                                                                              message):
        response = ask(client, group, **overrides)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Introduction.objects.exists()

    def test_read_in_urdu_it_chooses_urdu(self, client, group):
        page = client.get(get_in_touch_url(group, "ur")).content.decode()
        assert re.search(r'<option value="ur" selected>اردو</option>', page)  # named in Urdu, for an Urdu reader

    @pytest.mark.parametrize("language", ["en-gb", "zh-hans"])
    def test_read_in_english_or_chinese_it_chooses_nothing(self, client, group, language):
        """English is no sign of a preference; Simplified Chinese is read by speakers of
        Mandarin and Cantonese alike."""
        page = client.get(get_in_touch_url(group, language)).content.decode()
        assert '<option value="" selected>' in page
        assert page.count(" selected>") == 1

    def test_the_questions_come_after_the_contact_details_and_need_no_script(self, client, group):
        page = client.get(get_in_touch_url(group)).content.decode()
        form = page[page.index('<form method="post"'):page.index("</form>")]
        assert form.index('name="good_times"') < form.index('name="language"') < form.index(
            'name="language_other"') < form.index('name="interpreter"') < form.index('name="message"')
        assert "<legend>Would you like an interpreter?</legend>" in form
        assert "<script" not in form


class TestWhoSeesIt:
    def test_the_group_s_coordinators_read_it_in_their_inbox(self, client, group, alice):
        ask(client, group, **BENGALI_INTERPRETER)
        client.force_login(alice)
        page = client.get(reverse("introductions:inbox", args=[group.slug])).content.decode()
        assert "Prefers Bengali; would like an interpreter" in page

    @pytest.mark.parametrize("who", ["sam", "charlie", "pat"])
    def test_nobody_else_reads_it(self, client, group, who, request):
        ask(client, group, **BENGALI_INTERPRETER)
        person = request.getfixturevalue(who)
        if who == "charlie":
            make_coordinator(make_group(name="Other"), person)
        client.force_login(person)
        response = client.get(reverse("introductions:inbox", args=[group.slug]))
        assert response.status_code in (403, 404)
        assert "Bengali" not in response.content.decode()

    def test_the_coordinators_email_does_not_carry_it(self, client, group):
        """Emails to groups carry a link, never the person's details (the privacy page says so)."""
        ask(client, group, **BENGALI_INTERPRETER)
        body = mail.outbox[-1].body
        assert "/introductions/" in body
        assert "Bengali" not in body and "interpreter" not in body

    def test_staff_counts_never_show_it(self, client, group, sam):
        ask(client, group, **BENGALI_INTERPRETER)
        client.force_login(sam)
        page = client.get(reverse("introductions:staff-counts")).content.decode()
        assert "Stroke Club" in page
        assert "Bengali" not in page and "interpreter" not in page


class TestPractitioners:
    def test_a_practitioner_records_their_client_s_language_need(self, client, group, pat):
        client.force_login(pat)
        form = client.get(reverse("introductions:introduce", args=[group.slug])).content.decode()
        assert "Which language would your client like the group to use?" in form
        assert introduce(client, group, language="ur", interpreter="yes").status_code == 302
        assert Introduction.objects.get().language_need == "Prefers Urdu; would like an interpreter"

    def test_the_practitioner_s_list_stays_without_it(self, client, group, pat):
        client.force_login(pat)
        introduce(client, group, language="ur", interpreter="yes")
        assert "Urdu" not in client.get(reverse("introductions:mine")).content.decode()

    def test_it_is_refused_the_same_way(self, client, group, pat):
        client.force_login(pat)
        response = introduce(client, group, language="klingon")
        assert "Choose a language from the list." in response.content.decode()
        assert not Introduction.objects.exists()

    def test_when_the_client_will_make_contact_it_is_not_kept(self, client, group, pat):
        client.force_login(pat)
        introduce(client, group, direction="person_contacts", language="ur", language_other="", interpreter="yes")
        introduction = Introduction.objects.get()
        assert (introduction.language, introduction.interpreter) == (None, "")

    def test_a_group_that_takes_no_requests_is_told_nothing_so_nothing_is_asked(self, client, pat):
        group = make_group(name="Direct", contact_route=Group.ContactRoute.DIRECT, phone="0115 496 0101")
        client.force_login(pat)
        form = client.get(reverse("introductions:introduce", args=[group.slug])).content.decode()
        assert "interpreter" not in form and 'name="language"' not in form


class TestDeletion:
    def test_it_is_deleted_with_the_request_and_the_count_keeps_nothing_of_it(self, client, group):
        with time_machine.travel(datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.UTC)):
            ask(client, group, **BENGALI_INTERPRETER)
        with time_machine.travel(datetime.datetime(2026, 10, 31, 11, tzinfo=datetime.UTC)):
            assert services.purge() == {"deleted": 1}
        assert not Introduction.objects.exists()
        assert [field.name for field in IntroductionCount._meta.get_fields()] == [
            "id", "group", "month", "direction", "made_by", "outcome", "count"]

    def test_a_language_a_request_names_cannot_be_deleted_from_under_it(self, client, group):
        ask(client, group, **BENGALI_INTERPRETER)
        with pytest.raises(ProtectedError):
            Language.objects.get(code="bn").delete()
        services.forget(Introduction.objects.get())
        Language.objects.get(code="bn").delete()

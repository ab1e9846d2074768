"""A group's own well-being reflection: private, published only as a summary the group writes."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from directory.tests.factory import make_coordinator, make_group
from insights import data
from voice import services, wellbeing
from voice.models import Reflection
from voice.tests.factory import all_answers, make_reflection

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(alice, sam):
    group = make_group(name="Carers Together", slug="carers-together", categories=["caring-for-an-adult"])
    make_coordinator(group, alice)
    return {"group": group, "alice": alice, "staff": sam}


def form_data(**overrides):
    data = {f"answer_{key}": value for key, value in all_answers(wellbeing.Answer.NOT_SURE).items()}
    data.update({"held_on": timezone.localdate().isoformat(), "own_words": "We are less alone.",
                 "words_control": "", "words_resilience": "People text each other between meetings.",
                 "words_participation": "", "words_five_ways": ""})
    data.update(overrides)
    return data


def test_the_checklist_follows_table_2_and_the_five_ways():
    assert [heading.title for heading in wellbeing.CHECKLIST] == [
        "Enhancing control", "Increasing resilience and community assets", "Facilitating participation and inclusion"]
    assert [len(h.individual) for h in wellbeing.CHECKLIST] == [4, 5, 3]
    assert [len(h.community) for h in wellbeing.CHECKLIST] == [6, 6, 7]
    assert [item.label for item in wellbeing.FIVE_WAYS] == ["Connect", "Be active", "Take notice", "Keep learning",
                                                            "Give"]
    assert len(wellbeing.ITEMS_BY_KEY) == len(wellbeing.ALL_ITEMS) == 36
    assert [label for _key, label in wellbeing.Answer.CHOICES] == ["Strong", "Some", "Not for us", "Not sure"]


class TestMakingAReflection:
    url = reverse("voice:new-reflection", args=["carers-together"])

    def test_a_coordinator_saves_a_reflection_that_stays_private(self, client, people):
        client.force_login(people["alice"])
        response = client.post(self.url, form_data(answer_belonging="strong", answer_give="strong"))
        reflection = Reflection.objects.get()
        assert response["Location"] == reverse("voice:reflection", args=["carers-together", reflection.pk])
        assert reflection.answers["belonging"] == "strong" and reflection.answers["connect"] == "not_sure"
        assert reflection.created_by == people["alice"] and reflection.published_at is None
        page = client.get(response["Location"]).content.decode()
        assert "People text each other between meetings." in page
        client.logout()
        assert "We are less alone" not in client.get(people["group"].get_absolute_url()).content.decode()

    def test_an_answer_that_is_not_one_of_the_four_is_refused_and_nothing_is_saved(self, client, people):
        client.force_login(people["alice"])
        response = client.post(self.url, form_data(answer_give="brilliant"))
        page = response.content.decode()
        assert "There is a problem" in page and "Select a valid choice" in page
        assert 'href="#id_answer_give_group"' in page
        assert not Reflection.objects.exists()

    def test_a_part_answered_reflection_is_saved_and_finished_later(self, client, people):
        client.force_login(people["alice"])
        data = {key: value for key, value in form_data().items() if not key.startswith("answer_")}
        data.update(answer_sense_of_control="strong", answer_belonging="some")
        response = client.post(self.url, data)
        reflection = Reflection.objects.get()
        assert reflection.answers == {"sense_of_control": "strong", "belonging": "some"}
        assert (reflection.answered, reflection.is_finished) == (2, False)
        page = client.get(response["Location"]).content.decode()
        assert page.count("Not answered") == 34 and "There is a problem" not in page
        listing = client.get(reverse("voice:reflections", args=["carers-together"])).content.decode()
        change = reverse("voice:edit-reflection", args=["carers-together", reflection.pk])
        assert "part-answered (2 of 36)" in listing and f'href="{change}"' in listing
        client.post(change, form_data())
        reflection.refresh_from_db()
        assert reflection.is_finished
        listing = client.get(reverse("voice:reflections", args=["carers-together"])).content.decode()
        assert "part-answered" not in listing

    def test_a_date_in_the_future_is_refused(self, client, people):
        client.force_login(people["alice"])
        tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
        assert "can’t be in the future" in client.post(self.url, form_data(held_on=tomorrow)).content.decode()

    def test_it_can_be_changed_and_deleted(self, client, people):
        reflection = make_reflection(people["group"])
        client.force_login(people["alice"])
        client.post(reverse("voice:edit-reflection", args=["carers-together", reflection.pk]),
                    form_data(answer_connect="strong"))
        reflection.refresh_from_db()
        assert reflection.answers["connect"] == "strong"
        client.post(reverse("voice:delete-reflection", args=["carers-together", reflection.pk]))
        assert not Reflection.objects.exists()


class TestPublishing:
    def test_a_published_summary_appears_on_the_groups_page_and_nothing_else(self, client, people):
        reflection = make_reflection(people["group"], answers=all_answers(belonging="strong", connect="strong"),
                                     own_words="Private words nobody else should read.")
        client.force_login(people["alice"])
        url = reverse("voice:publish", args=["carers-together", reflection.pk])
        page = client.get(url).content.decode()
        assert "Members feel they belong." in page and "It helps us connect." in page  # a first draft, in plain words
        assert "There is a problem" in client.post(url, {"summary": ""}).content.decode()
        client.post(url, {"summary": "Members say they feel they belong here."})
        client.logout()
        page = client.get(people["group"].get_absolute_url()).content.decode()
        assert "What members say the group does for them" in page
        assert "Members say they feel they belong here." in page
        assert "Private words" not in page

        client.force_login(people["alice"])
        client.post(reverse("voice:unpublish", args=["carers-together", reflection.pk]))
        client.logout()
        assert "Members say they feel" not in client.get(people["group"].get_absolute_url()).content.decode()

    def test_publishing_another_replaces_the_first(self, people):
        first = make_reflection(people["group"], held_on=datetime.date(2025, 3, 1))
        second = make_reflection(people["group"])
        services.publish(first, "First.")
        services.publish(second, "Second.")
        first.refresh_from_db()
        assert first.published_at is None
        assert services.published_reflection(people["group"]) == second

    def test_the_database_allows_one_published_summary_per_group(self, people):
        make_reflection(people["group"], published_at=timezone.now(), summary="One.")
        with pytest.raises(IntegrityError):
            make_reflection(people["group"], published_at=timezone.now(), summary="Two.")


class TestStaffNeverSeeReflections:
    def test_staff_are_refused_every_reflection_page_and_see_only_counts_in_insight(self, client, people):
        reflection = make_reflection(people["group"], own_words="Unpublished private words.")
        client.force_login(people["staff"])
        for name, args in [("voice:reflections", []), ("voice:reflection", [reflection.pk]),
                           ("voice:compare", []), ("voice:publish", [reflection.pk]),
                           ("voice:edit-reflection", [reflection.pk])]:
            response = client.get(reverse(name, args=["carers-together", *args]))
            assert response.status_code == 403
            assert "Unpublished private words" not in response.content.decode()
        for url in [reverse("insights:reflections"), reverse("insights:reflections") + "?format=csv",
                    reverse("directory:manage", args=["carers-together"])]:
            page = client.get(url).content.decode()
            assert "Unpublished private words" not in page
            assert "Reflect on how the group is doing" not in page

    def test_counts_below_5_are_shown_as_fewer_than_5_and_none_as_0(self, people):
        make_reflection(people["group"])
        headline, by_year = data.reflections()
        # one group reflected (shown as fewer than 5); no summary is published (0 is 0)
        assert [str(row[1]) for row in headline.rows] == ["fewer than 5", "0"]
        for number in range(5):
            group = make_group(name=f"Reflecting {number}")
            make_reflection(group)
        headline, by_year = data.reflections()
        assert headline.rows[0][1] == 6
        assert by_year.rows[-1][1] == 6


def test_a_group_compares_its_reflections_over_time(client, people):
    make_reflection(people["group"], held_on=datetime.date(2025, 1, 10), answers=all_answers(belonging="some"))
    make_reflection(people["group"], held_on=datetime.date(2026, 1, 10), answers=all_answers(belonging="strong"))
    client.force_login(people["alice"])
    page = client.get(reverse("voice:compare", args=["carers-together"])).content.decode()
    assert "10 Jan 2025" in page and "10 Jan 2026" in page
    assert page.index("10 Jan 2025") < page.index("10 Jan 2026")
    table = services.comparison(people["group"].reflections.all())
    belonging = next(row for section in table for row in section["rows"] if row["item"].key == "belonging")
    assert belonging["answers"] == ["Some", "Strong"] and belonging["changed"]
    assert table[2]["strong"] == [0, 1]


def test_the_summary_offered_to_publish_is_in_everyday_words(people):
    from voice.services import draft_summary

    reflection = make_reflection(people["group"], answers=all_answers(
        wellbeing.Answer.SOME, sense_of_control="strong", belonging="strong", connect="strong", give="strong"))
    summary = draft_summary(reflection)
    assert summary == ("What members told us the group does for them: Members feel more in charge of their lives. "
                       "Members feel they belong. It helps us connect and give.")
    assert "A sense of control" not in summary  # the checklist's own term

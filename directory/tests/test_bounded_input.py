"""Bounded input (issue 14, item 6): overlong text, line breaks in a name and direction
overrides are refused with a clear message wherever a listing is written, and an
oversized request gets a plain page with nothing written. The rules are lib/text.py's."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from directory.models import Category, Group, GroupChange, Venue
from directory.tests.factory import make_coordinator, make_group
from directory.tests.test_manage import listing_data, send_listing
from lib.text import OWN_WORDS

pytestmark = pytest.mark.django_db

TWO_MB = "a" * (2 * 1024 * 1024)


@pytest.fixture
def group(alice):
    group = make_group(name="Tinnitus Circle", slug="tinnitus-circle")
    make_coordinator(group, alice)
    return group


def details_data(client, group, **changes):
    """The group's details form as it stands, with `changes`."""
    form = client.get(reverse("directory:edit-details", args=[group.slug])).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, "") and name != "languages"}
    data["categories"] = [c.pk for c in group.categories.all()]
    data.update({"email": "circle@example.org", "contact_route": "direct", "professionals_rule": "invitation"})
    data.update(changes)
    return data


class TestTheGroupsOwnWords:
    def test_a_2_mb_description_gets_a_plain_page_and_nothing_is_written(self, client, group, alice):
        client.force_login(alice)
        data = details_data(client, group, description=TWO_MB)

        response = client.post(reverse("directory:edit-details", args=[group.slug]), data)

        assert response.status_code == 413
        body = response.content.decode()
        assert "What you sent was too long" in body and "Nothing was saved" in body
        assert '<main id="main-content"' in body  # the site's own page, not a server error
        group.refresh_from_db()
        assert group.description == "We sit in a circle and talk."
        assert not group.history.exists()

    def test_a_description_over_the_bound_is_refused_by_the_form_with_a_message(self, client, group, alice):
        client.force_login(alice)
        data = details_data(client, group, description="a" * (OWN_WORDS + 1))

        response = client.post(reverse("directory:edit-details", args=[group.slug]), data)

        assert response.status_code == 200
        assert f"at most {OWN_WORDS:,} characters" in response.content.decode().replace("3000", "3,000")
        group.refresh_from_db()
        assert group.description == "We sit in a circle and talk."

    def test_a_description_at_the_bound_is_taken(self, client, group, alice):
        client.force_login(alice)
        data = details_data(client, group, description="a" * OWN_WORDS)

        assert client.post(reverse("directory:edit-details", args=[group.slug]), data).status_code == 302
        group.refresh_from_db()
        assert len(group.description) == OWN_WORDS

    def test_model_validation_refuses_it_too_so_the_admin_and_the_importer_do(self, group):
        group.description = "a" * (OWN_WORDS + 1)
        with pytest.raises(ValidationError) as refused:
            group.full_clean()
        assert "description" in refused.value.message_dict
        assert "description" in group.field_errors()


class TestOneLineNames:
    @pytest.mark.parametrize("name", ["Tinnitus\nCircle", "Tinnitus\r\nBcc: all@example.org"])
    def test_a_name_with_a_line_break_is_refused_when_editing(self, client, group, alice, name):
        client.force_login(alice)

        response = client.post(reverse("directory:edit-details", args=[group.slug]),
                               details_data(client, group, name=name))

        assert response.status_code == 200
        assert "Keep this to one line" in response.content.decode()
        group.refresh_from_db()
        assert group.name == "Tinnitus Circle"

    def test_a_name_with_a_line_break_is_refused_when_listing_a_group(self, client, pat):
        client.force_login(pat)
        data = listing_data(**{"group-categories": [Category.objects.get(slug="twins-multiples").pk],
                               "group-name": "Beeston\nTwins Club"})
        before = (Group.objects.count(), Venue.objects.count())

        response = send_listing(client, data)

        assert response.status_code == 200
        body = response.content.decode()
        assert "Keep this to one line" in body and "There is a problem" in body
        assert (Group.objects.count(), Venue.objects.count()) == before

    def test_a_right_to_left_override_is_refused_in_a_name_and_in_the_groups_words(self, client, group, alice):
        client.force_login(alice)
        url = reverse("directory:edit-details", args=[group.slug])

        for field in ["name", "description"]:
            response = client.post(url, details_data(client, group, **{field: "Grief group \u202epuorg"}))
            assert response.status_code == 200
            assert "change the direction of the text" in response.content.decode()
        group.refresh_from_db()
        assert "\u202e" not in group.name + group.description
        assert not group.history.filter(action=GroupChange.Action.EDITED).exists()

    def test_a_venue_name_with_a_line_break_is_refused(self, client, pat):
        client.force_login(pat)
        data = listing_data(**{"group-categories": [Category.objects.get(slug="twins-multiples").pk],
                               "meeting-venue_name": "Beeston\nLibrary"})

        response = send_listing(client, data)

        assert "Keep this to one line" in response.content.decode()
        assert not Group.objects.filter(name="Beeston Twins Club").exists()


class TestOversizedRequests:
    def test_too_many_fields_get_a_plain_page_and_nothing_is_written(self, client, group, alice, settings):
        client.force_login(alice)
        data = details_data(client, group, summary="Changed")
        data.update({f"extra{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)})

        response = client.post(reverse("directory:edit-details", args=[group.slug]), data)

        assert response.status_code == 400
        assert "far more parts than any of our forms" in response.content.decode()
        group.refresh_from_db()
        assert group.summary == "A friendly group."

    def test_a_2_mb_request_to_a_public_form_gets_the_same_page(self, group):
        from introductions.models import Introduction

        Group.objects.filter(pk=group.pk).update(contact_route=Group.ContactRoute.BOTH)
        # As in production, the CSRF check reads the form first, before any view.
        client = Client(enforce_csrf_checks=True)
        client.get(reverse("introductions:get-in-touch", args=[group.slug]))  # the CSRF cookie
        response = client.post(reverse("introductions:get-in-touch", args=[group.slug]), {"message": TWO_MB})

        assert response.status_code == 413
        assert "What you sent was too long" in response.content.decode()
        assert not Introduction.objects.exists()


class TestSearch:
    def test_a_2_mb_search_is_cut_with_a_message_and_answers_quickly(self, client):
        make_group(name="Tinnitus Circle", slug="tinnitus-circle")
        started = time.perf_counter()

        response = client.get(reverse("directory:search"), {"q": "tinnitus " + TWO_MB})

        assert time.perf_counter() - started < 5
        assert response.status_code == 200
        body = response.content.decode()
        assert "Your search was very long, so we used the first 200 characters." in body
        assert len(body) < 200_000  # the search is not shown back whole
        assert "Tinnitus Circle" in body

    def test_a_2_mb_place_is_refused_with_a_message(self, client):
        response = client.get(reverse("directory:search"), {"where": TWO_MB})

        assert response.status_code == 200
        assert "Enter a postcode or a town, not a sentence." in response.content.decode()

    def test_the_api_answers_a_2_mb_search_with_a_json_error(self, client):
        response = client.get("/api/services", {"search": TWO_MB})

        assert response.status_code == 400
        assert "search" in response.json()["error"]


class TestTheAdmin:
    def test_the_admin_refuses_a_name_with_a_direction_override(self, client, sam):
        from directory.models import Language

        client.force_login(sam)
        language = Language.objects.create(code="ti", name="Tigrinya")
        url = reverse("admin:directory_language_change", args=[language.pk])

        response = client.post(url, {"name": "Tigrinya\u202e"})

        assert response.status_code == 200
        assert response.context["adminform"].form.errors["name"] == [
            "Take out the invisible characters that change the direction of the text."]
        language.refresh_from_db()
        assert language.name == "Tigrinya"

"""What the pages cache (directory/caching.py) is never stale: each change shows at once,
in every language, and the freshness rules still decide which groups are counted."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from directory import caching
from directory.freshness import hidden_before
from directory.models import Category, Coverage, Group, Language
from directory.tests.factory import category, make_group
from directory.tests.test_views import text_of

pytestmark = pytest.mark.django_db


def test_the_cache_is_the_database_cache_shared_by_every_worker():
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    caching.remember("probe", lambda: "kept")
    assert caching.remember("probe", lambda: "built again") == "kept"


def test_a_new_group_changes_the_home_pages_subject_counts_at_once(client):
    make_group(categories=["diabetes"])
    assert "Health conditions 1 group" in text_of(client.get("/"))
    make_group(categories=["diabetes"])
    body = text_of(client.get("/"))
    assert "Health conditions 2 groups" in body
    assert "Carers 0 groups" in body


def test_a_group_unpublished_or_moved_to_another_subject_changes_the_counts_at_once(client):
    group = make_group(categories=["diabetes"])
    assert "Diabetes (1 group)" in text_of(client.get("/categories/"))
    group.categories.set([category("cancer")])
    body = text_of(client.get("/categories/"))
    assert "Diabetes (0 groups)" in body
    assert "Cancer (1 group)" in body
    group.status = Group.Status.PENDING
    group.save()
    assert "Cancer (0 groups)" in text_of(client.get("/categories/"))


def test_a_group_hidden_by_the_freshness_rules_leaves_the_counts_the_day_it_is_hidden(client):
    today = timezone.localdate()
    make_group(categories=["diabetes"], last_confirmed_on=hidden_before(today) + datetime.timedelta(days=1))
    assert "Health conditions 1 group" in text_of(client.get("/"))
    with time_machine.travel(today + datetime.timedelta(days=1, hours=12)):
        assert "Health conditions 0 groups" in text_of(client.get("/"))


def test_a_renamed_subject_shows_in_the_search_form_at_once_in_each_language(client):
    for prefix in ("", "/cy"):
        assert ">Diabetes<" in client.get(f"{prefix}/search/").content.decode() or prefix
    diabetes = category("diabetes")
    diabetes.name = "Sugar and insulin"
    diabetes.save()
    for prefix in ("", "/cy"):  # a name not yet translated shows as staff typed it
        assert ">Sugar and insulin<" in client.get(f"{prefix}/search/").content.decode()


def test_a_new_subject_and_a_new_language_show_in_the_search_form_at_once(client):
    client.get("/search/")
    Category.objects.create(name="Tinnitus", slug="tinnitus-new", parent=category("diabetes").parent)
    Language.objects.create(code="xx-test", name="Testish")
    page = client.get("/search/").content.decode()
    assert 'value="tinnitus-new"' in page
    assert 'value="xx-test"' in page


def test_a_change_of_coverage_or_a_bulk_load_through_the_index_makes_a_new_version():
    before = caching.version()
    Coverage.objects.create(areas="NG")
    assert caching.version() != before
    before = caching.version()
    from directory import search

    search.index_groups([make_group().pk])
    assert caching.version() != before


def test_an_entry_of_another_version_is_built_again():
    caching.remember("probe", lambda: "old")
    cache.set(caching.VERSION_KEY, "another", None)
    assert caching.remember("probe", lambda: "new") == "new"


def test_a_national_organisation_added_switched_off_or_renamed_shows_on_the_subjects_page_at_once(client):
    from directory.models import NationalOrganisation
    from directory.tests.test_national import make_organisation

    NationalOrganisation.objects.all().delete()
    make_group(categories=["diabetes"])
    subject_page = {"category": "diabetes"}
    assert "Sugar Line" not in client.get("/search/", subject_page).content.decode()
    organisation = make_organisation("Sugar Line", ["diabetes"])
    assert "Sugar Line" in client.get("/search/", subject_page).content.decode()
    organisation.name = "Insulin Line"
    organisation.save()
    page = client.get("/search/", subject_page).content.decode()
    assert "Insulin Line" in page and "Sugar Line" not in page
    organisation.active = False
    organisation.save()
    assert "Insulin Line" not in client.get("/search/", subject_page).content.decode()


class TestResultCards:
    """Search results' cards are kept in the shared cache (views.render_cards), and still
    never show what has changed."""

    def card(self, client, name, **search):
        body = client.get("/search/", {"q": "carers circle", **search}).content.decode()
        start = body.index(name)
        return body[start:body.index("</li>", start)]

    def test_each_card_is_kept_once_and_the_page_reads_the_same_from_the_cache(self, client):
        from django.db import connection

        for name in ("Riverside Carers Circle", "Hillside Carers Circle"):
            make_group(name=name, categories=["carers"])
        first = client.get("/search/", {"q": "carers circle"}).content.decode()
        assert client.get("/search/", {"q": "carers circle"}).content.decode() == first
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM hub_cache WHERE cache_key LIKE %s", ["%directory:result:%"])
            assert cursor.fetchone()[0] == 2

    def test_a_renamed_group_shows_its_new_name_at_once(self, client):
        group = make_group(name="Riverside Carers Circle", categories=["carers"])
        assert "Riverside Carers Circle" in self.card(client, "Riverside")
        group.name = "Riverbank Carers Circle"
        group.save()
        assert "Riverbank Carers Circle" in self.card(client, "Riverbank")

    def test_a_coordinator_leaving_the_hub_changes_the_card_at_once(self, client, alice):
        from directory.tests.factory import make_coordinator

        group = make_group(name="Answered Carers Circle", categories=["carers"], contact_route="both")
        make_coordinator(group, alice)
        assert "You can ask the group to contact you" in self.card(client, "Answered")
        alice.is_active = False  # an account's change, not the directory's: no new version
        alice.save()
        assert "You can ask the group to contact you" not in self.card(client, "Answered")

    def test_a_new_group_stops_saying_so_the_day_it_is_no_longer_new(self, client):
        from directory.models import new_group_cutoff

        evening = timezone.localtime().replace(hour=22, minute=0)
        with time_machine.travel(evening, tick=False):
            make_group(name="Riverside Carers Circle", categories=["carers"], started_on=new_group_cutoff())
            assert "New group" in self.card(client, "Riverside")
        # Three hours later, well within the card's time in the cache, but the next day.
        with time_machine.travel(evening + datetime.timedelta(hours=3), tick=False):
            assert "New group" not in self.card(client, "Riverside")

    def test_each_language_has_its_own_card(self, client):
        make_group(name="Riverside Carers Circle", categories=["carers"], contact_route="both")
        self.card(client, "Riverside")
        body = client.get("/cy/search/", {"q": "carers circle"}).content.decode()
        assert "Found because:" not in body

"""Subjects and the languages meetings are held in, named in the reader's language on the
site's pages; kept in English, as stored, in the Open Referral API and its export."""

import csv
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from directory.language_names import CATALOGUE_NAMES
from directory.models import Category, Language
from directory.subject_names import SUBJECT_NAMES
from hub.tests.test_catalogues import entries
from openreferral import exporter

from .factory import category, make_group

pytestmark = pytest.mark.django_db
INITIAL = import_module("directory.migrations.0001_initial")
SITE_LANGUAGES = [code for code, _name in settings.KNOWN_LANGUAGES if code != settings.LANGUAGE_CODE]


def seeded_subject_names():
    for _slug, name, _keywords, children in INITIAL.TAXONOMY:
        yield name
        yield from (child_name for _child_slug, child_name, _child_keywords in children)


def test_every_seeded_subject_name_is_marked_for_translation():
    """A subject added to the seed without its name in subject_names.py would show in
    English on every page in every language."""
    missing = [name for name in seeded_subject_names() if name not in SUBJECT_NAMES]
    assert missing == []


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_every_seeded_subject_has_a_name_in_each_language_of_the_site(language):
    """Subjects are on the public journey, so each language's catalogue translates them."""
    catalogue = Path(settings.BASE_DIR) / "locale" / translation.to_locale(language) / "LC_MESSAGES" / "django.po"
    translated = {entry["msgid"] for entry in entries(catalogue) if entry.get("msgstr") and not entry.get("fuzzy")}
    assert [name for name in seeded_subject_names() if name not in translated] == []
    with translation.override(language):
        assert category("young-carers").label_with_parent == (
            f"{translation.gettext('Carers')}: {translation.gettext('Young carers')}")
        assert category("young-carers").label != "Young carers"


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_every_seeded_language_has_a_name_in_each_language_of_the_site(language):
    """From CLDR where it names the same language, else from the catalogue (CATALOGUE_NAMES)."""
    with translation.override(language):
        unnamed = [(code, Language.objects.get(code=code).label) for code, name in INITIAL.LANGUAGES
                   if Language.objects.get(code=code).label == name]
    assert unnamed == []


def test_language_names_come_from_cldr_and_the_catalogue_where_it_has_none():
    names = {code: Language.objects.get(code=code) for code in ("bn", "pl", "zh", "bfi", "zh-yue")}
    with translation.override("cy"):
        assert [str(names[code]) for code in ("bn", "pl", "zh-yue")] == ["Bengaleg", "Pwyleg", "Cantoneeg"]
        # zh is stored as Mandarin, which CLDR would call Chinese: the catalogue names it.
        assert str(names["zh"]) == "Tsieinëeg Mandarin"
        assert str(names["bfi"]) == "Iaith Arwyddion Prydain"
    with translation.override("ur"):
        assert str(names["pl"]) == "پولش"
    with translation.override("en-gb"):
        assert str(names["bn"]) == "Bengali"  # as stored, not CLDR's "Bangla"
    assert set(CATALOGUE_NAMES) <= {name for _code, name in INITIAL.LANGUAGES}


def test_a_language_or_subject_staff_added_shows_as_they_typed_it():
    made_up = Language.objects.create(code="x-home", name="Our own sign system")
    subject = Category.objects.create(name="Hoarding", slug="hoarding", parent=category("mental-health"))
    with translation.override("cy"):
        assert str(made_up) == "Our own sign system"
        assert str(subject) == "Hoarding"
        assert subject.label_with_parent == "Iechyd meddwl: Hoarding"


@pytest.mark.parametrize(("language", "carers", "young_carers", "polish", "bengali"), [
    ("cy", "Gofalwyr", "Gofalwyr ifanc", "Pwyleg", "Bengaleg"),
    ("ur", "دیکھ بھال کرنے والے", "کم عمر دیکھ بھال کرنے والے", "پولش", "بنگلہ"),
])
def test_the_subjects_page_and_a_groups_page_name_subjects_and_languages_in_the_readers_language(
        client, language, carers, young_carers, polish, bengali):
    group = make_group(categories=("young-carers",), languages=("pl", "bn"))
    subjects = client.get(f"/{language}/categories/").content.decode()
    assert f">{carers}</a>" in subjects and f">{young_carers}</a>" in subjects
    assert ">Carers</a>" not in subjects and ">Young carers</a>" not in subjects
    page = client.get(f"/{language}/groups/{group.slug}/").content.decode()
    assert f">{young_carers}</a>" in page and ">Young carers</a>" not in page
    assert polish in page and bengali in page
    assert "Polish" not in page and "Bengali" not in page


def test_in_english_the_pages_show_the_stored_names(client):
    group = make_group(categories=("young-carers",), languages=("pl", "bn"))
    page = client.get(group.get_absolute_url()).content.decode()
    assert ">Young carers</a>" in page and "Bengali" in page and "Polish" in page


def test_the_search_filters_offer_subjects_and_languages_in_the_readers_language(client):
    page = client.get("/cy/search/").content.decode()
    assert '<optgroup label="Gofalwyr">' in page
    assert ">Gofalwyr ifanc</option>" in page and ">Pwyleg</option>" in page
    assert "Young carers" not in page and ">Polish<" not in page


def test_the_open_referral_api_keeps_the_stored_english_names(client):
    group = make_group(categories=("young-carers",), languages=("pl",))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    terms = client.get("/api/taxonomy_terms", {"per_page": 100}, HTTP_ACCEPT_LANGUAGE="cy").json()["contents"]
    assert "Young carers" in {term["name"] for term in terms}
    assert "Gofalwyr ifanc" not in {term["name"] for term in terms}
    service = client.get(f"/api/services/{group.uuid}", HTTP_ACCEPT_LANGUAGE="cy").json()
    assert [language["name"] for language in service["languages"]] == ["Polish"]


def test_the_open_referral_export_keeps_the_stored_english_names(tmp_path):
    make_group(categories=("young-carers",), languages=("pl",))
    with translation.override("cy"):
        exporter.export(tmp_path, json_out=False)
    with open(tmp_path / "taxonomy_terms.csv", newline="") as handle:
        assert "Young carers" in {row["name"] for row in csv.DictReader(handle)}
    with open(tmp_path / "languages.csv", newline="") as handle:
        assert [row["name"] for row in csv.DictReader(handle)] == ["Polish"]


def test_the_listing_form_offers_subjects_and_languages_by_their_names_in_the_readers_language():
    from directory.manage_forms import GroupDetailsForm

    with translation.override("cy"):
        form = GroupDetailsForm()
        languages = [str(label) for _pk, label in form.fields["languages"].choices]
        subjects = dict(form.fields["categories"].choices)
    assert languages[:3] == ["Arabeg", "Bengaleg", "Cantoneeg"]  # in Welsh alphabetical order
    assert languages == sorted(languages, key=str.casefold)
    assert "Gofalwyr ifanc" in [str(label) for _pk, label in subjects["Gofalwyr"]]


def test_insight_tables_name_subjects_in_the_readers_language(client, sam):
    from django.utils import timezone

    from subscriptions.models import Subscription

    Subscription.objects.create(email="a@example.org", subject=category("young-carers"), district="NG7",
                                confirmed_at=timezone.now())
    client.force_login(sam)
    with translation.override("cy"):
        url = reverse("insights:interest-list")
    assert url.startswith("/cy/")
    tables = client.get(url).context["tables"]
    assert [row[0] for row in tables[0].rows] == ["Gofalwyr: Gofalwyr ifanc"]

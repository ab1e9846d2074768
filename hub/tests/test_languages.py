"""Languages: addresses per language, the visitor's choice remembered, the switcher and
hreflang, and the pages a community language does not cover (hub/languages.py)."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.urls import get_resolver, reverse
from django.utils import translation

from hub.languages import PUBLIC_JOURNEY, in_language
from hub.settings import offered_languages
from tests.test_permission_matrices import _url_names

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def test_english_addresses_are_as_they_were():
    assert reverse("directory:search") == "/search/"
    assert reverse("accounts:sign-in") == "/account/sign-in/"


def test_english_pages_say_they_are_english_left_to_right(client):
    response = client.get("/")
    assert response.status_code == 200
    assert html_tag(response) == '<html lang="en-gb" dir="ltr">'


@pytest.mark.parametrize("code, direction", [("cy", "ltr"), ("pl", "ltr"), ("ur", "rtl"), ("bn", "ltr"),
                                             ("pa", "ltr"), ("zh-hans", "ltr"), ("ar", "rtl")])
def test_each_language_has_the_home_page_at_its_own_address(client, code, direction):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    assert html_tag(response) == f'<html lang="{code}" dir="{direction}">'
    assert response["Content-Language"] == code


def test_a_page_in_welsh_is_in_welsh(client):
    page = client.get("/cy/").content.decode()
    assert "Dod o hyd i grŵp" in page
    assert ">Find a group<" not in page


def test_the_switcher_names_each_language_in_itself(client):
    page = client.get("/").content.decode()
    for code, name in [("cy", "Cymraeg"), ("pl", "Polski"), ("ur", "اردو"), ("bn", "বাংলা"), ("pa", "ਪੰਜਾਬੀ"),
                       ("zh-hans", "中文"), ("ar", "العربية")]:
        assert re.search(rf'<a href="[^"]*" hreflang="{code}" lang="{code}"[^>]*>{name}</a>', page), code
    assert '<span aria-current="true" lang="en-gb" dir="ltr">English</span>' in page


def test_the_switcher_keeps_the_page_and_its_query(client):
    page = client.get("/ur/search/?q=grief").content.decode()
    assert 'href="/language/en-gb/?next=%2Fur%2Fsearch%2F%3Fq%3Dgrief"' in page


def test_choosing_a_language_remembers_it_and_shows_the_same_page_in_it(client):
    response = client.get("/language/cy/", {"next": "/search/?q=grief"})
    assert response.status_code == 302
    assert response["Location"] == "/cy/search/?q=grief"
    cookie = response.cookies[COOKIE]
    assert cookie.value == "cy"
    assert cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE
    assert cookie["samesite"] == "Lax"


def test_choosing_a_language_while_signed_in_is_kept_for_their_emails(client, alice):
    client.force_login(alice)
    client.get("/language/cy/", {"next": "/my-groups/"})
    alice.refresh_from_db()
    assert alice.language == "cy"  # outbox.notify writes to them in it


def test_choosing_english_leads_back_to_the_address_without_a_prefix(client):
    response = client.get("/language/en-gb/", {"next": "/ar/groups/some-group/"})
    assert response["Location"] == "/groups/some-group/"
    assert response.cookies[COOKIE].value == "en-gb"


def test_choosing_a_language_never_leads_to_another_site(client):
    for next_page in ["https://example.com/", "//example.com/", "javascript:alert(1)"]:
        response = client.get("/language/pl/", {"next": next_page})
        assert response["Location"] == "/pl/"


def test_a_page_that_does_not_exist_leads_to_the_home_page_in_the_language(client):
    assert client.get("/language/bn/", {"next": "/no-such-page/"})["Location"] == "/bn/"


def test_a_language_that_is_not_offered_cannot_be_chosen(client):
    assert client.get("/language/de/", {"next": "/"}).status_code == 404


def test_a_visitor_who_chose_a_language_is_sent_to_it_from_an_english_address(client):
    client.cookies[COOKIE] = "ur"
    response = client.get("/search/?q=grief")
    assert response.status_code == 302
    assert response["Location"] == "/ur/search/?q=grief"
    assert "no-store" in response["Cache-Control"]


def test_a_visitor_who_chose_english_stays_on_english_addresses(client):
    client.cookies[COOKIE] = "en-gb"
    assert client.get("/search/").status_code == 200


def test_without_a_choice_english_addresses_stay_english(client):
    assert client.get("/search/").status_code == 200


def test_a_language_address_wins_over_the_cookie(client):
    client.cookies[COOKIE] = "ur"
    response = client.get("/cy/search/")
    assert response.status_code == 200
    assert html_tag(response) == '<html lang="cy" dir="ltr">'


def test_only_pages_asked_for_are_sent_on_not_the_api_the_icon_or_a_form_sent(client):
    client.cookies[COOKIE] = "cy"
    assert client.get("/favicon.ico")["Location"].startswith("/static/")
    assert client.get("/api/").status_code == 200
    assert client.post("/contact/", {}).status_code == 200


def test_the_api_has_no_address_in_a_language(client):
    assert client.get("/cy/api/").status_code == 404


def test_an_unknown_language_in_the_cookie_is_ignored(client):
    client.cookies[COOKIE] = "xx"
    assert client.get("/search/").status_code == 200


def test_search_engines_are_told_the_page_in_each_language(client, settings):
    settings.SITE_URL = "https://hub.example"
    page = client.get("/cy/categories/").content.decode()
    for code, path in [("en-gb", "/categories/"), ("cy", "/cy/categories/"), ("ar", "/ar/categories/")]:
        assert f'<link rel="alternate" hreflang="{code}" href="https://hub.example{path}">' in page
    assert '<link rel="alternate" hreflang="x-default" href="https://hub.example/categories/">' in page


def test_search_engines_are_not_told_of_languages_that_do_not_cover_a_page(client, alice):
    client.force_login(alice)
    page = client.get("/cy/my-groups/").content.decode()
    assert 'hreflang="cy" href=' in page
    assert 'hreflang="ur" href=' not in page


def test_a_page_a_community_language_does_not_cover_is_in_english_and_says_so(client, alice):
    client.force_login(alice)
    response = client.get("/ur/my-groups/")
    assert response.status_code == 200
    assert html_tag(response) == '<html lang="en-gb" dir="ltr">'
    assert '<p class="notice" lang="ur" dir="rtl">سائٹ کا یہ حصہ انگریزی میں ہے۔</p>' in response.content.decode()
    # The switcher still shows the language the visitor chose.
    assert '<span aria-current="true" lang="ur" dir="rtl">اردو</span>' in response.content.decode()


def test_the_public_journey_is_in_the_community_language_without_the_note(client):
    response = client.get("/ur/search/")
    assert html_tag(response) == '<html lang="ur" dir="rtl">'
    assert "سائٹ کا یہ حصہ انگریزی میں ہے" not in response.content.decode()


def test_welsh_covers_signed_in_pages(client, alice):
    client.force_login(alice)
    response = client.get("/cy/my-groups/")
    assert html_tag(response) == '<html lang="cy" dir="ltr">'
    assert "Mae'r rhan hon o'r wefan yn Saesneg." not in response.content.decode()


def test_a_page_not_found_is_in_the_language_of_its_address(client):
    response = client.get("/ar/no-such-page/")
    assert response.status_code == 404
    assert html_tag(response) == '<html lang="ar" dir="rtl">'


def test_the_error_page_is_in_the_language_in_use():
    with translation.override("ar"):
        assert '<html lang="ar" dir="rtl">' in render_to_string("500.html")


def test_the_public_journey_names_only_pages_that_exist():
    assert set(_url_names(get_resolver())) >= PUBLIC_JOURNEY


def test_an_address_is_read_in_its_own_language():
    assert in_language("/cy/search/?q=x", "ar") == "/ar/search/?q=x"
    assert in_language("/search/", "zh-hans") == "/zh-hans/search/"
    assert in_language("/pl/search/", "en-gb") == "/search/"


def test_a_language_is_offered_only_once_its_catalogue_is_compiled(tmp_path):
    known = [("en-gb", "English"), ("cy", "Cymraeg"), ("zh-hans", "中文"), ("ar", "العربية")]
    for locale in ["cy", "zh_Hans"]:
        (tmp_path / locale / "LC_MESSAGES").mkdir(parents=True)
        (tmp_path / locale / "LC_MESSAGES" / "django.mo").write_bytes(b"")
    (tmp_path / "ar" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "ar" / "LC_MESSAGES" / "django.po").write_text("")
    codes = ["en-gb", "cy", "zh-hans", "ar"]
    assert offered_languages(known, codes, tmp_path, "en-gb") == known[:3]
    assert offered_languages(known, ["cy"], tmp_path, "en-gb") == known[:2]


def test_offering_a_language_nobody_has_written_is_a_mistake(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="de"):
        offered_languages([("en-gb", "English")], ["en-gb", "de"], tmp_path, "en-gb")


def test_a_very_long_query_is_not_repeated_in_every_language_s_link(client):
    page = client.get("/search/", {"q": "grief " * 1000}).content.decode()
    assert "grief+grief" not in page and "grief%20grief" not in page
    assert 'href="/language/cy/?next=%2Fsearch%2F"' in page

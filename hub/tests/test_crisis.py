"""Where to get help now: on every public page, in plain words, with numbers to tap; and on
the pages of subjects where it matters (Category.crisis_signpost) and of their groups."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from directory.models import Category
from directory.tests.factory import make_coordinator, make_group

pytestmark = pytest.mark.django_db

WORDS = [
    ("If you are in danger now, call ", "tel:999", "999"),
    ("For urgent medical help, call ", "tel:111", "NHS 111"),
    ("Samaritans: ", "tel:116123", "116 123"),
]


def footer(page: str) -> str:
    return page.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


def assert_signposts(html: str):
    for before, href, text in WORDS:
        assert f'{before}<a href="{href}">{text}</a>' in html, text
    assert "free, day or night" in html
    # A region with a heading of its own, so a screen reader lists it and can jump to it.
    heading = re.search(r'<section class="crisis[^"]*" aria-labelledby="([^"]+)">\s*<h2 id="\1">', html)
    assert heading, "the signposts are a labelled region with a heading"


@pytest.fixture
def group(alice):
    group = make_group(name="Widowed Friends", slug="widowed-friends", categories=("losing-someone-close",))
    make_coordinator(group, alice)
    return group


def public_pages(group):
    return [
        reverse("directory:home"), reverse("directory:search"), reverse("directory:search") + "?q=grief",
        reverse("directory:search") + "?where=ZZ99", reverse("directory:categories"), group.get_absolute_url(),
        reverse("introductions:get-in-touch", args=[group.slug]), reverse("enquiries:contact"),
        reverse("enquiries:report-problem", args=[group.slug]), reverse("publishing:lists"), reverse("privacy"),
        reverse("accounts:sign-in"), reverse("accounts:sign-up"), "/no-such-page/",
        reverse("introductions:withdraw", args=["not-a-token"]),
    ]


def test_every_public_page_has_the_signposts_in_its_footer(client, group):
    for url in public_pages(group):
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        assert_signposts(footer(response.content.decode()))


def test_every_page_links_to_the_self_help_team_in_its_footer(client, group):
    for url in public_pages(group):
        assert f'<a href="{reverse("enquiries:contact")}">Contact the self-help team</a>' in footer(
            client.get(url).content.decode()), url


def test_pages_for_signed_in_people_have_them_too(client, alice, group):
    client.force_login(alice)
    assert_signposts(footer(client.get(reverse("directory:my-groups")).content.decode()))


def test_the_server_error_page_has_them(client):
    assert_signposts(render_to_string("500.html"))


class TestSubjectsWhereItMatters:
    def test_bereavement_mental_health_and_addiction_are_flagged_with_what_comes_under_them(self):
        flagged = {c.slug for c in Category.objects.select_related("parent") if c.shows_crisis_signpost}
        assert {"bereavement", "losing-someone-close", "bereaved-by-suicide", "mental-health",
                "depression-anxiety", "addiction", "alcohol"} <= flagged
        assert not {"diabetes", "carers", "tinnitus-hearing"} & flagged

    def test_a_group_about_such_a_subject_shows_them_on_its_page(self, client, group):
        main = client.get(group.get_absolute_url()).content.decode().split('<footer', 1)[0]
        assert_signposts(main)

    def test_a_group_about_another_subject_shows_them_only_in_the_footer(self, client):
        other = make_group(categories=("diabetes",))
        main = client.get(other.get_absolute_url()).content.decode().split('<footer', 1)[0]
        assert "tel:116123" not in main

    def test_staff_can_flag_another_subject(self, client):
        Category.objects.filter(slug="diabetes").update(crisis_signpost=True)
        other = make_group(categories=("diabetes",))
        main = client.get(other.get_absolute_url()).content.decode().split('<footer', 1)[0]
        assert_signposts(main)

    def test_the_page_and_the_footer_headings_have_ids_of_their_own(self, client, group):
        page = client.get(group.get_absolute_url()).content.decode()
        ids = re.findall(r'id="(crisis-heading-[^"]+)"', page)
        assert len(ids) == 2 and len(set(ids)) == 2

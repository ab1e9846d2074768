"""The privacy notice: plain words, periods read from the settings, linked from the
footer and from every form that takes someone's details."""

import pytest
from django.urls import reverse

from directory.tests.factory import make_coordinator, make_group

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "coordinator", "practitioner", "staff"]


@pytest.fixture
def people(alice, pat, sam):
    group = make_group(name="Stroke Club", slug="stroke-club", contact_route="both")
    make_coordinator(group, alice)
    return {"group": group, "coordinator": alice, "practitioner": pat, "staff": sam}


@pytest.mark.parametrize("role", ROLES)
def test_everyone_can_read_it(client, people, role):
    """The URL × role matrix for the privacy notice."""
    if role != "anonymous":
        client.force_login(people[role])
    assert client.get(reverse("privacy")).status_code == 200


def test_it_says_what_is_kept_why_for_how_long_who_sees_it_and_how_to_complain(client, settings, db):
    settings.INTRODUCTION_RETENTION_DAYS = 17
    settings.INTRODUCTION_MAX_DAYS = 43
    settings.OUTBOX_KEEP_SENT_DAYS = 9
    settings.PRIVACY_CONTACT_EMAIL = "dpo@selfhelp.example.org"
    body = client.get(reverse("privacy")).content.decode()
    for words in ["What we keep", "Why", "Who sees it", "For how long"]:
        assert words in body
    assert "deleted 17 days after" in body and "never kept longer than 43 days" in body
    assert "delete it 9 days after" in body
    assert "mailto:dpo@selfhelp.example.org" in body
    assert "https://ico.org.uk/make-a-complaint/" in body and "Information Commissioner" in body


def _page(client, people, name, args=(), role=None):
    if role:
        client.force_login(people[role])
    return client.get(reverse(name, args=args)).content.decode()


@pytest.mark.parametrize(("name", "role"), [
    ("introductions:get-in-touch", None),
    ("accounts:sign-up", None),
    ("directory:list-group", "coordinator"),
    ("introductions:introduce", "practitioner"),
    ("support:profile", "practitioner"),
])
def test_every_form_that_takes_personal_details_links_to_it(client, people, name, role):
    args = [people["group"].slug] if name in ("introductions:get-in-touch", "introductions:introduce") else []
    body = _page(client, people, name, args, role)
    assert "<form" in body
    form_part = body.split("</main>")[0]  # not just the footer's link
    assert f'href="{reverse("privacy")}"' in form_part


def test_the_footer_of_every_page_links_to_it(client, db):
    body = client.get(reverse("directory:home")).content.decode()
    assert f'href="{reverse("privacy")}"' in body.split("<footer")[1]

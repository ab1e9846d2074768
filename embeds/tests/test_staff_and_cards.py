"""Staff copy each partner's snippet, and print its "groups for your patients" card; anyone
can print the card for a subject near a place from the lists page."""

import pytest
from django.urls import reverse

from directory.tests.factory import category
from embeds.models import Partner
from publishing.tests import pdftools

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_address")]


@pytest.fixture
def site_address(settings):
    settings.SITE_URL = "https://hub.example.org"


@pytest.fixture
def partner():
    partner = Partner.objects.create(name="Riverside Surgery", origin="https://riverside.example", place="NG7",
                                     distance=5)
    partner.subjects.set([category("diabetes")])
    return partner


def test_the_staff_page_gives_each_partner_a_snippet_to_paste(client, sam, partner):
    client.force_login(sam)
    page = client.get(reverse("embeds:staff-partners")).content.decode()
    url = f"https://hub.example.org{reverse('embeds:finder', args=[partner.key])}"
    assert f'&lt;iframe src="{url}" title="Find a self-help group" width="100%" height="700"' in page
    assert reverse("embeds:finder", args=[partner.key]) in page
    assert "https://riverside.example" in page


def test_the_partners_card_leads_to_its_finder(client, sam, partner):
    client.force_login(sam)
    response = client.get(reverse("embeds:partner-card", args=[partner.key]))
    assert response["Content-Type"] == "application/pdf"
    words = pdftools.text(response.content)
    assert "Groups for your patients" in words
    assert "Scan to find a self-help group about Diabetes near NG7." in words
    assert pdftools.has_address(f"https://hub.example.org/embed/{partner.key}/", words)


def test_anyone_can_print_a_card_for_a_subject_near_a_place(client):
    response = client.get(reverse("publishing:list-card"), {"category": "diabetes", "where": "NG1", "distance": "10"})
    assert response.status_code == 200
    words = pdftools.text(response.content)
    assert "Scan to find a self-help group about Diabetes near NG1." in words
    assert pdftools.has_address("https://hub.example.org/search/?category=diabetes&where=NG1&distance=10", words)


def test_a_card_with_nothing_chosen_goes_back_to_the_lists_page(client):
    response = client.get(reverse("publishing:list-card"))
    assert response.status_code == 302
    assert response["Location"] == reverse("publishing:lists")

"""The interest list counted in insight (counts only, the small-number rule, in the CSV too),
and reached from a search that found no group or few near, already filled in."""

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.tests.factory import category, make_group
from subscriptions.models import Subscription

pytestmark = pytest.mark.django_db
URL = reverse("insights:interest-list")


def subscribe(n, subject, district, confirmed=True):
    for number in range(n):
        Subscription.objects.create(email=f"{subject}{district}{number}@example.org".lower(),
                                    subject=category(subject), district=district,
                                    confirmed_at=timezone.now() if confirmed else None)


@pytest.fixture
def interest(db):
    subscribe(6, "endometriosis", "NG7")
    subscribe(2, "endometriosis", "NG9")
    subscribe(7, "amputation", "CM1")
    subscribe(9, "amputation", "CM2", confirmed=False)  # never counted


def test_staff_see_counts_by_subject_and_district_under_the_small_number_rule(client, sam, interest):
    client.force_login(sam)
    tables = client.get(URL).context["tables"]
    by_subject, by_district = ([[str(value) for value in row] for row in table.rows] for table in tables)
    assert by_subject == [["Health conditions: Amputation and limb loss", "7"],
                          ["Health conditions: Endometriosis", "8"]]
    # NG9's 2 is "fewer than 5", and the next smallest is withheld so it can't be worked out.
    assert by_district == [["CM1", "7"], ["NG7", "not shown"], ["NG9", "fewer than 5"]]
    page = html.unescape(client.get(URL).content.decode())
    assert "@example.org" not in page
    assert "People who would join a group that doesn’t exist yet" in page


def test_the_csv_has_the_same_counts(client, sam, interest):
    client.force_login(sam)
    response = client.get(URL + "?format=csv")
    text = response.content.decode("utf-8-sig")
    assert "NG9,fewer than 5" in text and "NG7,not shown" in text and "CM1,7" in text
    assert "@example.org" not in text


def test_with_nobody_on_the_list_the_page_says_so(client, sam):
    client.force_login(sam)
    assert "Nobody has joined the interest list yet" in client.get(URL).content.decode()


def test_the_insight_index_links_to_it(client, sam):
    client.force_login(sam)
    assert URL in client.get(reverse("insights:index")).content.decode()


def _start_group_link(page):
    start = page.index('class="start-group"')
    href = page[page.index('href="', start) + 6:]
    return html.unescape(href[:href.index('"')])


def test_a_search_finding_nothing_offers_the_interest_list_filled_in(client):
    make_group(categories=["diabetes"])
    page = client.get(reverse("directory:search") + "?category=endometriosis&where=NG7&distance=10").content.decode()
    assert "no-results" in page
    assert _start_group_link(page) == (reverse("subscriptions:start-a-group")
                                       + "?subject=endometriosis&place=NG7#interest-list")


def test_a_search_finding_few_near_offers_it_too(client):
    make_group(categories=["endometriosis"])
    page = client.get(reverse("directory:search") + "?category=endometriosis&where=NG1&distance=10").content.decode()
    assert "no-results" not in page
    more = page[page.index('class="more-results"'):]
    assert _start_group_link(more) == (reverse("subscriptions:start-a-group")
                                       + "?subject=endometriosis&place=NG1#interest-list")


def test_the_link_comes_before_the_contact_link(client):
    page = client.get(reverse("directory:search") + "?category=endometriosis&where=NG7").content.decode()
    assert page.index('class="start-group"') < page.index('class="contact-team"')

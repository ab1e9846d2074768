"""A group's numbers page: its coordinators see the year whole; staff see it under the
small-number rule; a CSV and a one-page PDF carry the same numbers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Group
from directory.tests.factory import make_coordinator, make_group
from introductions.models import Direction, Introduction, IntroductionCount, Outcome
from publishing.tests import pdftools
from usage.models import DailyCount, Kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(alice):
    group = make_group(name="Tinnitus Circle", slug="tinnitus-circle")
    make_coordinator(group, alice)
    for day, kind, n in [(3, Kind.PAGE_VIEW, 40), (4, Kind.PAGE_VIEW, 2), (3, Kind.LEAFLET, 3), (5, Kind.CALENDAR, 1)]:
        DailyCount.objects.create(group=group, day=datetime.date(2025, 3, day), kind=kind, count=n)
    IntroductionCount.objects.create(group=group, month=datetime.date(2025, 3, 1), direction=Direction.GROUP_CONTACTS,
                                     made_by=Introduction.MadeBy.PERSON, outcome=Outcome.CONTACTED, count=2)
    IntroductionCount.objects.create(group=group, month=datetime.date(2025, 4, 1),
                                     direction=Direction.PERSON_CONTACTS, made_by=Introduction.MadeBy.PRACTITIONER,
                                     outcome=Outcome.CLOSED, count=1)
    # Another group's numbers are not this group's.
    DailyCount.objects.create(group=make_group(), day=datetime.date(2025, 3, 3), kind=Kind.PAGE_VIEW, count=77)
    return group


def _url(group, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("usage:group-numbers", args=[group.slug]) + (f"?{query}" if query else "")


def test_coordinators_see_their_own_numbers_whole(client, alice, group):
    client.force_login(alice)
    page = client.get(_url(group, year=2025)).content.decode()
    assert ">42<" in page  # March's page views: 40 + 2
    assert ">77<" not in page and ">119<" not in page
    assert "fewer than 5" not in page


def test_staff_see_a_groups_numbers_with_small_ones_hidden(client, sam, group):
    client.force_login(sam)
    page = client.get(_url(group, year=2025)).content.decode()
    assert ">42<" in page
    assert "fewer than 5" in page


def test_the_csv_has_each_month_and_the_year(client, alice, group):
    client.force_login(alice)
    response = client.get(_url(group, year=2025, format="csv"))
    assert response["Content-Disposition"].startswith('attachment; filename="tinnitus-circle-numbers-2025')
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1] == ("Month,People who asked to be contacted,Introductions by practitioners,Page views,"
                        "Leaflet downloads,Poster downloads,Calendar (.ics) downloads")
    assert "March,2,0,42,3,0,1" in lines
    assert "April,0,1,0,0,0,0" in lines
    assert lines[-1] == "The whole year,2,1,42,3,0,1"


def test_the_pdf_is_one_page_our_year(client, alice, group):
    client.force_login(alice)
    response = client.get(_url(group, year=2025, format="pdf"))
    assert response["Content-Type"] == "application/pdf"
    pages = [page for page in pdftools.text_pages(response.content) if page.strip()]
    assert len(pages) == 1
    text = pdftools.text(response.content)
    assert "Tinnitus Circle: our year, 2025" in text
    assert "42 Page views" in text
    assert "2 People who asked to be contacted" in text


def test_a_year_that_cant_be_read_shows_this_year_and_says_so(client, alice, group):
    client.force_login(alice)
    response = client.get(_url(group, year="last"))
    assert response.status_code == 400
    assert "Enter a year, like 2024." in response.content.decode()


def test_the_manage_page_links_to_the_numbers(client, alice, group):
    client.force_login(alice)
    page = client.get(reverse("directory:manage", args=[group.slug])).content.decode()
    assert _url(group) in page


def test_the_demo_coordinator_has_numbers_to_read(client):
    from django.core.management import call_command

    from usage.demo import DEMO_COORDINATOR

    call_command("load_demo", verbosity=0)
    coordinator = Group.objects.filter(coordinators__user__email=DEMO_COORDINATOR).first().coordinators.first().user
    group = coordinator.coordinating.order_by("group__slug").first().group
    assert DailyCount.objects.filter(group=group).count() > 300
    client.force_login(coordinator)
    year = timezone.localdate().year
    page = client.get(_url(group, year=year)).content.decode()
    assert "Page views" in page
    rows_before = DailyCount.objects.count()
    call_command("load_demo", verbosity=0)
    assert DailyCount.objects.count() == rows_before  # made once

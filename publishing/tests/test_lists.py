"""Lists of every group for a subject near a place, as a page and as a PDF to hand out."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from directory.models import Group, Meeting
from directory.tests.factory import make_group
from publishing import lists

from . import pdftools

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_address", "printed_on")]

URL = reverse("publishing:lists")
PDF_URL = reverse("publishing:list-pdf")
STROKE_NEAR_NG1 = {"category": "stroke-aphasia", "where": "NG1 5FW", "distance": "10"}


@pytest.fixture
def groups():
    return {
        "near": make_group(
            name="Nottingham Stroke Club", categories=["stroke-aphasia"], summary="Tea and word games after a stroke.",
            phone="0115 496 0101", email="stroke@example.org",
            meetings=[{"pattern": Meeting.Pattern.NTH_WEEKDAY, "weekday": 1, "week_of_month": 2}],
        ),
        "derby": make_group(name="Derby Young Stroke Survivors", categories=["stroke-aphasia"],
                            meetings=[{"postcode": "DE1 1AA"}]),
        "online": make_group(name="Online Aphasia Café", categories=["stroke-aphasia"],
                             contact_route=Group.ContactRoute.INTRODUCTION,
                             meetings=[{"attendance": Meeting.Attendance.ONLINE, "online_details": "On Zoom"}]),
        "diabetes": make_group(name="Nottingham Diabetes Friends", categories=["diabetes"]),
        "closed": make_group(name="Closed Stroke Group", categories=["stroke-aphasia"], stage=Group.Stage.CLOSED),
        "pending": make_group(name="Pending Stroke Group", categories=["stroke-aphasia"],
                              status=Group.Status.PENDING),
    }


def page(client, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


class TestListsPage:
    def test_it_asks_practitioners_to_tell_everyone(self, client):
        html = page(client, {})
        assert "Tell everyone, don’t pick and choose" in html
        assert "let people choose for themselves whether to go" in html
        for label in ["What the group is about", "Where", "Distance"]:
            assert f">{label}</label>" in html
        assert "There is a problem" not in html

    def test_it_lists_every_group_for_the_subject_near_the_place_then_online_ones(self, client, groups):
        html = page(client, STROKE_NEAR_NG1)
        assert "<title>Groups about Stroke and aphasia within 10 miles of NG1 5FW – Self Help Hub</title>" in html
        assert html.index("Nottingham Stroke Club") < html.index("Meeting online") < html.index("Online Aphasia Café")
        for absent in ["Derby Young Stroke Survivors", "Nottingham Diabetes Friends", "Closed Stroke Group",
                       "Pending Stroke Group"]:
            assert absent not in html
        assert "Tuesday 8 December 2026, 7pm" in html
        assert "0115 496 0101" in html
        assert "https://hub.example.org/groups/" + groups["near"].slug + "/" in html  # printed with the page
        assert (f'href="{PDF_URL}?category=stroke-aphasia&amp;where=NG1+5FW&amp;distance=10"') in html

    def test_a_larger_distance_reaches_further(self, client, groups):
        html = page(client, {**STROKE_NEAR_NG1, "distance": "25"})
        assert "Derby Young Stroke Survivors" in html
        assert "3 groups." in html

    def test_a_place_alone_lists_every_subject(self, client, groups):
        html = page(client, {"where": "Nottingham"})
        assert "Groups within 10 miles of Nottingham" in html
        assert "Nottingham Diabetes Friends" in html and "Nottingham Stroke Club" in html

    def test_a_subject_alone_lists_it_everywhere(self, client, groups):
        html = page(client, {"category": "stroke-aphasia"})
        assert "Groups about Stroke and aphasia" in html
        assert "Derby Young Stroke Survivors" in html and "Online Aphasia Café" in html

    def test_it_has_a_print_stylesheet(self, client):
        html = page(client, {})
        assert 'href="/static/publishing/lists.css"' in html
        with open(finders.find("publishing/lists.css")) as handle:
            assert "@media print" in handle.read()

    def test_it_says_when_there_are_more_groups_than_a_list_holds(self, client, groups, monkeypatch):
        monkeypatch.setattr(lists, "MAX_GROUPS", 2)
        html = page(client, {"category": "stroke-aphasia"})
        assert "This list shows the first 2 of 3 groups." in html
        assert "Online Aphasia Café" not in html  # the third, by name

    @pytest.mark.parametrize(("params", "message"), [
        ({"where": "qwertyuiop"}, "We couldn’t find “qwertyuiop”."),
        ({"where": "ZZ99 9ZZ"}, "We can’t find the postcode “ZZ99 9ZZ”."),
        ({"where": "BT1 1AA"}, "Sorry, we can’t search by Northern Ireland postcodes yet."),
        ({"category": "no-such-subject", "where": "NG1"}, "Choose a subject from the list."),
        ({"category": "", "where": ""}, "Choose what the groups are about, or enter a postcode or town, or both."),
        ({"distance": "10"}, "Choose what the groups are about, or enter a postcode or town, or both."),
        ({"where": "x" * 500}, "Enter a postcode or a town, not a sentence."),
    ])
    def test_it_explains_what_is_wrong_and_makes_no_list(self, client, groups, params, message):
        html = page(client, params)
        assert re.search(r"<title>Error: ", html)
        assert "There is a problem" in html
        assert message in html
        assert "Download this list as a PDF" not in html

    @pytest.mark.parametrize("distance", ["-5", "abc", "0", "99999999999999999999", "7"])
    def test_a_distance_it_does_not_offer_becomes_10_miles_and_it_says_so(self, client, groups, distance):
        html = page(client, {**STROKE_NEAR_NG1, "distance": distance})
        assert "Choose a distance from the list. We used 10 miles." in html
        assert "Groups about Stroke and aphasia within 10 miles of NG1 5FW" in html
        assert "Nottingham Stroke Club" in html

    @pytest.mark.parametrize("query", [
        "category=a&category=b", "where=%00", "distance=%F0%9F%98%80", "category=%3Cscript%3E", "where=NG1&page=x",
    ])
    def test_odd_requests_never_break_it(self, client, groups, query):
        assert client.get(f"{URL}?{query}").status_code == 200
        assert client.get(f"{PDF_URL}?{query}").status_code in (200, 302)

    def test_it_rejects_post(self, client):
        assert client.post(URL).status_code == 405


class TestListPdf:
    def test_it_has_every_group_with_its_next_meeting_place_and_contact(self, client, groups):
        response = client.get(PDF_URL, STROKE_NEAR_NG1)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            'inline; filename="groups-about-stroke-and-aphasia-within-10-miles-of-ng1-5fw.pdf"')
        words = pdftools.text(response.content)
        for fact in [
            "Groups about Stroke and aphasia within 10 miles of NG1 5FW",
            "2 groups, as listed on 22 November 2026.",
            "Please give this list to everyone who might want it, not only the people you think a group would suit.",
            "Nottingham Stroke Club", "Tea and word games after a stroke.",
            "Next meeting: Tuesday 8 December 2026, 7pm",
            # The meeting pattern and the venue's address, not only the next date.
            "When and where: The second Tuesday of each month, 7pm to 9pm: Community Centre",
            "1 Example Street, Nottingham NG1 5FW", "Nearest meeting: less than 0.1 miles away",
            "Contact: 0115 496 0101 · stroke@example.org",
            "Meeting online", "Online Aphasia Café", "When and where: Every Tuesday, 7pm to 9pm: online",
            "Contact: Through the group’s web page",
        ]:
            assert fact in words, fact
        assert pdftools.has_address(f"https://hub.example.org/groups/{groups['near'].slug}/", words)
        assert "Derby Young Stroke Survivors" not in words and "Closed Stroke Group" not in words
        details = pdftools.info(response.content)
        assert details["Tagged"] == "yes"
        assert details["Title"] == "Groups about Stroke and aphasia within 10 miles of NG1 5FW"
        assert details["Page size"] == "595.276 x 841.89 pts (A4)"
        assert "H1" in pdftools.structure(response.content)

    def test_its_title_keeps_a_postcode_on_one_line(self, client, groups):
        # At this length the title wraps just before the postcode's second half.
        response = client.get(PDF_URL, {"category": "alcohol", "where": "NG1 5FW", "distance": "3"})
        first_page = pdftools.text_pages(response.content)[0].splitlines()
        title = [line for line in first_page if line.startswith("Groups about Alcohol")][0]
        heading = [line for line in first_page[first_page.index(title):] if "NG1" in line or "5FW" in line][0]
        assert " ".join(heading.split()).endswith("NG1 5FW"), first_page[:4]
        assert pdftools.info(response.content)["Title"] == "Groups about Alcohol within 3 miles of NG1 5FW"

    def test_it_says_when_the_list_is_cut_short(self, client, groups, monkeypatch):
        monkeypatch.setattr(lists, "MAX_GROUPS", 2)
        words = pdftools.text(client.get(PDF_URL, {"category": "stroke-aphasia"}).content)
        assert "This list shows the first 2 of 3 groups." in words

    @pytest.mark.parametrize("params", [
        {"where": "qwertyuiop"}, {"category": "no-such-subject"}, {}, {"distance": "-5"},
    ])
    def test_bad_input_goes_back_to_the_page_that_explains_it(self, client, params):
        response = client.get(PDF_URL, params)
        assert response.status_code == 302
        assert response["Location"].startswith(URL)
        if params:
            assert response["Location"].split("?")[1] == client.get(PDF_URL, params).wsgi_request.GET.urlencode()


def test_a_listing_that_may_be_out_of_date_is_marked_on_the_list_as_on_the_website(client, groups):
    from django.utils import timezone

    from directory.freshness import out_of_date_age
    from directory.search.index import index_groups

    near = groups["near"]
    Group.objects.filter(pk=near.pk).update(last_confirmed_on=timezone.localdate() - out_of_date_age())
    index_groups([near.pk])
    assert Group.objects.get(pk=near.pk).may_be_out_of_date
    words = pdftools.text(client.get(PDF_URL, STROKE_NEAR_NG1).content)
    assert "Nottingham Stroke Club" in words
    assert words.count("may be out of date") == 1
    page = client.get(reverse("publishing:lists"), STROKE_NEAR_NG1).content.decode()
    assert page.count("may be out of date") == 1

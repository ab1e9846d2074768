"""A group's leaflet (A5, A4, large print) and its noticeboard poster."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from directory.models import Group, Meeting
from directory.tests.factory import make_coordinator, make_group, make_venue
from publishing import pdf

from . import pdftools

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_address", "printed_on")]


A5 = "419.528 x 595.276 pts"
A4 = "595.276 x 841.89 pts (A4)"


@pytest.fixture
def group():
    venue = make_venue("NG1 5FW", name="St Mary’s Hall", address_1="12 High Pavement", step_free=True,
                       hearing_loop=True, transport="Buses 36 and 37 stop outside.")
    return make_group(
        name="Nottingham Stroke Club", slug="nottingham-stroke-club",
        summary="A friendly club for people after a stroke.",
        who_for="People who have had a stroke, and their families.",
        description="We have tea, play word games and share what helps.",
        newcomers="Someone will meet you at the door.",
        phone="0115 496 0101", email="stroke@example.org", contact_role="Group secretary",
        last_confirmed_on=datetime.date(2026, 10, 1), languages=["en"],
        meetings=[
            {"pattern": Meeting.Pattern.NTH_WEEKDAY, "weekday": 1, "week_of_month": 2, "venue": venue},
            {"pattern": Meeting.Pattern.IRREGULAR, "weekday": None, "start_time": None, "end_time": None,
             "attendance": Meeting.Attendance.ONLINE, "online_details": "On Zoom"},
        ],
    )


def get_pdf(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return response


def leaflet_url(group):
    return reverse("publishing:group-leaflet", args=[group.slug])


class TestLeaflet:
    def test_it_has_the_group_s_own_words_meetings_venue_access_and_contact(self, client, group):
        response = get_pdf(client, leaflet_url(group))
        assert response["Content-Disposition"] == 'inline; filename="nottingham-stroke-club-leaflet-a5.pdf"'
        words = pdftools.text(response.content)
        for fact in [
            "Self Help Hub",
            "Nottingham Stroke Club",
            "A friendly club for people after a stroke.",
            "People who have had a stroke, and their families.",
            "We have tea, play word games and share what helps.",
            "Someone will meet you at the door.",
            "The second Tuesday of each month, 7pm to 9pm",
            "Tuesday 8 December 2026, 7pm",
            "Tuesday 12 January 2027, 7pm",
            "St Mary’s Hall",
            "12 High Pavement",
            "Nottingham NG1 5FW",
            "Step-free access, Hearing loop",
            "Buses 36 and 37 stop outside.",
            "Not on a regular pattern: contact the group for dates",
            "On Zoom",
            "Contact: Group secretary",
            "0115 496 0101",
            "stroke@example.org",
            "Last confirmed: October 2026",  # kept by the team: nobody from the group is on the hub
            "printed 22 November 2026",
        ]:
            assert fact in words, fact
        assert pdftools.has_address("https://hub.example.org/groups/nottingham-stroke-club/", words)

    def test_it_is_a5_unless_a4_is_asked_for(self, client, group):
        assert pdftools.info(get_pdf(client, leaflet_url(group)).content)["Page size"] == A5
        response = get_pdf(client, leaflet_url(group), {"size": "a4"})
        assert pdftools.info(response.content)["Page size"] == A4
        assert response["Content-Disposition"] == 'inline; filename="nottingham-stroke-club-leaflet-a4.pdf"'

    def test_standard_print_body_text_is_smaller_than_large_print(self, client, group):
        sizes = pdftools.font_sizes(get_pdf(client, leaflet_url(group)).content)
        assert min(sizes) < 16

    @pytest.mark.parametrize("size", ["a5", "a4"])
    def test_large_print_sets_every_piece_of_text_at_16pt_or_more(self, client, group, size):
        response = get_pdf(client, leaflet_url(group), {"print": "large", "size": size})
        sizes = pdftools.font_sizes(response.content)
        assert sizes and min(sizes) >= 16, sorted(set(sizes))
        words = pdftools.text(response.content)
        assert "Tuesday 8 December 2026, 7pm" in words
        assert pdftools.info(response.content)["Title"] == "Nottingham Stroke Club: large-print leaflet"
        assert response["Content-Disposition"].endswith(f'-leaflet-large-print-{size}.pdf"')

    def test_it_is_tagged_with_a_title_a_language_and_embedded_fonts(self, client, group):
        body = get_pdf(client, leaflet_url(group)).content
        details = pdftools.info(body)
        assert details["Tagged"] == "yes"
        assert details["Title"] == "Nottingham Stroke Club: leaflet"
        assert details["Author"] == "Self Help Hub"
        assert b"/Lang (en-gb)" in pdftools.catalog_entries(body)
        structure = pdftools.structure(body)
        assert "H1" in structure and "H2" in structure and "Figure" in structure
        assert [font["embedded"] for font in pdftools.fonts(body)] == ["yes"] * len(pdftools.fonts(body))
        assert all("DejaVu" in font["name"] for font in pdftools.fonts(body))

    def test_it_says_when_a_paused_group_starts_again(self, client):
        group = make_group(stage=Group.Stage.PAUSED, paused_until=datetime.date(2027, 2, 1),
                           stage_note="We are taking a break over winter.")
        words = pdftools.text(get_pdf(client, leaflet_url(group)).content)
        assert "Paused for now" in words
        assert "We are taking a break over winter." in words
        assert "Meetings are paused. They start again on Monday 1 February 2027." in words
        assert "Next dates" not in words

    def test_it_gives_a_closing_group_s_last_meeting(self, client):
        group = make_group(stage=Group.Stage.CLOSING, stage_note="Members can go to the Derby group instead.",
                           meetings=[{"ends_on": datetime.date(2026, 12, 15)}])
        words = pdftools.text(get_pdf(client, leaflet_url(group)).content)
        assert "Closing" in words
        assert "Members can go to the Derby group instead." in words
        assert "Last meeting: Tuesday 15 December 2026." in words

    def test_a_group_that_wants_introductions_says_how_to_ask(self, client, alice):
        group = make_group(contact_route=Group.ContactRoute.INTRODUCTION)
        make_coordinator(group, alice)  # someone on the hub to read the request (see directory test_kept_groups)
        words = pdftools.text(get_pdf(client, leaflet_url(group)).content)
        assert "The group would like you to ask it to contact you. You can do that on its web page." in words

    @pytest.mark.parametrize("params", [{"size": "a3"}, {"print": "huge"}, {"size": ""}])
    def test_it_lists_the_leaflets_there_are_for_options_it_does_not_know(self, client, group, params):
        response = client.get(leaflet_url(group), params)
        assert response.status_code == 400
        assert "We couldn’t tell which leaflet you wanted." in response.content.decode()
        assert "Large-print leaflet, A4" in response.content.decode()

    @pytest.mark.parametrize(("status", "stage"), [
        (Group.Status.PENDING, Group.Stage.ACTIVE),
        (Group.Status.DRAFT, Group.Stage.ACTIVE),
        (Group.Status.DECLINED, Group.Stage.ACTIVE),
        (Group.Status.PUBLISHED, Group.Stage.CLOSED),
    ])
    @pytest.mark.parametrize("name", ["publishing:group-leaflet", "publishing:group-poster"])
    def test_it_should_not_print_unlisted_or_closed_groups(self, client, status, stage, name):
        group = make_group(status=status, stage=stage)
        assert client.get(reverse(name, args=[group.slug])).status_code == 404

    def test_it_rejects_post(self, client, group):
        assert client.post(leaflet_url(group)).status_code == 405


class TestPoster:
    def test_it_is_one_a4_page_with_the_group_s_name_next_meeting_and_contact(self, client, group):
        response = get_pdf(client, reverse("publishing:group-poster", args=[group.slug]))
        assert response["Content-Disposition"] == 'inline; filename="nottingham-stroke-club-poster.pdf"'
        details = pdftools.info(response.content)
        assert details["Pages"] == "1"
        assert details["Page size"] == A4
        assert details["Tagged"] == "yes"
        words = pdftools.text(response.content)
        for fact in ["Nottingham Stroke Club", "A friendly club for people after a stroke.",
                     "The second Tuesday of each month, 7pm to 9pm", "St Mary’s Hall",
                     "Next: Tuesday 8 December 2026, 7pm", "Phone: 0115 496 0101", "Email: stroke@example.org"]:
            assert fact in words, fact
        assert pdftools.has_address("https://hub.example.org/groups/nottingham-stroke-club/", words)
        assert "Figure" in pdftools.structure(response.content)

    def test_its_type_is_large(self, client, group):
        sizes = pdftools.font_sizes(get_pdf(client, reverse("publishing:group-poster", args=[group.slug])).content)
        assert {size for size in sizes if size < 16} == {12}, "only the page footer is smaller than 16pt"
        assert max(sizes) >= 28

    def test_a_group_with_a_long_name_and_many_meetings_still_fits_one_page(self, client):
        group = make_group(
            name="Chelmsford and District Parents of Children with Rare Conditions Coffee Morning",
            summary="A" * 20 + " friendly coffee morning for parents and carers of children with rare "
            "and undiagnosed conditions, with a quiet room.",
            who_for=" ".join(["Parents and carers of children with rare conditions."] * 8),
            email="rare.conditions.coffee.morning.chelmsford@example.org", phone="01245 960 000",
            meetings=[{"weekday": day, "venue": make_venue("CM1 1SQ", name="The Old Library Community Centre",
                                                           address_1="123 Broomfield Road")} for day in range(5)],
        )
        response = get_pdf(client, reverse("publishing:group-poster", args=[group.slug]))
        assert pdftools.info(response.content)["Pages"] == "1"
        assert "It meets at other times too: see its web page." in pdftools.text(response.content)


def test_the_qr_code_is_an_svg_made_here():
    uri = pdf.qr_code("https://hub.example.org/groups/stroke-club/")
    assert uri.startswith("data:image/svg+xml")


def test_nothing_outside_the_document_is_fetched_while_a_pdf_is_made():
    with mock.patch("urllib.request.OpenerDirector.open") as opened:
        body = pdf.html_to_pdf('<html lang="en"><title>T</title><p>Text</p>'
                               '<img src="http://127.0.0.1:9/tracker.png" alt="x">'
                               '<link rel="stylesheet" href="https://example.org/site.css">')
    assert not opened.called
    assert "Text" in pdftools.text(body)


class TestOneDateChanged:
    """A cancelled or moved date reaches paper: the leaflet and the poster."""

    @pytest.fixture
    def cancelled(self, group):
        from directory.models import MeetingChange

        meeting = group.meetings.get(pattern=Meeting.Pattern.NTH_WEEKDAY)
        return MeetingChange.objects.create(meeting=meeting, on_date=datetime.date(2026, 12, 8), note="holiday")

    def test_the_leaflet_leaves_a_cancelled_date_out_and_says_why(self, client, group, cancelled):
        words = " ".join(pdftools.text(get_pdf(client, leaflet_url(group)).content).split())
        assert "No meeting on Tuesday 8 December 2026: holiday" in words
        assert "Tuesday 12 January 2027, 7pm" in words
        assert words.count("8 December 2026") == 1

    def test_the_poster_gives_the_next_meeting_after_the_cancelled_one(self, client, group, cancelled):
        words = " ".join(pdftools.text(get_pdf(client, reverse("publishing:group-poster", args=[group.slug]))
                                       .content).split())
        assert "Next: Tuesday 12 January 2027, 7pm" in words
        assert "No meeting on Tuesday 8 December 2026: holiday" in words

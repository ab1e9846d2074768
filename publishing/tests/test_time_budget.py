"""Every PDF made while someone waits has a time budget; past it they are told what to do instead.

These make real PDFs with WeasyPrint: a test sets a budget of no time at all, so that the
first report of WeasyPrint's progress is already past it.
"""

import re

import pytest
from django.urls import reverse

from directory.models import Meeting
from directory.tests.factory import make_group
from publishing import lists, pdf, printed

from . import pdftools

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_address", "printed_on")]

NO_TIME = 0.000001


@pytest.fixture
def stroke_groups():
    return [make_group(name=f"Stroke Club {number:03d}", categories=["stroke-aphasia"],
                       summary="Tea and word games after a stroke, every week, with a warm welcome for newcomers.")
            for number in range(lists.MAX_GROUPS + 5)]


class TestTheBudget:
    def test_a_pdf_past_its_budget_is_stopped_while_weasyprint_works(self):
        html = "<html lang='en'><title>t</title>" + "<p>Some words to lay out.</p>" * 200
        with pytest.raises(pdf.TooSlow), pdf.time_budget(NO_TIME):
            pdf.html_to_pdf(html)

    def test_a_pdf_within_its_budget_is_made(self):
        with pdf.time_budget(60):
            body = pdf.html_to_pdf("<html lang='en'><title>t</title><p>Made in time.</p>")
        assert "Made in time." in pdftools.text(body)

    def test_commands_have_no_budget(self):
        # Outside a time_budget block (print_directory, the scheduled jobs) nothing is stopped.
        assert pdf.html_to_pdf("<html lang='en'><title>t</title><p>x</p>").startswith(b"%PDF")


class TestPagesPastTheBudget:
    def test_an_oversized_list_gets_a_page_saying_how_to_make_it_shorter(self, client, settings, stroke_groups):
        settings.PDF_TIME_BUDGET_SECONDS = NO_TIME
        params = {"category": "stroke-aphasia", "where": "NG1 5FW", "distance": "50"}
        response = client.get(reverse("publishing:list-pdf"), params)
        assert response.status_code == 503
        html = response.content.decode()
        assert "<title>This PDF took too long to make" in html
        assert "We stopped making it after" in html
        assert "choose a smaller distance or a narrower subject" in html
        assert 'href="/lists/?category=stroke-aphasia&amp;where=NG1+5FW&amp;distance=50"' in html

    @pytest.mark.parametrize("name", ["publishing:group-leaflet", "publishing:group-poster"])
    def test_a_leaflet_or_poster_past_the_budget_points_to_the_group_s_page(self, client, settings, name):
        group = make_group(name="Nottingham Stroke Club")
        settings.PDF_TIME_BUDGET_SECONDS = NO_TIME
        response = client.get(reverse(name, args=[group.slug]))
        assert response.status_code == 503
        html = response.content.decode()
        assert "This PDF took too long to make" in html
        assert f'href="/groups/{group.slug}/"' in html

    def test_the_same_request_within_the_budget_gets_its_pdf(self, client, settings):
        group = make_group(name="Nottingham Stroke Club")
        settings.PDF_TIME_BUDGET_SECONDS = 60
        response = client.get(reverse("publishing:group-leaflet", args=[group.slug]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"


class TestWhatBoundsThem:
    def test_a_list_holds_at_most_max_groups_and_says_so(self, client, stroke_groups):
        response = client.get(reverse("publishing:list-pdf"), {"category": "stroke-aphasia"})
        assert response.status_code == 200
        words = pdftools.text(response.content)
        assert f"This list shows the first {lists.MAX_GROUPS} of {lists.MAX_GROUPS + 5} groups." in words
        assert f"Stroke Club {lists.MAX_GROUPS - 1:03d}" in words
        assert f"Stroke Club {lists.MAX_GROUPS:03d}" not in words

    def test_a_leaflet_with_a_huge_description_prints_its_start_and_points_to_the_web_page(self, client):
        # As a listing stored before the forms' limits could hold: 600 KB of the group's words.
        group = make_group(name="Long Words Club", description="Word " * 120_000)
        response = client.get(reverse("publishing:group-leaflet", args=[group.slug]))
        assert response.status_code == 200
        words = pdftools.text(response.content)
        assert "the rest is on its web page" in words
        assert words.count("Word") <= printed.PRINTED_TEXT_LIMIT // 5 + 1

    def test_a_leaflet_prints_at_most_leaflet_meetings(self, client):
        meetings = [{"pattern": Meeting.Pattern.WEEKLY, "weekday": day % 7, "notes": f"Meeting number {day}."}
                    for day in range(printed.LEAFLET_MEETINGS + 2)]
        group = make_group(name="Busy Club", meetings=meetings)
        words = pdftools.text(client.get(reverse("publishing:group-leaflet", args=[group.slug])).content)
        assert len(re.findall(r"Meeting number \d+\.", words)) == printed.LEAFLET_MEETINGS
        assert "It meets at other times too: see its web page." in words

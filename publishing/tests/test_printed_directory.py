"""The printed directory: staff only, grouped by subject, with contents, an index and the date."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from directory.models import Group
from directory.tests.factory import make_group
from publishing.jobs import remake_printed_directory
from publishing.models import PrintedDirectory
from publishing.printed import printed_directory

from . import pdftools

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("printed_on")]

URL = reverse("publishing:directory")


@pytest.fixture
def groups():
    return {
        "stroke": make_group(name="Nottingham Stroke Club", categories=["stroke-aphasia"],
                             summary="Tea and word games after a stroke.", phone="0115 496 0101",
                             description="We play word games and share what helps."),
        # About two subjects: in full under the first, with a "see page" line under the other.
        "carers": make_group(name="Arnold Stroke Carers", categories=["stroke-aphasia", "caring-for-an-adult"],
                             email="carers@example.org"),
        "diabetes": make_group(name="Derby Diabetes Friends", categories=["diabetes"]),
        "closed": make_group(name="Closed Stroke Group", categories=["stroke-aphasia"], stage=Group.Stage.CLOSED),
        "pending": make_group(name="Pending Stroke Group", categories=["stroke-aphasia"],
                              status=Group.Status.PENDING),
    }


def pages_of(body: bytes) -> list[str]:
    """The text of each page."""
    return [" ".join(page.split()) for page in pdftools.text_pages(body)]


def page_lines(body: bytes) -> list[list[str]]:
    return [page.splitlines() for page in pdftools.text_pages(body)]


class TestPermissions:
    def test_signed_out_visitors_are_sent_to_sign_in(self, client):
        response = client.get(URL)
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:sign-in") + "?next=" + URL

    @pytest.mark.parametrize("person", ["alice", "pat"])
    def test_people_who_are_not_staff_are_refused(self, client, person, request):
        client.force_login(request.getfixturevalue(person))
        assert client.get(URL).status_code == 403

    def test_staff_get_the_pdf(self, client, groups, sam):
        client.force_login(sam)
        response = client.get(URL)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="directory-2026-11-22.pdf"'
        assert "Nottingham Stroke Club" in pdftools.text(response.content)

    def test_it_rejects_post(self, client, sam):
        client.force_login(sam)
        assert client.post(URL).status_code == 405


class TestContents:
    @pytest.fixture
    def pdf(self, groups, settings):
        settings.SITE_URL = "https://hub.example.org"
        return printed_directory()[2]

    def test_it_has_a_cover_with_the_date_produced_and_the_number_of_groups(self, pdf):
        cover = pages_of(pdf)[0]
        assert "Directory of self-help groups" in cover
        assert "Produced on 22 November 2026" in cover
        assert "3 groups" in cover
        details = pdftools.info(pdf)
        assert details["Title"] == "Directory of self-help groups"
        assert details["Tagged"] == "yes"
        assert b"/Lang (en-gb)" in pdftools.catalog_entries(pdf)

    def test_its_contents_page_gives_each_subject_s_page(self, pdf):
        pages = pages_of(pdf)
        contents = pages[1]
        assert contents.startswith("Contents")
        numbers = {name: int(number) for name, number in re.findall(r"([A-Z][a-z ]+?)[ .]+(\d+)", contents)}
        for heading in ["Health conditions", "Stroke and aphasia", "Carers", "Caring for an adult", "Diabetes",
                        "Index of groups"]:
            assert heading in numbers, (heading, contents)
            assert heading in pages[numbers[heading] - 1], heading
        assert "Mental health" not in contents  # subjects with no groups are left out

    def test_groups_are_under_their_subjects_in_full_once(self, pdf):
        words = " ".join(pages_of(pdf)[2:])  # after the cover and the contents
        assert words.index("Health conditions") < words.index("Stroke and aphasia") < words.index(
            "Nottingham Stroke Club") < words.index("Carers Caring for an adult")
        for fact in ["Tea and word games after a stroke.", "In its own words: We play word games and share what helps.",
                     "Every Tuesday, 7pm to 9pm", "Nottingham NG1 5FW", "0115 496 0101", "carers@example.org",
                     "https://hub.example.org/groups/"]:
            assert fact in words, fact
        assert words.count("carers@example.org") == 1
        assert "Closed Stroke Group" not in words and "Pending Stroke Group" not in words

    def test_it_prints_what_search_lists_marking_listings_that_may_be_out_of_date(self, groups):
        today = datetime.date(2026, 11, 22)
        make_group(name="Old Stroke Circle", categories=["stroke-aphasia"],
                   last_confirmed_on=today - datetime.timedelta(days=300))
        make_group(name="Hidden Stroke Circle", categories=["stroke-aphasia"],
                   last_confirmed_on=today - datetime.timedelta(days=420))
        words = " ".join(pages_of(printed_directory()[2]))
        assert "Hidden Stroke Circle" not in words
        old = words[words.index("Old Stroke Circle"):]
        assert old.index("may be out of date") < old.index("Who it is for")
        assert words.count("may be out of date") == 1

    def test_a_group_about_two_subjects_points_from_the_second_to_its_page(self, pdf):
        pages = pages_of(pdf)
        see = re.search(r"Arnold Stroke Carers: see page (\d+)", " ".join(pages))
        assert see, "no cross-reference"
        assert "carers@example.org" in pages[int(see.group(1)) - 1]

    def test_its_index_gives_each_group_s_page(self, pdf):
        pages, lines = pages_of(pdf), page_lines(pdf)
        start = [number for number, page in enumerate(pages) if page.startswith("Index of groups")][0]
        index = [line for page in lines[start:] for line in page if "directory produced" not in line]
        entries = [match.groups() for match in map(re.compile(r"(.+?)\s+(\d+)$").match, index) if match]
        assert [name for name, _page in entries] == [
            "Arnold Stroke Carers", "Derby Diabetes Friends", "Nottingham Stroke Club"]
        assert [line for line in index if len(line) == 1] == ["A", "D", "N"]  # letters as headings
        for name, number in entries:
            assert f"{name} " in pages[int(number) - 1] and "Who it is for" in pages[int(number) - 1]

    def test_every_page_says_when_it_was_produced(self, pdf):
        for number, page in enumerate(pages_of(pdf)[:-1], start=1):
            assert f"directory produced 22 November 2026 · page {number}" in page


class TestCommand:
    def test_it_writes_the_directory_to_a_file(self, groups, tmp_path, settings):
        settings.SITE_URL = "https://hub.example.org/"
        out = io.StringIO()
        call_command("print_directory", str(tmp_path / "directory.pdf"), stdout=out)
        assert "Wrote the directory of 3 groups to" in out.getvalue()
        words = pdftools.text((tmp_path / "directory.pdf").read_bytes())
        assert "Nottingham Stroke Club" in words
        assert "https://hub.example.org/groups/" in words

    def test_it_says_what_is_wrong_with_the_path(self, tmp_path):
        with pytest.raises(CommandError, match="is a folder"):
            call_command("print_directory", str(tmp_path))
        with pytest.raises(CommandError, match="There is no folder"):
            call_command("print_directory", str(tmp_path / "missing" / "directory.pdf"))


class TestKeptCopy:
    """The scheduled jobs keep the directory made; the page hands over that copy."""

    def test_the_page_hands_over_the_kept_copy_until_the_jobs_make_a_new_one(self, client, groups, sam):
        assert remake_printed_directory() == {"printed directory made with groups": 3}
        make_group(name="Newly Listed Stroke Circle", categories=["stroke-aphasia"])
        client.force_login(sam)
        assert "Newly Listed Stroke Circle" not in pdftools.text(client.get(URL).content)
        assert remake_printed_directory() == {"printed directory made with groups": 4}
        assert "Newly Listed Stroke Circle" in pdftools.text(client.get(URL).content)
        assert PrintedDirectory.objects.count() == 1  # only the latest is kept

    def test_the_jobs_leave_an_unchanged_directory_alone(self, groups):
        remake_printed_directory()
        kept = PrintedDirectory.objects.get()
        assert remake_printed_directory() == {"printed directory": "up to date"}
        assert PrintedDirectory.objects.get().pk == kept.pk

    def test_a_change_to_what_it_prints_makes_it_again(self, groups):
        remake_printed_directory()
        Group.objects.filter(pk=groups["stroke"].pk).update(phone="0115 496 0999")
        assert remake_printed_directory() == {"printed directory made with groups": 3}
        assert "0115 496 0999" in pdftools.text(bytes(PrintedDirectory.objects.get().pdf))

    def test_it_shows_the_date_it_was_made_and_is_made_again_the_next_day(self, client, groups, sam, time_machine):
        remake_printed_directory()
        time_machine.move_to(datetime.datetime(2026, 11, 24, 9, tzinfo=datetime.UTC), tick=False)
        client.force_login(sam)
        response = client.get(URL)
        assert response["Content-Disposition"] == 'attachment; filename="directory-2026-11-22.pdf"'
        assert "Produced on 22 November 2026" in pdftools.text(response.content)
        assert remake_printed_directory() == {"printed directory made with groups": 3}
        assert "Produced on 24 November 2026" in pdftools.text(client.get(URL).content)

    def test_on_a_new_site_the_first_request_makes_it_and_keeps_it(self, client, groups, sam):
        client.force_login(sam)
        assert client.get(URL).status_code == 200
        assert PrintedDirectory.objects.get().groups == 3

    def test_when_it_is_not_made_yet_and_too_big_to_make_while_waiting_staff_go_to_its_page(
            self, client, groups, sam, settings):
        settings.PDF_TIME_BUDGET_SECONDS = 0.000001
        client.force_login(sam)
        response = client.get(URL)
        assert response.status_code == 302
        assert response["Location"] == reverse("publishing:printed-directory")
        page = client.get(response["Location"]).content.decode()
        assert "It has not been made yet." in page
        assert "Make the printed directory now" in page
        assert not PrintedDirectory.objects.exists()

    def test_it_is_one_of_the_scheduled_jobs(self, settings):
        assert "publishing.jobs.remake_printed_directory" in settings.SCHEDULED_JOBS

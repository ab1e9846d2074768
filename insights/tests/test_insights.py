"""Insight for the intermediary: staff only, counts only, every view as CSV."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Category, Group, GroupChange
from directory.tests.factory import make_coordinator, make_group
from insights import data
from insights.coverage import coverage
from insights.report import Table, csv_response
from introductions.models import Introduction, IntroductionCount
from lib.counts import FewerThan, Withheld, small, suppress
from lib.spreadsheets import safe_cell

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "coordinator", "other_coordinator", "practitioner", "staff"]
PAGES = ["insights:index", "insights:growth", "insights:coverage", "insights:freshness",
         "insights:introductions", "insights:support", "insights:opportunities", "insights:reflections"]


@pytest.fixture
def people(alice, charlie, pat, sam):
    group = make_group(name="Stroke Club", slug="stroke-club")
    make_coordinator(group, alice)
    make_coordinator(make_group(name="Other"), charlie)
    return {"group": group, "coordinator": alice, "other_coordinator": charlie, "practitioner": pat, "staff": sam}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", PAGES)
def test_only_staff_see_insight(client, people, role, name):
    if role != "anonymous":
        client.force_login(people[role])
    expected = {"anonymous": 302, "staff": 200}.get(role, 403)
    for suffix in ["", "?format=csv"]:
        response = client.get(reverse(name) + suffix)
        assert response.status_code == expected
        if expected == 302:
            assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize("name", PAGES[1:])
def test_every_view_downloads_as_csv(client, people, name):
    client.force_login(people["staff"])
    response = client.get(reverse(name) + "?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows and rows[0][0]
    page = client.get(reverse(name)).content.decode()
    assert "format=csv" in page and "Download these tables as a spreadsheet (CSV)" in page


class TestSpreadsheetSafety:
    @pytest.mark.parametrize("text", ["=HYPERLINK(\"http://evil.example\")", "+1+1", "-2+3", "@SUM(A1)",
                                      "\t=1", "\r=1"])
    def test_cells_that_a_spreadsheet_would_run_are_escaped(self, text):
        assert safe_cell(text) == "'" + text

    def test_plain_values_are_left_alone(self):
        assert safe_cell("Stroke Club") == "Stroke Club"
        assert safe_cell(12) == 12 and safe_cell(None) == ""
        assert safe_cell(datetime.date(2026, 1, 2)) == "2026-01-02"
        assert safe_cell(FewerThan()) == "fewer than 5"

    def test_a_group_named_like_a_formula_is_escaped_in_the_download(self, client, people):
        make_group(name="=cmd|' /C calc'!A0", slug="formula")
        from voice.tests.factory import make_opportunity

        make_opportunity(title="@SUM(1+1)*cmd", posted_by=people["staff"])
        client.force_login(people["staff"])
        body = client.get(reverse("insights:opportunities") + "?format=csv").content.decode("utf-8-sig")
        cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
        assert "'@SUM(1+1)*cmd" in cells
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)

    def test_tables_are_written_one_after_another(self):
        response = csv_response("test", [Table("First", ["A", "B"], [["x", 1]]), Table("Second", ["C"], [["-y"]])])
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows == [["First"], ["A", "B"], ["x", "1"], [], ["Second"], ["C"], ["'-y"]]


class TestSmallNumbers:
    def test_counts_of_1_to_4_are_hidden_and_a_lone_one_takes_the_next_smallest_above_0_with_it(self):
        assert suppress([10, 3, 7]) == [10, FewerThan(), Withheld()]
        assert suppress([10, 3, 2, 7]) == [10, FewerThan(), FewerThan(), 7]
        assert suppress([10, 5, 7]) == [10, 5, 7]
        assert suppress([0, 3, 12, 40]) == [0, FewerThan(), Withheld(), 40]
        assert suppress([3]) == [FewerThan()]
        assert suppress([3, 0]) == [FewerThan(), 0]

    def test_0_is_shown_as_0(self):
        assert suppress([0, 12]) == [0, 12]
        assert small(0) == 0 and small(4) == FewerThan() and small(5) == 5

    def test_a_larger_count_hidden_beside_a_small_one_is_not_called_fewer_than_5(self):
        assert str(suppress([3, 12])[1]) == "not shown"
        assert Withheld() != FewerThan()

    def test_introductions_show_counts_only(self, client, people):
        group = people["group"]
        for _number in range(3):
            Introduction.objects.create(group=group, name="Mukti Patel", contact_method="phone",
                                        contact_value="07700 900123", consent_text="agreed")
        IntroductionCount.objects.create(group=group, month=datetime.date(2025, 1, 1), direction="group_contacts",
                                         made_by="person", outcome="contacted", count=9)
        counts = data.introductions()
        assert counts["total"] == 12
        # 3 not answered is "fewer than 5"; 9 contacted is withheld beside it, since 12 - 9 would
        # give the 3 away; nobody in the other outcomes is shown as 0.
        assert dict(counts["outcome"]) == {"Not answered yet": FewerThan(), "Contacted": Withheld(),
                                           "Could not reach them": 0, "Closed": 0,
                                           "Withdrawn by the person": 0}
        client.force_login(people["staff"])
        for suffix in ["", "?format=csv"]:
            page = client.get(reverse("insights:introductions") + suffix).content.decode()
            assert "fewer than 5" in page
            assert "Mukti" not in page and "07700" not in page and "Stroke Club" not in page


class TestGrowth:
    def test_groups_are_counted_from_when_they_were_listed_until_they_closed(self, people):
        Group.objects.all().delete()
        old = make_group(name="Old")
        Group.objects.filter(pk=old.pk).update(created_at=timezone.make_aware(datetime.datetime(2022, 5, 1)))
        approved = make_group(name="Approved")
        GroupChange.objects.create(group=approved, action=GroupChange.Action.APPROVED,
                                   at=timezone.make_aware(datetime.datetime(2023, 3, 1)))
        closed = make_group(name="Closed", stage=Group.Stage.CLOSED, started_on=datetime.date(2010, 1, 1))
        Group.objects.filter(pk=closed.pk).update(created_at=timezone.make_aware(datetime.datetime(2022, 1, 1)))
        GroupChange.objects.create(group=closed, action=GroupChange.Action.STAGE_CHANGED,
                                   changes={"stage": ["active", "closed"]},
                                   at=timezone.make_aware(datetime.datetime(2024, 6, 1)))
        make_group(name="Pending", status=Group.Status.PENDING)
        today = datetime.date(2025, 2, 1)
        assert data.growth(today=today) == [(2022, 2, 0, 2), (2023, 1, 0, 3), (2024, 0, 1, 2), (2025, 0, 0, 2)]
        started = data.growth("started", today=today)
        assert started[0] == (2010, 1, 0, 1)

    def test_the_chart_has_a_text_alternative_and_a_table(self, client, people):
        client.force_login(people["staff"])
        page = client.get(reverse("insights:growth")).content.decode()
        assert 'role="img"' in page and "<desc" in page and "<title" in page
        assert "<table" in page and "In the directory at the end of the year" in page
        assert "http://" not in page.split("<svg", 1)[1].split("</svg>")[0].replace("http://www.w3.org/2000/svg", "")


class TestCoverage:
    def test_districts_with_no_group_near_are_gaps(self):
        make_group(name="Nottingham Diabetes", categories=["diabetes"], meetings=[{"postcode": "NG1 5FW"}])
        make_group(name="Derby Twins", categories=["twins-multiples"], meetings=[{"postcode": "DE1 1AA"}])
        result = coverage(["NG", "DE"], 5)
        gaps = {district.outward for district in result.gaps}
        assert "NG1" not in gaps and "DE1" not in gaps
        assert "NG22" in gaps  # Newark way, about 20 miles from Nottingham
        ng1 = next(d for d in result.districts if d.outward == "NG1")
        assert ng1.groups == 1 and ng1.nearest < 1
        diabetes = next(row for row in result.subjects if row.category.slug == "diabetes")
        assert diabetes.groups == 1 and diabetes.districts_without < len(result.districts)
        cancer = next(row for row in result.subjects if row.category.slug == "cancer")
        assert cancer.groups == 0 and cancer in result.subjects_with_none
        by_subject = coverage(["NG", "DE"], 5, subject=diabetes.category)
        assert "DE1" in {district.outward for district in by_subject.gaps}

    def test_the_page_and_its_csv_show_the_gaps(self, client, people):
        client.force_login(people["staff"])
        page = client.get(reverse("insights:coverage") + "?miles=5&areas=NG&subject=").content.decode()
        assert "NG22" in page and "Gaps: postcode districts with no group" in page
        assert 'role="img"' in page
        response = client.get(reverse("insights:coverage") + "?miles=5&areas=NG&subject=&format=csv")
        assert "NG22" in response.content.decode("utf-8-sig")
        today = datetime.date.today().isoformat()
        assert response["Content-Disposition"] == f'attachment; filename="coverage-any-subject-NG-5-miles-{today}.csv"'
        carers = Category.objects.get(slug="carers")
        response = client.get(reverse("insights:coverage") + f"?miles=10&areas=NG+DE&subject={carers.pk}&format=csv")
        assert f'filename="coverage-carers-DE-NG-10-miles-{today}.csv"' in response["Content-Disposition"]

    @pytest.mark.parametrize(("query", "message"), [
        ("miles=0&areas=NG", "from 1 to 50 miles"),
        ("miles=ten&areas=NG", "whole number of miles"),
        ("miles=10&areas=QQ", "We don’t know the postcode area QQ"),
        ("miles=10&areas=" + "+".join(["NG", "DE", "LE", "S", "B", "CM", "CO", "SS", "M", "L", "LS", "BD", "HD"]),
         "at most 12"),
    ])
    def test_bad_input_gets_a_clear_message(self, client, people, query, message):
        client.force_login(people["staff"])
        response = client.get(reverse("insights:coverage") + "?" + query)
        assert response.status_code == 400
        page = response.content.decode()
        assert "There is a problem" in page and message in page


def test_support_requests_and_arrangements_are_counted_by_area_age_and_review(client, people):
    from support.models import Arrangement, Match, SupportRequest
    from support.tests.factory import days, make_request, make_worker

    group = people["group"]
    make_request(group, kind="meeting_room")
    waiting = make_request(group, kind="printing", created_at=timezone.now() - datetime.timedelta(days=40))
    Match.objects.create(request=waiting, practitioner=make_worker("pip@example.org"), made_by="staff",
                         status=Match.Status.WAITING_FOR_GROUP)
    make_request(group, kind="speaker", status=SupportRequest.Status.ARRANGED)
    Arrangement.objects.create(group=group, kind="speaker", agreed="A talk each spring.", role="co_educator",
                               review_on=days(-1))
    Arrangement.objects.create(group=group, kind="printing", agreed="Leaflets.", role="resource_builder",
                               review_on=days(7))
    requests_table, ages, arrangements = data.support()["tables"]
    assert requests_table.rows[0][1:] == [1, 1, 0, 0]  # running the group: a room (nobody yet), printing
    assert requests_table.rows[2][1:] == [0, 0, 1, 0]  # knowledge: the speaker, arranged
    assert [row[1] for row in ages.rows] == [1, 0, 1, 0]
    assert [row[1] for row in arrangements.rows] == [2, 1, 1, 0]
    client.force_login(people["staff"])
    page = client.get(reverse("insights:support")).content.decode()
    assert 'role="img"' in page and "Requests for support by area" in page


def test_freshness_counts_every_reachable_group_by_state_hidden_ones_included(people):
    states, ages = data.freshness()
    assert sum(n for _label, n in states) == Group.objects.reachable().count()
    assert dict(ages)["Never confirmed by the group"] == 2


def test_a_tables_counts_group_their_thousands_on_the_page_but_not_in_its_csv():
    from django.template.loader import render_to_string

    from insights.report import Table, csv_response

    table = Table("Page views", ["Month", "Views", "Note"], [["January", 1537, "fewer than 5"]], numeric=(1, 2))
    html = render_to_string("insights/_tables.html", {"tables": [table]})
    assert '<td class="numeric">1,537</td>' in html
    assert '<td class="numeric">fewer than 5</td>' in html
    assert "January,1537,fewer than 5" in csv_response("views", [table]).content.decode()

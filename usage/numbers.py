"""The numbers: a year's months by what was counted, for one group or the whole directory,
and the searches that found nothing. Each returns insights.report Tables, so that the page,
the CSV and the PDF show the same rows.

A group's coordinators see their own group's numbers whole: they already see each
introduction in their inbox, and hiding small numbers would blank most of a small group's
year, the very numbers a funding bid needs. Anyone else (staff) sees them under the
small-number rule (lib/counts.py), as on every staff page.
"""

from collections import defaultdict

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth, TruncMonth
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from insights.report import Table
from introductions.models import Introduction, IntroductionCount
from lib.counts import SMALL, suppress

from .models import DailyCount, EmptySearch, Kind

ASKED, BY_PRACTITIONERS = "asked", "practitioners"
# Who made an introduction says which it is: a person asks the group, through its page,
# to get in touch with them; a practitioner introduces someone, with their agreement.
MADE_BY = {Introduction.MadeBy.PERSON: ASKED, Introduction.MadeBy.PRACTITIONER: BY_PRACTITIONERS}
COLUMNS = [ASKED, BY_PRACTITIONERS, *Kind.values]


def column_headers() -> list[str]:
    labels = {ASKED: _("People who asked to be contacted"), BY_PRACTITIONERS: _("Introductions by practitioners"),
              **dict(Kind.choices)}
    return [str(labels[column]) for column in COLUMNS]


def _introductions(year: int, group=None) -> dict:
    """(month number, column) → introductions, from the live ones and the counts kept once
    their details were deleted."""
    counts = defaultdict(int)
    live = Introduction.objects.filter(created_at__year=year)
    kept = IntroductionCount.objects.filter(month__year=year)
    if group is not None:
        live, kept = live.filter(group=group), kept.filter(group=group)
    rows = [*live.annotate(month=TruncMonth("created_at")).values("month", "made_by").annotate(n=Count("pk")),
            *kept.values("month", "made_by").annotate(n=Sum("count"))]
    for row in rows:
        counts[(row["month"].month, MADE_BY[row["made_by"]])] += row["n"]
    return counts


def _usage(year: int, group=None) -> dict:
    counts = DailyCount.objects.filter(day__year=year)
    if group is not None:
        counts = counts.filter(group=group)
    return {(row["month"], row["kind"]): row["n"] for row in
            counts.annotate(month=ExtractMonth("day")).values("month", "kind").annotate(n=Sum("count"))}


def year_table(year: int, group=None, hide_small: bool = True) -> Table:
    """Each month of `year` by what was counted, and the year's totals; for `group`, or for
    every group when it is None."""
    found = {**_introductions(year, group), **_usage(year, group)}
    grid = [[found.get((month, column), 0) for column in COLUMNS] for month in range(1, 13)]
    totals = [sum(row[index] for row in grid) for index in range(len(COLUMNS))]
    if hide_small:
        # One table, one rule: every count in it, the totals included.
        flat = suppress([n for row in [*grid, totals] for n in row])
        width = len(COLUMNS)
        rows = [flat[index:index + width] for index in range(0, len(flat), width)]
        grid, totals = rows[:-1], rows[-1]
    months = [str(MONTHS[month]) for month in range(1, 13)]  # each month's name, in the reader's language
    caption = (_("%(group)s in %(year)s, month by month") % {"group": group.name, "year": year} if group
               else _("Every group in %(year)s, month by month") % {"year": year})
    return Table(caption, [_("Month"), *column_headers()],
                 [[label, *row] for label, row in zip([*months, _("The whole year")], [*grid, totals], strict=True)],
                 numeric=tuple(range(1, len(COLUMNS) + 1)))


def year_totals(table: Table) -> list[tuple[str, object]]:
    """The year's line of the table, as (what, number) pairs."""
    return list(zip(table.headers[1:], table.rows[-1][1:], strict=True))


def empty_searches(year: int) -> list[Table]:
    """Searches that found nothing in `year`: by their words (only words searched for at
    least SMALL times), by postcode district, and both."""
    found = EmptySearch.objects.filter(day__year=year)
    by_words = {row["words"]: row["n"] for row in found.exclude(words="").values("words").annotate(n=Sum("count"))}
    shown = sorted((words for words, n in by_words.items() if n >= SMALL), key=lambda w: (-by_words[w], w))
    words = Table(
        _("Searches that found nothing in %(year)s, by the words searched for") % {"year": year},
        [_("Words"), _("Searches")], [[w, by_words[w]] for w in shown], numeric=(1,),
        empty=_("No words were searched for 5 times or more without finding a group."))
    districts_found = list(found.exclude(district="").values("district").annotate(n=Sum("count"))
                           .order_by("district"))
    districts = Table(
        _("Searches that found nothing in %(year)s, by postcode district") % {"year": year},
        [_("District"), _("Searches")],
        [[row["district"], n] for row, n in
         zip(districts_found, suppress([row["n"] for row in districts_found]), strict=True)], numeric=(1,))
    both_found = list(found.filter(words__in=shown).exclude(district="").values("words", "district")
                      .annotate(n=Sum("count")).order_by("words", "district"))
    both = Table(
        _("The words shown above, by postcode district"),
        [_("Words"), _("District"), _("Searches")],
        [[row["words"], row["district"], n] for row, n in
         zip(both_found, suppress([row["n"] for row in both_found]), strict=True)], numeric=(2,))
    return [words, districts, both]

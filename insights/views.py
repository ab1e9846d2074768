"""The intermediary's view: staff only. Every page also downloads as CSV (`?format=csv`)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.models import Group
from lib.counts import Hidden
from usage import numbers as usage_numbers
from usage.forms import YearForm

from . import charts, data
from .coverage import area_of, default_areas
from .coverage import coverage as work_out_coverage
from .forms import CoverageForm, GrowthForm
from .permissions import require_staff
from .report import Table, csv_response, csv_url, wants_csv


def _page(request, template, name, tables, **context):
    if wants_csv(request):
        return csv_response(name, tables)
    return render(request, template, {"tables": tables, "csv_url": csv_url(request), **context})


@login_required
def index(request):
    require_staff(request)
    return render(request, "insights/index.html", {
        "listed": Group.objects.listed().count(),
        "voice": data.voice_totals(),
    })


@login_required
def growth(request):
    require_staff(request)
    form = GrowthForm(request.GET or None)
    basis = form.cleaned_data["basis"] if form.is_valid() and form.cleaned_data["basis"] else "listed"
    rows = data.growth(basis)
    table = Table(_("Groups in the directory, year by year"),
                  [_("Year"), _("New"), _("Closed"), _("In the directory at the end of the year")],
                  [list(row) for row in rows], numeric=(1, 2, 3))
    chart = None
    if rows:
        first, last = rows[0], rows[-1]
        title = _("Groups in the directory, %(first)s to %(last)s") % {"first": first[0], "last": last[0]}
        description = _(
            "A column for each year, its height the number of groups in the directory at the end of the year: "
            "%(start)s at the end of %(first)s and %(end)s at the end of %(last)s. %(new)s new and %(closed)s "
            "closed in all. The table below gives each year’s numbers."
        ) % {"start": first[3], "first": first[0], "end": last[3], "last": last[0],
             "new": sum(row[1] for row in rows), "closed": sum(row[2] for row in rows)}
        chart = charts.column_chart(title, description, [str(row[0]) for row in rows], [row[3] for row in rows])
    if not form.is_bound:
        form = GrowthForm(initial={"basis": "listed"})
    return _page(request, "insights/growth.html", "directory-growth", [table], chart=chart, form=form)


@login_required
def coverage(request):
    require_staff(request)
    form = CoverageForm(request.GET if request.GET.get("miles") is not None else None,
                        initial={"miles": 10})
    result, trimmed, tables, charts_, name = None, False, [], [], "coverage"
    if not form.is_bound or form.is_valid():
        cleaned = form.cleaned_data if form.is_bound else {"miles": 10, "subject": None, "areas": []}
        chosen = cleaned["areas"]
        areas, trimmed = (chosen, False) if chosen else default_areas()
        result = work_out_coverage(areas, cleaned["miles"], cleaned["subject"])
        tables, charts_ = _coverage_tables(result)
        name = _coverage_file_name(cleaned["subject"], chosen, cleaned["miles"])
    status = 400 if form.is_bound and not form.is_valid() and not wants_csv(request) else 200
    response = _page(request, "insights/coverage.html", name, tables, form=form, result=result,
                     trimmed=trimmed, charts=charts_)
    response.status_code = status
    return response


def _coverage_file_name(subject, areas, miles) -> str:
    """What a coverage CSV holds, in its name: coverage-carers-CM1-CM2-10-miles (the date follows)."""
    where = "-".join(areas[:6]) + (f"-and-{len(areas) - 6}-more" if len(areas) > 6 else "") if areas \
        else "whole-area"
    return f"coverage-{subject.slug if subject else 'any-subject'}-{where}-{miles}-miles"


def _coverage_tables(result):
    miles = result.miles
    subject_name = result.subject.label if result.subject else _("any subject")
    gaps = Table(
        _("Gaps: postcode districts with no group (%(subject)s) within %(miles)s miles")
        % {"subject": subject_name, "miles": miles},
        [_("District"), _("Postcode area")], [[d.outward, area_of(d.outward)] for d in result.gaps],
        empty=_("No gaps: every district has a group within reach."))
    districts = Table(
        _("Groups per postcode district (%(subject)s)") % {"subject": subject_name},
        [_("District"), _("Groups meeting there"), _("Nearest group, miles")],
        [[d.outward, d.groups, round(d.nearest, 1) if d.nearest is not None else ""] for d in result.with_groups],
        numeric=(1, 2))
    subjects = Table(
        _("Groups per subject, and the districts with none within %(miles)s miles") % {"miles": miles},
        [_("Subject"), _("Groups listed"), _("Of which meet online"),
         _("Districts with none within %(miles)s miles, of %(n)s") % {"miles": miles, "n": len(result.districts)}],
        [[row.category.label_with_parent, row.groups, row.online, row.districts_without] for row in result.subjects],
        numeric=(1, 2, 3))
    none = Table(
        _("Subjects with no group within %(miles)s miles of anywhere in the area") % {"miles": miles},
        [_("Subject")], [[row.category.label_with_parent] for row in result.subjects_with_none],
        empty=_("None: every subject has a group somewhere within reach."))
    top = [row for row in result.subjects if not row.category.parent_id]
    bar = charts.bar_chart(
        _("Listed groups by subject"),
        _("A bar for each main subject, its length the number of listed groups: %(list)s. The table "
          "“Groups per subject” below gives every subject.")
        % {"list": "; ".join(f"{row.category.label} {row.groups}" for row in top)},
        [row.category.label for row in top], [row.groups for row in top])
    gap_codes = [d.outward for d in result.gaps]
    described = ", ".join(gap_codes[:40]) + (" …" if len(gap_codes) > 40 else "")
    district_map = charts.district_map(
        _("Postcode districts in %(areas)s, and the gaps") % {"areas": " ".join(result.areas)},
        ngettext(
            "A map of the area, north at the top, with a scale bar in miles. Each district is drawn as the part of "
            "the area nearer its centre than any other district’s, so its shape is approximate. %(n)s of "
            "%(total)s districts has no group (%(subject)s) within %(miles)s miles, hatched and marked with a "
            "cross: %(gaps)s.",
            "A map of the area, north at the top, with a scale bar in miles. Each district is drawn as the part of "
            "the area nearer its centre than any other district’s, so its shape is approximate. %(n)s of "
            "%(total)s districts have no group (%(subject)s) within %(miles)s miles, hatched and marked with "
            "crosses: %(gaps)s.", len(gap_codes))
        % {"n": len(gap_codes), "total": len(result.districts), "subject": subject_name, "miles": miles,
           "gaps": described or _("none")},
        [(d.outward, d.latitude, d.longitude, d.is_gap) for d in result.districts])
    return [gaps, none, districts, subjects], [district_map, bar]


@login_required
def freshness(request):
    require_staff(request)
    states, ages = data.freshness()
    by_state = Table(_("Listed groups by freshness"), [_("State"), _("Groups")], [list(r) for r in states],
                     numeric=(1,))
    by_age = Table(_("Listed groups by when they last confirmed their listing"), [_("Last confirmed"), _("Groups")],
                   [list(r) for r in ages], numeric=(1,))
    chart = charts.bar_chart(
        _("Listed groups by freshness"),
        _("A bar for each state: %(list)s.") % {"list": "; ".join(f"{label} {n}" for label, n in states)},
        [label for label, _n in states], [n for _label, n in states])
    return _page(request, "insights/freshness.html", "freshness", [by_state, by_age], chart=chart)


@login_required
def introductions(request):
    require_staff(request)
    counts = data.introductions()
    months = [formats.date_format(month, "M Y") for month in counts["months"]]
    by_month = Table(_("Introductions each month"), [_("Month"), _("Introductions")],
                     [[label, n] for label, n in zip(months, counts["by_month"], strict=True)], numeric=(1,))
    tables = [
        Table(_("All introductions"), [_("What"), _("Number")], [[_("Introductions in all"), counts["total"]]],
              numeric=(1,)),
        by_month,
        Table(_("By who gets in touch"), [_("Who gets in touch"), _("Introductions")],
              [list(row) for row in counts["direction"]], numeric=(1,)),
        Table(_("By what happened"), [_("Outcome"), _("Introductions")], [list(row) for row in counts["outcome"]],
              numeric=(1,)),
        Table(_("By who made them"), [_("Made by"), _("Introductions")], [list(row) for row in counts["made_by"]],
              numeric=(1,)),
    ]
    hidden = sum(isinstance(n, Hidden) for n in counts["by_month"])
    chart = charts.column_chart(
        _("Introductions each month, %(first)s to %(last)s") % {"first": months[0], "last": months[-1]},
        _("A column for each month, its height the number of introductions. Months whose number is hidden "
          "(%(hidden)s of them: fewer than 5, marked “<5”, or hidden beside one that is, marked “–”) have no "
          "column. The table below gives each month.")
        % {"hidden": hidden},
        [formats.date_format(month, "M y") for month in counts["months"]], counts["by_month"])
    return _page(request, "insights/introductions.html", "introductions", tables, chart=chart)


@login_required
def opportunities(request):
    require_staff(request)
    return _page(request, "insights/opportunities.html", "opportunities", data.voice())


@login_required
def support(request):
    require_staff(request)
    counts = data.support()
    ages = counts["ages"]
    chart = charts.bar_chart(
        _("Open requests for support by how long they have waited"),
        _("A bar for each length of wait: %(list)s.") % {"list": "; ".join(f"{label} {n}" for label, n in ages)},
        [label for label, _n in ages], [n for _label, n in ages])
    return _page(request, "insights/support.html", "support", counts["tables"], chart=chart)


@login_required
def reflections(request):
    require_staff(request)
    return _page(request, "insights/reflections.html", "reflections", data.reflections())


@login_required
def interest_list(request):
    require_staff(request)
    return _page(request, "insights/interest_list.html", "interest-list", data.interest_list())


@login_required
def numbers(request):
    require_staff(request)
    form = YearForm(request.GET if "year" in request.GET else None)
    year = form.chosen_year()
    tables = [usage_numbers.year_table(year), *usage_numbers.empty_searches(year)]
    return _page(request, "insights/numbers.html", f"numbers-{year}", tables, form=form, year=year)

"""A group's numbers, for its coordinators (and staff): a year on a page, as a CSV
(`?format=csv`) and as a one-page PDF (`?format=pdf`)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from directory.permissions import group_to_manage, is_coordinator
from insights.report import csv_response

from . import numbers
from .forms import YearForm
from .printed import our_year


@login_required
@require_safe
def group_numbers(request, slug):
    group = group_to_manage(request, slug)
    form = YearForm(request.GET if "year" in request.GET else None)
    year = form.chosen_year()
    table = numbers.year_table(year, group, hide_small=not is_coordinator(request.user, group))
    wanted = request.GET.get("format")
    if wanted == "csv":
        return csv_response(f"{slugify(group.name)}-numbers-{year}", [table])
    if wanted == "pdf":
        filename, mimetype, body = our_year(group, year, table)
        response = HttpResponse(body, content_type=mimetype)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    address = f"{request.path}?year={year}&format="
    return render(request, "usage/group_numbers.html", {
        "group": group, "form": form, "year": year, "tables": [table],
        "csv_url": address + "csv", "pdf_url": address + "pdf",
        "small_hidden": not is_coordinator(request.user, group),
    }, status=400 if form.is_bound and not form.is_valid() else 200)

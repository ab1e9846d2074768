"""Staff pages for importing a directory: the history, a new import, a spreadsheet's
columns and preview, a run's progress and report, the report as CSV, and the template.

The work itself is never done here: a page queues a run and the job runner
(`run_jobs --forever`) takes it within seconds. The preview reads the first rows through
the Importer inside a transaction that is rolled back, so it shows a listing as the
import would make it and writes nothing.
"""

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.permissions import require_staff
from lib.spreadsheets import safe_cell
from lib.text import one_line
from openreferral.importer import Importer
from openreferral.sources import SourceError
from openreferral.spreadsheet import FIELDS, SpreadsheetSource, guess_columns, read_sheet, template_rows

from . import progress, services
from .forms import ColumnsForm, NewImportForm, StartForm
from .models import ColumnChoice, ImportRun

PREVIEW_ROWS = 5
FIRST_ROWS = 50  # what the columns and preview pages read of a workbook while staff wait


class _Nothing(Exception):
    """Raised to roll the preview's transaction back."""


def _run_for(request, pk) -> ImportRun:
    require_staff(request)
    return get_object_or_404(ImportRun, pk=pk)


@login_required
def history(request):
    require_staff(request)
    runs = ImportRun.objects.select_related("started_by").defer("upload", "report")[:100]
    return render(request, "imports/history.html", {"runs": runs})


@login_required
def new(request):
    require_staff(request)
    limit = settings.IMPORT_MAX_UPLOAD_MB * 1024**2
    if request.method == "POST":
        try:
            too_big = int(request.META.get("CONTENT_LENGTH") or 0) > limit + 64 * 1024
        except ValueError:
            too_big = False
        if too_big:
            # Refused before the body is read: a huge upload never reaches the disk.
            form = NewImportForm(data={})
            form.full_clean()
            form.errors.clear()
            form.add_error("file", _("The file is larger than %(limit)s MB. Split it into smaller files.") % {
                "limit": settings.IMPORT_MAX_UPLOAD_MB})
            return render(request, "imports/new.html", {"form": form}, status=413)
        form = NewImportForm(request.POST, request.FILES)
        if form.is_valid() and services.busy_for(request.user):
            form.add_error(None, _("Your last import has not finished yet. Start the next when it has."))
        if form.is_valid():
            data = form.cleaned_data
            run = ImportRun(started_by=request.user, kind=data["kind"], publish=data["publish"],
                            skip_invalid=data["skip_invalid"])
            if data["kind"] == ImportRun.Kind.FEED:
                run.label = data["url"]
            else:
                run.label = one_line(data["file"].name)[:200]
                run.upload = data["file"].read()
            if run.kind == ImportRun.Kind.SPREADSHEET:
                try:
                    sheet = read_sheet(bytes(run.upload), run.label, first_rows=FIRST_ROWS)
                except SourceError as error:
                    form.add_error("file", str(error))
                    return render(request, "imports/new.html", {"form": form})
                run.sheet = sheet.sheet
                run.columns = ColumnChoice.remembered(sheet.header) or {
                    h: f for h, f in guess_columns(sheet.header).items() if f}
                run.save()
                return redirect("imports:columns", run.pk)
            services.queue(run, dry_run=True)
            messages.success(request, _("Checking now: nothing is written until you choose to import."))
            return redirect("imports:run", run.pk)
    else:
        form = NewImportForm()
    return render(request, "imports/new.html", {"form": form})


def _sheet_or_error(request, run):
    if run.kind != ImportRun.Kind.SPREADSHEET or run.upload is None or run.state not in (
            ImportRun.State.DRAFT, ImportRun.State.CHECKED, ImportRun.State.DONE):
        raise Http404
    return read_sheet(bytes(run.upload), run.label, run.sheet, first_rows=FIRST_ROWS)


@login_required
def columns(request, pk):
    run = _run_for(request, pk)
    try:
        sheet = _sheet_or_error(request, run)
    except SourceError as error:
        return render(request, "imports/unreadable.html", {"run": run, "error": str(error)})
    if request.method == "POST":
        form = ColumnsForm(request.POST, header=sheet.header, sheets=sheet.sheets, sheet=run.sheet)
        if form.is_valid():
            chosen_sheet = form.cleaned_data.get("sheet") or run.sheet
            if chosen_sheet != run.sheet:
                run.sheet = chosen_sheet
                try:
                    sheet = read_sheet(bytes(run.upload), run.label, run.sheet, first_rows=FIRST_ROWS)
                except SourceError as error:
                    return render(request, "imports/unreadable.html", {"run": run, "error": str(error)})
                run.columns = ColumnChoice.remembered(sheet.header) or {
                    h: f for h, f in guess_columns(sheet.header).items() if f}
                run.state = ImportRun.State.DRAFT
                run.save()
                return redirect("imports:columns", run.pk)
            run.columns = form.columns()
            run.state = ImportRun.State.DRAFT
            run.save()
            ColumnChoice.remember(sheet.header, run.columns)
            return redirect("imports:preview", run.pk)
    else:
        form = ColumnsForm(header=sheet.header, sheets=sheet.sheets, initial_columns=run.columns, sheet=run.sheet)
    examples = {name: next((values[i] for _n, values in sheet.rows if values[i] not in (None, "")), "")
                for i, name in enumerate(sheet.header)}
    fields = [(form[f"column_{n}"], examples[name]) for n, name in enumerate(sheet.header)]
    return render(request, "imports/columns.html", {
        "run": run, "form": form, "fields": fields, "notes": sheet.notes, "rows": sheet.count,
        "sheet_field": form["sheet"] if "sheet" in form.fields else None})


def preview_listings(run, sheet, count=PREVIEW_ROWS):
    """The first rows as the import would make them (unsaved), with their row numbers and
    any problems: read by the Importer itself, in a transaction rolled back."""
    source = SpreadsheetSource(sheet, run.columns, run.label)
    rows = []
    try:
        with transaction.atomic():
            importer = Importer(publish=run.publish, skip_invalid=run.skip_invalid)
            importer.source, importer.label = source, run.label
            for service, (number, _values) in zip(source.services(), sheet.rows[:count], strict=False):
                before, unmapped = len(importer.report.problems), set(importer.report.unmapped_terms)
                listing = importer.read(service)
                problems = importer.report.problems[before:]
                categories = [importer.mapping.by_pk[pk].label for pk in (listing.category_ids if listing else [])]
                meetings = []
                for meeting in listing.meetings if listing else []:
                    where = meeting.venue.name if meeting.venue else ""
                    meetings.append({"when": meeting.describe(), "where": where,
                                     "postcode": meeting.venue.postcode if meeting.venue else "",
                                     "online": meeting.online})
                rows.append({"line": number, "listing": listing, "categories": categories, "meetings": meetings,
                             "problems": problems, "refused": listing is None or any(p.refused for p in problems),
                             "unmapped": [name for term, (name, *_rest) in importer.report.unmapped_terms.items()
                                          if term not in unmapped]})
                if len(rows) >= count:
                    break
            raise _Nothing
    except _Nothing:
        pass
    return rows


@login_required
def preview(request, pk):
    run = _run_for(request, pk)
    try:
        sheet = _sheet_or_error(request, run)
        rows = preview_listings(run, sheet)
    except SourceError as error:
        return render(request, "imports/unreadable.html", {"run": run, "error": str(error)})
    labels = {name: label for name, label, _words in FIELDS}
    chosen = [(header, labels.get(field, "")) for header, field in run.columns.items()]
    return render(request, "imports/preview.html", {
        "run": run, "rows": rows, "total": sheet.count, "chosen": chosen,
        "form": StartForm(initial={"publish": run.publish, "skip_invalid": run.skip_invalid})})


@login_required
@require_POST
def start(request, pk):
    """Queue a check (dry run) or the import itself."""
    run = _run_for(request, pk)
    dry_run = request.POST.get("action") != "import"
    if run.upload is None and run.kind != ImportRun.Kind.FEED:
        messages.error(request, _("The uploaded file has been deleted; upload it again."))
        return redirect("imports:run", run.pk)
    if run.state not in (ImportRun.State.DRAFT, ImportRun.State.CHECKED):
        messages.error(request, _("This import has already run. Start a new one to import again."))
        return redirect("imports:run", run.pk)
    if services.busy_for(request.user):
        messages.error(request, _("Your last import has not finished yet. Start the next when it has."))
        return redirect("imports:run", run.pk)
    form = StartForm(request.POST)
    if form.is_valid():
        run.publish, run.skip_invalid = form.cleaned_data["publish"], form.cleaned_data["skip_invalid"]
    run.started_by = request.user
    services.queue(run, dry_run=dry_run)
    messages.success(request, _("Checking now: nothing is written.") if dry_run else _("Importing now."))
    return redirect("imports:run", run.pk)


@login_required
def run_page(request, pk):
    run = _run_for(request, pk)
    report = run.report or {}
    return render(request, "imports/run.html", {
        "run": run, "report": report, "read": progress.read(run), "auto_refresh": request.GET.get("refresh") == "on",
        "form": StartForm(initial={"publish": run.publish, "skip_invalid": run.skip_invalid}),
        "problems": report.get("problems", []), "reasons": report.get("reasons", []),
        "kept": max(0, run.read - report.get("refused", 0))})


REPORT_HEADER = ["line", "record", "id", "field", "value", "problem", "refused"]


@login_required
def report_csv(request, pk):
    run = _run_for(request, pk)
    if not run.report:
        raise Http404
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REPORT_HEADER)
    # Values come from someone else's file, and this one is opened in a spreadsheet.
    for p in run.report.get("problems", []):
        writer.writerow([safe_cell(cell) for cell in (
            p.get("line"), p["record"], p["record_id"], p["field"], p["value"], p["message"],
            p["refused"])])
    for term in run.report.get("unmapped_terms", []):
        writer.writerow([safe_cell(cell) for cell in (
            None, "taxonomy_term", term["id"], "category", term["name"],
            _("no category mapped (used %(uses)s times)") % {"uses": term["uses"]}, False)])
    if run.report.get("unshown"):
        writer.writerow(["", "", "", "", "", _("… and %(count)s more problems not shown") % {
            "count": run.report["unshown"]}, ""])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-report.csv"'
    return response


@login_required
def template(request, kind):
    require_staff(request)
    if kind not in ("csv", "xlsx"):
        raise Http404
    header, example = template_rows()
    if kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerow([safe_cell(v) for v in example])
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = _("Groups")[:31]
        sheet.append(header)
        sheet.append(example)
        data = io.BytesIO()
        book.save(data)
        response = HttpResponse(
            data.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="groups-template.{kind}"'
    return response

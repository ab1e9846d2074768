import functools
import math
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models.functions import Length
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from directory.models import Group
from directory.permissions import require_staff
from lib.urls import absolute_url
from usage import services as usage
from usage.models import Kind

from . import lists, pdf, printed, runs
from .calendar import group_calendar as build_group_calendar
from .forms import ListForm
from .models import PrintedDirectory


def _public_group(slug):
    """A group's leaflet and poster come with its page: made while the group is reachable."""
    return get_object_or_404(
        Group.objects.reachable().prefetch_related("meetings__venue", "meetings__changes", "languages",
                                                   "translations"), slug=slug)


def _file(filename, mimetype, body, disposition="attachment"):
    response = HttpResponse(body, content_type=mimetype)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def within_time_budget(kind):
    """Make the view's PDF within PDF_TIME_BUDGET_SECONDS, or say plainly what to do instead.

    Well before the web server would give up on the request, the person gets a page that
    says what happened and what they can do instead (`kind` chooses the advice), never an
    error page or a connection cut off.
    """
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            seconds = settings.PDF_TIME_BUDGET_SECONDS
            try:
                with pdf.time_budget(seconds):
                    return view(request, *args, **kwargs)
            except pdf.TooSlow:
                context = {"kind": kind, "seconds": math.ceil(seconds), "slug": kwargs.get("slug"),
                           "query": request.GET.urlencode()}
                return render(request, "publishing/too_slow.html", context, status=503)
        return wrapped
    return decorator


@require_safe
def group_calendar(request, slug):
    # A calendar feed lists meetings to come, so only a listed group's.
    group = get_object_or_404(Group.objects.listed(), slug=slug)
    usage.count(request, group, Kind.CALENDAR)
    return _file(*build_group_calendar(group))


@require_safe
@within_time_budget("leaflet")
def group_leaflet(request, slug):
    """A group's leaflet: ?size=a5 (the default) or a4, and ?print=large for large print."""
    group = _public_group(slug)
    size = request.GET.get("size", "a5").lower()
    print_ = request.GET.get("print", "standard").lower()
    if size not in printed.PAGE_SIZES or print_ not in ("standard", "large"):
        # A link typed or copied wrongly: say which leaflets there are, rather than guess.
        return render(request, "publishing/leaflet_options.html", {"group": group}, status=400)
    usage.count(request, group, Kind.LEAFLET)
    return _file(*printed.group_leaflet(group, size=size, large_print=print_ == "large"),
                 disposition="inline")


@require_safe
@within_time_budget("poster")
def group_poster(request, slug):
    group = _public_group(slug)
    usage.count(request, group, Kind.POSTER)
    return _file(*printed.group_poster(group), disposition="inline")


@require_safe
def group_lists(request):
    """Every group for a subject near a place, as a page to print and a PDF to hand out."""
    form = ListForm(request.GET or None)
    found = lists.find(form) if form.is_bound and form.is_valid() else None
    return render(request, "publishing/lists.html", {"form": form, "found": found, "base_url": absolute_url("")})


@require_safe
@within_time_budget("list")
def group_list_pdf(request):
    form = ListForm(request.GET or None)
    if not (form.is_bound and form.is_valid()):
        # The page explains what needs changing.
        return redirect(reverse("publishing:lists") + ("?" + request.GET.urlencode() if request.GET else ""))
    return _file(*printed.group_list(lists.find(form)), disposition="inline")


@login_required
@require_safe
def printed_directory(request):
    """The whole directory as one PDF, for the intermediary's staff: the copy kept by the
    scheduled jobs, or made while they wait on a new site if that fits the time budget;
    otherwise its page, where they ask for it to be made in the background."""
    require_staff(request)
    made = PrintedDirectory.objects.order_by("-made_at").first()
    if made is None:
        try:
            with pdf.time_budget(settings.PDF_TIME_BUDGET_SECONDS):
                made = printed.remake_printed_directory(force=True)
        except pdf.TooSlow:
            return redirect("publishing:printed-directory")
    return _file(made.filename, pdf.MIMETYPE, bytes(made.pdf))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def printed_directory_page(request):
    """Staff: the kept printed directory, and making it again now, with its progress."""
    require_staff(request)
    if request.method == "POST":
        runs.ask(request.user)
        # Refreshing by itself only when they choose it, with the page's link (WCAG 2.2.1).
        return redirect("publishing:printed-directory")
    run = runs.latest()
    kept = PrintedDirectory.objects.order_by("-made_at").defer("pdf").first()
    return render(request, "publishing/printed_directory.html", {
        "kept": kept, "kept_bytes": PrintedDirectory.objects.filter(pk=kept.pk).values_list(
            Length("pdf"), flat=True).first() if kept else None,
        "run": run, "percent": runs.percent_done(run) if run else None,
        "auto_refresh": request.GET.get("refresh") == "on" and run is not None and run.busy,
    })


@require_safe
@within_time_budget("list")
def group_list_card(request):
    """A "groups for your patients" QR card for a waiting room: the groups for a subject near
    a place (the list's choices), found by the search on the phone that scans it."""
    form = ListForm(request.GET or None)
    if not (form.is_bound and form.is_valid()):
        return redirect(reverse("publishing:lists") + ("?" + request.GET.urlencode() if request.GET else ""))
    found = lists.find(form)
    chosen = {name: form.data[name] for name in ("category", "where", "distance") if form.data.get(name)}
    url = absolute_url(reverse("directory:search") + "?" + urlencode(chosen))
    subject = found.category.label if found.category else ""
    return _file(*printed.patients_card(subject, found.point.label if found.point else "", url),
                 disposition="inline")

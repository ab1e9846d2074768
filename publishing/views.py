from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from directory.models import Group
from directory.permissions import require_staff
from lib.urls import absolute_url

from . import lists, printed
from .calendar import group_calendar as build_group_calendar
from .forms import ListForm


def _public_group(slug):
    """A group's leaflet and poster come with its page: made while the group is reachable."""
    return get_object_or_404(Group.objects.reachable().prefetch_related("meetings__venue", "languages"), slug=slug)


def _file(filename, mimetype, body, disposition="attachment"):
    response = HttpResponse(body, content_type=mimetype)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_safe
def group_calendar(request, slug):
    # A calendar feed lists meetings to come, so only a listed group's.
    group = get_object_or_404(Group.objects.listed(), slug=slug)
    return _file(*build_group_calendar(group))


@require_safe
def group_leaflet(request, slug):
    """A group's leaflet: ?size=a5 (the default) or a4, and ?print=large for large print."""
    group = _public_group(slug)
    size = request.GET.get("size", "a5").lower()
    print_ = request.GET.get("print", "standard").lower()
    if size not in printed.PAGE_SIZES or print_ not in ("standard", "large"):
        # A link typed or copied wrongly: say which leaflets there are, rather than guess.
        return render(request, "publishing/leaflet_options.html", {"group": group}, status=400)
    return _file(*printed.group_leaflet(group, size=size, large_print=print_ == "large"),
                 disposition="inline")


@require_safe
def group_poster(request, slug):
    return _file(*printed.group_poster(_public_group(slug)), disposition="inline")


@require_safe
def group_lists(request):
    """Every group for a subject near a place, as a page to print and a PDF to hand out."""
    form = ListForm(request.GET or None)
    found = lists.find(form) if form.is_bound and form.is_valid() else None
    return render(request, "publishing/lists.html", {"form": form, "found": found, "base_url": absolute_url("")})


@require_safe
def group_list_pdf(request):
    form = ListForm(request.GET or None)
    if not (form.is_bound and form.is_valid()):
        # The page explains what needs changing.
        return redirect(reverse("publishing:lists") + ("?" + request.GET.urlencode() if request.GET else ""))
    return _file(*printed.group_list(lists.find(form)), disposition="inline")


@login_required
@require_safe
def printed_directory(request):
    """The whole directory as one PDF, for the intermediary's staff."""
    require_staff(request)
    return _file(*printed.printed_directory())

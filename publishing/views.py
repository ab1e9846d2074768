from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from directory.models import Group

from .calendar import group_calendar as build_group_calendar


@require_safe
def group_calendar(request, slug):
    group = get_object_or_404(Group.objects.for_public_display(), slug=slug)
    filename, mimetype, body = build_group_calendar(group, request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

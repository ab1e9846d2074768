"""The intermediary's staff: open requests by age and area, and putting help forward."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import practitioners
from lib.refusals import refusal_as_message

from .. import services
from ..forms import BrokerForm, error_text
from ..models import Arrangement, Match, Offer, SupportRequest
from ..permissions import request_for_staff, require_staff

REVIEW_SOON_DAYS = 14


@login_required
def staff(request):
    """Open requests by age and area, unmatched first; arrangements due for review."""
    require_staff(request)
    today = timezone.localdate()
    open_requests = (SupportRequest.objects.filter(status=SupportRequest.Status.OPEN).select_related("group")
                     .annotate(put_forward=Count("matches", filter=Q(matches__status__in=[
                         Match.Status.WAITING_FOR_GROUP, Match.Status.WAITING_FOR_PRACTITIONER]))))
    areas = sorted({label for label in open_requests.values_list("area_label", flat=True) if label})
    area = request.GET.get("area", "")
    if area in areas:
        open_requests = open_requests.filter(area_label=area)
    rows = sorted(open_requests, key=lambda item: (item.put_forward > 0, item.created_at))
    due = (Arrangement.objects.filter(status=Arrangement.Status.ACTIVE,
                                      review_on__lte=today + datetime.timedelta(days=REVIEW_SOON_DAYS))
           .select_related("group", "agency", "practitioner").order_by("review_on"))
    return render(request, "support/staff.html", {
        "rows": rows, "areas": areas, "area": area if area in areas else "", "due": due, "today": today,
        "unmatched": sum(1 for row in rows if not row.put_forward),
        "offers_without_contact": [offer for offer in Offer.objects.live().select_related("contact__team", "agency")
                                   if offer.current_contact is None],
    })


@login_required
@require_POST
def broker(request, pk):
    """Staff put an offer or a practitioner forward for a request."""
    support_request = request_for_staff(request, pk)
    form = BrokerForm(request.POST, offers=Offer.objects.live().filter(kind=support_request.kind),
                      practitioners=practitioners())
    if not form.is_valid():
        messages.error(request, error_text(form))
        return redirect(support_request)
    offer = form.cleaned_data["offer"]
    practitioner = offer.current_contact if offer else form.cleaned_data["practitioner"]
    if practitioner is None:
        messages.error(request, _("Nobody answers for that offer at the moment."))
        return redirect(support_request)
    with refusal_as_message(request, services.NotAllowed):
        services.staff_suggests(support_request, practitioner, offer, form.cleaned_data["message"])
        messages.success(request, _("Suggested. The group decides.") if offer
                         else _("We have asked %(name)s first.") % {"name": practitioner})
    return redirect(support_request)

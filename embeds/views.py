from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from directory.forms import page_number
from directory.permissions import require_staff
from directory.views import render_cards, run_search
from hub.middleware import SecurityHeadersMiddleware
from lib.urls import absolute_url
from publishing.printed import patients_card
from publishing.views import _file, within_time_budget

from .forms import FinderForm
from .models import Partner
from .permissions import active_partner


@require_safe
@xframe_options_exempt
def finder(request, key):
    """The search, compact, for a frame on the partner's website and that website alone.

    A GET form with no cookies: no session, no CSRF token, nothing remembered, and nothing
    loaded from another site. Links to groups open the full page in a new tab.
    """
    partner = active_partner(key)
    fixed = bool(partner.place) or bool(partner.subjects.all())
    form = FinderForm(request.GET if (request.GET or fixed) else None, partner=partner)
    context = {"partner": partner, "form": form, "results": None, "action": request.path}
    if form.is_bound:
        form.is_valid()
        page, page_ok = page_number(request.GET.get("page"))
        if not form.location_failed:
            context["query"], context["results"] = run_search(form, page)
            render_cards(context["results"].hits, new_tab=True)
    response = render(request, "embeds/finder.html", context)
    response["Content-Security-Policy"] = SecurityHeadersMiddleware.policy(frame_ancestors=partner.origin)
    return response


@login_required
@require_safe
def staff_partners(request):
    """Every partner with the snippet to paste into its website."""
    require_staff(request)
    partners = Partner.objects.prefetch_related("subjects")
    rows = [(partner, absolute_url(reverse("embeds:finder", args=[partner.key]))) for partner in partners]
    return render(request, "embeds/staff_partners.html", {"rows": rows})


@login_required
@require_safe
@within_time_budget("poster")
def partner_card(request, key):
    """The partner's "groups for your patients" card, to print for a waiting room."""
    require_staff(request)
    partner = active_partner(key)
    url = absolute_url(reverse("embeds:finder", args=[partner.key]))
    return _file(*patients_card(partner.subjects_text(), partner.place_label(), url), disposition="inline")

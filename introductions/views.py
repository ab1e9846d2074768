from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from directory.models import Group
from directory.permissions import require_staff
from lib.addresses import client_address
from lib.counts import small
from lib.forms import form_data, send_public_form
from lib.urls import absolute_url

from . import services
from .forms import AskToBeContactedForm, EraseForm, OutcomeForm, PractitionerIntroductionForm
from .models import Direction, Introduction, IntroductionCount, Outcome
from .permissions import inbox_group, require_practitioner

SENT_SESSION_KEY = "introductions.sent"


def _public_group(slug) -> Group:
    """Getting in touch comes with the group's page: it answers while the group is reachable."""
    return get_object_or_404(Group.objects.reachable(), slug=slug)


@sensitive_post_parameters()
def get_in_touch(request, slug):
    """The person chooses the direction: contact the group, or ask it to contact them."""
    group = _public_group(slug)
    can_ask = services.accepts_introductions(group)
    kept_by_team = not services.has_active_coordinator(group)
    consent = services.consent_text(group)
    form = AskToBeContactedForm(form_data(request), consent_text=consent) if can_ask else None
    refusal = None
    if form is None:
        refusal = services.no_introductions_reason(group) if request.method == "POST" else None
    else:
        sent = send_public_form(
            request, form,
            lambda cleaned: services.ask_group_to_contact(group, cleaned, client_address(request),
                                                          cleaned["form_token"]),
            services.Refused,
            _("We couldn’t send this. If you are a person, please contact the group directly using the details below."))
        if sent.done:
            introduction, _created = sent.made
            request.session[SENT_SESSION_KEY] = introduction.reference
            return redirect("introductions:sent", group.slug)
        refusal = sent.refusal
    meetings = [(m, m.next_dates(1)) for m in group.meetings.select_related("venue")]
    return render(request, "introductions/get_in_touch.html", {
        "group": group, "form": form, "can_ask": can_ask, "refusal": refusal, "meetings": meetings,
        "can_contact_directly": group.contact_route != Group.ContactRoute.INTRODUCTION or not can_ask,
        "kept_by_team": kept_by_team,
        # Not confirmed for so long that it is hidden from search: nobody may read a request.
        "unconfirmed": not group.is_listed,
    }, status=400 if refusal else 200)


@never_cache
def sent(request, slug):
    group = _public_group(slug)
    reference = request.session.get(SENT_SESSION_KEY)
    if not reference:
        return redirect("introductions:get-in-touch", group.slug)
    introduction = Introduction.objects.filter(reference=reference, group=group).first()
    withdraw_url = services.withdraw_url(introduction) if introduction else None
    return render(request, "introductions/sent.html", {
        "group": group, "reference": reference, "withdraw_url": withdraw_url,
        "withdraw_address": absolute_url(withdraw_url) if withdraw_url else None,
        "retention_days": settings.INTRODUCTION_RETENTION_DAYS, "max_days": settings.INTRODUCTION_MAX_DAYS,
    })


@never_cache
def withdraw(request, token):
    """The person's private link from the confirmation page. No sign-in: the link itself
    is signed and expires. GET asks; POST withdraws (link checkers and previews only GET)."""
    introduction = services.find_for_withdrawal(token)
    if introduction is None:
        return render(request, "introductions/withdraw.html", {"valid": False}, status=400)
    if request.method == "POST":
        if not services.withdraw(introduction):
            return render(request, "introductions/withdraw.html", {"valid": False}, status=400)
        request.session.pop(SENT_SESSION_KEY, None)
        return render(request, "introductions/withdraw.html", {"valid": True, "done": True,
                                                                "group": introduction.group})
    return render(request, "introductions/withdraw.html", {"valid": True, "introduction": introduction,
                                                            "group": introduction.group})


@login_required
def inbox(request, slug):
    group = inbox_group(request, slug)
    introductions = group.introductions.filter(direction="group_contacts")
    return render(request, "introductions/inbox.html", {
        "group": group,
        "open": introductions.filter(outcome__in=[Outcome.NEW, Outcome.CONTACTED]).select_related("language")
        .order_by("created_at"),
        "done": introductions.exclude(outcome__in=[Outcome.NEW, Outcome.CONTACTED])[:50],
        "form": OutcomeForm(),
    })


@login_required
@require_POST
def set_outcome(request, slug, reference):
    group = inbox_group(request, slug)
    introduction = get_object_or_404(group.introductions, reference=reference)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        services.record_outcome(introduction, form.cleaned_data["outcome"])
        messages.success(request, _("Saved: %(ref)s is marked “%(outcome)s”.") % {
            "ref": introduction.reference, "outcome": introduction.get_outcome_display()})
    else:
        messages.error(request, _("Choose what happened."))
    return redirect("introductions:inbox", group.slug)


@login_required
@sensitive_post_parameters()
def introduce_client(request, slug):
    require_practitioner(request)
    group = _public_group(slug)
    accepts = services.accepts_introductions(group)
    form = PractitionerIntroductionForm(form_data(request), group_contacts=accepts)
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            introduction = services.introduce_for_client(group, request.user, form.cleaned_data)
        except services.Refused as error:
            refusal = str(error)
        else:
            messages.success(request, _("Done. Reference %(ref)s.") % {"ref": introduction.reference})
            return redirect("introductions:mine")
    return render(request, "introductions/introduce.html", {
        "group": group, "form": form, "refusal": refusal, "accepts": accepts,
        "kept_by_team": not services.has_active_coordinator(group),
    }, status=400 if refusal else 200)


@login_required
def mine(request):
    require_practitioner(request)
    made = Introduction.objects.filter(practitioner=request.user).select_related("group")[:200]
    return render(request, "introductions/mine.html", {"introductions": made})


@login_required
def staff_counts(request):
    """Staff see how many introductions each group has had and what happened: never who."""
    require_staff(request)
    live = (Introduction.objects.values("group__name", "direction", "outcome")
            .annotate(n=Count("pk")).order_by("group__name"))
    kept = (IntroductionCount.objects.values("group__name", "direction", "outcome")
            .annotate(n=Sum("count")).order_by("group__name"))
    totals = {}
    for row in [*live, *kept]:
        key = (row["group__name"], row["direction"], row["outcome"])
        totals[key] = totals.get(key, 0) + row["n"]
    directions, outcomes = dict(Direction.choices), dict(Outcome.choices)
    rows = [(group, directions[direction], outcomes[outcome], small(n))
            for (group, direction, outcome), n in sorted(totals.items())]
    unanswered = [{**row, "n": small(row["n"])} for row in (
        Introduction.objects.filter(escalated_at__isnull=False, outcome=Outcome.NEW)
        .values("group__name", "group__slug").annotate(n=Count("pk")).order_by("-n"))]
    return render(request, "introductions/staff_counts.html", {"rows": rows, "unanswered": unanswered})


@login_required
@never_cache
def erase(request):
    """Staff erase a request when the person asks, by its reference: they see the reference
    only, never who asked, how to reach them, or even which group (that alone can say
    something about someone's health)."""
    require_staff(request)
    form = EraseForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"]
        if request.POST.get("confirm") != "yes":
            return render(request, "introductions/erase.html", {"form": form, "confirming": reference})
        if services.erase(reference):
            messages.success(request, _("Erased: the details of %(ref)s are deleted. Only a count remains.") % {
                "ref": reference})
            return redirect("introductions:erase")
        form.add_error("reference", _("This request has just been deleted."))
    return render(request, "introductions/erase.html", {"form": form})

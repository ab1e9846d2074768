from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from introductions.services import normalise_reference, reference_summary
from lib.addresses import client_address
from lib.forms import form_data, send_public_form

from . import services
from .forms import AnswerForm, ContactForm, ListingProblemForm
from .models import Enquiry, ListingProblem
from .permissions import group_for_problems, reportable_group, require_staff

SENT_SESSION_KEY = "enquiries.sent"
SPAM_REFUSAL = gettext_lazy("We couldn’t send this. If you are a person, please phone or email the self-help team.")


def _retention() -> dict:
    return {"retention_days": settings.INTRODUCTION_RETENTION_DAYS, "max_days": settings.INTRODUCTION_MAX_DAYS}


@sensitive_post_parameters()
def contact(request):
    """Contact the self-help team: "I don't know where to start", "there's no group for this",
    or anything else. A reference from a request to a group can come in the address
    (?reference=), from that request's confirmation page."""
    initial = {}
    if request.method != "POST":
        initial["introduction_reference"] = normalise_reference(request.GET.get("reference", "")[:20])
        topic = request.GET.get("topic", "")
        if topic in Enquiry.Topic.values:
            initial["topic"] = topic
    form = ContactForm(form_data(request), initial=initial)
    sent = send_public_form(request, form, lambda cleaned: services.send_enquiry(cleaned, client_address(request)),
                            services.Refused, SPAM_REFUSAL)
    if sent.done:
        request.session[SENT_SESSION_KEY] = sent.made.reference
        return redirect("enquiries:sent")
    return render(request, "enquiries/contact.html", {"form": form, "refusal": sent.refusal, **_retention()},
                  status=400 if sent.refusal else 200)


@never_cache
def sent(request):
    reference = request.session.get(SENT_SESSION_KEY)
    enquiry = Enquiry.objects.filter(reference=reference).first() if reference else None
    if enquiry is None:
        return redirect("enquiries:contact")
    return render(request, "enquiries/sent.html", {"enquiry": enquiry, **_retention()})


@sensitive_post_parameters()
def report_problem(request, slug):
    """The short form on every group's page, sent here; shown again here with what to put right."""
    group = reportable_group(slug)
    form = ListingProblemForm(form_data(request))
    sent = send_public_form(
        request, form, lambda cleaned: services.report_problem(group, cleaned, client_address(request)),
        services.Refused, SPAM_REFUSAL)
    if sent.done:
        messages.success(request, _("Thank you: we have told the self-help team about the problem with "
                                    "this listing. The group will be asked to put it right."))
        return redirect(group.get_absolute_url())
    return render(request, "enquiries/report_problem.html", {"group": group, "form": form, "refusal": sent.refusal,
                                                              **_retention()},
                  status=400 if sent.refusal else 200)


@login_required
def group_problems(request, slug):
    """A group's coordinators: what people said is wrong with its listing."""
    group = group_for_problems(request, slug)
    problems = group.listing_problems.all()
    return render(request, "enquiries/group_problems.html", {
        "group": group, "open": problems.filter(answered_at__isnull=True).order_by("created_at"),
        "done": problems.filter(answered_at__isnull=False)[:50], **_retention()})


@login_required
@require_POST
def group_problem_done(request, slug, pk):
    group = group_for_problems(request, slug)
    problem = get_object_or_404(group.listing_problems, pk=pk)
    if not problem.is_answered:
        services.answer(problem, request.user)
    messages.success(request, _("Marked as dealt with."))
    return redirect("enquiries:group-problems", group.slug)


@login_required
def staff_enquiries(request):
    require_staff(request)
    enquiries = Enquiry.objects.all()
    return render(request, "enquiries/staff_enquiries.html", {
        "open": enquiries.filter(answered_at__isnull=True).order_by("created_at"),
        "done": enquiries.filter(answered_at__isnull=False).select_related("answered_by")[:50], **_retention()})


@login_required
@never_cache
def staff_enquiry(request, reference):
    require_staff(request)
    enquiry = get_object_or_404(Enquiry, reference=reference)
    form = AnswerForm(form_data(request), initial={"note": enquiry.note})
    if request.method == "POST" and form.is_valid():
        services.answer(enquiry, request.user, form.cleaned_data["note"])
        messages.success(request, _("Saved: %(ref)s is marked answered.") % {"ref": enquiry.reference})
        return redirect("enquiries:staff-enquiries")
    linked = reference_summary(enquiry.introduction_reference) if enquiry.introduction_reference else None
    return render(request, "enquiries/staff_enquiry.html", {"enquiry": enquiry, "form": form, "linked": linked})


@login_required
def staff_problems(request):
    require_staff(request)
    problems = ListingProblem.objects.select_related("group")
    return render(request, "enquiries/staff_problems.html", {
        "open": problems.filter(answered_at__isnull=True).order_by("created_at"),
        "done": problems.filter(answered_at__isnull=False).select_related("answered_by")[:50], **_retention()})


@login_required
@never_cache
def staff_problem(request, pk):
    require_staff(request)
    problem = get_object_or_404(ListingProblem.objects.select_related("group"), pk=pk)
    form = AnswerForm(form_data(request), initial={"note": problem.note})
    if request.method == "POST" and form.is_valid():
        services.answer(problem, request.user, form.cleaned_data["note"])
        messages.success(request, _("Saved: the problem with %(group)s is marked dealt with.") % {
            "group": problem.group.name})
        return redirect("enquiries:staff-problems")
    return render(request, "enquiries/staff_problem.html", {"problem": problem, "form": form})

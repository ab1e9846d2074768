from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters

from directory.geo import MAX_PLACE_LENGTH
from lib.addresses import client_address
from lib.forms import form_data, send_public_form

from . import services
from .forms import InterestForm
from .permissions import find_to_confirm, find_to_unsubscribe

CONFIRMED_SESSION_KEY = "subscriptions.confirmed"
SPAM_REFUSAL = _("We couldn’t take this. If you are a person, please contact the self-help team.")


def _initial(params) -> dict:
    """What the search page's link carries: the subject searched for and the place."""
    initial = {}
    if params.get("subject"):
        initial["subject"] = str(params["subject"])[:100]
    if params.get("place"):
        initial["place"] = str(params["place"])[:MAX_PLACE_LENGTH]
    return initial


@sensitive_post_parameters()
def start_a_group(request):
    """What starting a group involves and the help the team gives, and the interest list."""
    form = InterestForm(form_data(request), initial=_initial(request.GET) if request.method != "POST" else None)
    sent = send_public_form(request, form, lambda cleaned: services.ask(cleaned, form.point, client_address(request)),
                            services.Refused, SPAM_REFUSAL)
    if sent.done:
        return redirect("subscriptions:check-your-email")
    return render(request, "subscriptions/start_a_group.html", {
        "form": form, "refusal": sent.refusal, "confirm_days": settings.SUBSCRIPTION_CONFIRM_DAYS,
    }, status=400 if sent.refusal else 200)


def check_your_email(request):
    return render(request, "subscriptions/check_your_email.html",
                  {"confirm_days": settings.SUBSCRIPTION_CONFIRM_DAYS})


@never_cache
def confirm(request, token):
    """The emailed link. GET asks (link checkers and previews only GET); POST confirms, once."""
    subscription = find_to_confirm(token)
    if subscription is None:
        return render(request, "subscriptions/link_refused.html", {"confirm_days": settings.SUBSCRIPTION_CONFIRM_DAYS},
                      status=400)
    if request.method == "POST":
        services.confirm(subscription)
        request.session[CONFIRMED_SESSION_KEY] = subscription.token
        return redirect("subscriptions:confirmed")
    return render(request, "subscriptions/confirm.html", {"subscription": subscription})


@never_cache
def confirmed(request):
    subscription = find_to_unsubscribe(request.session.get(CONFIRMED_SESSION_KEY, ""))
    if subscription is None:
        return redirect("subscriptions:start-a-group")
    return render(request, "subscriptions/confirmed.html", {
        "subscription": subscription, "unsubscribe_url": services.unsubscribe_url(subscription)})


# No CSRF token: mail programs unsubscribe with a POST of their own (RFC 8058), and the
# secret token in the address is what allows it. It only ever deletes.
@csrf_exempt
@never_cache
def unsubscribe(request, token):
    """One click from every email, for ever, without signing in. GET asks; POST (the page's
    button, or a mail program's List-Unsubscribe-Post) deletes the subscription and its address."""
    subscription = find_to_unsubscribe(token)
    if request.method == "POST":
        if subscription is not None:
            services.unsubscribe(subscription)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(status=200)
        # Unsubscribing twice is still unsubscribed.
        return render(request, "subscriptions/unsubscribe.html", {"done": True})
    if subscription is None:
        return render(request, "subscriptions/unsubscribe.html", {"gone": True}, status=404)
    return render(request, "subscriptions/unsubscribe.html", {"subscription": subscription})

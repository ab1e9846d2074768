from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_safe

from directory.forms import read_feed_parameters
from directory.geo import MAX_PLACE_LENGTH
from directory.models import Group
from lib.addresses import client_address
from lib.forms import form_data, send_public_form

from . import jobs, services
from .forms import BulletinForm, BulletinWritingForm, InterestForm, PublishForm
from .models import AnnouncedGroup, Bulletin, Subscription
from .permissions import bulletin_to_change, find_to_confirm, find_to_unsubscribe, is_staff, require_staff

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
    if subscription.is_bulletin:
        return render(request, "subscriptions/confirmed.html", {
            "subscription": subscription, "unsubscribe_url": services.unsubscribe_url(subscription),
            "first_due": subscription.next_due()})
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


# The most bulletins the news page lists: years of a local team's news.
MOST_BULLETINS = 100


@sensitive_post_parameters()
def news(request):
    """The self-help team's bulletins, newest first, and subscribing to them by email (with
    the new and changed groups about chosen subjects near a place), and the new groups' feed."""
    form = BulletinForm(form_data(request))
    sent = send_public_form(
        request, form,
        lambda cleaned: services.ask(cleaned, form.point, client_address(request), kind=Subscription.Kind.BULLETIN),
        services.Refused, SPAM_REFUSAL)
    if sent.done:
        return redirect("subscriptions:check-your-email")
    return render(request, "subscriptions/news.html", {
        "form": form, "refusal": sent.refusal, "bulletins": Bulletin.objects.published()[:MOST_BULLETINS],
        "may_write": is_staff(request.user),
    }, status=400 if sent.refusal else 200)


@require_safe
def bulletin(request, pk):
    return render(request, "subscriptions/bulletin.html",
                  {"bulletin": get_object_or_404(Bulletin.objects.published(), pk=pk), "preview": False})


class NewGroupsFeed(Feed):
    """The groups newest on the directory, as an Atom feed: ?subject=<slug>&place=<where>&miles=<n>,
    each optional. Listed groups only, by when each was first listed (AnnouncedGroup.at),
    newest first; chosen with the one matching rule of subscriptions (jobs.matches)."""

    feed_type = Atom1Feed
    MOST = 50  # entries in the feed
    LOOKED_AT = 1000  # the newest groups looked through for those near the place

    def get_object(self, request):
        return request.feed_form

    def title(self, form):
        parts = [gettext("New groups"), *(subject.label for subject in form.subjects),
                 form.point.label if form.point else ""]
        return " · ".join(part for part in [settings.SITE_NAME, *parts] if part)

    def subtitle(self, form):
        return gettext("Self-help groups new on the directory, newest first.")

    def link(self, form):
        return reverse("subscriptions:news")

    def items(self, form):
        announced = AnnouncedGroup.objects.filter(group__in=Group.objects.listed()).order_by("-at")
        subjects = jobs.widened([subject.pk for subject in form.subjects], jobs.related_subjects())
        if subjects is not None:
            announced = announced.filter(group__categories__in=subjects).distinct()
        rows = list(announced.values_list("group_id", "at")[:self.LOOKED_AT if form.point else self.MOST])
        groups = {group.pk: group for group in Group.objects.filter(pk__in=[pk for pk, _at in rows])
                  .prefetch_related("categories", "meetings__venue")}
        follows = _Near(form.point, form.distance_value)
        found = []
        for pk, at in rows:
            group = groups.get(pk)
            if group is not None and jobs.matches(follows, group, subjects, jobs.meeting_places(group)):
                group.first_listed = at
                found.append(group)
                if len(found) == self.MOST:
                    break
        return found

    def item_title(self, group):
        return group.name

    def item_description(self, group):
        return group.summary

    def item_pubdate(self, group):
        return group.first_listed

    def item_updateddate(self, group):
        return group.first_listed


class _Near:
    """A place and a distance, as `jobs.matches` reads them from a subscription."""

    def __init__(self, point, miles):
        self.latitude = point.latitude if point else None
        self.longitude = point.longitude if point else None
        self.miles = miles


_new_groups_feed = NewGroupsFeed()


@require_safe
def new_groups_feed(request):
    """The feed's parameters are the events calendar's (a feed reader can't show a form's
    errors, so one it can't use is refused with a plain message, 400, rather than ignored)."""
    form, problems, unknown = read_feed_parameters(request.GET)
    if unknown:
        problems.append(gettext("This feed takes only subject, place and miles."))
    if problems:
        return HttpResponseBadRequest("\n".join(problems), content_type="text/plain; charset=utf-8")
    request.feed_form = form
    return _new_groups_feed(request)


# Staff: writing, previewing and publishing bulletins.

@login_required
def staff_bulletins(request):
    require_staff(request)
    return render(request, "subscriptions/staff_bulletins.html", {
        "bulletins": Bulletin.objects.select_related("written_by")[:MOST_BULLETINS],
        "subscribers": Subscription.objects.confirmed().of_kind(Subscription.Kind.BULLETIN).count(),
    })


@login_required
def write_bulletin(request, pk=None):
    """Write a bulletin, or change one (a published one too: its page shows the change; the
    emails already sent stay as they were). Saved, it is shown as it will be read."""
    if pk is None:
        require_staff(request)
        bulletin = Bulletin(written_by=request.user)
    else:
        bulletin = bulletin_to_change(request, pk)
    form = BulletinWritingForm(form_data(request), instance=bulletin)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, gettext("Bulletin saved: %(title)s.") % {"title": saved.title})
        return redirect("subscriptions:edit-bulletin", saved.pk)
    return render(request, "subscriptions/write_bulletin.html", {
        "form": form, "bulletin": bulletin if bulletin.pk else None, "publish_form": PublishForm(),
    }, status=400 if form.errors else 200)


@login_required
def publish_bulletin(request, pk):
    """GET asks; POST publishes: on the news page at once, and in each subscriber's next digest."""
    bulletin = bulletin_to_change(request, pk)
    if bulletin.is_published:
        raise Http404
    form = PublishForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        bulletin.published_at = timezone.now()
        bulletin.save(update_fields=["published_at"])
        messages.success(request, gettext("Published: %(title)s. Subscribers get it in their next email.")
                         % {"title": bulletin.title})
        return redirect("subscriptions:staff-bulletins")
    return render(request, "subscriptions/publish_bulletin.html", {"bulletin": bulletin, "form": form})

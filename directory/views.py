from django.db.models import Count, F, Prefetch
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from usage import services as usage
from usage.models import Kind

from . import caching, coverage, national, search, services
from .forms import SearchForm, page_number
from .models import Category, Group
from .permissions import can_manage


def _category_tree():
    """Top-level categories with their children, each with how many listed groups it has
    (cached: caching.py)."""
    return caching.remember("category-tree", _build_category_tree, listed=True)


def _listed_total() -> int:
    return caching.remember("listed-total", lambda: Group.objects.listed().count(), listed=True)


def _build_category_tree():
    links = Group.categories.through.objects.filter(group_id__in=Group.objects.listed().values("pk"))
    per_category = dict(
        links.values("category_id").annotate(n=Count("group_id", distinct=True))
        .values_list("category_id", "n")
    )
    per_top = dict(
        links.annotate(top=Coalesce(F("category__parent_id"), F("category_id")))
        .values("top").annotate(n=Count("group_id", distinct=True)).values_list("top", "n")
    )
    categories = list(Category.objects.all())
    tree = []
    for top in (c for c in categories if c.parent_id is None):
        children = [c for c in categories if c.parent_id == top.pk]
        for child in children:
            child.count = per_category.get(child.pk, 0)
        top.count = per_top.get(top.pk, 0)
        tree.append((top, children))
    return tree


@require_safe
def home(request):
    return render(request, "directory/home.html", {
        "form": SearchForm(),
        "tree": _category_tree(),
        "total": _listed_total(),
    })


@require_safe
def categories(request):
    return render(request, "directory/categories.html", {"tree": _category_tree()})


def _search_url(data, **changes) -> str:
    """This search's address with some of its choices changed (page left out)."""
    params = data.copy()
    params.pop("page", None)
    for name, value in changes.items():
        params[name] = value
    return "?" + params.urlencode()


def run_search(form, page: int):
    """The search a bound, checked form asks for, with each group and its next meeting:
    for the search page and for the finder on partners' websites (embeds)."""
    query = form.to_query(page=page)
    results = search.load(search.search(query))
    for hit in results.hits:
        hit.next = search.next_meeting(hit)
    return query, results


def render_cards(hits, **flags) -> None:
    """Each result's card as `hit.card`, from the shared cache (caching.py) where this
    version of the directory already has it. A card's key holds all else it shows: the
    language, the date (a "new" or paused group), why it was found, how far, the next
    meeting and whether a coordinator is on the hub (an account's state, not the directory's)."""
    template = get_template("directory/_result.html")
    language, today = get_language(), timezone.localdate().isoformat()

    def wanted(hit):
        next_meeting = (hit.next[0].isoformat(), hit.next[1].pk) if hit.next else None
        key = repr((language, today, hit.group_id, str(hit.why), hit.distance, next_meeting,
                    hit.group.coordinator_on_hub, sorted(flags.items())))
        return key, lambda: template.render({"hit": hit, **flags})

    for hit, card in zip(hits, caching.remember_each("result", [wanted(hit) for hit in hits]), strict=True):
        hit.card = card


@require_safe
def search_groups(request):
    form = SearchForm(request.GET or None)
    context = {"form": form, "results": None}
    if form.is_bound:
        form.is_valid()
        if form.query_cut:
            # The form cuts a search past its length (the box's maxlength stops a browser
            # sending one): links from this page carry what was searched for, not the whole.
            request.GET = form.data
        page, page_ok = page_number(request.GET.get("page"))
        if not page_ok:
            form.notes.append(_("We couldn’t understand that page number, so here is the first page."))
        if form.place_suggestion:
            context["suggestion_url"] = _search_url(form.data, where=form.place_suggestion)
        if not form.location_failed:
            query, results = run_search(form, page)
            context["results"] = results
            context["query"] = query
            if not results.total and page == 1:
                # Where new groups are needed: counted by words and district, nothing more.
                usage.count_empty_search(request, form.cleaned_data.get("q") or "",
                                         form.cleaned_data.get("where") or "")
            # With a place, groups meeting near it come first; online-only ones follow.
            split = query.point and query.filters.meets != "online"
            context["near_hits"] = [h for h in results.hits if h.distance is not None or not split]
            context["online_hits"] = [h for h in results.hits if h.distance is None and split]
            context["sectioned"] = bool(context["online_hits"])
            render_cards(results.hits, sectioned=context["sectioned"])
            # A place outside the area the directory covers is said plainly (directory/coverage.py).
            context.update(coverage.for_search(query.point, request.GET))
            if results.wider:
                context["wider_url"] = _search_url(form.data, distance=str(results.wider[0]))
            # Few groups near: how many more meet a little further away, and those online.
            context["few_near"] = bool(split) and (results.near_total or 0) < search.FEW_NEAR
            if context["few_near"]:
                context["online_url"] = _search_url(form.data, meets="online")
            if form.cleaned_data.get("q") and not results.terms:
                context["ignored_words"] = form.cleaned_data["q"][:60]
            category_slug = form.cleaned_data.get("category")
            context["category"] = Category.objects.filter(slug=category_slug).first() if category_slug else None
            context["subjects"] = list(Category.objects.filter(pk__in=results.subject_ids).order_by("name"))
            # National organisations and helplines for the subject, where the page would
            # otherwise be a dead end, and on a subject's own page (directory/national.py).
            context.update(national.for_search(
                category=context["category"], subjects=context["subjects"],
                outside=context["coverage"].outside, hits=bool(results.hits), few_near=context["few_near"],
                subject_page=bool(context["category"]) and not query.words and not query.point and page == 1))
            if not (query.words or query.category_ids or form.active_filters()) and query.point:
                # The home page counts every group; a search near a place, only some.
                context["directory_total"] = _listed_total()
    return render(request, "directory/search.html", context)


@require_safe
def group_detail(request, slug):
    group = get_object_or_404(
        Group.objects.prefetch_related("meetings__venue", "meetings__changes", "languages", "translations",
                                       Prefetch("categories", queryset=Category.objects.select_related("parent"))),
        slug=slug,
    )
    # Reachable: the page answers. A published group that has closed says where to go
    # instead; one not (or not yet) published is shown only to those who manage it.
    if group.is_gone:
        alternatives = (
            Group.objects.listed()
            .filter(pk__in=Group.categories.through.objects.filter(
                category__in=group.categories.all()).values("group_id"))
            .exclude(pk=group.pk).order_by("name")[:5]
        )
        return render(request, "directory/group_closed.html",
                      {"group": group, "alternatives": alternatives}, status=410)
    preview = not group.is_reachable
    if preview and not can_manage(request.user, group):
        raise Http404
    if not preview:
        usage.count(request, group, Kind.PAGE_VIEW)
    meetings = [(meeting, meeting.upcoming(3)) for meeting in group.meetings.all()]
    return render(request, "directory/group_detail.html", {
        "group": group,
        # Its name and own words in the reader's language, if the group wrote them in it.
        "text": group.text_for(get_language()),
        "preview": preview,
        "meetings": meetings,
        # Its one-off events to come (the events app), soonest first.
        "events": group.events.upcoming()[:5] if not preview else [],
        # The calendar feed lists meetings to come, so only for a listed group.
        "has_calendar": group.is_listed and any(dates for _meeting, dates in meetings),
        # Nobody from the group would read a request sent here: the page says so, and
        # offers the group's own details alone.
        "kept_by_team": not preview and not services.has_active_coordinator(group),
    })

"""The languages a visitor reads the site in: which pages each covers, the visitor's choice
remembered, and the same page's address in every language.

Which languages exist and which are offered is in the settings (KNOWN_LANGUAGES,
LANGUAGES, PUBLIC_ONLY_LANGUAGES). A page's address carries its language (/cy/search/;
English has no prefix, so English addresses are as they always were), and a visitor's choice
is kept in Django's language cookie.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponseRedirect
from django.urls import get_script_prefix, is_valid_path, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from lib.urls import absolute_url, readdress

# The public journey: the pages someone looking for a group reads, from the home page to
# getting in touch, and what they print. Languages in PUBLIC_ONLY_LANGUAGES cover these pages;
# every other page (signed in, staff, a coordinator's) is shown in English in them, and says so.
PUBLIC_JOURNEY = frozenset({
    "privacy",
    "directory:home",
    "directory:search",
    "directory:categories",
    "directory:group",
    "introductions:get-in-touch",
    "introductions:sent",
    "introductions:withdraw",
    "enquiries:contact",
    "enquiries:sent",
    "enquiries:report-problem",
    "publishing:group-leaflet",
    "publishing:group-poster",
    "publishing:group-calendar",
    "publishing:lists",
    "publishing:list-pdf",
    "publishing:list-card",
    "embeds:finder",
    "subscriptions:start-a-group",
    "subscriptions:check-your-email",
    "subscriptions:confirm",
    "subscriptions:confirmed",
    "subscriptions:unsubscribe",
    "subscriptions:news",
    "subscriptions:bulletin",
    "subscriptions:new-groups-feed",
    "events:list",
    "events:detail",
    "events:ics",
    "events:calendar",
})


# Longer addresses than this are linked to without their query.
LONGEST_ADDRESS = 2000


def offered() -> list[tuple[str, str]]:
    """(code, name in itself) of each language offered to the public, English first."""
    return list(settings.LANGUAGES)


def covers(language: str, view_name: str | None) -> bool:
    """Whether pages of this view are written in `language`; when not, they are shown in English.
    A page with no view (a page not found) is public."""
    return language not in settings.PUBLIC_ONLY_LANGUAGES or view_name is None or view_name in PUBLIC_JOURNEY


def in_language(page: str, code: str) -> str:
    """The address of `page` (a path, with its query) in the language `code`: the home page
    in that language when `page` is no page of the site."""
    translated = readdress(page, code)
    if translated == page and (translation.get_language_from_path(page) or settings.LANGUAGE_CODE) != code:
        with translation.override(code):
            return reverse("directory:home")
    return translated


def _chosen(request) -> str | None:
    """The offered language in the visitor's cookie, if any."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if code and translation.check_for_language(code):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            return None
    return None


class RememberedLanguageMiddleware:
    """Send a visitor who chose a language, arriving at an English (unprefixed) address, to
    the same page in their language; and show the pages a language does not cover in English.

    Django's LocaleMiddleware reads the language from the address alone when English has no
    prefix, so the cookie would otherwise be ignored. Only GET and HEAD are sent on, and only
    to an address that exists (the API and the icon have no language). Comes after
    LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = _chosen(request)
        if (chosen and chosen != settings.LANGUAGE_CODE and request.method in ("GET", "HEAD")
                and translation.get_language_from_path(request.path_info) is None):
            urlconf = getattr(request, "urlconf", None)
            # An address with a prefix is read in its language (hence the override).
            with translation.override(chosen):
                exists = is_valid_path(f"/{chosen}{request.path_info}", urlconf)
            if exists:
                prefix = get_script_prefix()
                response = HttpResponseRedirect(request.get_full_path().replace(prefix, f"{prefix}{chosen}/", 1))
                add_never_cache_headers(response)
                return response
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        language = translation.get_language()
        if not covers(language, request.resolver_match.view_name):
            request.language_not_covered = language
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE


def choose_language(request, code):
    """Remember the visitor's language and show them the page they were on in it: a link,
    so it works without JavaScript and needs no form on every page."""
    if code not in dict(offered()):
        raise Http404
    page = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(page, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()) or not page.startswith("/"):
        page = "/"
    if request.user.is_authenticated and request.user.language != code:
        # Their emails follow the choice (outbox.notify).
        get_user_model().objects.filter(pk=request.user.pk).update(language=code)
    response = HttpResponseRedirect(in_language(page, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    add_never_cache_headers(response)
    return response


def languages(request):
    """For every page: the language switcher, the page's address in each language (hreflang),
    and, on a page the chosen language does not cover, that language (for the note)."""
    not_covered = getattr(request, "language_not_covered", None)
    current = not_covered or translation.get_language()
    match = request.resolver_match
    choices = []
    if len(offered()) > 1:
        # A page not found has no address in other languages: the switcher leads to the
        # home page in each.
        page = request.get_full_path() if match else "/"
        # A very long query (a pasted essay in the search box) is left out of the links: the
        # page would otherwise carry it once for each language.
        if len(page) > LONGEST_ADDRESS:
            page = request.path
        for code, name in offered():
            choices.append({
                "code": code, "name": name, "current": code == current,
                "choose": f"{reverse('choose-language', args=[code])}?{urlencode({'next': page})}",
                # For search engines (hreflang): the page's address in each language that covers it.
                "alternate": absolute_url(in_language(page, code)) if match and covers(code, match.view_name)
                else None,
            })
    return {
        "language_choices": choices,
        "language_not_covered": not_covered,
        "x_default": next((choice["alternate"] for choice in choices if choice["code"] == settings.LANGUAGE_CODE),
                          None),
    }

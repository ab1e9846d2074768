"""Full addresses of the site's pages, for what leaves the browser: emails, paper, calendar files."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils import translation


def absolute_url(path: str) -> str:
    """`path` (such as "/groups/twins-club/") on the site's address, the SITE_URL setting.

    Built from the setting, never from the request's Host header: a link in an email or on
    a printed leaflet must point at the real site whoever asked for it, and a forged Host
    header must not put another site's address in a sign-in link.
    """
    return settings.SITE_URL.rstrip("/") + path


def readdress(page: str, code: str) -> str:
    """`page` (a path or a full address of the site, with its query) at its address in the
    language `code`: "/cy/support/" for "/support/" in Welsh, "/support/" for "/cy/support/"
    in English. Unchanged when it is no page of the site. An address is read in its own
    language (its prefix says which), since a page's address is known only in that one."""
    path = urlsplit(page).path
    with translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE):
        return translate_url(page, code)

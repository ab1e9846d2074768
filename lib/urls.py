"""Full addresses of the site's pages, for what leaves the browser: emails, paper, calendar files."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (such as "/groups/twins-club/") on the site's address, the SITE_URL setting.

    Built from the setting, never from the request's Host header: a link in an email or on
    a printed leaflet must point at the real site whoever asked for it, and a forged Host
    header must not put another site's address in a sign-in link.
    """
    return settings.SITE_URL.rstrip("/") + path

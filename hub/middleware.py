import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import render
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from lib.logs import REQUEST_ID, current_request_id


class SecurityHeadersMiddleware:
    """Headers that stop any page from loading anything from another site."""

    @staticmethod
    def policy(frame_ancestors: str = "'none'") -> str:
        """The Content-Security-Policy. No page may be framed, except the finder on the
        website of a partner staff registered (embeds.views.finder), by that website alone."""
        return (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            f"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors {frame_ancestors}; "
            "base-uri 'self'; object-src 'none'"
        )

    POLICY = policy("'none'")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.POLICY)
        response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        return response


def _signed_in(request) -> bool:
    # Without a session cookie nobody is signed in; not touching the session then keeps
    # public pages free of "Vary: Cookie".
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated


class PrivatePagesMiddleware:
    """`Cache-Control: no-store` on every page that may hold personal data, so that no
    browser, shared computer or proxy keeps a copy.

    Every response to a signed-in person, whatever the view said; and, for everyone, every
    response whose view did not say it may be cached. A page marks itself cacheable (as the
    Open Referral API does) only when it shows nothing about the person asking; forms that
    take personal details and their confirmations never do.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _signed_in(request) or not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


SESSION_STARTED = "hub.session_started"
SESSION_SEEN = "hub.session_seen"
# How often the time of the last request is written to the session, in seconds: not on
# every request, which would write the session table on every page.
SEEN_EVERY = 60


def mark_session_started(sender, request, user, **kwargs):
    """On signing in (a user_logged_in receiver, connected in hub.apps)."""
    now = int(time.time())
    request.session[SESSION_STARTED] = request.session[SESSION_SEEN] = now


class SessionLifetimeMiddleware:
    """Sign a person out after SESSION_IDLE_MINUTES without a request, and after
    SESSION_MAX_HOURS however active: a session left open on a shared computer ends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _signed_in(request):
            self._check(request)
        return self.get_response(request)

    @staticmethod
    def _check(request):
        now = int(time.time())
        session = request.session
        started = session.setdefault(SESSION_STARTED, now)
        seen = session.setdefault(SESSION_SEEN, now)
        if now - seen > settings.SESSION_IDLE_MINUTES * 60 or now - started > settings.SESSION_MAX_HOURS * 3600:
            logout(request)
            messages.info(request, _("You were signed out to keep your account safe. Please sign in again."))
        elif now - seen >= SEEN_EVERY:
            session[SESSION_SEEN] = now


class MethodNotAllowedPageMiddleware:
    """A page in plain English for an address that only a button uses.

    Actions (send an invitation, try an email again, remove something) answer POST alone,
    and their views say so with an empty 405 (`require_POST`). A person can still open one
    as a page: signing in sends them on to `next`, which may be such an address, or they
    followed a link copied from the address bar. Rather than a bare error, they are told
    that the action needs the button on its page, with a link to the nearest page above the
    address (the address's parent, or its parent's, as far as one exists). Responses with a
    body of their own (the API's JSON errors) are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or request.method == "HEAD" or getattr(response, "streaming", False) \
                or response.content:
            return response
        page = render(request, "405.html", {"back": page_above(request)}, status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page


def page_above(request) -> str:
    """The address of the nearest page above the one asked for, the home page at least."""
    path = request.path_info
    urlconf = getattr(request, "urlconf", None)
    while path not in ("", "/"):
        path = path.rstrip("/").rpartition("/")[0] + "/"
        try:
            resolve(path, urlconf)
        except Resolver404:
            continue
        break
    return get_script_prefix().rstrip("/") + path


class RequestIdMiddleware:
    """Each request gets an id, in its response's `X-Request-ID` header and on every log line
    written while it is answered (lib.logs.RequestIds), so a visitor's "it went wrong at
    10:02" can be found. The proxy's id (nginx's `$request_id`, sent as `X-Request-ID`) is
    kept when it looks like one, so the proxy's log and the site's agree; otherwise one is made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = request.headers.get("X-Request-ID", "")
        request.id = sent if REQUEST_ID.match(sent) else uuid.uuid4().hex
        token = current_request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request.id
        return response

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from . import two_factor


class StaffTwoFactorMiddleware:
    """A staff session that still owes its second step (accounts.two_factor.second_step)
    reaches nothing but that step and signing out: every other page, the admin included,
    sends it there first, and on to the page afterwards."""

    OPEN = ("accounts:two-factor-verify", "accounts:two-factor-set-up", "accounts:sign-out")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie nobody is signed in: not touching the session then keeps
        # public pages free of "Vary: Cookie".
        if settings.SESSION_COOKIE_NAME in request.COOKIES and not self._open(request.path):
            step = two_factor.second_step(request)
            if step:
                return redirect_to_login(request.get_full_path(), step)
        return self.get_response(request)

    def _open(self, path: str) -> bool:
        return path.startswith(settings.STATIC_URL if settings.STATIC_URL.startswith("/")
                               else "/" + settings.STATIC_URL) or path in {reverse(name) for name in self.OPEN}

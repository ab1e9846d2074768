from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    """The project package itself, an app so that it can hold `manage.py run_jobs`."""

    name = "hub"
    verbose_name = _("Self Help Hub")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import erasures
        from .middleware import mark_session_started

        erasures.connect()  # deletions of people's details are logged, to stay deleted after a restore

        # A session's lifetime counts from signing in (hub.middleware.SessionLifetimeMiddleware).
        user_logged_in.connect(mark_session_started, dispatch_uid="hub.session_started")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    """The project package itself, an app so that it can hold `manage.py run_jobs`."""

    name = "hub"
    verbose_name = _("Self Help Hub")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenReferralConfig(AppConfig):
    name = "openreferral"
    verbose_name = _("Open Referral")

    def ready(self):
        from . import signals  # noqa: F401

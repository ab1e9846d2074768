from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from accounts.views import sign_in_for_admin

from . import languages, views

# One sign-in for everyone: the admin's sign-in page leads to the site's, and its limits.
admin.site.login = sign_in_for_admin

# A request too large or with too many fields is answered by a plain page, not an error.
handler400 = "hub.views.bad_request"

urlpatterns = [
    # Browsers and other programs ask for /favicon.ico whatever the page links to: send them
    # to the icon (static/favicon.svg). Its address is worked out when first asked for, since
    # the stored name of a static file is known only once settings are read.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg")), name="favicon"),
    # The API speaks Open Referral's fields, in no language of its own.
    path("api/", include("openreferral.urls")),
    path("language/<str:code>/", languages.choose_language, name="choose-language"),
    # For monitors: machine-read, in no language (hub/health.py).
    path("healthz", views.healthz, name="healthz"),
]

# Every page has its address in each offered language: /cy/search/ is the search page in
# Welsh. English keeps the addresses without a prefix (hub/languages.py).
urlpatterns += i18n_patterns(
    path("privacy/", views.privacy, name="privacy"),
    path("", include("directory.urls")),
    path("", include("publishing.urls")),
    path("", include("introductions.urls")),
    path("", include("enquiries.urls")),
    path("", include("subscriptions.urls")),
    path("", include("embeds.urls")),
    path("", include("support.urls")),
    path("", include("voice.urls")),
    path("", include("usage.urls")),
    path("", include("events.urls")),
    path("", include("network.urls")),
    path("staff/insight/", include("insights.urls")),
    path("staff/feed-differences/", include("openreferral.staff_urls")),
    path("staff/feeds/", include("openreferral.feed_urls")),
    path("account/", include("accounts.urls")),
    path("staff/outbox/", include("outbox.urls")),
    path("staff/imports/", include("imports.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

from django.contrib import admin
from django.urls import include, path

from accounts.views import sign_in_for_admin

from . import views

# One sign-in for everyone: the admin's sign-in page leads to the site's, and its limits.
admin.site.login = sign_in_for_admin

# A request too large or with too many fields is answered by a plain page, not an error.
handler400 = "hub.views.bad_request"

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("", include("directory.urls")),
    path("", include("publishing.urls")),
    path("", include("introductions.urls")),
    path("", include("support.urls")),
    path("", include("voice.urls")),
    path("staff/insight/", include("insights.urls")),
    path("api/", include("openreferral.urls")),
    path("staff/feed-differences/", include("openreferral.staff_urls")),
    path("account/", include("accounts.urls")),
    path("staff/outbox/", include("outbox.urls")),
    path("admin/", admin.site.urls),
]

"""Staff pages of the feeds imported every night (openreferral.feeds)."""

from django.urls import path

from . import feed_views

app_name = "openreferral-feeds"
urlpatterns = [
    path("", feed_views.feed_list, name="feeds"),
    path("missing/<int:pk>/keep/", feed_views.keep_listing, name="keep"),
]

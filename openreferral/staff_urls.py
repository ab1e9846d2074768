"""Staff pages of the Open Referral app (its API's URLs are in urls.py)."""

from django.urls import path

from . import views

app_name = "openreferral-staff"
urlpatterns = [
    path("", views.feed_differences, name="feed-differences"),
    path("<slug:slug>/", views.group_differences, name="group-differences"),
]

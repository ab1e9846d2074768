from django.urls import path

from . import views

app_name = "publishing"
urlpatterns = [
    path("groups/<slug:slug>/meetings.ics", views.group_calendar, name="group-calendar"),
]

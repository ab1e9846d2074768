from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/calendar.ics", views.calendar_feed, name="calendar"),
    path("events/<uuid:event_uuid>/", views.event_detail, name="detail"),
    path("events/<uuid:event_uuid>/event.ics", views.event_ics, name="ics"),
    path("events/<uuid:event_uuid>/change/", views.edit_event, name="edit"),
    path("events/<uuid:event_uuid>/cancel/", views.cancel_event, name="cancel"),
    path("groups/<slug:slug>/manage/events/new/", views.add_group_event, name="add-group-event"),
    path("staff/events/new/", views.add_hub_event, name="add-hub-event"),
]

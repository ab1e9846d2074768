from django.urls import path

from . import views

app_name = "publishing"
urlpatterns = [
    path("groups/<slug:slug>/meetings.ics", views.group_calendar, name="group-calendar"),
    path("groups/<slug:slug>/leaflet.pdf", views.group_leaflet, name="group-leaflet"),
    path("groups/<slug:slug>/poster.pdf", views.group_poster, name="group-poster"),
    path("lists/", views.group_lists, name="lists"),
    path("lists/pdf/", views.group_list_pdf, name="list-pdf"),
    path("lists/card.pdf", views.group_list_card, name="list-card"),
    path("directory.pdf", views.printed_directory, name="directory"),
    path("printed-directory/", views.printed_directory_page, name="printed-directory"),
]

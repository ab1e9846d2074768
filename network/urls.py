from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("groups/<slug:slug>/network/", views.find, name="find"),
    path("groups/<slug:slug>/network/write/<slug:to_slug>/", views.write, name="write"),
    path("groups/<slug:slug>/network/<int:pk>/", views.conversation, name="conversation"),
]

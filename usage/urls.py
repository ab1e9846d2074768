from django.urls import path

from . import views

app_name = "usage"
urlpatterns = [
    path("groups/<slug:slug>/manage/numbers/", views.group_numbers, name="group-numbers"),
]

from django.urls import path

from . import views

app_name = "introductions"
urlpatterns = [
    path("groups/<slug:slug>/get-in-touch/", views.get_in_touch, name="get-in-touch"),
    path("groups/<slug:slug>/get-in-touch/sent/", views.sent, name="sent"),
    path("groups/<slug:slug>/introductions/", views.inbox, name="inbox"),
    path("groups/<slug:slug>/introductions/<str:reference>/", views.set_outcome, name="set-outcome"),
    path("groups/<slug:slug>/introduce/", views.introduce_client, name="introduce"),
    path("introductions/mine/", views.mine, name="mine"),
    path("introductions/withdraw/<str:token>/", views.withdraw, name="withdraw"),
    path("staff/introductions/", views.staff_counts, name="staff-counts"),
    path("staff/introductions/erase/", views.erase, name="erase"),
]

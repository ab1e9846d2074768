from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.index, name="index"),
    path("growth/", views.growth, name="growth"),
    path("coverage/", views.coverage, name="coverage"),
    path("freshness/", views.freshness, name="freshness"),
    path("introductions/", views.introductions, name="introductions"),
    path("opportunities/", views.opportunities, name="opportunities"),
    path("support/", views.support, name="support"),
    path("reflections/", views.reflections, name="reflections"),
    path("interest-list/", views.interest_list, name="interest-list"),
    path("numbers/", views.numbers, name="numbers"),
]

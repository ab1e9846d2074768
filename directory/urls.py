from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_groups, name="search"),
    path("categories/", views.categories, name="categories"),
    path("groups/<slug:slug>/", views.group_detail, name="group"),
]

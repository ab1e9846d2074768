from django.urls import path

from . import post_views, reflection_views, views

app_name = "voice"
urlpatterns = [
    # A group's coordinators
    path("groups/<slug:slug>/have-your-say/", views.have_your_say, name="have-your-say"),
    path("groups/<slug:slug>/have-your-say/choices/", views.preferences, name="preferences"),
    path("groups/<slug:slug>/have-your-say/<uuid:uuid>/", views.group_opportunity, name="group-opportunity"),
    path("groups/<slug:slug>/have-your-say/<uuid:uuid>/interested/", views.interested, name="interested"),
    path("groups/<slug:slug>/have-your-say/<uuid:uuid>/not-for-us/", views.not_for_us, name="not-for-us"),
    path("groups/<slug:slug>/have-your-say/<uuid:uuid>/show-again/", views.show_again, name="show-again"),
    path("groups/<slug:slug>/have-your-say/<uuid:uuid>/feedback/", views.feedback, name="feedback"),
    path("groups/<slug:slug>/have-your-say/<uuid:uuid>/take-back/<str:what>/", views.take_back, name="take-back"),
    path("groups/<slug:slug>/forums/<uuid:uuid>/", views.group_forum, name="group-forum"),
    path("groups/<slug:slug>/forums/<uuid:uuid>/join/", views.join_forum, name="join-forum"),
    path("groups/<slug:slug>/forums/<uuid:uuid>/leave/", views.leave_forum, name="leave-forum"),
    path("groups/<slug:slug>/reflections/", reflection_views.reflections, name="reflections"),
    path("groups/<slug:slug>/reflections/new/", reflection_views.edit_reflection, name="new-reflection"),
    path("groups/<slug:slug>/reflections/compare/", reflection_views.compare, name="compare"),
    path("groups/<slug:slug>/reflections/<int:pk>/", reflection_views.reflection, name="reflection"),
    path("groups/<slug:slug>/reflections/<int:pk>/change/", reflection_views.edit_reflection, name="edit-reflection"),
    path("groups/<slug:slug>/reflections/<int:pk>/publish/", reflection_views.publish, name="publish"),
    path("groups/<slug:slug>/reflections/<int:pk>/unpublish/", reflection_views.unpublish, name="unpublish"),
    path("groups/<slug:slug>/reflections/<int:pk>/delete/", reflection_views.delete_reflection,
         name="delete-reflection"),
    # Staff and practitioners who post
    path("opportunities/", post_views.posted, name="posted"),
    path("opportunities/new/", post_views.new_opportunity, name="new-opportunity"),
    path("opportunities/<uuid:uuid>/", post_views.opportunity, name="opportunity"),
    path("opportunities/<uuid:uuid>/change/", post_views.edit_opportunity, name="edit-opportunity"),
    path("opportunities/<uuid:uuid>/withdraw/", post_views.withdraw_opportunity, name="withdraw"),
    path("forums/new/", post_views.new_forum, name="new-forum"),
    path("forums/<uuid:uuid>/", post_views.forum, name="forum"),
    path("forums/<uuid:uuid>/change/", post_views.edit_forum, name="edit-forum"),
    path("forums/<uuid:uuid>/close/", post_views.close_forum, name="close-forum"),
    path("forums/<uuid:uuid>/meetings/new/", post_views.forum_meeting, name="add-forum-meeting"),
    path("forums/<uuid:uuid>/meetings/<int:pk>/", post_views.forum_meeting, name="edit-forum-meeting"),
]

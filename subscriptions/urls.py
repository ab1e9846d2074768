from django.urls import path

from . import views

app_name = "subscriptions"
urlpatterns = [
    path("start-a-group/", views.start_a_group, name="start-a-group"),
    path("start-a-group/check-your-email/", views.check_your_email, name="check-your-email"),
    path("subscriptions/confirm/<str:token>/", views.confirm, name="confirm"),
    path("subscriptions/confirmed/", views.confirmed, name="confirmed"),
    path("subscriptions/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("news/", views.news, name="news"),
    path("news/<int:pk>/", views.bulletin, name="bulletin"),
    path("news/new-groups.atom", views.new_groups_feed, name="new-groups-feed"),
    path("staff/bulletins/", views.staff_bulletins, name="staff-bulletins"),
    path("staff/bulletins/new/", views.write_bulletin, name="write-bulletin"),
    path("staff/bulletins/<int:pk>/", views.write_bulletin, name="edit-bulletin"),
    path("staff/bulletins/<int:pk>/publish/", views.publish_bulletin, name="publish-bulletin"),
]

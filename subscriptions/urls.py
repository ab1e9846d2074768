from django.urls import path

from . import views

app_name = "subscriptions"
urlpatterns = [
    path("start-a-group/", views.start_a_group, name="start-a-group"),
    path("start-a-group/check-your-email/", views.check_your_email, name="check-your-email"),
    path("subscriptions/confirm/<str:token>/", views.confirm, name="confirm"),
    path("subscriptions/confirmed/", views.confirmed, name="confirmed"),
    path("subscriptions/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

from django.urls import path

from . import views

app_name = "outbox"
urlpatterns = [
    path("", views.staff_outbox, name="staff_outbox"),
    path("<int:pk>/try-again/", views.try_again, name="try_again"),
]

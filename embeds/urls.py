from django.urls import path

from . import views

app_name = "embeds"
urlpatterns = [
    path("embed/<str:key>/", views.finder, name="finder"),
    path("staff/embeds/", views.staff_partners, name="staff-partners"),
    path("staff/embeds/<str:key>/card.pdf", views.partner_card, name="partner-card"),
]

from django.urls import path

from . import views

app_name = "support"
urlpatterns = [
    # A group's own pages (its coordinators; staff can look)
    path("groups/<slug:slug>/support/", views.group_support, name="group"),
    path("groups/<slug:slug>/support/ask/", views.ask, name="ask"),
    path("groups/<slug:slug>/support/visits-and-talks/", views.group_visits_talks, name="group-visits-talks"),
    path("groups/<slug:slug>/support/talks/new/", views.talk_offer_new, name="talk-offer-new"),
    # A practitioner asks to come to a group's meeting
    path("groups/<slug:slug>/visit/", views.visit_ask, name="visit-ask"),
    # Requests, suggestions and agreeing
    path("support/requests/<int:pk>/", views.request_detail, name="request"),
    path("support/requests/<int:pk>/accept/", views.accept, name="accept"),
    path("support/requests/<int:pk>/ask/<int:user_id>/", views.ask_practitioner, name="ask-practitioner"),
    path("support/requests/<int:pk>/help/", views.offer_help, name="offer-help"),
    path("support/requests/<int:pk>/suggest/", views.broker, name="broker"),
    path("support/requests/<int:pk>/close/", views.close_request, name="close-request"),
    path("support/matches/<int:pk>/answer/", views.match_reply, name="match-reply"),
    path("support/arrangements/<int:pk>/", views.arrangement_detail, name="arrangement"),
    path("support/arrangements/<int:pk>/review/", views.review, name="review"),
    path("support/arrangements/<int:pk>/end/", views.end, name="end"),
    # Practitioners and their agencies
    path("support/", views.mine, name="mine"),
    path("support/profile/", views.profile, name="profile"),
    path("support/agency/", views.agency, name="agency"),
    path("support/agency/groups/add/", views.agency_add_group, name="agency-add-group"),
    path("support/agency/groups/<int:pk>/remove/", views.agency_remove_group, name="agency-remove-group"),
    # Offers
    path("support/offers/", views.offers, name="offers"),
    path("support/offers/new/", views.offer_edit, name="offer-new"),
    path("support/offers/<int:pk>/", views.offer_detail, name="offer"),
    path("support/offers/<int:pk>/change/", views.offer_edit, name="offer-edit"),
    path("support/offers/<int:pk>/withdraw/", views.offer_withdraw, name="offer-withdraw"),
    path("support/offers/<int:pk>/take-on/", views.offer_take_on, name="offer-take-on"),
    # Visits
    path("support/visits/<int:pk>/", views.visit_detail, name="visit"),
    # Talks, both ways
    path("support/talks/", views.talks, name="talks"),
    path("support/talks/wanted/new/", views.talk_wanted_new, name="talk-wanted-new"),
    path("support/talks/wanted/<int:pk>/", views.talk_wanted_detail, name="talk-wanted"),
    path("support/talks/wanted/<int:pk>/close/", views.talk_wanted_close, name="talk-wanted-close"),
    path("support/talks/offered/<int:pk>/", views.talk_offer_detail, name="talk-offer"),
    path("support/talks/offered/<int:pk>/open-or-close/", views.talk_offer_close, name="talk-offer-close"),
    path("support/talks/arranging/<int:pk>/", views.booking_detail, name="booking"),
    # Staff
    path("staff/support/", views.staff, name="staff"),
]

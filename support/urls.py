from django.urls import path

from .views import group, practitioner, shared, staff

app_name = "support"
urlpatterns = [
    # A group's own pages (its coordinators; staff can look)
    path("groups/<slug:slug>/support/", group.group_support, name="group"),
    path("groups/<slug:slug>/support/ask/", group.ask, name="ask"),
    path("groups/<slug:slug>/support/contact/", group.group_contact, name="group-contact"),
    path("groups/<slug:slug>/support/visits-and-talks/", group.group_visits_talks, name="group-visits-talks"),
    path("groups/<slug:slug>/support/talks/new/", group.talk_offer_new, name="talk-offer-new"),
    # A practitioner asks to come to a group's meeting
    path("groups/<slug:slug>/visit/", practitioner.visit_ask, name="visit-ask"),
    # Requests, suggestions and agreeing
    path("support/requests/<int:pk>/", shared.request_detail, name="request"),
    path("support/requests/<int:pk>/accept/", group.accept, name="accept"),
    path("support/requests/<int:pk>/ask/<int:user_id>/", group.ask_practitioner, name="ask-practitioner"),
    path("support/requests/<int:pk>/help/", practitioner.offer_help, name="offer-help"),
    path("support/requests/<int:pk>/suggest/", staff.broker, name="broker"),
    path("support/requests/<int:pk>/close/", group.close_request, name="close-request"),
    path("support/matches/<int:pk>/answer/", shared.match_reply, name="match-reply"),
    path("support/arrangements/<int:pk>/", shared.arrangement_detail, name="arrangement"),
    path("support/arrangements/<int:pk>/review/", group.review, name="review"),
    path("support/arrangements/<int:pk>/end/", shared.end, name="end"),
    # Practitioners and their agencies
    path("support/", practitioner.mine, name="mine"),
    path("support/profile/", practitioner.profile, name="profile"),
    path("support/agency/", practitioner.agency, name="agency"),
    path("support/agency/groups/add/", practitioner.agency_add_group, name="agency-add-group"),
    path("support/agency/groups/<int:pk>/remove/", practitioner.agency_remove_group, name="agency-remove-group"),
    # Offers
    path("support/offers/", shared.offers, name="offers"),
    path("support/offers/new/", practitioner.offer_edit, name="offer-new"),
    path("support/offers/<int:pk>/", shared.offer_detail, name="offer"),
    path("support/offers/<int:pk>/change/", practitioner.offer_edit, name="offer-edit"),
    path("support/offers/<int:pk>/withdraw/", practitioner.offer_withdraw, name="offer-withdraw"),
    path("support/offers/<int:pk>/take-on/", practitioner.offer_take_on, name="offer-take-on"),
    # Visits
    path("support/visits/<int:pk>/", shared.visit_detail, name="visit"),
    path("support/visits/<int:pk>/call-off/", shared.visit_call_off, name="visit-call-off"),
    # Talks, both ways
    path("support/talks/", shared.talks, name="talks"),
    path("support/talks/wanted/new/", practitioner.talk_wanted_new, name="talk-wanted-new"),
    path("support/talks/wanted/<int:pk>/", shared.talk_wanted_detail, name="talk-wanted"),
    path("support/talks/wanted/<int:pk>/close/", practitioner.talk_wanted_close, name="talk-wanted-close"),
    path("support/talks/offered/<int:pk>/", shared.talk_offer_detail, name="talk-offer"),
    path("support/talks/offered/<int:pk>/open-or-close/", group.talk_offer_close, name="talk-offer-close"),
    path("support/talks/arranging/<int:pk>/", shared.booking_detail, name="booking"),
    # Staff
    path("staff/support/", staff.staff, name="staff"),
]

from django.urls import path

from . import manage_views, views

app_name = "directory"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_groups, name="search"),
    path("categories/", views.categories, name="categories"),
    path("groups/<slug:slug>/", views.group_detail, name="group"),
    # Coordinators and staff
    path("my-groups/", manage_views.my_groups, name="my-groups"),
    path("list-your-group/", manage_views.list_group, name="list-group"),
    path("groups/<slug:slug>/manage/", manage_views.manage, name="manage"),
    path("groups/<slug:slug>/manage/details/", manage_views.edit_details, name="edit-details"),
    path("groups/<slug:slug>/manage/meetings/new/", manage_views.edit_meeting, name="add-meeting"),
    path("groups/<slug:slug>/manage/meetings/<int:pk>/", manage_views.edit_meeting, name="edit-meeting"),
    path("groups/<slug:slug>/manage/meetings/<int:pk>/remove/", manage_views.remove_meeting, name="remove-meeting"),
    path("groups/<slug:slug>/manage/meetings/<int:pk>/dates/", manage_views.meeting_dates, name="meeting-dates"),
    path("groups/<slug:slug>/manage/meetings/<int:pk>/dates/<int:change_pk>/undo/", manage_views.undo_meeting_date,
         name="undo-meeting-date"),
    path("groups/<slug:slug>/manage/confirm/", manage_views.confirm, name="confirm"),
    path("groups/<slug:slug>/manage/stage/", manage_views.change_stage, name="stage"),
    path("groups/<slug:slug>/manage/resubmit/", manage_views.resubmit, name="resubmit"),
    path("groups/<slug:slug>/manage/history/", manage_views.history, name="history"),
    path("groups/<slug:slug>/manage/history/<int:pk>/undo/", manage_views.undo_change, name="undo-change"),
    path("groups/<slug:slug>/manage/coordinators/", manage_views.coordinators, name="coordinators"),
    path("groups/<slug:slug>/manage/coordinators/invite/", manage_views.invite, name="invite"),
    path("groups/<slug:slug>/manage/coordinators/invitations/withdraw/", manage_views.withdraw_invitation,
         name="withdraw-invitation"),
    path("groups/<slug:slug>/manage/coordinators/invitations/resend/", manage_views.resend_invitation,
         name="resend-invitation"),
    path("groups/<slug:slug>/manage/coordinators/leave/", manage_views.step_down, name="step-down"),
    path("groups/<slug:slug>/manage/coordinators/<int:pk>/remove/", manage_views.remove_coordinator,
         name="remove-coordinator"),
    path("invitations/<str:token>/", manage_views.accept_invitation, name="accept-invitation"),
    path("confirm/<str:token>/", manage_views.confirm_from_email, name="confirm-from-email"),
    path("staff/review/", manage_views.review_queue, name="review-queue"),
    path("staff/freshness/", manage_views.freshness_report, name="freshness"),
    path("staff/kept-by-team/", manage_views.kept_by_team, name="kept"),
    path("staff/claims/", manage_views.claims, name="claims"),
    path("staff/review/<slug:slug>/", manage_views.review_group, name="review-group"),
]

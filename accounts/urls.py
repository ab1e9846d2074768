from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("sign-up/", views.sign_up, name="sign-up"),
    path("sign-up/send-again/", views.resend_confirmation, name="resend-confirmation"),
    path("confirm/<str:token>/", views.confirm_address, name="confirm-address"),
    path("two-factor/", views.two_factor_home, name="two-factor"),
    path("two-factor/set-up/", views.two_factor_set_up, name="two-factor-set-up"),
    path("two-factor/code/", views.two_factor_verify, name="two-factor-verify"),
    path("delete/", views.delete_account, name="delete-account"),
    path("sign-in/link/", views.sign_in_link, name="sign-in-link"),
    path("sign-in/link/<str:token>/", views.use_sign_in_link, name="sign-in-link-use"),
    path("password/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_sent.html"), name="password-reset-sent"),
    path("password/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
    path("password/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_done.html"), name="password-reset-done"),
]

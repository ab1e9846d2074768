from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import EmailForm, SignInForm, SignUpForm
from .services import (
    clear_failed_sign_ins,
    record_failed_sign_in,
    sign_in_blocked,
    sign_in_link_tokens,
)


def _next_url(request, default="accounts:home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse(default)


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def sign_in(request):
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST":
        email = request.POST.get("username", "")
        if sign_in_blocked(email, _address(request)):
            form.is_valid()  # show the fields again, but do not check the password
            form.errors.clear()
            form.add_error(None, _(
                "There have been too many attempts to sign in. Wait %(minutes)s minutes, "
                "or ask for a sign-in link or a new password by email."
            ) % {"minutes": settings.SIGN_IN_LOCKOUT_MINUTES})
        elif form.is_valid():
            clear_failed_sign_ins(email)
            login(request, form.get_user())
            return redirect(_next_url(request))
        else:
            record_failed_sign_in(email, _address(request))
    return render(request, "accounts/sign_in.html", {"form": form, "next": _next_url(request)})


@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("directory:home")


def sign_up(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your account is ready."))
        return redirect(_next_url(request))
    return render(request, "accounts/sign_up.html", {"form": form, "next": _next_url(request)})


def sign_in_link(request):
    """Email a one-time sign-in link. The reply is the same whether or not the address
    has an account, so the page cannot be used to find out who has one."""
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if sign_in_blocked(email, _address(request)):
            form.add_error(None, _("There have been too many requests. Wait %(minutes)s minutes and try again.")
                           % {"minutes": settings.SIGN_IN_LOCKOUT_MINUTES})
        else:
            record_failed_sign_in(email, _address(request))  # counts towards the limit
            user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
            if user:
                _send_sign_in_link(request, user)
            return render(request, "accounts/sign_in_link_sent.html", {"email": email})
    return render(request, "accounts/sign_in_link.html", {"form": form})


def _send_sign_in_link(request, user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = sign_in_link_tokens.make_token(user)
    url = request.build_absolute_uri(reverse("accounts:sign-in-link-use", args=[uid, token]))
    context = {"user": user, "url": url, "minutes": settings.SIGN_IN_LINK_MINUTES, "site_name": settings.SITE_NAME}
    send_mail(
        render_to_string("emails/sign-in-link-subject.txt", context).strip(),
        render_to_string("emails/sign-in-link-body.txt", context),
        None, [user.email],
    )


def use_sign_in_link(request, uidb64, token):
    """GET shows a button; POST signs in. Mail scanners that follow links only GET."""
    try:
        user = get_user_model().objects.get(pk=int(urlsafe_base64_decode(uidb64)), is_active=True)
    except (ValueError, TypeError, OverflowError, get_user_model().DoesNotExist):
        user = None
    valid = user is not None and sign_in_link_tokens.check_token(user, token)
    if request.method == "POST" and valid:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        clear_failed_sign_ins(user.email)
        return redirect("accounts:home")
    return render(request, "accounts/sign_in_link_use.html", {"valid": valid}, status=200 if valid else 400)


def home(request):
    """Where a signed-in person lands: their groups, or the sign-in page."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:sign-in')}?next={reverse('accounts:home')}")
    return redirect(settings.SIGNED_IN_HOME)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "emails/password-reset-body.txt"
    subject_template_name = "emails/password-reset-subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")
    extra_email_context = {"site_name": settings.SITE_NAME}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-done")

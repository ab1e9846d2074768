from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lib.addresses import client_address
from lib.forms import form_data

from . import limits, roles, services, two_factor
from .forms import (
    CodeForm,
    ConfirmAddressForm,
    DeleteAccountForm,
    EmailForm,
    PasswordResetForm,
    SetPasswordForm,
    SetUpCodeForm,
    SignInForm,
    SignUpForm,
)
from .services import CONFIRM_ADDRESS_LINK, MODEL_BACKEND, SIGN_IN_LINK, email_sign_in_link, password_reset_tokens

# The answer to a request refused by a limit: "Too Many Requests".
TOO_MANY = 429


def _next_url(request, default="accounts:home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse(default)


def _signed_in(request, user, next_url: str):
    """Sign `user` in and go on to `next_url`, by way of the second step if this is staff
    who owe one (accounts.two_factor)."""
    login(request, user, backend=MODEL_BACKEND)
    step = two_factor.second_step(request)
    return auth_views.redirect_to_login(next_url, step) if step else redirect(next_url)


def sign_in(request):
    """Sign in with a password. Failures are counted per (visitor, account) and per visitor,
    never per account alone, so nobody can lock someone else out; a refused attempt is
    answered before the password is checked, so guessing costs the site nothing."""
    form = SignInForm(request, data=form_data(request))
    status = 200
    if request.method == "POST":
        # Each attempt is counted as a failure before the password is checked (so that
        # attempts at the same moment cannot all get through), and forgotten if it succeeds.
        address, email = client_address(request), request.POST.get("username", "")
        for_pair = limits.SIGN_IN_FAILURES.claim(address, email)
        from_address = limits.SIGN_IN_FAILURES_FROM_ADDRESS.claim(address) if for_pair else None
        if from_address is None:
            if for_pair:
                for_pair.delete()
            form.refuse(limits.SIGN_IN_FAILURES.refusal())
            status = TOO_MANY
        elif form.is_valid():
            limits.SIGN_IN_FAILURES.clear(address, email)
            from_address.delete()
            return _signed_in(request, form.get_user(), _next_url(request))
    return render(request, "accounts/sign_in.html", {"form": form, "next": _next_url(request)}, status=status)


def sign_in_for_admin(request, extra_context=None):
    """The admin's own sign-in page, replaced: the admin is reached through the site's
    sign-in, with its limits, like every other page. Staff already signed in go on, by way
    of their second step if they owe one (accounts.two_factor)."""
    target = request.GET.get("next") or reverse("admin:index")
    if request.user.is_active and request.user.is_staff:
        step = two_factor.second_step(request)
        return auth_views.redirect_to_login(target, step) if step else redirect(_next_url(request, "admin:index"))
    return auth_views.redirect_to_login(target, reverse("accounts:sign-in"))


@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("directory:home")


def _invitation(url: str) -> bool:
    """Whether `url` is the page of an emailed invitation, which confirms an address too."""
    try:
        return resolve(url.partition("?")[0]).view_name == "directory:accept-invitation"
    except Resolver404:
        return False


def _sent(request, email: str, next_url: str, status: int = 200, **context):
    return render(request, "accounts/sign_up_sent.html", {
        "email": email, "next": next_url, "from_invitation": _invitation(next_url),
        "days": settings.UNCONFIRMED_ACCOUNT_DAYS, **context,
    }, status=status)


def sign_up(request):
    """Make an account from a name and an address; its password is chosen on the page the
    link emailed to the address opens (confirm_address). An address that already has an
    account gets an email saying so, or its confirmation link again, and the page reads
    the same."""
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignUpForm(form_data(request))
    next_url = _next_url(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                limits.SIGN_UPS.take(client_address(request))
                services.sign_up(data["email"], data.get("name", ""), next_url if request.POST.get("next") else "")
        except limits.LimitReached as refusal:
            form.add_error(None, str(refusal))
            return render(request, "accounts/sign_up.html", {"form": form, "next": next_url}, status=TOO_MANY)
        services.remember_sign_up(request, data["email"])
        return _sent(request, data["email"], next_url)
    return render(request, "accounts/sign_up.html", {"form": form, "next": next_url})


@require_POST
def resend_confirmation(request):
    """Send the confirmation email again, to the address this session signed up with;
    never to an address typed here, so nobody can send it to others."""
    email = (request.session.get(services.SIGNED_UP) or {}).get("email", "")
    next_url = _next_url(request)
    try:
        limits.CONFIRMATION_EMAILS.take(client_address(request))
    except limits.LimitReached as refusal:
        return _sent(request, email, next_url, refusal=str(refusal), status=TOO_MANY)
    if email:
        services.send_confirmation_again(email)
    return _sent(request, email, next_url, again=True)


def confirm_address(request, token):
    """The link in the confirmation email. Its page asks the person to choose their
    password (mail scanners only GET); sending it confirms the address, sets the password
    and signs them in. Only whoever reads the address's mail ever gets here, so the
    password is theirs, whoever signed up."""
    user = CONFIRM_ADDRESS_LINK.find(token, get_user_model().objects.filter(is_active=True, email_confirmed=False))
    if user is None:
        return render(request, "accounts/confirm_address.html", {"valid": False}, status=400)
    form = ConfirmAddressForm(form_data(request), user=user)
    if request.method == "POST" and form.is_valid():
        services.confirm_address(form.save())
        messages.success(request, _("Your email address is confirmed and your account is ready."))
        return _signed_in(request, user, _next_url(request))
    return render(request, "accounts/confirm_address.html", {
        "valid": True, "form": form, "email": user.email, "next": _next_url(request)})


def sign_in_link(request):
    """Email a one-time sign-in link. The reply is the same whether or not the address
    has an account, so the page cannot be used to find out who has one."""
    form = EmailForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            limits.SIGN_IN_LINKS.take(client_address(request))
        except limits.LimitReached as refusal:
            form.add_error(None, str(refusal))
            return render(request, "accounts/sign_in_link.html", {"form": form}, status=TOO_MANY)
        else:
            user = get_user_model().objects.with_address(email).filter(is_active=True).first()
            if user and user.email_confirmed:
                email_sign_in_link(user)
            elif user:  # what such an account needs first is its confirmation link
                services.email_address_confirmation(user)
            return render(request, "accounts/sign_in_link_sent.html", {"email": email})
    return render(request, "accounts/sign_in_link.html", {"form": form})


def use_sign_in_link(request, token):
    """GET shows a button; POST signs in. Mail scanners that follow links only GET.
    No limit stands in the way: the link proves the address, whatever passwords were tried."""
    user = SIGN_IN_LINK.find(token, get_user_model().objects.filter(is_active=True, email_confirmed=True))
    if request.method == "POST" and user is not None:
        limits.SIGN_IN_FAILURES.clear(client_address(request), user.email)
        return _signed_in(request, user, reverse("accounts:home"))
    valid = user is not None
    return render(request, "accounts/sign_in_link_use.html", {"valid": valid}, status=200 if valid else 400)


def home(request):
    """Where a signed-in person lands: their groups, or the sign-in page."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:sign-in')}?next={reverse('accounts:home')}")
    return redirect(settings.SIGNED_IN_HOME)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    token_generator = password_reset_tokens
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form):
        try:
            limits.PASSWORD_RESETS.take(client_address(self.request))
        except limits.LimitReached as refusal:
            form.add_error(None, str(refusal))
            return self.render_to_response(self.get_context_data(form=form), status=TOO_MANY)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    token_generator = password_reset_tokens
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        # The reset link came to the address, which proves it: an account waiting for its
        # confirmation can now be used, with the password just chosen.
        form.user.email_confirmed = True
        return super().form_valid(form)


@login_required
@never_cache
def delete_account(request):
    """The account's owner deletes it. The records that cascade with it are their own
    (coordinator places, profile); each group passes to the others who run it, or, with
    nobody left, stays listed and is kept by the self-help team (no requests to be
    contacted: introductions.services.accepts_introductions). What a practitioner did for
    their agency (offers, arrangements) stays with the agency (support models: SET_NULL)."""
    user = request.user
    form = DeleteAccountForm(form_data(request), user=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            get_user_model().objects.filter(pk=user.pk).delete()
        logout(request)
        messages.success(request, _("Your account has been deleted."))
        return redirect("directory:home")
    groups = [(place.group, roles.active_coordinators(place.group).exclude(user=user).exists())
              for place in user.coordinating.select_related("group").order_by("group__name")]
    return render(request, "accounts/delete_account.html", {"form": form, "groups": groups})


def _staff_only(request) -> None:
    if not roles.is_staff(request.user):
        raise PermissionDenied(_("Two-factor sign-in is for the staff's accounts."))


def _accepted(form, check):
    """What `check(code)` gives for the form's code (a device, or recovery codes), or None
    with the form saying why: a wrong code, or a wait after too many."""
    try:
        accepted = check(form.cleaned_data["code"])
    except two_factor.Throttled as wait:
        form.throttled(wait.seconds)
        return None
    if accepted is None:
        form.wrong()
    return accepted


@login_required
def two_factor_home(request):
    """Staff see whether their sign-in asks for a code, and turn it off (or start again)
    after giving one."""
    _staff_only(request)
    form = CodeForm(form_data(request))
    if request.method == "POST" and form.is_valid() and _accepted(form, partial(two_factor.verify, request)):
        two_factor.turn_off(request.user)
        messages.success(request, _("Two-factor sign-in is off: your authenticator app and recovery codes "
                                    "no longer work here."))
        return redirect("accounts:two-factor")
    return render(request, "accounts/two_factor.html", {
        "form": form, "has_device": two_factor.has_device(request.user), "required": two_factor.required(),
    })


@login_required
def two_factor_set_up(request):
    """Add an authenticator app: a QR code (and the secret as text), then a code from the
    app to prove it works; the recovery codes are shown once, on the page that follows."""
    _staff_only(request)
    if two_factor.has_device(request.user):
        # Replacing a device needs a code from it first (turning it off, on the two-factor page).
        return redirect("accounts:two-factor" if two_factor.is_verified(request.user) else "accounts:two-factor-verify")
    form = SetUpCodeForm(form_data(request))
    # Each visit shows a new key; a code is checked against the key this session was shown.
    device = two_factor.device_being_set_up(request) if request.method == "POST" else None
    if device is None:
        device = two_factor.start_set_up(request)
        if request.method == "POST":
            form.started_again()
    elif form.is_valid() and (codes := _accepted(form, partial(two_factor.finish_set_up, request))):
        return render(request, "accounts/two_factor_recovery_codes.html", {"codes": codes, "next": _next_url(request)})
    return render(request, "accounts/two_factor_set_up.html", {
        "form": form, "next": _next_url(request), "required": two_factor.required(),
        "qr": two_factor.qr_svg(device, _("QR code to add %(site)s to an authenticator app") % {
            "site": settings.SITE_NAME}),
        "secret": two_factor.secret_text(device),
    })


@login_required
def two_factor_verify(request):
    """The second step of a staff sign-in: a code from the app, or a recovery code."""
    next_url = _next_url(request)
    if two_factor.second_step(request) != reverse("accounts:two-factor-verify"):
        return redirect(next_url)
    form = CodeForm(form_data(request))
    verify = partial(two_factor.verify, request)
    if request.method == "POST" and form.is_valid() and (device := _accepted(form, verify)):
        two_factor.verify_session(request, device)
        return redirect(next_url)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})

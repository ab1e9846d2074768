from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lib.addresses import client_address
from lib.forms import form_data

from . import limits, roles
from .forms import DeleteAccountForm, EmailForm, PasswordResetForm, SignInForm, SignUpForm
from .services import SIGN_IN_LINK, email_sign_in_link, password_reset_tokens

# The answer to a request refused by a limit: "Too Many Requests".
TOO_MANY = 429


def _next_url(request, default="accounts:home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse(default)


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
            login(request, form.get_user())
            return redirect(_next_url(request))
    return render(request, "accounts/sign_in.html", {"form": form, "next": _next_url(request)}, status=status)


def sign_in_for_admin(request, extra_context=None):
    """The admin's own sign-in page, replaced: the admin is reached through the site's
    sign-in, with its limits, like every other page. Staff already signed in go on."""
    if request.user.is_active and request.user.is_staff:
        return redirect(_next_url(request, default="admin:index"))
    return auth_views.redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("accounts:sign-in"))


@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("directory:home")


def sign_up(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignUpForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                limits.SIGN_UPS.take(client_address(request))
                user = form.save()
        except limits.LimitReached as refusal:
            form.add_error(None, str(refusal))
            return render(request, "accounts/sign_up.html", {"form": form, "next": _next_url(request)},
                          status=TOO_MANY)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your account is ready."))
        return redirect(_next_url(request))
    return render(request, "accounts/sign_up.html", {"form": form, "next": _next_url(request)})


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
            user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
            if user:
                email_sign_in_link(user)
            return render(request, "accounts/sign_in_link_sent.html", {"email": email})
    return render(request, "accounts/sign_in_link.html", {"form": form})


def use_sign_in_link(request, token):
    """GET shows a button; POST signs in. Mail scanners that follow links only GET.
    No limit stands in the way: the link proves the address, whatever passwords were tried."""
    user = SIGN_IN_LINK.find(token, get_user_model().objects.filter(is_active=True))
    if request.method == "POST" and user is not None:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        limits.SIGN_IN_FAILURES.clear(client_address(request), user.email)
        return redirect("accounts:home")
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
    token_generator = password_reset_tokens
    success_url = reverse_lazy("accounts:password-reset-done")


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

"""Staff set up agencies and their teams here, and put practitioners in a team.

Staff use the admin through the "Intermediary staff" permission group (accounts/signals.py):
on a person who is not staff they may change only the team. Who is staff or a superuser, and whether an
account is active, only a superuser changes. Passwords are never shown or set here: people
set their own, or use a sign-in link.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor
from .models import Agency, Team, User

# The admin is for staff whose session has given its second step when two-factor sign-in
# applies to them (accounts.two_factor); the middleware sends them to it first, and this
# holds even without it. A superuser removes another's devices under "TOTP devices" and
# "Static devices" here (secrets and recovery codes are never shown: OTP_ADMIN_HIDE_SENSITIVE_DATA),
# and lets someone kept waiting by wrong codes try again at once (the users' action below).
_staff_may_use_admin = admin.site.has_permission


def _has_permission(request):
    return _staff_may_use_admin(request) and two_factor.second_step(request) is None


admin.site.has_permission = _has_permission


# django-otp's own admin for the authenticator apps, which also tells the owner when an
# app of theirs is removed here, as turning it off on the site does.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AppDeviceAdmin(TOTPDeviceAdmin):
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        if obj.confirmed:
            two_factor.tell_owner(obj.user, "two-factor-off")

    def delete_queryset(self, request, queryset):
        owners = {device.user for device in queryset.select_related("user") if device.confirmed}
        super().delete_queryset(request, queryset)
        for owner in owners:
            two_factor.tell_owner(owner, "two-factor-off")


class TeamInline(admin.TabularInline):
    model = Team
    extra = 1


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [TeamInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "agency"]
    list_filter = ["agency"]
    search_fields = ["name", "agency__name"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "team", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "team__agency"]
    search_fields = ["email", "name"]
    fields = ["email", "name", "team", "is_active", "is_staff", "email_confirmed", "date_joined", "last_login"]
    # Whether the address is confirmed is the confirmation link's to say: unticked here, the
    # account would be taken for one never confirmed (accounts.services.delete_unconfirmed_accounts).
    readonly_fields = ["email_confirmed", "date_joined", "last_login"]
    autocomplete_fields = ["team"]
    ordering = ["email"]
    actions = ["clear_two_factor_wait"]

    @admin.action(description=_("Let them give a sign-in code again at once (forget wrong codes)"),
                  permissions=["clear_two_factor_wait"])
    def clear_two_factor_wait(self, request, queryset):
        for user in queryset:
            two_factor.clear_wait(user)
        count = queryset.count()
        self.message_user(request, ngettext(
            "%(count)d person may give a sign-in code again at once.",
            "%(count)d people may give a sign-in code again at once.", count) % {"count": count},
            messages.SUCCESS)

    def has_clear_two_factor_wait_permission(self, request):
        # Wrong codes are usually someone else's; only a superuser decides they no longer count.
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return self.readonly_fields
        return [name for name in self.fields if name != "team"]

    # Staff put practitioners in teams; the accounts that run the site (their own, other
    # staff's and superusers') are a superuser's to change, so staff neither see nor change
    # them here. The admin flags are read, not the roles, since a switched-off staff account
    # is still out of reach.
    def get_queryset(self, request):
        accounts = super().get_queryset(request)
        if request.user.is_superuser:
            return accounts
        return accounts.filter(is_staff=False, is_superuser=False)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        return not (obj.pk == request.user.pk or obj.is_staff or obj.is_superuser)

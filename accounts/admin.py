"""Staff set up agencies and their teams here, and put practitioners in a team.

Staff use the admin through the "Intermediary staff" permission group (accounts/signals.py):
on a person who is not staff they may change only the team. Who is staff or a superuser, and whether an
account is active, only a superuser changes. Passwords are never shown or set here: people
set their own, or use a sign-in link.
"""

from django.contrib import admin

from . import two_factor
from .models import Agency, Team, User

# The admin is for staff whose session has given its second step when two-factor sign-in
# applies to them (accounts.two_factor); the middleware sends them to it first, and this
# holds even without it. A superuser removes another's devices under "TOTP devices" and
# "Static devices" here (secrets and recovery codes are never shown: OTP_ADMIN_HIDE_SENSITIVE_DATA).
_staff_may_use_admin = admin.site.has_permission


def _has_permission(request):
    return _staff_may_use_admin(request) and two_factor.second_step(request) is None


admin.site.has_permission = _has_permission


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

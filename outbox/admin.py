from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only. Bodies are left out on purpose: a password-reset email carries a link
    that would let whoever reads it into someone else's account."""

    list_display = ["subject", "status", "attempts", "next_attempt_at", "sent_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["subject", "recipients"]
    date_hierarchy = "created_at"
    fields = [
        "recipients", "cc", "bcc", "reply_to", "from_email", "subject",
        "status", "attempts", "next_attempt_at", "sent_at", "last_error", "created_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

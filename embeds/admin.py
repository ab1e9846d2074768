"""Staff register partners' websites here, through the "Intermediary staff" permission group
(given its permissions by this app's migrations); the snippets are at /staff/embeds/."""

from django.contrib import admin

from .models import Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "origin", "place", "active"]
    list_filter = ["active"]
    search_fields = ["name", "origin"]
    filter_horizontal = ["subjects"]
    fields = ["name", "origin", "subjects", "place", "distance", "active"]

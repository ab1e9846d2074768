from django.contrib import admin

from .models import SourceRecord


@admin.register(SourceRecord)
class SourceRecordAdmin(admin.ModelAdmin):
    """Where imported listings came from. Written by import_openreferral only."""

    list_display = ["source_id", "kind", "source", "object_id", "imported_at"]
    list_filter = ["kind", "source"]
    search_fields = ["source_id", "source"]
    readonly_fields = ["source", "kind", "source_id", "object_id", "fingerprint", "imported_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

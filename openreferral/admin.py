from django.contrib import admin

from .models import FeedSource, SourceRecord


@admin.register(FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    """The directories imported every night (openreferral.feeds). Staff switch a feed off
    rather than delete it: its records stay, and so does what they say about each group."""

    list_display = ["name", "location", "active", "publish", "checked_at", "outcome", "result"]
    list_filter = ["active", "outcome"]
    search_fields = ["name", "location"]
    fields = ["name", "location", "label", "publish", "active", "checked_at", "imported_at", "outcome", "result",
              "etag", "last_modified"]
    readonly_fields = ["checked_at", "imported_at", "outcome", "result", "etag", "last_modified"]

    def get_readonly_fields(self, request, obj=None):
        # Records are found again by this name: changing it after an import would import
        # every record again as a new listing.
        return [*self.readonly_fields, "label"] if obj is not None and obj.imported_at else self.readonly_fields


@admin.register(SourceRecord)
class SourceRecordAdmin(admin.ModelAdmin):
    """Where imported listings came from. Written by import_openreferral only."""

    list_display = ["source_id", "kind", "source", "object_id", "imported_at", "missing_since"]
    list_filter = ["kind", "source", ("missing_since", admin.EmptyFieldListFilter)]
    search_fields = ["source_id", "source"]
    readonly_fields = ["source", "kind", "source_id", "object_id", "fingerprint", "imported_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

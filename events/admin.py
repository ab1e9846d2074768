from django.contrib import admin

from .models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "on_date", "kind", "group", "cancelled"]
    list_filter = ["kind", "cancelled", "open_to"]
    search_fields = ["title", "town", "group__name"]
    date_hierarchy = "on_date"
    raw_id_fields = ["group"]
    filter_horizontal = ["subjects"]

"""Staff keep the subjects groups are listed under, and the languages they meet in.

Changing one re-indexes its groups for search (directory/signals.py). Groups, meetings and
venues are kept on the site's own pages, with their history, not here.
"""

from django.contrib import admin

from .models import Category, Language


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "position"]
    search_fields = ["name", "slug", "keywords"]
    fields = ["name", "slug", "parent", "keywords", "position"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]

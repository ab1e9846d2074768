"""Staff keep the subjects groups are listed under, the languages they meet in, the
everyday words that lead people to subjects in search, and the national organisations and
helplines a search offers when no group is near (directory/national.py).

Changing one re-indexes its groups for search (directory/signals.py). Groups, meetings and
venues are kept on the site's own pages, with their history, not here.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Category, Coverage, EverydayPhrase, Language, NationalOrganisation


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "position", "crisis_signpost"]
    search_fields = ["name", "slug", "keywords"]
    fields = ["name", "slug", "parent", "keywords", "position", "crisis_signpost"]
    list_select_related = ["parent"]

    # Search addresses carry the short name (/search/?category=…), in bookmarks and in links
    # from other sites, so it is chosen once, when the subject is added.
    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else {"slug": ["name"]}

    def get_form(self, request, obj=None, **kwargs):
        # Only what Category.clean allows: a top-level category, other than this one.
        form = super().get_form(request, obj, **kwargs)
        parents = Category.objects.filter(parent=None)
        form.base_fields["parent"].queryset = parents.exclude(pk=obj.pk) if obj else parents
        return form


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]

    # A group's history and its Open Referral ids carry the code, so it is chosen once, when
    # the language is added; the name can still be put right.
    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


@admin.register(Coverage)
class CoverageAdmin(admin.ModelAdmin):
    """One row: the area the directory covers (directory/coverage.py). Added once, then changed."""

    list_display = ["__str__", "areas"]
    fields = ["areas", "description"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Coverage.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EverydayPhrase)
class EverydayPhraseAdmin(admin.ModelAdmin):
    list_display = ["words", "subjects"]
    list_filter = ["categories"]
    search_fields = ["words", "categories__name"]
    fields = ["words", "categories"]
    filter_horizontal = ["categories"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories")

    @admin.display(description=_("subjects"))
    def subjects(self, phrase):
        return ", ".join(category.name for category in phrase.categories.all())


@admin.register(NationalOrganisation)
class NationalOrganisationAdmin(admin.ModelAdmin):
    # The model's clean() writes the number the UK way and refuses a website without https.
    list_display = ["name", "phone", "subjects", "active", "position"]
    list_filter = ["active", "categories"]
    search_fields = ["name", "offers", "categories__name"]
    fields = ["name", "offers", "phone", "hours", "website", "categories", "active", "position"]
    filter_horizontal = ["categories"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories")

    @admin.display(description=_("subjects"))
    def subjects(self, organisation):
        return ", ".join(category.name for category in organisation.categories.all())

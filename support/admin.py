"""Staff can look through the support exchange in the admin. Agreeing, reviewing and
answering are the group's to do, on its own pages, so arrangements and visits are read-only here."""

from django.contrib import admin

from .models import (
    Arrangement,
    Offer,
    PractitionerProfile,
    SupportRequest,
    TalkBooking,
    TalkOffer,
    TalkWanted,
    VisitRequest,
)


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "agency", "contact", "place", "is_active"]
    list_filter = ["kind", "is_active", "agency"]
    search_fields = ["title", "description", "agency__name"]
    raw_id_fields = ["contact"]


@admin.register(PractitionerProfile)
class PractitionerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "place", "radius_miles", "updated_at"]
    search_fields = ["user__email", "user__name", "place"]
    raw_id_fields = ["user"]


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    list_display = ["group", "kind", "area_label", "visibility", "status", "created_at"]
    list_filter = ["status", "visibility", "kind"]
    search_fields = ["group__name", "place"]
    raw_id_fields = ["group", "created_by"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Arrangement)
class ArrangementAdmin(ReadOnlyAdmin):
    list_display = ["group", "kind", "agency", "role", "review_on", "status"]
    list_filter = ["status", "kind", "role"]
    search_fields = ["group__name", "agency__name"]


@admin.register(VisitRequest)
class VisitRequestAdmin(ReadOnlyAdmin):
    list_display = ["group", "practitioner", "date", "status"]
    list_filter = ["status"]


@admin.register(TalkWanted)
class TalkWantedAdmin(admin.ModelAdmin):
    list_display = ["topic", "agency", "fee", "reply_by", "is_open"]
    list_filter = ["is_open"]


@admin.register(TalkOffer)
class TalkOfferAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "fee", "is_open"]
    list_filter = ["is_open"]
    raw_id_fields = ["group"]


@admin.register(TalkBooking)
class TalkBookingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "date", "status", "group_agreed", "agency_agreed"]
    list_filter = ["status"]

"""The directory in the admin: for moderators with the model permissions (granted per person).

Entries of organisations that have no partner account in Leerweg are kept
here; partner users keep their own entry through their own page.
"""

from django.contrib import admin

from leerweg.directory.models import DirectoryEntry, Offer


@admin.register(DirectoryEntry)
class DirectoryEntryAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "town", "is_listed", "updated_at")
    list_filter = ("kind", "region", "is_listed")
    search_fields = ("name", "tags", "town")
    raw_id_fields = ("partner",)


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ("title", "partner", "kind", "starts_on", "places", "withdrawn_at")
    list_filter = ("kind",)
    search_fields = ("title", "partner__name")
    raw_id_fields = ("partner", "created_by")
    exclude = ("created_by",)

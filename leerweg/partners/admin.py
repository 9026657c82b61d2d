"""Partner organisations and their users: for superusers only.

Partners are not tied to a school, so no school administrator manages them.
"""

from django.contrib import admin

from leerweg.accounts.admin import SuperuserOnlyAdminMixin
from leerweg.partners.models import PartnerOrganisation, PartnerUser


class PartnerUserInline(SuperuserOnlyAdminMixin, admin.TabularInline):
    model = PartnerUser
    autocomplete_fields = ("user",)
    extra = 0


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "town", "region", "contact_email")
    list_filter = ("kind",)
    search_fields = ("name", "town", "region")
    inlines = (PartnerUserInline,)

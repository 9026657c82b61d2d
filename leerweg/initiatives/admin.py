"""The register in the admin, for people with its model permissions.

Moderation itself happens on the moderation pages (``initiatives:moderation-list``),
which record who decided when; the admin is for looking things up and for
removing a submission on request.
"""

from django.contrib import admin

from leerweg.initiatives.models import Initiative, Obstacle


class ObstacleInline(admin.TabularInline):
    model = Obstacle
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "status", "region", "sector", "published_at")
    list_filter = ("status", "sector", "region")
    search_fields = ("title", "organisation")
    readonly_fields = ("status", "confirmed_at", "published_at", "decided_at", "decided_by")
    inlines = (ObstacleInline,)

"""The audit trail in the admin: read-only, for superusers only.

Audit events are only ever added, by the code that shows or changes a
student's data; no one adds, edits or deletes them here. School staff read
their school's trail in the insight pages, not in the admin.
"""

from django.contrib import admin
from django.http import HttpRequest

from leerweg.audit.models import AuditEvent


def _is_superuser(request: HttpRequest) -> bool:
    return bool(request.user.is_active and getattr(request.user, "is_superuser", False))


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = (
        "occurred_at",
        "actor",
        "actor_role",
        "action",
        "what",
        "subject_public_id",
        "school_public_id",
    )
    list_filter = ("action", "what")
    list_select_related = ("actor",)
    search_fields = ("=subject_public_id", "=school_public_id", "actor__username")
    date_hierarchy = "occurred_at"
    # The trail grows without end; counting all of it on every page is not worth it.
    show_full_result_count = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_superuser(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return _is_superuser(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

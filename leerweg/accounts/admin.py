"""The user admin, and the rule that only superusers get Django's ordinary admin.

School administrators use a school-scoped admin (``schools.admin``). Nothing
else in the admin opens to them, even if someone grants them Django model
permissions: every admin that is not school-scoped asks ``is_superuser`` and
ignores those permissions. That includes the admins of django.contrib.auth and
django-axes, which are re-registered here as superuser-only.
"""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group as AuthGroup
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

# Importing axes' admin module registers its admins now, so that they can be
# replaced below (autodiscover would only import it after this module).
from axes import admin as axes_admin
from leerweg.accounts.models import User


def is_superuser(request: HttpRequest) -> bool:
    return bool(request.user.is_active and getattr(request.user, "is_superuser", False))


class SuperuserOnlyAdminMixin:
    """Superusers get the normal admin; everyone else gets nothing, whatever their permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request) and super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return is_superuser(request) and super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, *args) -> bool:  # type: ignore[no-untyped-def]
        # ModelAdmin.has_add_permission(request); InlineModelAdmin's also gets the parent object.
        return is_superuser(request) and super().has_add_permission(request, *args)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return is_superuser(request) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return is_superuser(request) and super().has_delete_permission(request, obj)  # type: ignore[misc]


def restrict_to_superusers(model: type) -> None:
    """Replace the admin registered for ``model`` by the same admin, for superusers only."""
    if not admin.site.is_registered(model):
        return
    current = type(admin.site.get_model_admin(model))
    restricted = type(f"SuperuserOnly{current.__name__}", (SuperuserOnlyAdminMixin, current), {})
    admin.site.unregister(model)
    admin.site.register(model, restricted)


for _model in (AuthGroup, LogEntry, *(m for m in axes_admin.admin.site._registry if m._meta.app_label == "axes")):
    restrict_to_superusers(_model)

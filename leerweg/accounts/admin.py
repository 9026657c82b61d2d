"""The user admin, and the rule that only superusers get Django's ordinary admin.

School administrators use a school-scoped admin (``schools.admin``). Nothing
else in the admin opens to them, even if someone grants them Django model
permissions: every admin that is not school-scoped asks ``is_superuser`` and
ignores those permissions. That includes the admins of django.contrib.auth and
django-axes, which are re-registered here as superuser-only.
"""

# Importing axes' admin module registers its admins now, so that they can be
# replaced below (autodiscover would only reach it after this module).
import axes.admin  # noqa: F401
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group as AuthGroup
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from leerweg.accounts.models import User


def is_superuser(request: HttpRequest) -> bool:
    return bool(request.user.is_active and getattr(request.user, "is_superuser", False))


class SuperuserOnlyAdminMixin:
    """Superusers get the normal admin; everyone else gets nothing, whatever their permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request) and super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_superuser(request) and super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        # ModelAdmin.has_add_permission(request); InlineModelAdmin's also gets the parent object.
        return is_superuser(request) and super().has_add_permission(request, *args)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_superuser(request) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_superuser(request) and super().has_delete_permission(request, obj)  # type: ignore[misc]


def restrict_to_superusers(model: type) -> None:
    """Replace the admin registered for ``model`` by the same admin, for superusers only."""
    if not admin.site.is_registered(model):
        return
    current: type[admin.ModelAdmin] = type(admin.site.get_model_admin(model))
    restricted = type(f"SuperuserOnly{current.__name__}", (SuperuserOnlyAdminMixin, current), {})
    admin.site.unregister(model)
    admin.site.register(model, restricted)


for _model in (AuthGroup, AccessAttempt, AccessFailureLog, AccessLog):
    restrict_to_superusers(_model)


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    """Django's user admin for superusers; for anyone else, nothing.

    ``schools.admin`` replaces this registration with a subclass that lets a
    school admin see the people of their school and change a few fields. What
    such a non-superuser may touch is fixed here: names, e-mail address and
    the active flag; never passwords, staff or superuser status, groups or
    permissions, and never adding or deleting accounts.
    """

    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal info"),
            {"fields": ("first_name", "last_name", "email", "preferred_language")},
        ),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    limited_fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Status"), {"fields": ("is_active",)}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    limited_readonly_fields = ("username", "last_login", "date_joined")
    limited_list_display = ("username", "first_name", "last_name", "email", "is_active")

    def get_fieldsets(self, request: HttpRequest, obj=None):
        if obj is not None and not is_superuser(request):
            return self.limited_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if not is_superuser(request):
            return self.limited_readonly_fields
        return super().get_readonly_fields(request, obj)

    def get_list_display(self, request: HttpRequest):
        if not is_superuser(request):
            return self.limited_list_display
        return super().get_list_display(request)

    def get_list_filter(self, request: HttpRequest):
        if not is_superuser(request):
            return ("is_active",)
        return super().get_list_filter(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_superuser(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_superuser(request) and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request) and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_superuser(request) and super().has_delete_permission(request, obj)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        # Passwords of other people are reset by e-mail, never typed in by an admin.
        if not is_superuser(request):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.schools.access import sees_whole_school
from leerweg.schools.models import StaffRole


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


def navigation_for(request: HttpRequest) -> list[NavItem]:
    role: RoleContext | None = getattr(request, "active_role", None)
    if role is None:
        return []
    items = [(_("Start"), reverse("insight:home"))]
    if role.kind is RoleKind.STAFF:
        items.append((_("Groups"), reverse("schools:group-list")))
        if sees_whole_school(role):
            items.append((_("Audit log"), reverse("insight:audit-school")))
        if role.has_staff_role(StaffRole.SCHOOL_ADMIN) and request.user.is_staff:
            items.append((_("Administration"), reverse("admin:index")))
    items.append((_("Privacy"), reverse("insight:privacy")))
    return [
        NavItem(label, url, current=_is_current(request.path, url, home=reverse("insight:home")))
        for label, url in items
    ]


def _is_current(path: str, url: str, home: str) -> bool:
    return path == url if url == home else path.startswith(url)

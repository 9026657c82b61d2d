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
    current = _current_url(request.path, [url for _label, url in items], reverse("insight:home"))
    return [NavItem(label, url, current=url == current) for label, url in items]


def _current_url(path: str, urls: list[str], home: str) -> str | None:
    """The one menu item this page belongs to: the longest URL that the path starts with.

    The start page counts only for itself. Longest wins because URLs nest
    (the audit log, /privacy/inzage/, lies under the privacy page, /privacy/).
    """
    matches = [url for url in urls if (path == url if url == home else path.startswith(url))]
    return max(matches, key=len, default=None)

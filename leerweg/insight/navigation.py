from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.assessment.selectors import peer_feedback_on_for
from leerweg.coaching.selectors import day_starts_enabled_at
from leerweg.curriculum.access import curriculum_readable_by
from leerweg.directory.access import UPTAKE_ROLES
from leerweg.flex.access import SESSION_ROLES, SET_UP_ROLES
from leerweg.flex.selectors import flex_enabled_at
from leerweg.lrs.access import CREDENTIAL_ROLES
from leerweg.networks.access import has_networks
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
        return _role_less_items(request)
    items = [(_("Start"), reverse("insight:home"))]
    if role.kind is RoleKind.STUDENT:
        items += _student_items(role)
        items.append((_("Offers"), reverse("directory:offers-for-me")))
    if role.kind is RoleKind.PARTNER:
        items.append((_("Linked students"), reverse("consent:partner-links")))
        items.append((_("Offers"), reverse("directory:partner-offer-list")))
        items.append((_("xAPI keys"), reverse("lrs_pages:credential-list")))
    if role.kind is RoleKind.STAFF:
        items.append((_("Groups"), reverse("schools:group-list")))
        items.append((_("Feedback"), reverse("assessment:inbox")))
        if role.has_staff_role(StaffRole.MENTOR, StaffRole.COACH):
            items.append((_("Caseload"), reverse("coaching:caseload")))
        if role.has_staff_role(*SESSION_ROLES, *SET_UP_ROLES):
            items.append((_("Flex hours"), reverse("flex:session-list")))
        region = "directory:school-uptake" if role.has_staff_role(*UPTAKE_ROLES) else None
        items.append((_("Region"), reverse(region or "directory:entry-list")))
    if role.kind in (RoleKind.STUDENT, RoleKind.GUARDIAN, RoleKind.STAFF):
        items.append((_("Plusdocument"), reverse("credentials:document-home")))
    if role.kind in (RoleKind.STUDENT, RoleKind.GUARDIAN):
        items.append((_("My credentials"), reverse("credentials:credential-list")))
        items.append((_("Partners and consent"), reverse("consent:index")))
    if curriculum_readable_by(role):
        items.append((_("Curriculum"), reverse("curriculum:overview")))
    if role.kind is RoleKind.STAFF:
        if sees_whole_school(role):
            items.append((_("Audit log"), reverse("insight:audit-school")))
        if role.has_staff_role(*CREDENTIAL_ROLES):
            items.append((_("xAPI keys"), reverse("lrs_pages:credential-list")))
        if role.has_staff_role(StaffRole.SCHOOL_ADMIN) and request.user.is_staff:
            items.append((_("Administration"), reverse("admin:index")))
    # Community pages go by network membership, not by role; school staff
    # also find their learning areas and other schools' practices there.
    if role.kind is RoleKind.STAFF or has_networks(request.user):
        items.append((_("Learning networks"), reverse("networks:network-list")))
    items.append((_("Privacy"), reverse("insight:privacy")))
    current = _current_url(request.path, [url for _label, url in items], reverse("insight:home"))
    return [NavItem(label, url, current=url == current) for label, url in items]


def _role_less_items(request: HttpRequest) -> list[NavItem]:
    """A facilitator may have no role at any school: their networks are all they see."""
    user = getattr(request, "user", None)
    if user is None or not has_networks(user):
        return []
    items = [
        (_("Start"), reverse("insight:home")),
        (_("Learning networks"), reverse("networks:network-list")),
    ]
    current = _current_url(request.path, [url for _label, url in items], items[0][1])
    return [NavItem(label, url, current=url == current) for label, url in items]


def _student_items(role: RoleContext) -> list[tuple[str, str]]:
    student_id = role.student_public_id
    items = [
        (_("My profile"), reverse("profiles:mine")),
        (_("My goals"), reverse("paths:goal-list", args=[student_id])),
        (_("Evidence"), reverse("paths:evidence-list", args=[student_id])),
        (_("Route"), reverse("paths:route", args=[student_id])),
        (_("Activities"), reverse("activities:timeline", args=[student_id])),
    ]
    if day_starts_enabled_at(role.school_id):
        items.append((_("Day start"), reverse("coaching:daystart")))
    if peer_feedback_on_for(student_id=role.student_id):
        items.append((_("Classmates"), reverse("assessment:peer-index")))
    if flex_enabled_at(role.school_id):
        items.append((_("Flex hours"), reverse("flex:week-list", args=[student_id])))
    return items


def _current_url(path: str, urls: list[str], home: str) -> str | None:
    """The one menu item this page belongs to: the longest URL that the path starts with.

    The start page counts only for itself. Longest wins because URLs nest
    (the audit log, /privacy/inzage/, lies under the privacy page, /privacy/).
    """
    matches = [url for url in urls if (path == url if url == home else path.startswith(url))]
    return max(matches, key=len, default=None)

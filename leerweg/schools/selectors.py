from collections import defaultdict

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.schools.models import (
    BoardViewer,
    Group,
    GroupStaff,
    GuardianLink,
    School,
    StaffMembership,
    StaffRole,
    Student,
    year_level_label,
)

STAFF_ROLE_ORDER = [role.value for role in StaffRole]


def school_role_contexts(user: User) -> list[RoleContext]:
    """The roles a user holds through schools: staff, board viewer, guardian, student."""
    contexts = _staff_contexts(user)
    for viewer in BoardViewer.objects.filter(user=user).select_related("board"):
        contexts.append(
            RoleContext(
                kind=RoleKind.BOARD,
                label=_("%(kind)s · %(board)s")
                % {"kind": viewer.get_kind_display(), "board": viewer.board.name},
                board_id=viewer.board_id,
            )
        )
    if GuardianLink.objects.filter(guardian=user).exists():
        contexts.append(RoleContext(kind=RoleKind.GUARDIAN, label=_("Parent or carer")))
    student = Student.objects.filter(user=user).select_related("school").first()
    if student is not None:
        contexts.append(
            RoleContext(
                kind=RoleKind.STUDENT,
                label=_("Student · %(school)s") % {"school": student.school.name},
                school_id=student.school_id,
                student_id=student.pk,
                student_public_id=str(student.public_id),
            )
        )
    return contexts


def _staff_contexts(user: User) -> list[RoleContext]:
    roles_by_school: dict[School, set[str]] = defaultdict(set)
    for membership in StaffMembership.objects.filter(user=user).select_related("school"):
        roles_by_school[membership.school].add(membership.role)
    contexts = []
    for school, roles in sorted(roles_by_school.items(), key=lambda item: item[0].name):
        ordered = sorted(roles, key=STAFF_ROLE_ORDER.index)
        names = ", ".join(str(StaffRole(role).label) for role in ordered)
        contexts.append(
            RoleContext(
                kind=RoleKind.STAFF,
                label=f"{names} · {school.name}",
                school_id=school.pk,
                staff_roles=frozenset(roles),
            )
        )
    return contexts


def current_groups(groups: QuerySet[Group]) -> QuerySet[Group]:
    return groups.filter(school_year__end_date__gte=timezone.localdate())


def group_list(groups: QuerySet[Group]) -> QuerySet[Group]:
    """Groups with their student count and staff, ready for a list page."""
    staff = GroupStaff.objects.select_related("user").order_by("role", "user__last_name")
    return (
        current_groups(groups)
        .select_related("school_year", "school")
        .annotate(student_count=Count("memberships", distinct=True))
        .prefetch_related(Prefetch("staff", queryset=staff))
        .order_by("year_level", "name")
    )


def group_roster(group: Group) -> QuerySet[Student]:
    return (
        Student.objects.filter(memberships__group=group)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


def student_portrait(student: Student) -> dict[str, object]:
    """What the foundation knows of a student: groups, staff around them, guardians."""
    groups = list(
        current_groups(Group.objects.filter(memberships__student=student))
        .select_related("school_year")
        .prefetch_related(
            Prefetch("staff", queryset=GroupStaff.objects.select_related("user").order_by("role"))
        )
    )
    mentors = sorted(
        {link.user for group in groups for link in group.staff.all() if link.role == "mentor"},
        key=str,
    )
    guardians = GuardianLink.objects.filter(student=student).select_related("guardian")
    return {"groups": groups, "mentors": mentors, "guardians": list(guardians)}


def children_of(guardian: User) -> QuerySet[Student]:
    return (
        Student.objects.filter(guardian_links__guardian=guardian)
        .select_related("user", "school")
        .order_by("date_of_birth")
    )


def school_figures(schools: QuerySet[School]) -> list[dict[str, object]]:
    """Per school: students per year level, groups and staff, as plain counts.

    Hiding small numbers is up to the page that shows them to someone outside
    the school (see ``insight.figures``).
    """
    rows = []
    for school in schools.order_by("name"):
        groups = current_groups(Group.objects.filter(school=school))
        per_year = (
            groups.values("year_level")
            .annotate(students=Count("memberships__student", distinct=True))
            .order_by("year_level")
        )
        rows.append(
            {
                "school": school,
                "students": Student.objects.filter(school=school).count(),
                "groups": groups.count(),
                "staff": StaffMembership.objects.filter(school=school)
                .values("user")
                .distinct()
                .count(),
                "per_year": [
                    {**row, "label": year_level_label(school.sector, row["year_level"])}
                    for row in per_year
                ],
            }
        )
    return rows

"""Who may see which students, groups and schools.

Every query about students starts from one of these functions, so the scope
rules live in one place (documented in docs/permissions.md):

- a student sees themself;
- a guardian sees the children they are linked to;
- a school leader or school administrator sees every student of their school;
- a teacher, mentor or coach sees the students of the groups they are linked
  to this school year, at the school they are acting for;
- a board or municipality viewer and a partner see no individual student here.

An object outside the scope raises ``NotFoundOrNotYours``: to the person asking,
"not yours" is indistinguishable from "does not exist".
"""

from uuid import UUID

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.core.access import NotFoundOrNotYours
from leerweg.schools.models import Group, GroupStaff, School, StaffRole, Student

WHOLE_SCHOOL_ROLES = (StaffRole.SCHOOL_LEADER, StaffRole.SCHOOL_ADMIN)


def sees_whole_school(role: RoleContext) -> bool:
    return role.has_staff_role(*WHOLE_SCHOOL_ROLES)


def _current_groups_of(user: User, school_id: int) -> QuerySet[Group]:
    return Group.objects.filter(
        school_id=school_id,
        school_year__end_date__gte=timezone.localdate(),
        staff__user=user,
    )


def students_visible_to(user: User, role: RoleContext) -> QuerySet[Student]:
    students = Student.objects.all()
    match role.kind:
        case RoleKind.STUDENT:
            return students.filter(pk=role.student_id, user=user)
        case RoleKind.GUARDIAN:
            return students.filter(guardian_links__guardian=user)
        case RoleKind.STAFF if sees_whole_school(role):
            return students.filter(school_id=role.school_id)
        case RoleKind.STAFF:
            taught = _current_groups_of(user, role.school_id).filter(
                memberships__student=OuterRef("pk")
            )
            return students.filter(school_id=role.school_id).filter(Exists(taught))
        case _:
            return students.none()


def access_student(user: User, role: RoleContext, public_id: UUID) -> Student:
    student = (
        students_visible_to(user, role)
        .select_related("user", "school")
        .filter(public_id=public_id)
        .first()
    )
    if student is None:
        raise NotFoundOrNotYours
    return student


def groups_visible_to(user: User, role: RoleContext) -> QuerySet[Group]:
    if role.kind is not RoleKind.STAFF:
        return Group.objects.none()
    if sees_whole_school(role):
        return Group.objects.filter(school_id=role.school_id)
    linked = GroupStaff.objects.filter(group=OuterRef("pk"), user=user)
    return Group.objects.filter(
        school_id=role.school_id, school_year__end_date__gte=timezone.localdate()
    ).filter(Exists(linked))


def access_group(user: User, role: RoleContext, group_id: int) -> Group:
    group = (
        groups_visible_to(user, role)
        .select_related("school_year", "school")
        .filter(pk=group_id)
        .first()
    )
    if group is None:
        raise NotFoundOrNotYours
    return group


def schools_visible_to(role: RoleContext) -> QuerySet[School]:
    """Schools whose aggregated figures the role may see."""
    match role.kind:
        case RoleKind.STAFF:
            return School.objects.filter(pk=role.school_id)
        case RoleKind.BOARD:
            return School.objects.filter(board_id=role.board_id)
        case _:
            return School.objects.none()

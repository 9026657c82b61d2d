"""Who may set up, offer, choose and require flex sessions.

- The set-up (settings, slots, days without flex hours) and the allocation of
  a week (runs, their reports, moves and publishing) are for the school's
  leaders and administrators: ``sets_up_flex``, and ``set_up_required`` on
  their pages.
- Teachers, mentors, coaches and school leaders of the school see the
  sessions of a week. A teacher offers sessions in their own name and changes
  only their own; a school leader offers them for any colleague and changes all.
- A student chooses only for themself: asking for another student's choices
  gives the same 404 as a student who does not exist, whatever the role.
- Mandatory instruction: a school leader may require any student of the
  school to attend any session; the teacher of a session may require the
  students of their own groups to attend it; a mentor or coach may require
  the students of the groups they mentor or coach to attend any session.
  The one who set it, or a school leader, may remove it.
- Mentors and coaches see which choices their students tied to an own goal,
  where the student shares their goals with them.
"""

from uuid import UUID

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from leerweg.accounts.decorators import role_required
from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.core.access import NotFoundOrNotYours
from leerweg.flex import services
from leerweg.flex.models import (
    AllocationRun,
    FlexSession,
    FlexSlot,
    FlexSlotException,
    FlexWeek,
    MandatoryAssignment,
)
from leerweg.flex.selectors import week_monday
from leerweg.profiles.access import is_owner
from leerweg.schools.access import access_student, students_visible_to
from leerweg.schools.models import GroupStaff, GroupStaffRole, School, StaffRole, Student

SET_UP_ROLES = (StaffRole.SCHOOL_LEADER, StaffRole.SCHOOL_ADMIN)
SESSION_ROLES = (StaffRole.TEACHER, StaffRole.MENTOR, StaffRole.COACH, StaffRole.SCHOOL_LEADER)


def sets_up_flex(role: RoleContext) -> bool:
    """Whether ``role`` sets up and allocates flex hours: a school leader or administrator."""
    return role.kind is RoleKind.STAFF and role.has_staff_role(*SET_UP_ROLES)


# The set-up and allocation pages: any other role gets a 403.
set_up_required = role_required(RoleKind.STAFF, staff_roles=SET_UP_ROLES)


def leads_school(role: RoleContext) -> bool:
    """Whether ``role`` has a say over every session and mandatory assignment of the school.

    Only school leaders: an administrator sets up and allocates (``sets_up_flex``)
    but neither offers sessions nor requires students to attend them.
    """
    return role.has_staff_role(StaffRole.SCHOOL_LEADER)


def access_slot(role: RoleContext, slot_id: int) -> FlexSlot:
    slot = (
        FlexSlot.objects.filter(pk=slot_id, school_id=role.school_id)
        .select_related("school_year", "school")
        .first()
    )
    if slot is None or role.kind is not RoleKind.STAFF:
        raise NotFoundOrNotYours
    return slot


def access_slot_exception(role: RoleContext, exception_id: int) -> FlexSlotException:
    exception = (
        FlexSlotException.objects.filter(pk=exception_id, slot__school_id=role.school_id)
        .select_related("slot")
        .first()
    )
    if exception is None or role.kind is not RoleKind.STAFF:
        raise NotFoundOrNotYours
    return exception


def may_edit_session(user: User, role: RoleContext, session: FlexSession) -> bool:
    return session.teacher_id == user.pk or leads_school(role)


def access_session(
    user: User, role: RoleContext, public_id: UUID, *, edit: bool = False
) -> FlexSession:
    """A session of the school ``role`` acts for; with ``edit``, one ``user`` may change."""
    session = (
        FlexSession.objects.filter(public_id=public_id, slot__school_id=role.school_id)
        .select_related("slot__school_year", "slot__school", "teacher", "week")
        .first()
    )
    if session is None or role.kind is not RoleKind.STAFF:
        raise NotFoundOrNotYours
    if edit and not may_edit_session(user, role, session):
        raise NotFoundOrNotYours
    return session


def access_choosing_student(user: User, role: RoleContext, public_id: UUID) -> Student:
    """The student, when ``user`` is that student; anyone else gets a 404."""
    student = access_student(user, role, public_id)
    if not is_owner(user, role, student):
        raise NotFoundOrNotYours
    return student


def mentored_students(user: User, role: RoleContext) -> QuerySet[Student]:
    """The students of the groups ``user`` mentors or coaches this school year."""
    if role.kind is not RoleKind.STAFF:
        return Student.objects.none()
    groups = GroupStaff.objects.filter(
        user=user,
        role__in=[GroupStaffRole.MENTOR, GroupStaffRole.COACH],
        group__school_id=role.school_id,
        group__school_year__end_date__gte=timezone.localdate(),
        group__memberships__student=OuterRef("pk"),
    )
    return Student.objects.filter(school_id=role.school_id).filter(Exists(groups))


def students_to_require(user: User, role: RoleContext, session: FlexSession) -> QuerySet[Student]:
    """The students ``user`` may require to attend ``session`` (see the module's rules)."""
    if role.kind is not RoleKind.STAFF or session.slot.school_id != role.school_id:
        return Student.objects.none()
    if leads_school(role) or (
        session.teacher_id == user.pk and role.has_staff_role(*SESSION_ROLES)
    ):
        return students_visible_to(user, role)
    return mentored_students(user, role)


def access_session_to_require(user: User, role: RoleContext, public_id: UUID) -> FlexSession:
    """A session for which ``user`` may require at least some students; else 404."""
    session = access_session(user, role, public_id)
    allowed = (
        leads_school(role)
        or session.teacher_id == user.pk
        or mentored_students(user, role).exists()
    )
    if not allowed:
        raise NotFoundOrNotYours
    return session


def may_require(user: User, role: RoleContext, student: Student, session: FlexSession) -> bool:
    return students_to_require(user, role, session).filter(pk=student.pk).exists()


def access_assignment(user: User, role: RoleContext, public_id: UUID) -> MandatoryAssignment:
    """A mandatory assignment ``user`` set, or any of the school for a school leader."""
    assignment = (
        MandatoryAssignment.objects.filter(
            public_id=public_id, student__in=students_visible_to(user, role)
        )
        .select_related("student__user", "student__school", "session__slot", "week", "set_by")
        .first()
    )
    if assignment is None or role.kind is not RoleKind.STAFF:
        raise NotFoundOrNotYours
    if not (assignment.set_by_id == user.pk or leads_school(role)):
        raise NotFoundOrNotYours
    return assignment


def access_week(role: RoleContext, year: int, week: int) -> FlexWeek:
    """The flex week to allocate of the school ``role`` sets up; 404 for a week that does not
    exist or has no flex hours, and for anyone who does not set up flex hours."""
    if not sets_up_flex(role):
        raise NotFoundOrNotYours
    try:
        monday = week_monday(year, week)
    except ValueError:
        raise NotFoundOrNotYours from None
    school = School.objects.get(pk=role.school_id)
    try:
        return services.flex_week_ensure(school=school, monday=monday)
    except services.FlexUnavailableError:
        raise NotFoundOrNotYours from None


def access_run(role: RoleContext, run_id: UUID) -> AllocationRun:
    """A run of a week of the school ``role`` sets up flex hours for; any other run is a 404."""
    run = (
        AllocationRun.objects.filter(public_id=run_id, week__school_id=role.school_id)
        .select_related("week__school", "week__school_year", "started_by", "published_by")
        .first()
    )
    if run is None or not sets_up_flex(role):
        raise NotFoundOrNotYours
    return run


def access_move(
    role: RoleContext, run: AllocationRun, student_id: UUID, session_id: UUID
) -> tuple[Student, FlexSession]:
    """A student and a session of the school of ``run``, to move the one into the other.

    Whether the move keeps every rule is for the move itself to decide; here
    only a student or session of another school (or none) gives the 404.
    """
    school_id = run.week.school_id
    student = (
        Student.objects.filter(public_id=student_id, school_id=school_id)
        .select_related("user")
        .first()
    )
    session = FlexSession.objects.filter(public_id=session_id, slot__school_id=school_id).first()
    if student is None or session is None or not sets_up_flex(role):
        raise NotFoundOrNotYours
    return student, session

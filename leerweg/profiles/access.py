"""Which parts of a student's profile and path a person may see.

The student decides, per part, who sees it (``Sharing`` rows; until they
choose, ``DEFAULT_SHARING``). Whoever is looking belongs to zero or more
audiences for that student:

- the student themself sees everything and is the only one who edits it;
- a guardian linked to the student is in ``guardians``;
- staff acting at the student's school who mentor or coach one of the
  student's groups this school year are in ``mentor_coach`` and ``teachers``;
  those who teach one of the groups are in ``teachers``.

School leaders, administrators, board viewers and partners are in no audience:
they see curriculum progress (staff) or nothing, never the profile itself.
First ask ``schools.access.access_student`` whether the person may see the
student at all; these functions only narrow that down.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.profiles.models import DEFAULT_SHARING, Audience, Profile, ProfilePart
from leerweg.schools.models import GroupStaff, GroupStaffRole, Student

ALL_PARTS: frozenset[str] = frozenset(part.value for part in ProfilePart)


def is_owner(user: User, role: RoleContext, student: Student) -> bool:
    return (
        role.kind is RoleKind.STUDENT
        and student.pk == role.student_id
        and (student.user_id == user.pk)
    )


def audiences_for_students(
    user: User, role: RoleContext, students: Iterable[Student]
) -> dict[int, frozenset[str]]:
    """For each student: the audiences ``user`` belongs to, in two queries at most."""
    students = list(students)
    result: dict[int, set[str]] = {student.pk: set() for student in students}
    if role.kind is RoleKind.GUARDIAN:
        linked = Student.objects.filter(
            pk__in=list(result), guardian_links__guardian=user
        ).values_list("pk", flat=True)
        for student_id in linked:
            result[student_id].add(Audience.GUARDIANS)
    elif role.kind is RoleKind.STAFF:
        links = GroupStaff.objects.filter(
            user=user,
            group__school_id=role.school_id,
            group__school_year__end_date__gte=timezone.localdate(),
            group__memberships__student__in=list(result),
        ).values_list("group__memberships__student", "role")
        for student_id, group_role in links:
            result[student_id].add(Audience.TEACHERS)
            if group_role in (GroupStaffRole.MENTOR, GroupStaffRole.COACH):
                result[student_id].add(Audience.MENTOR_COACH)
    return {student_id: frozenset(audiences) for student_id, audiences in result.items()}


def shared_parts_for_students(students: Iterable[Student]) -> dict[int, set[tuple[str, str]]]:
    """Each student's (part, audience) choices, with the defaults for those who never chose.

    One query: the profiles of students who chose, joined to their choices
    (a student who chose to share nothing gives one row without a part).
    """
    students = list(students)
    rows = Profile.objects.filter(
        student_id__in=[s.pk for s in students], sharing_chosen=True
    ).values_list("student_id", "student__sharing__part", "student__sharing__audience")
    chosen: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for student_id, part, audience in rows:
        shared = chosen[student_id]
        if part is not None:
            shared.add((part, audience))
    return {
        student.pk: chosen[student.pk] if student.pk in chosen else set(DEFAULT_SHARING)
        for student in students
    }


def visible_parts_for_students(
    user: User, role: RoleContext, students: Iterable[Student]
) -> dict[int, frozenset[str]]:
    """For each student: the profile parts ``user`` may see while acting in ``role``."""
    students = list(students)
    audiences = audiences_for_students(user, role, students)
    shared = shared_parts_for_students(students)
    result: dict[int, frozenset[str]] = {}
    for student in students:
        if is_owner(user, role, student):
            result[student.pk] = frozenset(ALL_PARTS)
            continue
        result[student.pk] = frozenset(
            part for part, audience in shared[student.pk] if audience in audiences[student.pk]
        )
    return result


def visible_parts(user: User, role: RoleContext, student: Student) -> frozenset[str]:
    return visible_parts_for_students(user, role, [student])[student.pk]


def is_mentor_or_coach_of(user: User, role: RoleContext, student: Student) -> bool:
    audiences = audiences_for_students(user, role, [student])[student.pk]
    return Audience.MENTOR_COACH in audiences

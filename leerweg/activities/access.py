"""Who may see, add and remove activities on a student's timeline.

The timeline is the ``activities`` part of the profile: the student sees it
all; others when the student shares it with them. The student adds their own;
school staff who teach, mentor or coach the student add school activities
(for example the student council) whether or not the timeline is shared with
them, and see what they added. Whoever recorded an activity, or the student,
may remove it; partner-recorded activities (xAPI) are removed through the LRS.

The student may hide any activity from any audience. A viewer who sees the
timeline through several audiences (a mentor is also a teacher) loses sight of
an activity only when it is hidden from all of them; whoever recorded an
activity keeps seeing it. Staff who teach, mentor or coach the student and see
an activity may mark it as validated by a partner, and undo that.
"""

from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.activities.models import Activity, HiddenActivity, Source
from leerweg.core.access import NotFoundOrNotYours
from leerweg.profiles.access import (
    audiences_for_students,
    is_owner,
    shared_parts_for_students,
)
from leerweg.profiles.models import ProfilePart
from leerweg.schools.access import students_visible_to
from leerweg.schools.models import Student


def audiences_seeing_activities(user: User, role: RoleContext, student: Student) -> frozenset[str]:
    """The audiences through which ``user`` sees the student's timeline (none for the owner)."""
    member_of = audiences_for_students(user, role, [student])[student.pk]
    shared = shared_parts_for_students([student])[student.pk]
    return frozenset(
        audience
        for part, audience in shared
        if part == ProfilePart.ACTIVITIES and audience in member_of
    )


def activities_visible_to(user: User, role: RoleContext, student: Student) -> QuerySet[Activity]:
    activities = Activity.objects.filter(student=student)
    if is_owner(user, role, student):
        return activities
    through = audiences_seeing_activities(user, role, student)
    if not through:
        return activities.filter(recorded_by=user)
    hidden_everywhere = Q()
    for audience in sorted(through):
        hidden_everywhere &= Q(
            Exists(HiddenActivity.objects.filter(activity=OuterRef("pk"), audience=audience))
        )
    return activities.filter(Q(recorded_by=user) | ~hidden_everywhere)


def may_add_activity(user: User, role: RoleContext, student: Student) -> bool:
    if is_owner(user, role, student):
        return True
    return role.kind is RoleKind.STAFF and bool(
        audiences_for_students(user, role, [student])[student.pk]
    )


def access_activity_for_removal(user: User, role: RoleContext, public_id: UUID) -> Activity:
    activity = (
        Activity.objects.filter(public_id=public_id, student__in=students_visible_to(user, role))
        .exclude(source=Source.PARTNER)
        .select_related("student__user", "student__school")
        .first()
    )
    if activity is None:
        raise NotFoundOrNotYours
    if not (is_owner(user, role, activity.student) or activity.recorded_by_id == user.pk):
        raise NotFoundOrNotYours
    return activity


def access_activity_for_hiding(user: User, role: RoleContext, public_id: UUID) -> Activity:
    """Only the student hides their activities; for anyone else it does not exist."""
    activity = (
        Activity.objects.filter(public_id=public_id, student_id=role.student_id)
        .select_related("student__user", "student__school")
        .first()
    )
    if activity is None or not is_owner(user, role, activity.student):
        raise NotFoundOrNotYours
    return activity


def may_validate_activities(user: User, role: RoleContext, student: Student) -> bool:
    """Staff who teach, mentor or coach the student mark activities as partner-validated."""
    return role.kind is RoleKind.STAFF and bool(
        audiences_for_students(user, role, [student])[student.pk]
    )


def access_activity_for_validation(user: User, role: RoleContext, public_id: UUID) -> Activity:
    """An activity the acting staff member sees on the timeline of a student they teach."""
    activity = (
        Activity.objects.filter(public_id=public_id, student__in=students_visible_to(user, role))
        .select_related("student__user", "student__school", "partner")
        .first()
    )
    if activity is None or not may_validate_activities(user, role, activity.student):
        raise NotFoundOrNotYours
    if not activities_visible_to(user, role, activity.student).filter(pk=activity.pk).exists():
        raise NotFoundOrNotYours
    return activity

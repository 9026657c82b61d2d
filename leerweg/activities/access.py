"""Who may see, add and remove activities on a student's timeline.

The timeline is the ``activities`` part of the profile: the student sees it
all; others when the student shares it with them. The student adds their own;
school staff who teach, mentor or coach the student add school activities
(for example the student council) whether or not the timeline is shared with
them, and see what they added. Whoever recorded an activity, or the student,
may remove it; partner-recorded activities (xAPI) are removed through the LRS.
"""

from uuid import UUID

from django.db.models import QuerySet

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.activities.models import Activity, Source
from leerweg.core.access import NotFoundOrNotYours
from leerweg.profiles.access import audiences_for_students, is_owner, visible_parts
from leerweg.profiles.models import ProfilePart
from leerweg.schools.access import students_visible_to
from leerweg.schools.models import Student


def activities_visible_to(user: User, role: RoleContext, student: Student) -> QuerySet[Activity]:
    activities = Activity.objects.filter(student=student)
    if ProfilePart.ACTIVITIES in visible_parts(user, role, student):
        return activities
    return activities.filter(recorded_by=user)


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

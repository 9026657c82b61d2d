"""Progress per learning goal: a level from rubric judgements over time, with the reason.

Progress on the curriculum is for the student and the staff who see the
student, whatever the student shares (as the progress per learning line).
The judgements behind a level are listed by teacher and date; the feedback
text itself stays on the evidence or goal it was given on.
"""

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.assessment.access import access_progress_student
from leerweg.assessment.mastery_text import level_label, mastery_reason
from leerweg.assessment.selectors import GoalProgress, goal_progress
from leerweg.core.access import NotFoundOrNotYours
from leerweg.curriculum.models import CurriculumGoal
from leerweg.profiles.access import is_owner
from leerweg.schools.services import students_access_record

READERS = (RoleKind.STUDENT, RoleKind.STAFF)


def _described(progress: GoalProgress) -> dict[str, object]:
    result = progress.mastery
    return {
        "goal": progress.goal,
        "judgements": [
            {"row": row, "level": level_label(row.judgement.level)} for row in progress.judgements
        ],
        "level": level_label(result.level) if result else "",
        "level_key": result.level.name.lower() if result else "",
        "reason": mastery_reason(result) if result else "",
    }


@require_GET
@role_required(*READERS)
def student_progress(request: RoleRequest, student_id: UUID) -> HttpResponse:
    role = request.active_role
    student = access_progress_student(request.user, role, student_id)
    students_access_record(
        user=request.user, role=role, students=[student], what="assessment.progress"
    )
    context = {
        "student": student,
        "owner": is_owner(request.user, role, student),
        "goals": [_described(progress) for progress in goal_progress(student)],
    }
    return render(request, "assessment/progress.html", context)


@require_GET
@role_required(*READERS)
def goal_detail(request: RoleRequest, student_id: UUID, curriculum_goal_id: int) -> HttpResponse:
    role = request.active_role
    student = access_progress_student(request.user, role, student_id)
    goal = (
        CurriculumGoal.objects.filter(pk=curriculum_goal_id, school_id=student.school_id)
        .select_related("line__domain")
        .first()
    )
    if goal is None:
        raise NotFoundOrNotYours
    students_access_record(
        user=request.user, role=role, students=[student], what="assessment.progress"
    )
    found = goal_progress(student, goal)
    context = {
        "student": student,
        "owner": is_owner(request.user, role, student),
        "goal": goal,
        "progress": _described(found[0]) if found else None,
    }
    return render(request, "assessment/progress_goal.html", context)


urlpatterns: list[URLPattern] = [
    path("leerling/<uuid:student_id>/voortgang/", student_progress, name="student-progress"),
    path(
        "leerling/<uuid:student_id>/leerdoel/<int:curriculum_goal_id>/",
        goal_detail,
        name="goal-progress",
    ),
]

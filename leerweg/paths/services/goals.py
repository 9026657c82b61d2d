"""Writing own goals, their plans, steps and reflections.

Every change to a goal or its plan names the version it was based on; if the
goal changed in the meantime (another tab, another device) the change is
refused with ``GoalChangedMeanwhileError`` instead of silently overwriting it.
"""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.curriculum.models import CurriculumGoal
from leerweg.paths.models import GoalStatus, OwnGoal, PlanStep, Reflection
from leerweg.schools.models import Student

GOAL_FIELDS = (
    "title",
    "description",
    "why",
    "status",
    "target_date",
    "plan_how",
    "plan_when",
    "plan_where",
    "plan_with_whom",
)


class GoalChangedMeanwhileError(Exception):
    """The goal was changed after the person started editing it."""


@transaction.atomic
def own_goal_create(
    *,
    student: Student,
    created_by: User,
    title: str,
    curriculum_goals: list[CurriculumGoal] | None = None,
    **fields: object,
) -> OwnGoal:
    goal = OwnGoal(student=student, created_by=created_by, title=title.strip(), **fields)
    goal.full_clean()
    goal.save()
    if curriculum_goals:
        goal.curriculum_goals.set(_same_school(student, curriculum_goals))
    return goal


@transaction.atomic
def own_goal_update(
    *,
    goal: OwnGoal,
    expected_version: int,
    curriculum_goals: list[CurriculumGoal] | None = None,
    **fields: object,
) -> OwnGoal:
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"not goal fields: {sorted(unknown)}")
    candidate = OwnGoal(**{**_values(goal), **fields})
    # Field checks only: the row exists, so uniqueness is not in question.
    candidate.clean_fields(exclude=["student", "created_by", "agreed_by", "version", "public_id"])
    updated = OwnGoal.objects.filter(pk=goal.pk, version=expected_version).update(
        **fields, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise GoalChangedMeanwhileError
    if curriculum_goals is not None:
        goal.curriculum_goals.set(_same_school(goal.student, curriculum_goals))
    goal.refresh_from_db()
    return goal


def _values(goal: OwnGoal) -> dict[str, object]:
    return {field: getattr(goal, field) for field in GOAL_FIELDS} | {
        "student": goal.student,
        "pk": goal.pk,
    }


def _same_school(student: Student, goals: list[CurriculumGoal]) -> list[CurriculumGoal]:
    return [goal for goal in goals if goal.school_id == student.school_id]


def _bump(goal: OwnGoal, expected_version: int) -> None:
    if not OwnGoal.objects.filter(pk=goal.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    ):
        raise GoalChangedMeanwhileError
    goal.version = expected_version + 1


@transaction.atomic
def plan_step_add(
    *, goal: OwnGoal, expected_version: int, title: str, due_on: date | None = None
) -> PlanStep:
    _bump(goal, expected_version)
    position = goal.steps.count()
    step = PlanStep(goal=goal, title=title.strip(), due_on=due_on, position=position)
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def plan_step_toggle(*, goal: OwnGoal, expected_version: int, step_id: int) -> PlanStep:
    step = PlanStep.objects.get(goal=goal, pk=step_id)
    _bump(goal, expected_version)
    step.done_at = None if step.done_at else timezone.now()
    step.save(update_fields=["done_at"])
    return step


@transaction.atomic
def plan_step_delete(*, goal: OwnGoal, expected_version: int, step_id: int) -> None:
    step = PlanStep.objects.get(goal=goal, pk=step_id)
    _bump(goal, expected_version)
    step.delete()


@transaction.atomic
def reflection_add(
    *, goal: OwnGoal, author: User, text: str, status: str | None = None
) -> Reflection:
    """A reflection over time; it may move the goal on (e.g. to achieved)."""
    if status and status != goal.status:
        OwnGoal.objects.filter(pk=goal.pk).update(
            status=GoalStatus(status), version=F("version") + 1, updated_at=timezone.now()
        )
        goal.refresh_from_db()
    reflection = Reflection(goal=goal, author=author, text=text.strip(), status_then=goal.status)
    reflection.full_clean()
    reflection.save()
    return reflection


@transaction.atomic
def own_goal_agree(*, goal: OwnGoal, mentor: User) -> OwnGoal:
    goal.agreed_by = mentor
    goal.agreed_at = timezone.now()
    goal.save(update_fields=["agreed_by", "agreed_at"])
    return goal


@transaction.atomic
def own_goal_delete(*, goal: OwnGoal) -> None:
    goal.delete()

"""Own goals with their plan, steps and reflections.

Changes to a goal name the ``version`` they start from, as the edit page
does: if the goal changed in the meantime the answer is 409 with the current
version, and nothing is stored.
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.forms.models import model_to_dict
from ninja import Field, Router, Schema, Status

from leerweg.accounts.http import AuthenticatedRequest, acting_role
from leerweg.accounts.roles import RoleKind
from leerweg.core.access import NotFoundOrNotYours
from leerweg.core.api_errors import field_error, validated
from leerweg.curriculum.models import CurriculumGoal
from leerweg.paths.access import access_own_goal, may_see_part
from leerweg.paths.api.schemas import CurriculumCode, Version
from leerweg.paths.forms.goals import OwnGoalForm, PlanStepForm, ReflectionForm
from leerweg.paths.models import GoalStatus, OwnGoal
from leerweg.paths.selectors.goals import own_goal_detail, own_goals_of
from leerweg.paths.services import goals as services
from leerweg.profiles.access import is_owner
from leerweg.profiles.models import ProfilePart
from leerweg.schools.access import access_student
from leerweg.schools.models import Student
from leerweg.schools.services import students_access_record

router = Router(tags=["goals"])

VIEWERS = (RoleKind.STUDENT, RoleKind.GUARDIAN, RoleKind.STAFF)
CHANGED_MEANWHILE = (
    "This goal was changed in the meantime. Fetch it again and make your change "
    "on the current version."
)


class StepOut(Schema):
    id: int
    title: str
    due_on: date | None
    done_at: datetime | None


class ReflectionOut(Schema):
    text: str
    status_then: GoalStatus
    created_at: datetime


class GoalOut(Schema):
    id: UUID
    title: str
    description: str
    why: str
    status: GoalStatus
    target_date: date | None
    plan_how: str
    plan_when: str
    plan_where: str
    plan_with_whom: str
    curriculum_goals: list[str] = Field(description="Codes of the school's learning goals.")
    agreed_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime
    steps: list[StepOut]


class GoalDetailOut(GoalOut):
    reflections: list[ReflectionOut]


class GoalListOut(Schema):
    shared: bool = Field(description="False when the student does not share goals with you.")
    items: list[GoalOut]


class GoalIn(Schema):
    title: str
    description: str = ""
    why: str = ""
    status: GoalStatus = GoalStatus.ACTIVE
    target_date: date | None = None
    plan_how: str = ""
    plan_when: str = ""
    plan_where: str = ""
    plan_with_whom: str = ""
    curriculum_goals: list[CurriculumCode] = Field(
        [], description="Codes of the school's learning goals."
    )


class GoalPatch(Schema):
    """Only the fields sent are changed; ``version`` is the one you read."""

    version: Version
    title: str | None = None
    description: str | None = None
    why: str | None = None
    status: GoalStatus | None = None
    target_date: date | None = None
    plan_how: str | None = None
    plan_when: str | None = None
    plan_where: str | None = None
    plan_with_whom: str | None = None
    curriculum_goals: list[CurriculumCode] | None = None


class StepIn(Schema):
    version: Version
    title: str
    due_on: date | None = None


class ReflectionIn(Schema):
    text: str
    status: GoalStatus | None = Field(None, description="Where the goal stands now, if it moved.")


class ConflictOut(Schema):
    detail: str
    version: int = Field(description="The goal's current version.")


def _goal_out(goal: OwnGoal, steps: list[Any] | None = None) -> dict[str, Any]:
    values = {name: getattr(goal, name) for name in services.GOAL_FIELDS}
    return {
        **values,
        "id": goal.public_id,
        "curriculum_goals": [g.code for g in goal.curriculum_goals.all()],
        "agreed_at": goal.agreed_at,
        "version": goal.version,
        "created_at": goal.created_at,
        "updated_at": goal.updated_at,
        "steps": steps if steps is not None else list(goal.steps.all()),
    }


def _goal_detail_out(goal: OwnGoal) -> dict[str, Any]:
    detail = own_goal_detail(goal)
    return {**_goal_out(goal, detail["steps"]), "reflections": detail["reflections"]}  # type: ignore[arg-type]


def _curriculum_pks(student: Student, codes: list[str]) -> list[int]:
    """The school's learning goals with these codes; an unknown code is a 422."""
    found = dict(
        CurriculumGoal.objects.filter(school_id=student.school_id, code__in=codes).values_list(
            "code", "pk"
        )
    )
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise field_error("curriculum_goals", f"Unknown learning goals: {', '.join(unknown)}.")
    return [found[code] for code in dict.fromkeys(codes)]


def _form_data(student: Student, values: dict[str, Any]) -> dict[str, Any]:
    data = {key: ("" if value is None else value) for key, value in values.items()}
    data["curriculum_goals"] = _curriculum_pks(student, values.get("curriculum_goals") or [])
    return data


def _conflict(goal: OwnGoal) -> Status[dict[str, Any]]:
    goal.refresh_from_db(fields=["version"])
    return Status(409, {"detail": CHANGED_MEANWHILE, "version": goal.version})


@router.get("/students/{uuid:student_id}/goals", response=GoalListOut)
def goal_list(request: AuthenticatedRequest, student_id: UUID) -> dict[str, Any]:
    """The student's own goals, if they share them with you."""
    role = acting_role(request, *VIEWERS)
    student = access_student(request.user, role, student_id)
    shared = may_see_part(request.user, role, student, ProfilePart.GOALS)
    if not shared:
        return {"shared": False, "items": []}
    students_access_record(user=request.user, role=role, students=[student], what="api.goals.list")
    return {"shared": True, "items": [_goal_out(goal) for goal in own_goals_of(student)]}


@router.post("/students/{uuid:student_id}/goals", response={201: GoalDetailOut})
def goal_create(
    request: AuthenticatedRequest, student_id: UUID, payload: GoalIn
) -> Status[dict[str, Any]]:
    """A new own goal (the student only)."""
    role = acting_role(request, RoleKind.STUDENT)
    student = access_student(request.user, role, student_id)
    if not is_owner(request.user, role, student):
        raise NotFoundOrNotYours
    data = validated(OwnGoalForm(_form_data(student, payload.dict()), student=student))
    data.pop("version", None)
    goal = services.own_goal_create(
        student=student,
        created_by=request.user,
        curriculum_goals=list(data.pop("curriculum_goals")),
        **data,
    )
    return Status(201, _goal_detail_out(goal))


@router.get("/goals/{uuid:goal_id}", response=GoalDetailOut)
def goal_detail(request: AuthenticatedRequest, goal_id: UUID) -> dict[str, Any]:
    role = acting_role(request, *VIEWERS)
    goal = access_own_goal(request.user, role, goal_id)
    students_access_record(
        user=request.user, role=role, students=[goal.student], what="api.goal.detail"
    )
    return _goal_detail_out(goal)


@router.patch("/goals/{uuid:goal_id}", response={200: GoalDetailOut, 409: ConflictOut})
def goal_update(
    request: AuthenticatedRequest, goal_id: UUID, payload: GoalPatch
) -> Status[dict[str, Any]]:
    """Change the goal or its plan; 409 with the current version if it changed meanwhile."""
    role = acting_role(request, RoleKind.STUDENT)
    goal = access_own_goal(request.user, role, goal_id, edit=True)
    current = model_to_dict(goal, fields=[*services.GOAL_FIELDS])
    current["curriculum_goals"] = [g.code for g in goal.curriculum_goals.all()]
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    form = OwnGoalForm(_form_data(goal.student, {**current, **changes}), student=goal.student)
    data = validated(form)
    data.pop("version", None)
    try:
        services.own_goal_update(
            goal=goal,
            expected_version=version,
            curriculum_goals=list(data.pop("curriculum_goals")),
            **data,
        )
    except services.GoalChangedMeanwhileError:
        return _conflict(goal)
    return Status(200, _goal_detail_out(goal))


@router.post("/goals/{uuid:goal_id}/steps", response={201: GoalDetailOut, 409: ConflictOut})
def goal_step_add(
    request: AuthenticatedRequest, goal_id: UUID, payload: StepIn
) -> Status[dict[str, Any]]:
    """Add a step to the plan; the goal's version moves on."""
    role = acting_role(request, RoleKind.STUDENT)
    goal = access_own_goal(request.user, role, goal_id, edit=True)
    data = validated(PlanStepForm({**payload.dict(), "due_on": payload.due_on or ""}))
    try:
        services.plan_step_add(
            goal=goal,
            expected_version=data["version"],
            title=data["title"],
            due_on=data["due_on"],
        )
    except services.GoalChangedMeanwhileError:
        return _conflict(goal)
    goal.refresh_from_db()
    return Status(201, _goal_detail_out(goal))


@router.post("/goals/{uuid:goal_id}/reflections", response={201: GoalDetailOut})
def goal_reflection_add(
    request: AuthenticatedRequest, goal_id: UUID, payload: ReflectionIn
) -> Status[dict[str, Any]]:
    """A reflection; with ``status`` it also moves the goal on (e.g. to achieved)."""
    role = acting_role(request, RoleKind.STUDENT)
    goal = access_own_goal(request.user, role, goal_id, edit=True)
    data = validated(ReflectionForm({"text": payload.text, "status": payload.status or ""}))
    services.reflection_add(
        goal=goal, author=request.user, text=data["text"], status=data["status"] or None
    )
    goal.refresh_from_db()
    return Status(201, _goal_detail_out(goal))

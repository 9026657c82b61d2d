"""Rubrics, feedback and self-assessment through the REST API.

The same rules as the pages (``assessment.access``, docs/permissions.md):

- Rubrics belong to one school and hold no personal data. Staff acting at the
  school read its library; students of the school read it too, as they do on
  the self-assessment page, to choose a rubric and its levels. A rubric of
  another school answers 404.
- Whoever may see a piece of evidence sees the feedback and self-assessments
  on it, and the classmates' peer feedback that staff did not hide (staff
  reads are recorded in the audit trail); staff who may see it give
  feedback; the student alone assesses themself.

Levels are sent as ``{criterion id: level id}``, both of the chosen rubric;
the forms and services of the pages check them, so a level outside the rubric
is a 422 and nothing is stored.
"""

from datetime import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Router, Schema, Status

from leerweg.accounts.http import AuthenticatedRequest, acting_role
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.assessment import services
from leerweg.assessment.access import (
    EVIDENCE,
    OWN_GOAL,
    access_rubric,
    access_target,
    access_target_for_feedback,
    access_target_for_self,
)
from leerweg.assessment.forms import FeedbackForm, SelfAssessmentForm
from leerweg.assessment.models import Feedback, PeerComment, Rubric, SelfAssessment
from leerweg.assessment.selectors import (
    peer_comments_visible_on,
    rubric_library,
    rubric_table,
    rubrics_for_forms,
    target_feedback,
    target_self_assessments,
)
from leerweg.assessment.services import criterion_field
from leerweg.core.access import NotFoundOrNotYours
from leerweg.core.api_errors import field_error, validated
from leerweg.schools.services import students_access_record

router = Router(tags=["assessment"])

VIEWERS = (RoleKind.STUDENT, RoleKind.GUARDIAN, RoleKind.STAFF)
RUBRIC_READERS = (RoleKind.STAFF, RoleKind.STUDENT)
# Database ids are positive 32-bit integers.
MAX_ID = 2_147_483_647


class RubricSummaryOut(Schema):
    id: int
    title: str
    description: str
    curriculum_goal: str | None = Field(description="Code of the learning goal it is attached to.")
    learning_line: str | None = Field(description="Name of the learning line it is attached to.")
    updated_at: datetime


class LevelOut(Schema):
    id: int
    rank: int = Field(description="1 is the first (lowest) level.")
    name: str


class CriterionOut(Schema):
    id: int
    title: str
    descriptors: list[str] = Field(description="What the criterion looks like, per level in order.")


class RubricOut(RubricSummaryOut):
    levels: list[LevelOut]
    criteria: list[CriterionOut]


class ChosenLevelOut(Schema):
    criterion: int
    criterion_title: str
    level: int
    level_name: str


class FeedbackOut(Schema):
    id: UUID
    author: str
    feed_up: str
    feed_back: str
    feed_forward: str
    rubric: int | None
    levels: list[ChosenLevelOut]
    created_at: datetime


class SelfAssessmentOut(Schema):
    id: UUID
    rubric: int
    note: str
    levels: list[ChosenLevelOut]
    created_at: datetime


class PeerFeedbackOut(Schema):
    id: UUID
    author: str = Field(description="The classmate's first name.")
    tops: str = Field(description="What is good.")
    tips: str = Field(description="What could be better.")
    created_at: datetime


class AssessmentOut(Schema):
    evidence_id: UUID
    feedback: list[FeedbackOut] = Field(description="Newest first.")
    self_assessments: list[SelfAssessmentOut] = Field(description="Newest first.")
    peer_feedback: list[PeerFeedbackOut] = Field(
        description="Tops and tips of classmates the student asked, newest first; "
        "comments hidden by staff are left out."
    )


class GoalAssessmentOut(Schema):
    goal_id: UUID
    feedback: list[FeedbackOut] = Field(description="Newest first.")
    self_assessments: list[SelfAssessmentOut] = Field(description="Newest first.")


Levels = dict[int, int]


class FeedbackIn(Schema):
    feed_up: str = ""
    feed_back: str = ""
    feed_forward: str = ""
    rubric: int | None = Field(None, ge=1, le=MAX_ID, description="A rubric of the school.")
    levels: Levels = Field({}, description="Criterion id → level id, both of ``rubric``.")


class SelfAssessmentIn(Schema):
    rubric: int = Field(ge=1, le=MAX_ID, description="A rubric of the school.")
    levels: Levels = Field(description="Criterion id → level id, both of ``rubric``.")
    note: str = ""


# --- Answers ------------------------------------------------------------------------------------


def _summary(rubric: Rubric) -> dict[str, Any]:
    return {
        "id": rubric.pk,
        "title": rubric.title,
        "description": rubric.description,
        "curriculum_goal": rubric.curriculum_goal.code if rubric.curriculum_goal else None,
        "learning_line": rubric.learning_line.name if rubric.learning_line else None,
        "updated_at": rubric.updated_at,
    }


def _levels(judged: Feedback | SelfAssessment) -> list[dict[str, Any]]:
    """The chosen level per criterion, in the rubric's order of criteria."""
    rows = [
        (
            row.criterion.position,
            {
                "criterion": row.criterion_id,
                "criterion_title": row.criterion.title,
                "level": row.level_id,
                "level_name": row.level.name,
            },
        )
        for row in judged.levels.all()
    ]
    return [level for _position, level in sorted(rows, key=lambda pair: pair[0])]


def _feedback_out(feedback: Feedback) -> dict[str, Any]:
    return {
        "id": feedback.public_id,
        "author": feedback.author.get_full_name() if feedback.author else "",
        "feed_up": feedback.feed_up,
        "feed_back": feedback.feed_back,
        "feed_forward": feedback.feed_forward,
        "rubric": feedback.rubric_id,
        "levels": _levels(feedback),
        "created_at": feedback.created_at,
    }


def _peer_out(comment: PeerComment) -> dict[str, Any]:
    return {
        "id": comment.public_id,
        "author": comment.author.user.first_name,
        "tops": comment.tops,
        "tips": comment.tips,
        "created_at": comment.created_at,
    }


def _self_out(assessment: SelfAssessment) -> dict[str, Any]:
    return {
        "id": assessment.public_id,
        "rubric": assessment.rubric_id,
        "note": assessment.note,
        "levels": _levels(assessment),
        "created_at": assessment.created_at,
    }


# --- Input --------------------------------------------------------------------------------------


def _rubric_of_school(school_id: int, rubric_id: int) -> Rubric:
    """The school's rubric with levels and criteria; another school's is a field error."""
    rubric = rubrics_for_forms(school_id=school_id).filter(pk=rubric_id).first()
    if rubric is None:
        raise field_error("rubric", "Choose a rubric of the student's school.")
    return rubric


def _level_data(rubric: Rubric | None, levels: Levels) -> dict[str, int]:
    """``levels`` as the forms take them (``criterion_<id>``); only criteria of ``rubric``."""
    if levels and rubric is None:
        raise field_error("rubric", "Choose the rubric these levels belong to.")
    if rubric is not None:
        criteria = {criterion.pk for criterion in rubric.criteria.all()}
        if not set(levels) <= criteria:
            raise field_error("levels", "Choose a level of this rubric.")
    return {criterion_field(criterion): level for criterion, level in levels.items()}


def _level_names(rubric: Rubric | None) -> dict[str, str]:
    """Form fields as the API calls them: every criterion's field is ``levels``."""
    if rubric is None:
        return {}
    return {criterion_field(criterion.pk): "levels" for criterion in rubric.criteria.all()}


# --- Rubrics ------------------------------------------------------------------------------------


def _rubric_reader(request: AuthenticatedRequest) -> RoleContext:
    role = acting_role(request, *RUBRIC_READERS)
    if role.school_id <= 0:
        raise NotFoundOrNotYours
    return role


@router.get("/rubrics", response=list[RubricSummaryOut])
def rubric_list(request: AuthenticatedRequest) -> list[dict[str, Any]]:
    """The rubric library of the school you act for (staff and students)."""
    role = _rubric_reader(request)
    return [_summary(rubric) for rubric in rubric_library(school_id=role.school_id)]


@router.get("/rubrics/{int:rubric_id}", response=RubricOut)
def rubric_detail(request: AuthenticatedRequest, rubric_id: int) -> dict[str, Any]:
    """One rubric: its levels, lowest first, and per criterion a description per level."""
    role = _rubric_reader(request)
    rubric = access_rubric(role, rubric_id)
    table = rubric_table(rubric)
    return {
        **_summary(rubric),
        "levels": [{"id": lv.pk, "rank": lv.rank, "name": lv.name} for lv in table.levels],
        "criteria": [
            {"id": criterion.pk, "title": criterion.title, "descriptors": texts}
            for criterion, texts in table.rows
        ],
    }


# --- Feedback and self-assessment on evidence and own goals ------------------------------------
# The same three answers for both; ``kind`` says which (``access.EVIDENCE`` or ``access.OWN_GOAL``).


def _assessment(request: AuthenticatedRequest, kind: str, item_id: UUID) -> dict[str, Any]:
    role = acting_role(request, *VIEWERS)
    target = access_target(request.user, role, kind, item_id)
    students_access_record(
        user=request.user, role=role, students=[target.student], what=f"api.assessment.{kind}"
    )
    return {
        "feedback": [_feedback_out(f) for f in target_feedback(target)],
        "self_assessments": [_self_out(s) for s in target_self_assessments(target)],
    }


def _feedback_give(
    request: AuthenticatedRequest, kind: str, item_id: UUID, payload: FeedbackIn
) -> Status[dict[str, Any]]:
    role = acting_role(request, RoleKind.STAFF)
    target = access_target_for_feedback(request.user, role, kind, item_id)
    rubric = (
        _rubric_of_school(target.student.school_id, payload.rubric)
        if payload.rubric is not None
        else None
    )
    data = {
        "feed_up": payload.feed_up,
        "feed_back": payload.feed_back,
        "feed_forward": payload.feed_forward,
        **_level_data(rubric, payload.levels),
    }
    form = FeedbackForm(data, rubric=rubric)
    cleaned = validated(form, names=_level_names(rubric))
    feedback = services.feedback_give(
        target=target,
        author=request.user,
        feed_up=cleaned["feed_up"],
        feed_back=cleaned["feed_back"],
        feed_forward=cleaned["feed_forward"],
        rubric=rubric,
        levels=form.chosen_levels(),
    )
    saved = target_feedback(target)
    return Status(201, _feedback_out(next(f for f in saved if f.pk == feedback.pk)))


def _self_assess(
    request: AuthenticatedRequest, kind: str, item_id: UUID, payload: SelfAssessmentIn
) -> Status[dict[str, Any]]:
    role = acting_role(request, RoleKind.STUDENT)
    target = access_target_for_self(request.user, role, kind, item_id)
    rubric = _rubric_of_school(target.student.school_id, payload.rubric)
    data = {"note": payload.note, **_level_data(rubric, payload.levels)}
    form = SelfAssessmentForm(data, rubric=rubric)
    cleaned = validated(form, names=_level_names(rubric))
    assessment = services.self_assessment_add(
        target=target, rubric=rubric, levels=form.chosen_levels(), note=cleaned["note"]
    )
    saved = target_self_assessments(target)
    return Status(201, _self_out(next(s for s in saved if s.pk == assessment.pk)))


@router.get("/evidence/{uuid:evidence_id}/assessment", response=AssessmentOut)
def evidence_assessment(request: AuthenticatedRequest, evidence_id: UUID) -> dict[str, Any]:
    """Feedback, self-assessments and peer feedback on a piece of evidence, for its viewers."""
    answer = _assessment(request, EVIDENCE, evidence_id)  # checks access first
    peer = [_peer_out(comment) for comment in peer_comments_visible_on(evidence_id)]
    return {"evidence_id": evidence_id, **answer, "peer_feedback": peer}


@router.post("/evidence/{uuid:evidence_id}/feedback", response={201: FeedbackOut})
def evidence_feedback_give(
    request: AuthenticatedRequest, evidence_id: UUID, payload: FeedbackIn
) -> Status[dict[str, Any]]:
    """Give feedback (staff who may see the evidence); the student gets a message."""
    return _feedback_give(request, EVIDENCE, evidence_id, payload)


@router.post("/evidence/{uuid:evidence_id}/self-assessment", response={201: SelfAssessmentOut})
def evidence_self_assess(
    request: AuthenticatedRequest, evidence_id: UUID, payload: SelfAssessmentIn
) -> Status[dict[str, Any]]:
    """Assess your own evidence on a rubric (the student only)."""
    return _self_assess(request, EVIDENCE, evidence_id, payload)


@router.get("/goals/{uuid:goal_id}/assessment", response=GoalAssessmentOut)
def goal_assessment(request: AuthenticatedRequest, goal_id: UUID) -> dict[str, Any]:
    """Feedback and self-assessments on an own goal, for whoever may see it."""
    return {"goal_id": goal_id, **_assessment(request, OWN_GOAL, goal_id)}


@router.post("/goals/{uuid:goal_id}/feedback", response={201: FeedbackOut})
def goal_feedback_give(
    request: AuthenticatedRequest, goal_id: UUID, payload: FeedbackIn
) -> Status[dict[str, Any]]:
    """Give feedback on an own goal (staff who may see it); the student gets a message."""
    return _feedback_give(request, OWN_GOAL, goal_id, payload)


@router.post("/goals/{uuid:goal_id}/self-assessment", response={201: SelfAssessmentOut})
def goal_self_assess(
    request: AuthenticatedRequest, goal_id: UUID, payload: SelfAssessmentIn
) -> Status[dict[str, Any]]:
    """Assess yourself on a rubric for one of your own goals (the student only)."""
    return _self_assess(request, OWN_GOAL, goal_id, payload)

"""Coaching conversations, agreements and day starts through the REST API.

The same rules as the pages (``coaching.access``, docs/permissions.md): a
conversation is seen by the student and the mentors and coaches of the
student's groups, nobody else (not leaders, not guardians: 404 or 403).
The API returns the *shared* parts only: private notes never leave Leerweg
through the API, not even to their author. Staff reads are recorded in the
audit trail with codes starting ``api.``.

Day starts: the student reads and saves today's check-in; the mentors and
coaches of a group read its board.
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from leerweg.accounts.http import AuthenticatedRequest, acting_role
from leerweg.accounts.roles import RoleKind
from leerweg.coaching import services
from leerweg.coaching.access import (
    access_agreement,
    access_coached_student,
    access_conversation,
    access_mentored_group,
)
from leerweg.coaching.forms import AgreementStatusForm, DayStartForm
from leerweg.coaching.models import (
    Agreement,
    AgreementOwner,
    AgreementStatus,
    Conversation,
    DayStart,
    Mood,
    NoteVisibility,
)
from leerweg.coaching.selectors import (
    coaching_settings_of,
    conversation_detail,
    conversations_of,
    day_start_board,
    day_start_of,
)
from leerweg.core.access import NotFoundOrNotYours
from leerweg.core.api_errors import field_error, validated
from leerweg.paths.models import OwnGoal
from leerweg.schools.access import access_student
from leerweg.schools.models import Student
from leerweg.schools.services import students_access_record

router = Router(tags=["coaching"])

STUDENT_AND_STAFF = (RoleKind.STUDENT, RoleKind.STAFF)
DAY_STARTS_OFF = "Day starts are off at your school."


class ConversationOut(Schema):
    id: UUID
    student_id: UUID
    coach: str
    planned_at: datetime
    topic: str


class ConversationSummaryOut(ConversationOut):
    agreement_count: int
    agenda_count: int


class AgendaItemOut(Schema):
    text: str
    added_by: str
    created_at: datetime


class NoteOut(Schema):
    id: UUID
    author: str
    text: str
    created_at: datetime


class AgreementOut(Schema):
    id: UUID
    conversation_id: UUID
    owner: AgreementOwner
    description: str
    due_on: date | None
    status: AgreementStatus


class ConversationDetailOut(ConversationOut):
    agenda_items: list[AgendaItemOut]
    notes: list[NoteOut] = Field(description="Notes shared with the student; never private ones.")
    agreements: list[AgreementOut] = Field(description="Made in this conversation.")
    follow_up: list[AgreementOut] = Field(
        description="Earlier agreements still open, or reviewed in this conversation."
    )


class AgreementStatusIn(Schema):
    status: AgreementStatus
    conversation: UUID | None = Field(
        None, description="The later conversation in which it was reviewed, if any."
    )


class DayStartOut(Schema):
    mood: Mood
    plan: str
    own_goal: UUID | None
    own_goal_title: str | None
    where: str
    with_whom: str


class MyDayStartOut(Schema):
    enabled: bool = Field(description="False when the school has day starts off.")
    day: date
    day_start: DayStartOut | None = Field(description="Today's check-in; null before it.")


class DayStartIn(Schema):
    """Today's check-in; a second one on the same day replaces the first."""

    mood: Mood
    plan: str
    own_goal: UUID | None = Field(None, description="One of your planned or active goals.")
    where: str = ""
    with_whom: str = ""


class BoardRowOut(Schema):
    student_id: UUID
    name: str
    day_start: DayStartOut | None
    low_today: bool
    low_streak: bool
    needs_attention: bool


class BoardOut(Schema):
    group_id: int
    enabled: bool
    day: date
    rows: list[BoardRowOut]


class DetailOut(Schema):
    detail: str


# --- Conversations ------------------------------------------------------------------------------


def _conversation_out(conversation: Conversation) -> dict[str, Any]:
    return {
        "id": conversation.public_id,
        "student_id": conversation.student.public_id,
        "coach": conversation.coach.get_full_name(),
        "planned_at": conversation.planned_at,
        "topic": conversation.topic,
    }


def _agreement_out(agreement: Agreement) -> dict[str, Any]:
    return {
        "id": agreement.public_id,
        "conversation_id": agreement.conversation.public_id,
        "owner": agreement.owner,
        "description": agreement.description,
        "due_on": agreement.due_on,
        "status": agreement.status,
    }


@router.get("/students/{uuid:student_id}/conversations", response=list[ConversationSummaryOut])
def conversation_list(request: AuthenticatedRequest, student_id: UUID) -> list[dict[str, Any]]:
    """The student's conversations, newest first (the student and their mentors and coaches)."""
    role = acting_role(request, *STUDENT_AND_STAFF)
    student = access_coached_student(request.user, role, student_id)
    students_access_record(
        user=request.user, role=role, students=[student], what="api.coaching.conversations"
    )
    return [
        {
            **_conversation_out(conversation),
            "agreement_count": conversation.agreement_count,  # type: ignore[attr-defined]
            "agenda_count": conversation.agenda_count,  # type: ignore[attr-defined]
        }
        for conversation in conversations_of(student).select_related("student")
    ]


@router.get("/conversations/{uuid:conversation_id}", response=ConversationDetailOut)
def conversation_detail_get(request: AuthenticatedRequest, conversation_id: UUID) -> dict[str, Any]:
    """One conversation: agenda, shared notes, agreements and the follow-up of earlier ones."""
    role = acting_role(request, *STUDENT_AND_STAFF)
    conversation = access_conversation(request.user, role, conversation_id)
    students_access_record(
        user=request.user,
        role=role,
        students=[conversation.student],
        what="api.coaching.conversation",
    )
    # ``coach=False``: the shared notes only, whoever asks.
    parts = conversation_detail(conversation, viewer=request.user, coach=False)
    notes = parts["notes"].filter(visibility=NoteVisibility.SHARED)
    return {
        **_conversation_out(conversation),
        "agenda_items": [
            {
                "text": item.text,
                "added_by": item.added_by.get_full_name(),
                "created_at": item.created_at,
            }
            for item in parts["agenda_items"]
        ],
        "notes": [
            {
                "id": note.public_id,
                "author": note.author.get_full_name(),
                "text": note.text,
                "created_at": note.created_at,
            }
            for note in notes
        ],
        "agreements": [
            _agreement_out(a) for a in parts["agreements"].select_related("conversation")
        ],
        "follow_up": [_agreement_out(a) for a in parts["follow_up"]],
    }


@router.post("/agreements/{uuid:agreement_id}/status", response=AgreementOut)
def agreement_status_change(
    request: AuthenticatedRequest, agreement_id: UUID, payload: AgreementStatusIn
) -> dict[str, Any]:
    """Mark an agreement open, done or dropped: the student's coaches, or the student for
    agreements they own. Naming a later conversation keeps it on that one's follow-up."""
    role = acting_role(request, *STUDENT_AND_STAFF)
    agreement = access_agreement(request.user, role, agreement_id)
    data = validated(
        AgreementStatusForm({"status": payload.status, "conversation": payload.conversation or ""})
    )
    in_conversation = None
    if data["conversation"]:
        try:
            in_conversation = access_conversation(request.user, role, data["conversation"])
        except NotFoundOrNotYours:
            raise field_error("conversation", "Not a conversation of this student.") from None
        if in_conversation.student_id != agreement.student_id:
            raise field_error("conversation", "Not a conversation of this student.")
    agreement = services.agreement_status_set(
        agreement=agreement, status=data["status"], in_conversation=in_conversation
    )
    return _agreement_out(agreement)


# --- Day starts ---------------------------------------------------------------------------------


def _day_start_out(day_start: DayStart | None) -> dict[str, Any] | None:
    if day_start is None:
        return None
    goal = day_start.own_goal
    return {
        "mood": day_start.mood,
        "plan": day_start.plan,
        "own_goal": goal.public_id if goal else None,
        "own_goal_title": goal.title if goal else None,
        "where": day_start.where,
        "with_whom": day_start.with_whom,
    }


def _me(request: AuthenticatedRequest) -> Student:
    role = acting_role(request, RoleKind.STUDENT)
    return access_student(request.user, role, UUID(role.student_public_id))


def _my_day_start(student: Student, enabled: bool) -> dict[str, Any]:
    today = timezone.localdate()
    day_start = day_start_of(student, today) if enabled else None
    return {"enabled": enabled, "day": today, "day_start": _day_start_out(day_start)}


@router.get("/me/day-start", response=MyDayStartOut)
def day_start_get(request: AuthenticatedRequest) -> dict[str, Any]:
    """Your check-in of today (students)."""
    student = _me(request)
    return _my_day_start(student, coaching_settings_of(student.school).day_starts_enabled)


@router.put("/me/day-start", response={200: MyDayStartOut, 409: DetailOut})
def day_start_put(
    request: AuthenticatedRequest, payload: DayStartIn
) -> dict[str, Any] | Status[dict[str, str]]:
    """Save today's check-in (students); 409 when the school has day starts off."""
    student = _me(request)
    if not coaching_settings_of(student.school).day_starts_enabled:
        return Status(409, {"detail": DAY_STARTS_OFF})
    goal_pk = None
    if payload.own_goal is not None:
        goal_pk = (
            OwnGoal.objects.filter(student=student, public_id=payload.own_goal)
            .values_list("pk", flat=True)
            .first()
        )
        if goal_pk is None:
            raise field_error("own_goal", "Choose one of your own goals.")
    today = timezone.localdate()
    form = DayStartForm(
        {
            "mood": int(payload.mood),
            "plan": payload.plan,
            "own_goal": goal_pk or "",
            "where": payload.where,
            "with_whom": payload.with_whom,
        },
        instance=day_start_of(student, today),
        student=student,
    )
    services.day_start_save(student=student, day=today, **validated(form))
    return _my_day_start(student, enabled=True)


@router.get("/groups/{int:group_id}/day-starts", response=BoardOut)
def day_start_board_get(request: AuthenticatedRequest, group_id: int) -> dict[str, Any]:
    """Today's check-ins of a group, for its mentors and coaches."""
    role = acting_role(request, RoleKind.STAFF)
    group = access_mentored_group(request.user, role, group_id)
    enabled = coaching_settings_of(group.school).day_starts_enabled
    today = timezone.localdate()
    rows = day_start_board(group, today) if enabled else []
    students_access_record(
        user=request.user,
        role=role,
        students=[row.student for row in rows],
        what="api.daystart.board",
    )
    return {
        "group_id": group.pk,
        "enabled": enabled,
        "day": today,
        "rows": [
            {
                "student_id": row.student.public_id,
                "name": row.student.user.get_full_name(),
                "day_start": _day_start_out(row.today),
                "low_today": row.low_today,
                "low_streak": row.low_streak,
                "needs_attention": row.needs_attention,
            }
            for row in rows
        ],
    }

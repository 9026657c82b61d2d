"""The learning route: its items and open proposals, proposing, and deciding.

As on the route page: the student and a mentor or coach the route is shared
with propose changes, and the *other* side accepts or declines them; the
proposer may withdraw. A decision that can no longer be taken (answered
already, or the item changed since) is a 409 with the reason.
"""

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from leerweg.accounts.http import AuthenticatedRequest, acting_role
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.audit.models import AuditAction
from leerweg.core.api_errors import field_error, validated
from leerweg.curriculum.models import CurriculumGoal
from leerweg.paths.access import (
    access_route_proposal,
    access_route_student,
    may_decide_proposal,
    may_see_part,
    may_shape_route,
    may_withdraw_proposal,
)
from leerweg.paths.api.schemas import CurriculumCode
from leerweg.paths.forms.route import RouteAddForm, RouteChangeForm, RouteRemoveForm
from leerweg.paths.models import (
    ProposalAction,
    ProposalStatus,
    RouteItem,
    RouteItemKind,
    RouteProposal,
)
from leerweg.paths.selectors.route import proposal_row, route_items
from leerweg.paths.services.route import (
    RouteProposalError,
    route_proposal_accept,
    route_proposal_create,
    route_proposal_decline,
    route_proposal_withdraw,
)
from leerweg.profiles.access import is_owner
from leerweg.profiles.models import ProfilePart
from leerweg.schools.models import Student
from leerweg.schools.services import students_access_record

router = Router(tags=["route"])

VIEWERS = (RoleKind.STUDENT, RoleKind.STAFF, RoleKind.GUARDIAN)
SHAPERS = (RoleKind.STUDENT, RoleKind.STAFF)


class RouteItemOut(Schema):
    id: UUID
    kind: RouteItemKind
    title: str
    starts_on: date
    ends_on: date
    own_goal: UUID | None = Field(description="Null unless the student shares goals with you.")
    curriculum_goal: str | None = Field(description="Code of the school's learning goal.")


class ItemBefore(Schema):
    title: str
    starts_on: date | None
    ends_on: date | None


class ProposalOut(Schema):
    id: UUID
    action: ProposalAction
    status: ProposalStatus
    item: UUID | None
    title: str
    kind: str = Field(description="For an addition: the kind of item.")
    starts_on: date | None
    ends_on: date | None
    before: ItemBefore | None = Field(description="For a change or removal: the item as it was.")
    note: str
    by_student: bool
    created_at: datetime
    stale: bool = Field(description="The item changed or vanished since it was proposed.")
    may_decide: bool
    may_withdraw: bool


class RouteOut(Schema):
    student_id: UUID
    may_propose: bool
    items: list[RouteItemOut]
    open_proposals: list[ProposalOut]


class ProposalIn(Schema):
    action: ProposalAction
    item: UUID | None = Field(None, description="For a change or removal: the item's id.")
    kind: RouteItemKind | None = Field(None, description="For an addition.")
    title: str = Field("", description="Empty for an addition: the chosen goal's title.")
    own_goal: UUID | None = None
    curriculum_goal: CurriculumCode | None = Field(
        None, description="Code of the school's learning goal."
    )
    starts_on: date | None = None
    ends_on: date | None = None
    note: str = ""


def _item_out(item: RouteItem, *, show_goals: bool) -> dict[str, Any]:
    return {
        "id": item.public_id,
        "kind": item.kind,
        "title": item.title,
        "starts_on": item.starts_on,
        "ends_on": item.ends_on,
        "own_goal": item.own_goal.public_id if show_goals and item.own_goal else None,
        "curriculum_goal": item.curriculum_goal.code if item.curriculum_goal else None,
    }


def _proposal_out(
    request: AuthenticatedRequest, role: RoleContext, proposal: RouteProposal, *, shapes: bool
) -> dict[str, Any]:
    """The proposal, and whether the person (who ``shapes`` the route or not) may act on it."""
    row = proposal_row(proposal)
    is_open = proposal.status == ProposalStatus.OPEN
    return {
        "id": proposal.public_id,
        "action": proposal.action,
        "status": proposal.status,
        "item": proposal.item.public_id if proposal.item else None,
        "title": row.title,
        "kind": row.kind,
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "before": row.before if proposal.action != ProposalAction.ADD else None,
        "note": proposal.note,
        "by_student": proposal.by_student,
        "created_at": proposal.created_at,
        "stale": row.stale,
        "may_decide": is_open and shapes and may_decide_proposal(request.user, role, proposal),
        "may_withdraw": is_open and shapes and may_withdraw_proposal(request.user, role, proposal),
    }


def _record(
    request: AuthenticatedRequest,
    role: RoleContext,
    student: Student,
    what: str,
    action: AuditAction,
) -> None:
    students_access_record(
        user=request.user, role=role, students=[student], what=what, action=action
    )


@router.get("/students/{uuid:student_id}/route", response=RouteOut)
def route_detail(request: AuthenticatedRequest, student_id: UUID) -> dict[str, Any]:
    """All items of the route, by start date, and the proposals waiting for an answer."""
    role = acting_role(request, *VIEWERS)
    student = access_route_student(request.user, role, student_id)
    _record(request, role, student, "api.route.view", AuditAction.VIEW)
    show_goals = may_see_part(request.user, role, student, ProfilePart.GOALS)
    proposals = (
        RouteProposal.objects.filter(student=student, status=ProposalStatus.OPEN)
        .select_related("item", "student")
        .order_by("created_at")
    )
    shapes = may_shape_route(request.user, role, student)
    return {
        "student_id": student.public_id,
        "may_propose": shapes,
        "items": [_item_out(item, show_goals=show_goals) for item in route_items(student)],
        "open_proposals": [_proposal_out(request, role, p, shapes=shapes) for p in proposals],
    }


def _proposal_form(
    request: AuthenticatedRequest, role: RoleContext, student: Student, payload: ProposalIn
) -> tuple[RouteAddForm | RouteChangeForm | RouteRemoveForm, RouteItem | None]:
    """The route page's form for this action, filled in from the payload."""
    data: dict[str, object] = {
        "note": payload.note,
        "title": payload.title,
        "starts_on": payload.starts_on or "",
        "ends_on": payload.ends_on or "",
    }
    if payload.action == ProposalAction.ADD:
        may_see_goals = may_see_part(request.user, role, student, ProfilePart.GOALS)
        data["kind"] = payload.kind or ""
        data["own_goal"] = str(payload.own_goal or "")
        data["curriculum_goal"] = _curriculum_pk(student, payload.curriculum_goal)
        return RouteAddForm(data, student=student, may_see_goals=may_see_goals), None
    item = route_items(student).filter(public_id=payload.item).first() if payload.item else None
    if item is None:
        raise field_error("item", "Name an item of this route.")
    if payload.action == ProposalAction.CHANGE:
        return RouteChangeForm(data, item=item), item
    return RouteRemoveForm(data), item


def _curriculum_pk(student: Student, code: str | None) -> int | str:
    if not code:
        return ""
    goal = CurriculumGoal.objects.filter(school_id=student.school_id, code=code).first()
    if goal is None:
        raise field_error("curriculum_goal", "Unknown learning goal.")
    return goal.pk


@router.post("/students/{uuid:student_id}/route/proposals", response={201: ProposalOut})
def route_proposal_add(
    request: AuthenticatedRequest, student_id: UUID, payload: ProposalIn
) -> Status[dict[str, Any]]:
    """Propose to add, change or remove an item.

    The other side answers it; a student whose route nobody else shapes sees
    it applied at once (status ``accepted``).
    """
    role = acting_role(request, *SHAPERS)
    student = access_route_student(request.user, role, student_id, shape=True)
    form, item = _proposal_form(request, role, student, payload)
    data = validated(form)
    proposal = route_proposal_create(
        student=student,
        proposed_by=request.user,
        by_student=is_owner(request.user, role, student),
        action=payload.action,
        item=item,
        proposed=None if isinstance(form, RouteRemoveForm) else form.values(),
        note=data["note"],
    )
    _record(request, role, student, "api.route.proposal", AuditAction.CREATE)
    return Status(201, _proposal_out(request, role, proposal, shapes=True))


Decision = Literal["accept", "decline", "withdraw"]


def _decide(request: AuthenticatedRequest, proposal_id: UUID, decision: Decision) -> dict[str, Any]:
    role = acting_role(request, *SHAPERS)
    proposal = access_route_proposal(request.user, role, proposal_id)
    allowed = (
        may_withdraw_proposal(request.user, role, proposal)
        if decision == "withdraw"
        else may_decide_proposal(request.user, role, proposal)
    )
    if not allowed:
        raise HttpError(403, "The other side decides on a proposal; only its maker withdraws it.")
    try:
        if decision == "accept":
            route_proposal_accept(proposal=proposal, decided_by=request.user)
        elif decision == "decline":
            route_proposal_decline(proposal=proposal, decided_by=request.user)
        else:
            route_proposal_withdraw(proposal=proposal, withdrawn_by=request.user)
    except RouteProposalError as error:
        raise HttpError(409, str(error)) from error
    _record(request, role, proposal.student, "api.route.decision", AuditAction.CHANGE)
    proposal.refresh_from_db()
    # access_route_proposal let only those who shape the route this far.
    return _proposal_out(request, role, proposal, shapes=True)


@router.post(
    "/route/proposals/{uuid:proposal_id}/accept",
    response=ProposalOut,
    url_name="route_proposal_accept",
)
def route_proposal_accept_endpoint(
    request: AuthenticatedRequest, proposal_id: UUID
) -> dict[str, Any]:
    """Accept the other side's proposal: the route changes at once."""
    return _decide(request, proposal_id, "accept")


@router.post(
    "/route/proposals/{uuid:proposal_id}/decline",
    response=ProposalOut,
    url_name="route_proposal_decline",
)
def route_proposal_decline_endpoint(
    request: AuthenticatedRequest, proposal_id: UUID
) -> dict[str, Any]:
    return _decide(request, proposal_id, "decline")


@router.post(
    "/route/proposals/{uuid:proposal_id}/withdraw",
    response=ProposalOut,
    url_name="route_proposal_withdraw",
)
def route_proposal_withdraw_endpoint(
    request: AuthenticatedRequest, proposal_id: UUID
) -> dict[str, Any]:
    """Withdraw your own proposal while it is open."""
    return _decide(request, proposal_id, "withdraw")

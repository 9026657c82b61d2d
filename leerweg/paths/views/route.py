"""The learning route page, and proposing and deciding changes to it.

Who may do what (docs/permissions.md):

- the student and a mentor or coach the route is shared with (the default)
  see the route and propose changes; each answers the *other* side's
  proposals, and the proposer may withdraw their own;
- guardians and teachers see the route, read-only, when the student shares it
  with them;
- everyone else gets a 404 for the student, as if they did not exist; roles
  that never see a student's route (board, partner) get a 403 for the page.
"""

from typing import Literal
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.audit.models import AuditAction
from leerweg.core.access import NotFoundOrNotYours
from leerweg.paths.access import (
    access_route_proposal,
    may_decide_proposal,
    may_see_part,
    may_shape_route,
    may_withdraw_proposal,
)
from leerweg.paths.forms.route import RouteAddForm, RouteChangeForm, RouteRemoveForm
from leerweg.paths.models import ProposalAction, ProposalStatus, RouteItem, RouteProposal
from leerweg.paths.selectors.route import (
    route_counterparts,
    route_has_counterpart,
    route_items,
    route_overview,
)
from leerweg.paths.services.route import (
    RouteProposalError,
    route_proposal_accept,
    route_proposal_create,
    route_proposal_decline,
    route_proposal_withdraw,
)
from leerweg.profiles.access import is_owner
from leerweg.profiles.models import ProfilePart
from leerweg.schools.access import access_student
from leerweg.schools.models import Student
from leerweg.schools.services import students_access_record

VIEWERS = (RoleKind.STUDENT, RoleKind.STAFF, RoleKind.GUARDIAN)
SHAPERS = (RoleKind.STUDENT, RoleKind.STAFF)


def _student(request: RoleRequest, student_id: UUID, *, shape: bool) -> Student:
    """The student whose route may be seen (or, with ``shape``, changed); else 404."""
    user, role = request.user, request.active_role
    student = access_student(user, role, student_id)
    allowed = (
        may_shape_route(user, role, student)
        if shape
        else may_see_part(user, role, student, ProfilePart.ROUTE)
    )
    if not allowed:
        raise NotFoundOrNotYours
    return student


def _item(student: Student, item_id: UUID) -> RouteItem:
    # Only called after ``_student(…, shape=True)``: scoping to that student is
    # the access check for the item.
    item = route_items(student).filter(public_id=item_id).first()
    if item is None:
        raise NotFoundOrNotYours
    return item


def _acts_as_student(request: RoleRequest, student: Student) -> bool:
    return is_owner(request.user, request.active_role, student)


def _record(request: RoleRequest, student: Student, what: str, action: AuditAction) -> None:
    students_access_record(
        user=request.user, role=request.active_role, students=[student], what=what, action=action
    )


@require_GET
@role_required(*VIEWERS)
def route_detail(request: RoleRequest, student_id: UUID) -> HttpResponse:
    student = _student(request, student_id, shape=False)
    _record(request, student, "route.view", AuditAction.VIEW)
    user, role = request.user, request.active_role
    as_student = _acts_as_student(request, student)
    shapes = may_shape_route(user, role, student)
    overview = route_overview(student)
    for row in overview.open_proposals:
        row.proposal.student = student  # known already; saves a query per proposal
        row.may_decide = shapes and may_decide_proposal(user, role, row.proposal)
        row.may_withdraw = shapes and may_withdraw_proposal(user, role, row.proposal)
    context = {
        "student": student,
        "overview": overview,
        "as_student": as_student,
        "may_shape": shapes,
        "may_see_goals": may_see_part(user, role, student, ProfilePart.GOALS),
        "counterparts": [person.get_full_name() for person in route_counterparts(student)]
        if as_student
        else [],
    }
    return render(request, "paths/route_detail.html", context)


def _proposed_message(proposal: RouteProposal, student: Student) -> str:
    if proposal.status != ProposalStatus.OPEN:
        return _("Your route has been changed. The change is kept in the history.")
    if proposal.by_student:
        return _("Your proposal is waiting for an answer from your mentor or coach.")
    return _("Your proposal is waiting for an answer from %(name)s.") % {
        "name": student.user.get_full_name()
    }


def _propose(
    request: RoleRequest,
    student: Student,
    form: RouteAddForm | RouteChangeForm | RouteRemoveForm,
    *,
    action: str,
    item: RouteItem | None = None,
) -> HttpResponse:
    """Store the proposal of a valid form and go back to the route; else show the form."""
    as_student = _acts_as_student(request, student)
    if request.method == "POST" and form.is_valid():
        values = None if isinstance(form, RouteRemoveForm) else form.values()
        proposal = route_proposal_create(
            student=student,
            proposed_by=request.user,
            by_student=as_student,
            action=action,
            item=item,
            proposed=values,
            note=form.cleaned_data["note"],
        )
        _record(request, student, "route.proposal", AuditAction.CREATE)
        messages.success(request, _proposed_message(proposal, student))
        return redirect("paths:route", student_id=student.public_id)
    if request.method == "GET":
        _record(request, student, "route.view", AuditAction.VIEW)
    context = {
        "student": student,
        "form": form,
        "action": action,
        "item": item,
        "as_student": as_student,
        "applies_at_once": as_student and not route_has_counterpart(student),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "paths/route_propose.html", context, status=status)


@require_http_methods(["GET", "POST"])
@role_required(*SHAPERS)
def route_propose_add(request: RoleRequest, student_id: UUID) -> HttpResponse:
    student = _student(request, student_id, shape=True)
    may_see_goals = may_see_part(request.user, request.active_role, student, ProfilePart.GOALS)
    form = RouteAddForm(request.POST or None, student=student, may_see_goals=may_see_goals)
    return _propose(request, student, form, action=ProposalAction.ADD)


@require_http_methods(["GET", "POST"])
@role_required(*SHAPERS)
def route_propose_change(request: RoleRequest, student_id: UUID, item_id: UUID) -> HttpResponse:
    student = _student(request, student_id, shape=True)
    item = _item(student, item_id)
    form = RouteChangeForm(request.POST or None, item=item)
    return _propose(request, student, form, action=ProposalAction.CHANGE, item=item)


@require_http_methods(["GET", "POST"])
@role_required(*SHAPERS)
def route_propose_remove(request: RoleRequest, student_id: UUID, item_id: UUID) -> HttpResponse:
    student = _student(request, student_id, shape=True)
    item = _item(student, item_id)
    form = RouteRemoveForm(request.POST or None)
    return _propose(request, student, form, action=ProposalAction.REMOVE, item=item)


Decision = Literal["accept", "decline", "withdraw"]


def _decide(
    request: RoleRequest, student_id: UUID, proposal_id: UUID, decision: Decision
) -> HttpResponse:
    proposal = access_route_proposal(request.user, request.active_role, proposal_id)
    student = proposal.student
    if student.public_id != student_id:
        raise NotFoundOrNotYours
    user, role = request.user, request.active_role
    allowed = (
        may_withdraw_proposal(user, role, proposal)
        if decision == "withdraw"
        else may_decide_proposal(user, role, proposal)
    )
    if not allowed:
        # The page shows no such button; only a crafted request gets here.
        raise PermissionDenied
    try:
        if decision == "accept":
            route_proposal_accept(proposal=proposal, decided_by=request.user)
        elif decision == "decline":
            route_proposal_decline(proposal=proposal, decided_by=request.user)
        else:
            route_proposal_withdraw(proposal=proposal, withdrawn_by=request.user)
    except RouteProposalError as error:
        messages.error(request, str(error))
    else:
        _record(request, student, "route.decision", AuditAction.CHANGE)
        messages.success(request, _success_message(decision))
    return redirect("paths:route", student_id=student.public_id)


def _success_message(decision: Decision) -> str:
    return {
        "accept": _("Proposal accepted: the route has been changed."),
        "decline": _("Proposal declined: the route stays as it was."),
        "withdraw": _("Proposal withdrawn."),
    }[decision]


@require_POST
@role_required(*SHAPERS)
def route_proposal_accept_view(
    request: RoleRequest, student_id: UUID, proposal_id: UUID
) -> HttpResponse:
    return _decide(request, student_id, proposal_id, "accept")


@require_POST
@role_required(*SHAPERS)
def route_proposal_decline_view(
    request: RoleRequest, student_id: UUID, proposal_id: UUID
) -> HttpResponse:
    return _decide(request, student_id, proposal_id, "decline")


@require_POST
@role_required(*SHAPERS)
def route_proposal_withdraw_view(
    request: RoleRequest, student_id: UUID, proposal_id: UUID
) -> HttpResponse:
    return _decide(request, student_id, proposal_id, "withdraw")


ROUTE = "leerling/<uuid:student_id>/route/"
PROPOSAL = ROUTE + "voorstellen/<uuid:proposal_id>/"

urlpatterns = [
    path(ROUTE, route_detail, name="route"),
    path(ROUTE + "voorstel/toevoegen/", route_propose_add, name="route-propose-add"),
    path(
        ROUTE + "<uuid:item_id>/voorstel/wijzigen/",
        route_propose_change,
        name="route-propose-change",
    ),
    path(
        ROUTE + "<uuid:item_id>/voorstel/verwijderen/",
        route_propose_remove,
        name="route-propose-remove",
    ),
    path(PROPOSAL + "accepteren/", route_proposal_accept_view, name="route-proposal-accept"),
    path(PROPOSAL + "afwijzen/", route_proposal_decline_view, name="route-proposal-decline"),
    path(PROPOSAL + "intrekken/", route_proposal_withdraw_view, name="route-proposal-withdraw"),
]

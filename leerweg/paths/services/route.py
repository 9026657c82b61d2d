"""Writes to the learning route: proposals and the decisions on them.

The route is co-created. The student and their mentor or coach both propose
changes (add an item, change one, remove one) and the *other* party accepts or
declines; the proposer may withdraw. Every proposal is kept, so the decided
ones are the route's history.

Who has to answer a student's proposal? Only someone who can: a mentor or
coach of the student this school year, *and* the student shares the route with
the audience "mentor and coach". When nobody can answer (no mentor, or the
student keeps the route to themself), the student's own route is theirs to
shape: the proposal is applied at once and stored as accepted by the student,
so history still shows it. A mentor's proposal always waits for the student.

Accepting applies the change in the same transaction as the status change.
The proposal is claimed with a conditional update on ``status=open``, so two
decisions at the same moment (two tabs, two people) apply it once; the second
gets ``ProposalNotOpenError``. A change or removal remembers what the item looked
like when it was proposed; if the item has changed since (or is gone), the
proposal is not applied blindly: ``RouteChangedError`` asks the person
to look again. Such a proposal can still be declined or withdrawn.
"""

from datetime import date
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerweg.accounts.models import User
from leerweg.curriculum.models import CurriculumGoal
from leerweg.paths.models import (
    OwnGoal,
    ProposalAction,
    ProposalStatus,
    RouteItem,
    RouteItemKind,
    RouteProposal,
)
from leerweg.paths.selectors.route import route_has_counterpart
from leerweg.schools.models import Student


class RouteItemValues(TypedDict, total=False):
    """What a proposal to add or change an item proposes (change: title and dates only)."""

    kind: str
    title: str
    own_goal: OwnGoal | None
    curriculum_goal: CurriculumGoal | None
    starts_on: date
    ends_on: date


class RouteProposalError(Exception):
    """A decision that cannot be taken; ``message`` says why, for the person."""

    message: Any = ""

    def __str__(self) -> str:
        return str(self.message)


class ProposalNotOpenError(RouteProposalError):
    message = _("This proposal has already been answered or withdrawn.")


class RouteChangedError(RouteProposalError):
    message = _(
        "The route has changed since this was proposed. Please look at it again: "
        "decline it, or propose the change anew."
    )


def _snapshot(item: RouteItem) -> dict[str, str]:
    return {
        "title": item.title,
        "starts_on": item.starts_on.isoformat(),
        "ends_on": item.ends_on.isoformat(),
    }


def _check_dates(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})


def _proposed_add(student: Student, values: RouteItemValues) -> dict[str, Any]:
    own_goal, curriculum_goal = values.get("own_goal"), values.get("curriculum_goal")
    if own_goal is not None and own_goal.student_id != student.pk:
        raise ValidationError({"own_goal": _("This goal is not one of the student's goals.")})
    if curriculum_goal is not None and curriculum_goal.school_id != student.school_id:
        raise ValidationError(
            {"curriculum_goal": _("This goal is not in the school's curriculum.")}
        )
    _check_dates(values["starts_on"], values["ends_on"])
    return {
        "kind": RouteItemKind(values["kind"]).value,
        "title": values["title"],
        "own_goal": str(own_goal.public_id) if own_goal else None,
        "curriculum_goal": curriculum_goal.pk if curriculum_goal else None,
        "starts_on": values["starts_on"].isoformat(),
        "ends_on": values["ends_on"].isoformat(),
    }


def _proposed_change(item: RouteItem, values: RouteItemValues) -> dict[str, Any]:
    _check_dates(values["starts_on"], values["ends_on"])
    return {
        "title": values["title"],
        "starts_on": values["starts_on"].isoformat(),
        "ends_on": values["ends_on"].isoformat(),
        "before": _snapshot(item),
    }


@transaction.atomic
def route_proposal_create(
    *,
    student: Student,
    proposed_by: User,
    by_student: bool,
    action: str,
    item: RouteItem | None = None,
    proposed: RouteItemValues | None = None,
    note: str = "",
) -> RouteProposal:
    """Store a proposal; a student's proposal applies at once when nobody can answer it."""
    if action == ProposalAction.ADD:
        if item is not None or proposed is None:
            raise ValueError("An add proposal has values and no item.")
        data = _proposed_add(student, proposed)
    else:
        if item is None or item.student_id != student.pk:
            raise ValueError("A change or remove proposal needs an item of this student.")
        if action == ProposalAction.CHANGE:
            if proposed is None:
                raise ValueError("A change proposal has values.")
            data = _proposed_change(item, proposed)
        elif action == ProposalAction.REMOVE:
            data = {"title": item.title, "before": _snapshot(item)}
        else:
            raise ValueError(f"Unknown action {action!r}.")
    proposal = RouteProposal.objects.create(
        student=student,
        action=action,
        item=item,
        proposed=data,
        note=note,
        proposed_by=proposed_by,
        by_student=by_student,
    )
    if by_student and not route_has_counterpart(student):
        route_proposal_accept(proposal=proposal, decided_by=proposed_by)
        proposal.refresh_from_db()
    return proposal


def _close(proposal: RouteProposal, *, status: str, decided_by: User) -> None:
    """Move an open proposal to ``status``, or raise ``ProposalNotOpenError``.

    The conditional update is the lock: of two concurrent decisions only one
    matches ``status=open`` (PostgreSQL re-checks the row after the first
    commits; SQLite serialises the writes).
    """
    now = timezone.now()
    closed = RouteProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.OPEN).update(
        status=status, decided_by=decided_by, decided_at=now, updated_at=now
    )
    if not closed:
        raise ProposalNotOpenError
    proposal.status, proposal.decided_by, proposal.decided_at = status, decided_by, now


def _apply_add(proposal: RouteProposal) -> RouteItem:
    data = proposal.proposed
    student = proposal.student
    own_goal = (
        OwnGoal.objects.filter(public_id=data["own_goal"], student=student).first()
        if data.get("own_goal")
        else None
    )
    curriculum_goal = (
        CurriculumGoal.objects.filter(
            pk=data["curriculum_goal"], school_id=student.school_id
        ).first()
        if data.get("curriculum_goal")
        else None
    )
    last = RouteItem.objects.filter(student=student).aggregate(last=Max("position"))["last"]
    return RouteItem.objects.create(
        student=student,
        kind=data["kind"],
        title=data["title"],
        own_goal=own_goal,
        curriculum_goal=curriculum_goal,
        starts_on=date.fromisoformat(data["starts_on"]),
        ends_on=date.fromisoformat(data["ends_on"]),
        position=0 if last is None else last + 1,
    )


def _locked_unchanged_item(proposal: RouteProposal) -> RouteItem:
    """The proposal's item, locked, as it was when proposed; else ``RouteChangedError``."""
    item = (
        RouteItem.objects.select_for_update().filter(pk=proposal.item_id).first()
        if proposal.item_id
        else None
    )
    if item is None or _snapshot(item) != proposal.proposed.get("before"):
        raise RouteChangedError
    return item


def _apply(proposal: RouteProposal) -> None:
    if proposal.action == ProposalAction.ADD:
        proposal.item = _apply_add(proposal)
        RouteProposal.objects.filter(pk=proposal.pk).update(item=proposal.item)
        return
    item = _locked_unchanged_item(proposal)
    if proposal.action == ProposalAction.CHANGE:
        data = proposal.proposed
        item.title = data["title"]
        item.starts_on = date.fromisoformat(data["starts_on"])
        item.ends_on = date.fromisoformat(data["ends_on"])
        item.save(update_fields=["title", "starts_on", "ends_on", "updated_at"])
    else:
        # The proposal keeps the item's title (in ``proposed``) for history.
        item.delete()
        proposal.item = None


@transaction.atomic
def route_proposal_accept(*, proposal: RouteProposal, decided_by: User) -> RouteProposal:
    """Accept an open proposal and apply it to the route, all or nothing."""
    _close(proposal, status=ProposalStatus.ACCEPTED, decided_by=decided_by)
    # Raising here rolls back the status change too: the proposal stays open.
    _apply(proposal)
    return proposal


@transaction.atomic
def route_proposal_decline(*, proposal: RouteProposal, decided_by: User) -> RouteProposal:
    _close(proposal, status=ProposalStatus.DECLINED, decided_by=decided_by)
    return proposal


@transaction.atomic
def route_proposal_withdraw(*, proposal: RouteProposal, withdrawn_by: User) -> RouteProposal:
    _close(proposal, status=ProposalStatus.WITHDRAWN, decided_by=withdrawn_by)
    return proposal

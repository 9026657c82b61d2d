"""Who may see and change own goals, evidence and the learning route.

Only the student writes their own goals and evidence. Others see them when the
student shares that part with an audience they belong to
(``profiles.access``). The route is co-created: the student and their mentor
or coach (when the route is shared with them) may both propose changes.
"""

from uuid import UUID

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext
from leerweg.core.access import NotFoundOrNotYours
from leerweg.paths.models import Evidence, OwnGoal, RouteProposal
from leerweg.profiles.access import is_mentor_or_coach_of, is_owner, visible_parts
from leerweg.profiles.models import ProfilePart
from leerweg.schools.access import access_student, students_visible_to
from leerweg.schools.models import Student


def _may(user: User, role: RoleContext, student: Student, part: str, *, edit: bool) -> bool:
    if edit:
        return is_owner(user, role, student)
    return part in visible_parts(user, role, student)


def access_own_goal(
    user: User, role: RoleContext, public_id: UUID, *, edit: bool = False
) -> OwnGoal:
    goal = (
        OwnGoal.objects.filter(public_id=public_id, student__in=students_visible_to(user, role))
        .select_related("student__user", "student__school")
        .first()
    )
    if goal is None or not _may(user, role, goal.student, ProfilePart.GOALS, edit=edit):
        raise NotFoundOrNotYours
    return goal


def access_evidence(
    user: User, role: RoleContext, public_id: UUID, *, edit: bool = False
) -> Evidence:
    evidence = (
        Evidence.objects.filter(public_id=public_id, student__in=students_visible_to(user, role))
        .select_related("student__user", "student__school")
        .first()
    )
    if evidence is None or not _may(user, role, evidence.student, ProfilePart.EVIDENCE, edit=edit):
        raise NotFoundOrNotYours
    return evidence


def may_see_part(user: User, role: RoleContext, student: Student, part: str) -> bool:
    return part in visible_parts(user, role, student)


def may_shape_route(user: User, role: RoleContext, student: Student) -> bool:
    """The student, or a mentor/coach the route is shared with, may propose changes."""
    if is_owner(user, role, student):
        return True
    return may_see_part(user, role, student, ProfilePart.ROUTE) and is_mentor_or_coach_of(
        user, role, student
    )


def may_agree_to_goals(user: User, role: RoleContext, student: Student) -> bool:
    return may_see_part(user, role, student, ProfilePart.GOALS) and is_mentor_or_coach_of(
        user, role, student
    )


def access_route_proposal(user: User, role: RoleContext, public_id: UUID) -> RouteProposal:
    proposal = (
        RouteProposal.objects.filter(
            public_id=public_id, student__in=students_visible_to(user, role)
        )
        .select_related("student__user", "student__school", "item")
        .first()
    )
    if proposal is None or not may_shape_route(user, role, proposal.student):
        raise NotFoundOrNotYours
    return proposal


def access_route_student(
    user: User, role: RoleContext, public_id: UUID, *, shape: bool = False
) -> Student:
    """The student whose route ``user`` may see (with ``shape``: propose changes to); else 404."""
    student = access_student(user, role, public_id)
    allowed = (
        may_shape_route(user, role, student)
        if shape
        else may_see_part(user, role, student, ProfilePart.ROUTE)
    )
    if not allowed:
        raise NotFoundOrNotYours
    return student


def may_decide_proposal(user: User, role: RoleContext, proposal: RouteProposal) -> bool:
    """The other side decides: the student on staff proposals, staff on the student's.

    Call after ``access_route_proposal``, which checks that ``user`` shapes the route.
    """
    return proposal.by_student != is_owner(user, role, proposal.student)


def may_withdraw_proposal(user: User, role: RoleContext, proposal: RouteProposal) -> bool:
    """Only whoever proposed it, acting on the same side as then."""
    as_student = is_owner(user, role, proposal.student)
    return proposal.proposed_by_id == user.pk and proposal.by_student == as_student

"""Who may read and change a school's curriculum (docs/permissions.md).

A curriculum belongs to one school. Anyone acting at that school reads it:
its staff, and its students (they link their own goals to curriculum goals).
Its school leaders and school administrators change it. Nobody sees another
school's curriculum: a domain, line or goal of another school raises
``NotFoundOrNotYours``, the same answer as one that does not exist.

A curriculum holds no personal data, so these functions need only the role,
not the user (unlike ``schools.access``).
"""

from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.core.access import NotFoundOrNotYours
from leerweg.curriculum.models import CurriculumGoal, LearningDomain, LearningLine
from leerweg.schools.models import School, StaffRole

EDITOR_ROLES = (StaffRole.SCHOOL_LEADER, StaffRole.SCHOOL_ADMIN)


def curriculum_readable_by(role: RoleContext) -> bool:
    return role.kind in (RoleKind.STAFF, RoleKind.STUDENT) and role.school_id > 0


def curriculum_editable_by(role: RoleContext) -> bool:
    return role.has_staff_role(*EDITOR_ROLES) and role.school_id > 0


def curriculum_school(role: RoleContext) -> School:
    """The school whose curriculum the role reads."""
    _require_reader(role)
    return _found(School.objects.filter(pk=role.school_id).first())


def access_domain(role: RoleContext, domain_id: int) -> LearningDomain:
    _require_reader(role)
    return _found(LearningDomain.objects.filter(pk=domain_id, school_id=role.school_id).first())


def access_line(role: RoleContext, line_id: int) -> LearningLine:
    _require_reader(role)
    lines = LearningLine.objects.select_related("domain")
    return _found(lines.filter(pk=line_id, domain__school_id=role.school_id).first())


def access_goal(role: RoleContext, goal_id: int) -> CurriculumGoal:
    _require_reader(role)
    goals = CurriculumGoal.objects.select_related("line__domain")
    return _found(goals.filter(pk=goal_id, school_id=role.school_id).first())


def _require_reader(role: RoleContext) -> None:
    if not curriculum_readable_by(role):
        raise NotFoundOrNotYours


def _found[T](found: T | None) -> T:
    if found is None:
        raise NotFoundOrNotYours
    return found

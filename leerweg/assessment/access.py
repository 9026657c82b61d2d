"""Who may use rubrics, give feedback, assess themself and see progress per goal.

- Rubrics hold no personal data and belong to one school. All staff acting at
  the school read the library, make rubrics and copy them; only a rubric's
  author or a school leader or administrator changes or deletes it. A rubric
  of another school answers 404, as one that does not exist.
- Feedback goes on a piece of evidence or an own goal. Staff may give it when
  they may see that evidence or goal (``paths.access``): the student shared it
  with an audience they are in. Otherwise 404.
- The student alone assesses themself, on their own evidence and goals.
- Whoever may see the evidence or goal sees the feedback and self-assessments on it.
- Progress per learning goal is progress on the curriculum, which the
  student and the staff who see the student read whatever the student shares
  (docs/permissions.md, "progress per learning line").
"""

from dataclasses import dataclass
from uuid import UUID

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.assessment.models import Rubric
from leerweg.core.access import NotFoundOrNotYours
from leerweg.paths.access import access_evidence, access_own_goal
from leerweg.paths.models import Evidence, OwnGoal
from leerweg.profiles.access import is_owner
from leerweg.schools.access import access_student
from leerweg.schools.models import StaffRole, Student

RUBRIC_MANAGERS = (StaffRole.SCHOOL_LEADER, StaffRole.SCHOOL_ADMIN)
EVIDENCE, OWN_GOAL = "evidence", "goal"


@dataclass(frozen=True)
class Target:
    """What feedback or a self-assessment is about: one piece of evidence or one own goal."""

    kind: str
    item: Evidence | OwnGoal

    @property
    def title(self) -> str:
        return self.item.title

    def url_name(self, action: str) -> str:
        """``assessment:evidence-feedback``, ``assessment:goal-self``, …"""
        return f"assessment:{self.kind}-{action}"

    @property
    def student(self) -> Student:
        return self.item.student

    @property
    def evidence(self) -> Evidence | None:
        return self.item if isinstance(self.item, Evidence) else None

    @property
    def own_goal(self) -> OwnGoal | None:
        return self.item if isinstance(self.item, OwnGoal) else None


def rubrics_usable_by(role: RoleContext) -> bool:
    return role.kind is RoleKind.STAFF and role.school_id > 0


def access_rubric(role: RoleContext, rubric_id: int) -> Rubric:
    """A rubric of the school ``role`` acts for; students read them to assess themselves."""
    if role.kind not in (RoleKind.STAFF, RoleKind.STUDENT) or role.school_id <= 0:
        raise NotFoundOrNotYours
    rubric = (
        Rubric.objects.filter(pk=rubric_id, school_id=role.school_id)
        .select_related("author", "curriculum_goal", "learning_line")
        .first()
    )
    if rubric is None:
        raise NotFoundOrNotYours
    return rubric


def may_change_rubric(user: User, role: RoleContext, rubric: Rubric) -> bool:
    if not rubrics_usable_by(role) or rubric.school_id != role.school_id:
        return False
    return rubric.author_id == user.pk or role.has_staff_role(*RUBRIC_MANAGERS)


def access_target(user: User, role: RoleContext, kind: str, public_id: UUID) -> Target:
    """The evidence or own goal ``user`` may see; else 404."""
    if kind == EVIDENCE:
        return Target(kind, access_evidence(user, role, public_id))
    return Target(kind, access_own_goal(user, role, public_id))


def access_target_for_feedback(user: User, role: RoleContext, kind: str, public_id: UUID) -> Target:
    """As ``access_target``, for staff: only what they may see can get their feedback."""
    if role.kind is not RoleKind.STAFF:
        raise NotFoundOrNotYours
    return access_target(user, role, kind, public_id)


def access_target_for_self(user: User, role: RoleContext, kind: str, public_id: UUID) -> Target:
    """The student's own evidence or goal; anyone else's is 404."""
    target = access_target(user, role, kind, public_id)
    if not is_owner(user, role, target.student):
        raise NotFoundOrNotYours
    return target


def access_progress_student(user: User, role: RoleContext, public_id: UUID) -> Student:
    """The student whose progress per goal ``user`` may see: themself, or as staff."""
    if role.kind not in (RoleKind.STUDENT, RoleKind.STAFF):
        raise NotFoundOrNotYours
    return access_student(user, role, public_id)

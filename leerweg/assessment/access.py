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

from django.db.models import F, QuerySet
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.assessment.models import PeerComment, PeerFeedbackRequest, Rubric
from leerweg.core.access import NotFoundOrNotYours
from leerweg.paths.access import access_evidence, access_own_goal
from leerweg.paths.models import Evidence, OwnGoal
from leerweg.profiles.access import is_owner
from leerweg.schools.access import access_student
from leerweg.schools.models import Group, StaffRole, Student

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


# --- Peer feedback ------------------------------------------------------------------------------
#
# Classmates are no audience in the sharing settings, so peer feedback never
# widens what the evidence pages show. A piece becomes visible to the students
# of one group only through an open request of its owner, and only what the
# request page shows: title and content, not the owner's name or profile.
# Anonymous work is judged on the work. It stays visible while
#
# - the request is open (the owner did not stop asking),
# - the group is of this school year and its staff have peer feedback on,
# - the owner is still in the group, and so is the classmate looking.
#
# Staff linked to the group (teacher, mentor, coach) switch peer feedback on
# and off and moderate: they read every comment in the group, hidden ones too,
# with the piece's title and the names of owner and author, because handling
# an unkind comment needs to know who wrote it to whom. School leaders are not
# linked to the group's work this way and get 404, as elsewhere for evidence.
# The owner's guardians and staff see the visible comments on the feedback page
# of the evidence, which needs the evidence to be shared with them.


def live_peer_requests() -> QuerySet[PeerFeedbackRequest]:
    """Open requests whose group is current, has peer feedback on and still holds the owner."""
    return PeerFeedbackRequest.objects.filter(
        closed_at__isnull=True,
        group__peer_feedback__enabled=True,
        group__school_year__end_date__gte=timezone.localdate(),
        evidence__student__memberships__group=F("group"),
    )


def access_peer_group(user: User, role: RoleContext, group_id: int) -> Group:
    """A group of this school year that the staff member is linked to; else 404."""
    if role.kind is not RoleKind.STAFF:
        raise NotFoundOrNotYours
    group = (
        Group.objects.filter(
            pk=group_id,
            school_id=role.school_id,
            school_year__end_date__gte=timezone.localdate(),
            staff__user=user,
        )
        .select_related("school_year", "school")
        .first()
    )
    if group is None:
        raise NotFoundOrNotYours
    return group


def access_peer_request(user: User, role: RoleContext, public_id: UUID) -> PeerFeedbackRequest:
    """A live request in one of the student's own groups (their own requests too); else 404."""
    if role.kind is not RoleKind.STUDENT:
        raise NotFoundOrNotYours
    request = (
        live_peer_requests()
        .filter(
            public_id=public_id,
            group__school_id=role.school_id,
            group__memberships__student_id=role.student_id,
            group__memberships__student__user=user,
        )
        .select_related("evidence__student", "group")
        .first()
    )
    if request is None:
        raise NotFoundOrNotYours
    return request


def may_comment_on(role: RoleContext, request: PeerFeedbackRequest) -> bool:
    """Classmates comment; the owner does not comment on their own work."""
    return role.kind is RoleKind.STUDENT and request.evidence.student_id != role.student_id


def access_own_peer_request(user: User, role: RoleContext, public_id: UUID) -> PeerFeedbackRequest:
    """One of the student's own requests, open or closed; else 404."""
    if role.kind is not RoleKind.STUDENT:
        raise NotFoundOrNotYours
    request = (
        PeerFeedbackRequest.objects.filter(
            public_id=public_id,
            evidence__student_id=role.student_id,
            evidence__student__user=user,
        )
        .select_related("evidence", "group")
        .first()
    )
    if request is None:
        raise NotFoundOrNotYours
    return request


def access_own_peer_comment(user: User, role: RoleContext, public_id: UUID) -> PeerComment:
    """A comment the student wrote; anyone else's is 404."""
    if role.kind is not RoleKind.STUDENT:
        raise NotFoundOrNotYours
    comment = (
        PeerComment.objects.filter(
            public_id=public_id, author_id=role.student_id, author__user=user
        )
        .select_related("request__evidence")
        .first()
    )
    if comment is None:
        raise NotFoundOrNotYours
    return comment


def access_peer_comment_for_moderation(
    user: User, role: RoleContext, public_id: UUID
) -> PeerComment:
    """A comment in a group of this school year the staff member is linked to; else 404."""
    if role.kind is not RoleKind.STAFF:
        raise NotFoundOrNotYours
    comment = (
        PeerComment.objects.filter(
            public_id=public_id,
            request__group__school_id=role.school_id,
            request__group__school_year__end_date__gte=timezone.localdate(),
            request__group__staff__user=user,
        )
        .select_related("request__group", "request__evidence__student__school", "author__school")
        .first()
    )
    if comment is None:
        raise NotFoundOrNotYours
    return comment

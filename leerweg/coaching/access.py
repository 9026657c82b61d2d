"""Who may see and change coaching conversations, notes, agreements and day starts.

- A conversation is between a student and the staff who mentor or coach one
  of the student's groups this school year (``is_mentor_or_coach_of``). Those
  staff plan, log and change it; the student reads its shared parts and adds
  agenda items. Nobody else sees it: not other teachers, not school leaders,
  not guardians.
- A private note is shown to its author only. Anyone else asking for it gets
  the same 404 as for a note that does not exist, and the attempt is written
  to the audit trail (``coaching.private_note.denied``), whatever their role.
- Day starts are personal: the student sees their own, the mentors and
  coaches of the student's groups see them (audited by the views).
"""

from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.audit.models import AuditAction
from leerweg.audit.services import audit_record
from leerweg.coaching.models import (
    Agreement,
    AgreementOwner,
    Conversation,
    ConversationNote,
    NoteVisibility,
)
from leerweg.core.access import NotFoundOrNotYours
from leerweg.profiles.access import is_mentor_or_coach_of, is_owner
from leerweg.schools.access import access_group, access_student, students_visible_to
from leerweg.schools.models import Group, GroupStaff, GroupStaffRole, Student
from leerweg.schools.services import role_audit_label

PRIVATE_NOTE_DENIED = "coaching.private_note.denied"


def is_coach_of(user: User, role: RoleContext, student: Student) -> bool:
    return role.kind is RoleKind.STAFF and is_mentor_or_coach_of(user, role, student)


def may_see_coaching(user: User, role: RoleContext, student: Student) -> bool:
    return is_owner(user, role, student) or is_coach_of(user, role, student)


def access_coached_student(
    user: User, role: RoleContext, public_id: UUID, *, coach: bool = False
) -> Student:
    """The student whose conversations ``user`` may see (with ``coach``: plan and log)."""
    student = access_student(user, role, public_id)
    allowed = is_coach_of(user, role, student) if coach else may_see_coaching(user, role, student)
    if not allowed:
        raise NotFoundOrNotYours
    return student


def access_conversation(
    user: User, role: RoleContext, public_id: UUID, *, coach: bool = False
) -> Conversation:
    """A conversation of a student ``user`` coaches, or of ``user`` as that student."""
    conversation = (
        Conversation.objects.filter(
            public_id=public_id, student__in=students_visible_to(user, role)
        )
        .select_related("student__user", "student__school", "coach")
        .first()
    )
    if conversation is None:
        raise NotFoundOrNotYours
    student = conversation.student
    allowed = is_coach_of(user, role, student) if coach else may_see_coaching(user, role, student)
    if not allowed:
        raise NotFoundOrNotYours
    return conversation


def access_note(user: User, role: RoleContext, public_id: UUID) -> ConversationNote:
    """A shared note for the conversation's people; a private note for its author only."""
    note = (
        ConversationNote.objects.filter(public_id=public_id)
        .select_related("conversation__student__user", "conversation__student__school", "author")
        .first()
    )
    if note is None:
        raise NotFoundOrNotYours
    if note.is_private and note.author_id != user.pk:
        _record_denied_private_note(user, role, note.conversation.student)
        raise NotFoundOrNotYours
    # The author of a private note must still coach the student to read it.
    access_conversation(user, role, note.conversation.public_id)
    return note


def _record_denied_private_note(user: User, role: RoleContext, student: Student) -> None:
    # Every role, the student's own included: an attempt to read a private
    # note is itself something the school must be able to look back on.
    audit_record(
        actor=user,
        actor_role=role_audit_label(role),
        action=AuditAction.VIEW,
        what=PRIVATE_NOTE_DENIED,
        subjects=[(student.public_id, student.school.public_id)],
    )


def visible_notes(user: User, conversation: Conversation) -> QuerySet[ConversationNote]:
    """Shared notes, and the private notes ``user`` wrote themself."""
    shared = ConversationNote.objects.filter(
        conversation=conversation, visibility=NoteVisibility.SHARED
    )
    own_private = ConversationNote.objects.filter(
        conversation=conversation, visibility=NoteVisibility.PRIVATE, author=user
    )
    return (shared | own_private).select_related("author").order_by("created_at", "id")


def access_agreement(user: User, role: RoleContext, public_id: UUID) -> Agreement:
    """An agreement whose status ``user`` may change.

    The coaches of the student change any; the student changes the ones they own.
    """
    agreement = (
        Agreement.objects.filter(public_id=public_id, student__in=students_visible_to(user, role))
        .select_related("student__user", "student__school", "conversation")
        .first()
    )
    if agreement is None:
        raise NotFoundOrNotYours
    if not may_change_agreement(user, role, agreement):
        raise NotFoundOrNotYours
    return agreement


def may_change_agreement(user: User, role: RoleContext, agreement: Agreement) -> bool:
    student = agreement.student
    if is_coach_of(user, role, student):
        return True
    return is_owner(user, role, student) and agreement.owner == AgreementOwner.STUDENT


def access_mentored_group(user: User, role: RoleContext, group_id: int) -> Group:
    """A group ``user`` mentors or coaches this school year; else 404 (leaders too)."""
    group = access_group(user, role, group_id)
    mentors = GroupStaff.objects.filter(
        group=group,
        user=user,
        role__in=[GroupStaffRole.MENTOR, GroupStaffRole.COACH],
        group__school_year__end_date__gte=timezone.localdate(),
    )
    if not mentors.exists():
        raise NotFoundOrNotYours
    return group

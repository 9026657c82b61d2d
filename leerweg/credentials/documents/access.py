"""Who may see, curate, validate and issue a Plusdocument.

- The student owns their Plusdocuments: sees every version, curates the draft
  (which lines appear, their order, a short text in their own words).
- A guardian linked to a student under 16 may view the student's documents;
  from 16 the student decides for themself (``Student.decides_own_consent``).
- Staff see the documents of the students ``schools.access`` lets them see;
  a teacher, mentor or coach of the student and a school leader validate lines
  and add lines of the school (student council and the like).
- Only a school leader issues a document.

Everything outside that scope is ``NotFoundOrNotYours`` (404).
"""

from uuid import UUID

from django.db.models import QuerySet

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.core.access import NotFoundOrNotYours
from leerweg.credentials.models import Plusdocument
from leerweg.profiles.access import is_owner
from leerweg.schools.access import students_visible_to
from leerweg.schools.models import StaffRole, Student

VALIDATING_ROLES = (
    StaffRole.TEACHER,
    StaffRole.MENTOR,
    StaffRole.COACH,
    StaffRole.SCHOOL_LEADER,
)


def may_view(user: User, role: RoleContext, student: Student) -> bool:
    """For a student already in ``students_visible_to``: may they see the Plusdocument?"""
    match role.kind:
        case RoleKind.STUDENT:
            return is_owner(user, role, student)
        case RoleKind.GUARDIAN:
            return not student.decides_own_consent()
        case RoleKind.STAFF:
            return student.school_id == role.school_id
        case _:
            return False


def may_curate(user: User, role: RoleContext, document: Plusdocument) -> bool:
    return is_owner(user, role, document.student)


def may_validate(role: RoleContext, document: Plusdocument) -> bool:
    return role.has_staff_role(*VALIDATING_ROLES) and document.student.school_id == role.school_id


def may_issue(role: RoleContext, document: Plusdocument) -> bool:
    return (
        role.has_staff_role(StaffRole.SCHOOL_LEADER)
        and document.student.school_id == role.school_id
    )


def documents_visible_to(user: User, role: RoleContext) -> QuerySet[Plusdocument]:
    return Plusdocument.objects.filter(student__in=students_visible_to(user, role))


def access_document_student(user: User, role: RoleContext, public_id: UUID) -> Student:
    student = (
        students_visible_to(user, role)
        .select_related("user", "school")
        .filter(public_id=public_id)
        .first()
    )
    if student is None or not may_view(user, role, student):
        raise NotFoundOrNotYours
    return student


def access_document(
    user: User, role: RoleContext, public_id: UUID, *, action: str = "view"
) -> Plusdocument:
    """The document ``user`` may ``view``, ``curate``, ``validate`` or ``issue``."""
    document = (
        documents_visible_to(user, role)
        .select_related("student__user", "student__school", "school_year", "issued_by")
        .filter(public_id=public_id)
        .first()
    )
    if document is None or not may_view(user, role, document.student):
        raise NotFoundOrNotYours
    allowed = {
        "view": True,
        "curate": action == "curate" and may_curate(user, role, document),
        "validate": action == "validate" and may_validate(role, document),
        "issue": action == "issue" and may_issue(role, document),
    }
    if not allowed.get(action, False):
        raise NotFoundOrNotYours
    return document

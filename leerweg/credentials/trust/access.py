"""Who may download which issued credential.

A credential belongs to its student: the student downloads their own; a guardian
does so for a student under 16 (from 16 the student exercises their own rights).
Anything else is "not found", whether it exists or not.
"""

from uuid import UUID

from django.db.models import QuerySet

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.core.access import NotFoundOrNotYours
from leerweg.credentials.models import IssuedCredential
from leerweg.schools.access import students_visible_to
from leerweg.schools.models import Student


def students_of_credentials(user: User, role: RoleContext) -> list[Student]:
    """Whose credentials this person holds: themself, or their children under 16."""
    if role.kind not in (RoleKind.STUDENT, RoleKind.GUARDIAN):
        return []
    students = students_visible_to(user, role).select_related("user", "school")
    is_student = role.kind is RoleKind.STUDENT
    return [student for student in students if student.decides_own_consent() == is_student]


def credentials_visible_to(user: User, role: RoleContext) -> QuerySet[IssuedCredential]:
    students = students_of_credentials(user, role)
    return IssuedCredential.objects.filter(student__in=students).select_related(
        "school", "student__user"
    )


def access_own_credential(user: User, role: RoleContext, public_id: UUID) -> IssuedCredential:
    issued = credentials_visible_to(user, role).filter(public_id=public_id).first()
    if issued is None:
        raise NotFoundOrNotYours
    return issued

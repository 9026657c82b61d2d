"""Who may see and change a student's links to partners and their consent.

- From 16 the student decides; below 16 a guardian linked to the student
  decides (AVG/GDPR as applied in the Netherlands). Nobody else does.
- The student sees their own page at any age (read-only below 16); a
  guardian sees the page of a child under 16. A guardian of a child of 16 or
  older sees only that the child now decides: the choices are the child's.
- Staff, board viewers and other students see nothing here.
- A partner sees only its own links: the label it typed, the pseudonym and
  which consents are open. Never a name, a school or an id of Leerweg.

A student outside the scope gives the same answer as one that does not
exist (``NotFoundOrNotYours``).
"""

from uuid import UUID

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.consent.models import ActingAs
from leerweg.core.access import NotFoundOrNotYours
from leerweg.partners.models import PartnerOrganisation
from leerweg.schools.access import access_student
from leerweg.schools.models import Student

CONSENT_PAGE_ROLES = (RoleKind.STUDENT, RoleKind.GUARDIAN)


def access_consent_student(user: User, role: RoleContext, public_id: UUID) -> Student:
    """The student whose consent page ``user`` opens: themself, or one of their children."""
    if role.kind not in CONSENT_PAGE_ROLES:
        raise NotFoundOrNotYours
    return access_student(user, role, public_id)


def deciding_as(user: User, role: RoleContext, student: Student) -> ActingAs | None:
    """In which capacity ``user`` decides for ``student`` now; None if they do not decide."""
    own_decision = student.decides_own_consent()
    if role.kind is RoleKind.STUDENT:
        is_self = student.pk == role.student_id and student.user_id == user.pk
        return ActingAs.STUDENT if is_self and own_decision else None
    if role.kind is RoleKind.GUARDIAN and not own_decision:
        is_guardian = student.guardian_links.filter(guardian=user).exists()
        return ActingAs.GUARDIAN if is_guardian else None
    return None


def sees_consents(role: RoleContext, student: Student) -> bool:
    """The student always sees their own; a guardian only while the child is under 16.

    Call after ``access_consent_student``, which already checked the relation.
    """
    if role.kind is RoleKind.STUDENT:
        return True
    return role.kind is RoleKind.GUARDIAN and not student.decides_own_consent()


def access_partner(role: RoleContext) -> PartnerOrganisation:
    """The organisation a partner user acts for; the role itself was checked by the view."""
    partner = PartnerOrganisation.objects.filter(pk=role.partner_id).first()
    if role.kind is not RoleKind.PARTNER or partner is None:
        raise NotFoundOrNotYours
    return partner

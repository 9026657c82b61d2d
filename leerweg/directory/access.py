"""Who may see and change directory entries and offers.

- The directory is public: listed entries for everyone, also without login.
- A partner user changes the entry of their own organisation only, and the
  offers their organisation posted; anybody else's offer is a 404.
- A student sees an offer only if it is meant for them (``selectors``: the
  audience and the first-look rule); else a 404, as for one that does not exist.
"""

from datetime import date
from uuid import UUID

from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.core.access import NotFoundOrNotYours
from leerweg.directory.models import Offer
from leerweg.directory.selectors import offer_visible_to_student
from leerweg.schools.models import StaffRole, Student

# Who sees the uptake of offers at their school (names: see ``selectors.students_named_to``).
UPTAKE_ROLES = (StaffRole.SCHOOL_LEADER, StaffRole.MENTOR, StaffRole.COACH)


def access_partner_offer(role: RoleContext, public_id: UUID) -> Offer:
    if role.kind is not RoleKind.PARTNER:
        raise NotFoundOrNotYours
    offer = Offer.objects.filter(public_id=public_id, partner_id=role.partner_id).first()
    if offer is None:
        raise NotFoundOrNotYours
    return offer


def acting_student(role: RoleContext) -> Student:
    """The student record of a person acting as a student."""
    student = Student.objects.select_related("school").filter(pk=role.student_id).first()
    if role.kind is not RoleKind.STUDENT or student is None:
        raise NotFoundOrNotYours
    return student


def access_student_offer(student: Student, public_id: UUID, today: date) -> Offer:
    offer = offer_visible_to_student(student, public_id, today)
    if offer is None:
        raise NotFoundOrNotYours
    return offer

from collections.abc import Iterable

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.audit.models import AuditAction
from leerweg.audit.services import audit_record
from leerweg.schools.models import Student

# Roles whose looks at a student's data go into the audit trail. A student
# reading their own page, or a guardian their child's, is not "someone else".
AUDITED_ROLES = (RoleKind.STAFF, RoleKind.PARTNER)


def role_audit_label(role: RoleContext) -> str:
    if role.kind is RoleKind.STAFF:
        return "staff:" + ",".join(sorted(role.staff_roles))
    return str(role.kind)


def students_access_record(
    *,
    user: User,
    role: RoleContext,
    students: Iterable[Student],
    what: str,
    action: AuditAction = AuditAction.VIEW,
) -> int:
    """Write one audit event per student that ``user`` saw or changed in ``role``."""
    if role.kind not in AUDITED_ROLES:
        return 0
    return audit_record(
        actor=user,
        actor_role=role_audit_label(role),
        action=action,
        what=what,
        subjects=[(student.public_id, student.school.public_id) for student in students],
    )

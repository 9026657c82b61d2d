from collections.abc import Iterable
from uuid import UUID

from leerweg.accounts.models import User
from leerweg.audit.models import AuditAction, AuditEvent


def audit_record(
    *,
    actor: User,
    actor_role: str,
    action: AuditAction,
    what: str,
    subjects: Iterable[tuple[UUID, UUID | None]],
) -> int:
    """Record that ``actor`` did ``action`` on ``what`` for each (student, school) pair.

    One row per student, so each student's own view of the trail is a plain
    filter. Returns the number of rows written.
    """
    events = [
        AuditEvent(
            actor=actor,
            actor_role=actor_role,
            action=action,
            what=what,
            subject_public_id=student_id,
            school_public_id=school_id,
        )
        for student_id, school_id in subjects
    ]
    AuditEvent.objects.bulk_create(events)
    return len(events)

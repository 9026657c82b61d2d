from datetime import date
from uuid import UUID

from django.db.models import QuerySet

from leerweg.audit.models import AuditEvent


def audit_events_for_school(
    *,
    school_public_id: UUID,
    subject_public_ids: list[UUID] | None = None,
    actor_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(school_public_id=school_public_id)
    if subject_public_ids is not None:
        events = events.filter(subject_public_id__in=subject_public_ids)
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    if since is not None:
        events = events.filter(occurred_at__date__gte=since)
    if until is not None:
        events = events.filter(occurred_at__date__lte=until)
    return events.select_related("actor")


def audit_events_for_subject(*, subject_public_id: UUID) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(subject_public_id=subject_public_id).select_related("actor")

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID, uuid4

from django.db import transaction
from django.utils import timezone

from leerweg.accounts.models import User
from leerweg.accounts.roles import RoleContext
from leerweg.activities.models import Activity, HiddenActivity, Setting, Source
from leerweg.audit.models import AuditAction
from leerweg.audit.services import audit_record
from leerweg.core.bulk import insert_rows
from leerweg.partners.models import PartnerOrganisation
from leerweg.profiles.models import Audience, InterestArea, Skill
from leerweg.schools.models import Student
from leerweg.schools.services import role_audit_label

TITLE_MAX = Activity._meta.get_field("title").max_length or 150
DESCRIPTION_MAX = Activity._meta.get_field("description").max_length or 2000
ORGANISATION_MAX = Activity._meta.get_field("organisation").max_length or 150


@transaction.atomic
def activity_create(
    *,
    student: Student,
    recorded_by: User,
    source: Source,
    title: str,
    setting: Setting,
    started_on: date,
    ended_on: date | None = None,
    description: str = "",
    area: str = "",
    organisation: str = "",
) -> Activity:
    activity = Activity(
        student=student,
        recorded_by=recorded_by,
        source=source,
        title=title.strip(),
        setting=setting,
        started_on=started_on,
        ended_on=ended_on,
        description=description.strip(),
        area=area,
        organisation=organisation.strip(),
    )
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    activity.delete()


# --- Partner-recorded activities (from xAPI statements) ----------------------------------------


@dataclass(frozen=True)
class PartnerActivityInput:
    """One activity a partner recorded through the LRS, already mapped from its statement."""

    student_id: int
    partner_id: int
    statement_id: UUID | str
    title: str
    started_on: date
    description: str = ""
    ended_on: date | None = None
    area: str = ""
    skills: tuple[str, ...] = ()
    # What the timeline shows as the organisation; the partner's name.
    organisation: str = ""


_AREAS = frozenset(InterestArea.values)
_SKILLS = frozenset(Skill.values)
_PARTNER_ACTIVITY_COLUMNS = (
    "created_at", "updated_at", "public_id", "student", "partner", "statement_id", "source",
    "setting", "title", "description", "organisation", "started_on", "ended_on", "area",
    "skills",
)  # fmt: skip


def _partner_activity(row: PartnerActivityInput, now: datetime) -> tuple[object, ...]:
    """The row of one partner-recorded activity, in the order of the columns above."""
    ended_on = row.ended_on if row.ended_on and row.ended_on >= row.started_on else None
    return (
        now,
        now,
        uuid4(),
        row.student_id,
        row.partner_id,
        UUID(str(row.statement_id)),
        Source.PARTNER,
        Setting.OUT_OF_SCHOOL,
        row.title.strip()[:TITLE_MAX] or "-",
        row.description.strip()[:DESCRIPTION_MAX],
        row.organisation.strip()[:ORGANISATION_MAX],
        row.started_on,
        ended_on,
        row.area if row.area in _AREAS else "",
        sorted({skill for skill in row.skills if skill in _SKILLS}),
    )


def record_partner_activities(rows: list[PartnerActivityInput]) -> None:
    """Put partner-recorded statements on the students' timelines, in one query.

    A statement already on a timeline (the same partner sent it again) is left
    as it is: the unique (partner, statement) pair makes the insert skip it.
    Call it inside the transaction that stores the statements. It runs for
    every batch a partner sends, so it writes plain rows (``core.bulk``), not
    model instances.
    """
    now = timezone.now()
    insert_rows(
        Activity,
        _PARTNER_ACTIVITY_COLUMNS,
        [_partner_activity(row, now) for row in rows],
        skip_any_conflict=True,
    )


def remove_statement_activities(
    statement_ids: Iterable[UUID | str], *, partner_id: int | None = None
) -> int:
    """Take the activities of voided statements off the timeline; returns how many."""
    ids = {UUID(str(statement_id)) for statement_id in statement_ids}
    if not ids:
        return 0
    activities = Activity.objects.filter(statement_id__in=ids, source=Source.PARTNER)
    if partner_id is not None:
        activities = activities.filter(partner_id=partner_id)
    removed, _ = activities.delete()
    return removed


# --- Hiding and partner validation --------------------------------------------------------------


@transaction.atomic
def activity_hidden_set(
    *, activity: Activity, audiences: Iterable[str], user: User, role: RoleContext
) -> None:
    """Hide ``activity`` from exactly ``audiences`` (and show it to the others again)."""
    wanted = {audience for audience in audiences if audience in Audience.values}
    current = set(activity.hidden_from.values_list("audience", flat=True))
    if wanted == current:
        return
    activity.hidden_from.filter(audience__in=current - wanted).delete()
    HiddenActivity.objects.bulk_create(
        [HiddenActivity(activity=activity, audience=audience) for audience in wanted - current]
    )
    _audit(user=user, role=role, activity=activity, what="activity.hide")


@transaction.atomic
def activity_partner_validate(
    *,
    activity: Activity,
    partner: PartnerOrganisation | None,
    user: User,
    role: RoleContext,
) -> Activity:
    """Mark ``activity`` as validated by a partner: the recording one, or ``partner``."""
    if activity.source != Source.PARTNER:
        if partner is None:
            raise ValueError("An activity the partner did not record needs a partner to name.")
        activity.partner = partner
    activity.partner_validated_by = user
    activity.partner_validated_at = timezone.now()
    activity.save(
        update_fields=["partner", "partner_validated_by", "partner_validated_at", "updated_at"]
    )
    _audit(user=user, role=role, activity=activity, what="activity.partner-validate")
    return activity


@transaction.atomic
def activity_partner_unvalidate(*, activity: Activity, user: User, role: RoleContext) -> Activity:
    if activity.source != Source.PARTNER:
        activity.partner = None
    activity.partner_validated_by = None
    activity.partner_validated_at = None
    activity.save(
        update_fields=["partner", "partner_validated_by", "partner_validated_at", "updated_at"]
    )
    _audit(user=user, role=role, activity=activity, what="activity.partner-unvalidate")
    return activity


def _audit(*, user: User, role: RoleContext, activity: Activity, what: str) -> None:
    # The student's own hides are written too: the trail shows when a school
    # member lost sight of an activity, and why.
    audit_record(
        actor=user,
        actor_role=role_audit_label(role),
        action=AuditAction.CHANGE,
        what=what,
        subjects=[(activity.student.public_id, activity.student.school.public_id)],
    )

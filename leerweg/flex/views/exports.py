"""CSV downloads of a published week: the whole week for leaders, a roster for its teacher."""

from uuid import UUID

from django.http import HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.audit.models import AuditAction
from leerweg.core.access import NotFoundOrNotYours
from leerweg.flex.access import SESSION_ROLES, access_session
from leerweg.flex.exports import session_csv, week_csv
from leerweg.flex.models import AllocationRun
from leerweg.flex.schedule import published_run_of, session_takes_place_in, week_of_school
from leerweg.schools.models import StaffRole
from leerweg.schools.services import students_access_record


def _published_run(school_id: int, year: int, week: int) -> AllocationRun:
    """The published run of the school's week; 404 when there is none."""
    flex_week = week_of_school(school_id, year, week)
    run = published_run_of(flex_week) if flex_week is not None else None
    if run is None:
        raise NotFoundOrNotYours
    return run


def _download(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@role_required(RoleKind.STAFF, staff_roles=(StaffRole.SCHOOL_LEADER,))
def week_export(request: RoleRequest, year: int, week: int) -> HttpResponse:
    role = request.active_role
    run = _published_run(role.school_id, year, week)
    text, placements = week_csv(run)
    students_access_record(
        user=request.user,
        role=role,
        students=list({p.student_id: p.student for p in placements}.values()),
        what="flex.export",
        action=AuditAction.EXPORT,
    )
    return _download(text, f"flexuren-{run.week.code}.csv")


@require_GET
@role_required(RoleKind.STAFF, staff_roles=SESSION_ROLES)
def session_export(request: RoleRequest, session_id: UUID, year: int, week: int) -> HttpResponse:
    role = request.active_role
    session = access_session(request.user, role, session_id, edit=True)
    run = _published_run(role.school_id, year, week)
    if not session_takes_place_in(session, run.week):
        raise NotFoundOrNotYours
    text, placements = session_csv(run, session)
    students_access_record(
        user=request.user,
        role=role,
        students=[p.student for p in placements],
        what="flex.export",
        action=AuditAction.EXPORT,
    )
    return _download(text, f"flexsessie-{run.week.code}-{session.pk}.csv")


urlpatterns: list[URLPattern] = [
    path("weken/<int:year>/<int:week>/export.csv", week_export, name="week-export"),
    path(
        "sessies/<uuid:session_id>/<int:year>/<int:week>/export.csv",
        session_export,
        name="session-export",
    ),
]

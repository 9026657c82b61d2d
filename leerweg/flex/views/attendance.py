"""Taking attendance per session, and the mentor's view of their students' absences."""

from datetime import timedelta
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.audit.models import AuditAction
from leerweg.core.access import NotFoundOrNotYours
from leerweg.flex.access import SESSION_ROLES, access_session, mentored_students
from leerweg.flex.attendance import AttendanceForm, attendance_save
from leerweg.flex.forms import week_code
from leerweg.flex.models import FlexWeek
from leerweg.flex.schedule import (
    absences_of,
    attendance_open,
    published_run_of,
    roster,
    session_takes_place_in,
    week_of_school,
)
from leerweg.schools.services import students_access_record

# The mentor's page looks back this many weeks unless asked for another choice.
ABSENCE_WEEKS = (2, 4, 8, 12)
DEFAULT_ABSENCE_WEEKS = 4


def _week(role_school_id: int, year: int, week: int) -> FlexWeek:
    found = week_of_school(role_school_id, year, week)
    if found is None:
        raise NotFoundOrNotYours
    return found


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STAFF, staff_roles=SESSION_ROLES)
def attendance(request: RoleRequest, session_id: UUID, year: int, week: int) -> HttpResponse:
    """GET: the session's roster with the form; POST: save the whole session at once."""
    role = request.active_role
    session = access_session(request.user, role, session_id, edit=True)
    flex_week = _week(role.school_id, year, week)
    if not session_takes_place_in(session, flex_week):
        raise NotFoundOrNotYours
    run = published_run_of(flex_week)
    placements = roster(run, session) if run is not None else []
    may_take = run is not None and attendance_open(session, flex_week)
    form = AttendanceForm(request.POST if request.method == "POST" else None, placements=placements)
    if request.method == "POST":
        if run is None:
            form.add_error(None, _("This week's flex schedule has not been published."))
        elif not may_take:
            form.add_error(None, _("Attendance can be taken from the day of the session on."))
        elif form.is_valid():
            try:
                attendance_save(
                    run=run, session=session, marks=form.marks(), recorded_by=request.user
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                students_access_record(
                    user=request.user,
                    role=role,
                    students=[p.student for p in placements],
                    what="flex.attendance",
                    action=AuditAction.CHANGE,
                )
                messages.success(
                    request,
                    _("Attendance for “%(title)s” has been saved.") % {"title": session.title},
                )
                back = reverse("flex:my-sessions") + f"?week={week_code(flex_week.monday)}"
                if request.POST.get("back") == "session":
                    back = request.path
                return redirect(f"{back}#session-{session.public_id}")
    students_access_record(
        user=request.user, role=role, students=[p.student for p in placements], what="flex.roster"
    )
    context = {
        "session": session,
        "week": flex_week,
        "day": session.slot.date_in(flex_week.monday),
        "published": run is not None,
        "may_take": may_take,
        "form": form,
        "placements": placements,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "flex/attendance_session.html", context, status=status)


@require_GET
@role_required(RoleKind.STAFF, staff_roles=SESSION_ROLES)
def absences(request: RoleRequest) -> HttpResponse:
    """Absences without a reason and late arrivals of the students one mentors or coaches."""
    role = request.active_role
    try:
        weeks = int(request.GET.get("weken", DEFAULT_ABSENCE_WEEKS))
    except ValueError:
        weeks = DEFAULT_ABSENCE_WEEKS
    if weeks not in ABSENCE_WEEKS:
        weeks = DEFAULT_ABSENCE_WEEKS
    today = timezone.localdate()
    students = list(mentored_students(request.user, role).select_related("user", "school"))
    rows = list(absences_of(students, today - timedelta(weeks=weeks - 1), today))
    counted: dict[int, list] = {}
    for row in rows:
        counted.setdefault(row.placement.student_id, []).append(row)
    students_access_record(
        user=request.user,
        role=role,
        students=list({r.placement.student_id: r.placement.student for r in rows}.values()),
        what="flex.absences",
    )
    per_student = sorted(
        ((found[0].placement.student, found) for found in counted.values()),
        key=lambda item: (-len(item[1]), item[0].user.last_name, item[0].user.first_name),
    )
    context = {
        "weeks": weeks,
        "choices": ABSENCE_WEEKS,
        "per_student": per_student,
        "has_students": bool(students),
    }
    return render(request, "flex/absences.html", context)


urlpatterns: list[URLPattern] = [
    path(
        "sessies/<uuid:session_id>/<int:year>/<int:week>/aanwezigheid/",
        attendance,
        name="attendance",
    ),
    path("afwezigheid/", absences, name="absences"),
]

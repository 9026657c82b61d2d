"""Published flex schedules: the student's own, and the teacher's sessions of a week."""

from datetime import date
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.flex.access import SESSION_ROLES, access_choosing_student, leads_school
from leerweg.flex.attendance import AttendanceForm
from leerweg.flex.calendar import calendar_feed_of
from leerweg.flex.forms import week_choices, week_code, week_from_code
from leerweg.flex.models import CalendarFeedKind, FlexWeek
from leerweg.flex.schedule import (
    attendance_open,
    published_run_of,
    roster,
    student_schedule,
    teacher_sessions,
)
from leerweg.flex.selectors import flex_settings_of, monday_of, sessions_in_week
from leerweg.schools.models import School
from leerweg.schools.services import students_access_record


@require_GET
@role_required(RoleKind.STUDENT)
def schedule(request: RoleRequest, student_id: UUID) -> HttpResponse:
    """The student's flex hours: placements of published weeks, choices of the others."""
    student = access_choosing_student(request.user, request.active_role, student_id)
    context = {
        "student": student,
        "settings": flex_settings_of(student.school),
        "weeks": student_schedule(student),
        "feed": calendar_feed_of(request.user, student.school_id, CalendarFeedKind.STUDENT),
    }
    return render(request, "flex/schedule_student.html", context)


def _chosen_monday(request: RoleRequest) -> date:
    return week_from_code(request.GET.get("week", "")) or monday_of(timezone.localdate())


@require_GET
@role_required(RoleKind.STAFF, staff_roles=SESSION_ROLES)
def my_sessions(request: RoleRequest) -> HttpResponse:
    """The teacher's sessions of a week with the students placed and their attendance."""
    role = request.active_role
    school = School.objects.get(pk=role.school_id)
    monday = _chosen_monday(request)
    week = (
        FlexWeek.objects.filter(school=school, monday=monday).select_related("school_year").first()
    )
    context: dict[str, object] = {
        "week": week,
        "weeks": week_choices(school),
        "week_code": week_code(monday),
        "leads": leads_school(role),
        "feed": calendar_feed_of(request.user, school.pk, CalendarFeedKind.TEACHER),
    }
    if week is None:
        return render(request, "flex/schedule_teacher.html", context)
    run = published_run_of(week)
    sessions = list(teacher_sessions(request.user, school, week))
    cards = []
    seen = []
    for session in sessions:
        placements = roster(run, session) if run is not None else []
        seen += [p.student for p in placements]
        may_take = run is not None and attendance_open(session, week)
        form = AttendanceForm(placements=placements) if may_take else None
        cards.append((session, session.slot.date_in(week.monday), placements, form))
    students_access_record(user=request.user, role=role, students=seen, what="flex.roster")
    context |= {
        "published": run is not None,
        "cards": cards,
        "all_sessions": list(sessions_in_week(week)) if leads_school(role) and run else [],
    }
    return render(request, "flex/schedule_teacher.html", context)


urlpatterns: list[URLPattern] = [
    path("leerling/<uuid:student_id>/rooster/", schedule, name="schedule"),
    path("rooster/", my_sessions, name="my-sessions"),
]

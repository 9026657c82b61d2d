"""The student's flex weeks and the page on which they rank sessions per flex hour."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.core.access import NotFoundOrNotYours
from leerweg.flex import services
from leerweg.flex.access import access_choosing_student
from leerweg.flex.forms import ChoicesForm, add_service_errors
from leerweg.flex.models import FlexWeek
from leerweg.flex.selectors import (
    active_goals_of,
    choices_of,
    eligible_sessions,
    flex_settings_of,
    is_open,
    mandatory_of,
    sessions_in_week,
    slots_in_week,
    upcoming_weeks,
    week_monday,
)
from leerweg.schools.models import Student


@require_GET
@role_required(RoleKind.STUDENT)
def week_list(request: RoleRequest, student_id: UUID) -> HttpResponse:
    student = access_choosing_student(request.user, request.active_role, student_id)
    settings = flex_settings_of(student.school)
    weeks: list[tuple[FlexWeek, bool, int, int]] = []
    if settings.enabled:
        for monday in upcoming_weeks(student.school):
            week = services.flex_week_ensure(school=student.school, monday=monday)
            weeks.append(
                (
                    week,
                    is_open(week),
                    choices_of(student, week).order_by().values("slot_id").distinct().count(),
                    mandatory_of(student, week).count(),
                )
            )
    context = {"student": student, "settings": settings, "weeks": weeks}
    return render(request, "flex/week_list.html", context)


def _week_of(student: Student, year: int, week: int) -> FlexWeek:
    try:
        monday = week_monday(year, week)
        return services.flex_week_ensure(school=student.school, monday=monday)
    except (ValueError, services.FlexUnavailableError):
        raise NotFoundOrNotYours from None


def _initial(student: Student, week: FlexWeek) -> dict[str, str]:
    initial: dict[str, str] = {}
    for choice in choices_of(student, week):
        initial[f"slot_{choice.slot_id}_{choice.rank}"] = str(choice.session_id)
        if choice.own_goal_id:
            initial.setdefault(f"goal_{choice.slot_id}", str(choice.own_goal_id))
    return initial


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STUDENT)
def choose(request: RoleRequest, student_id: UUID, year: int, week: int) -> HttpResponse:
    student = access_choosing_student(request.user, request.active_role, student_id)
    flex_week = _week_of(student, year, week)
    slots = slots_in_week(flex_week)
    sessions = list(sessions_in_week(flex_week, slots))
    eligible = eligible_sessions([student], flex_week, sessions)[student.pk]
    mandatory = list(mandatory_of(student, flex_week))
    required_slots = {assignment.slot_id for assignment in mandatory}
    per_slot = [
        (slot, [s for s in sessions if s.slot_id == slot.pk and s.pk in eligible])
        for slot in slots
        if slot.pk not in required_slots
    ]
    open_now = is_open(flex_week)
    form = ChoicesForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(student, flex_week),
        slots=[(slot, offered) for slot, offered in per_slot if offered],
        goals=list(active_goals_of(student)),
    )
    if request.method == "POST":
        if not open_now:
            messages.error(
                request, _("Choosing for this week has closed. Your choices are locked.")
            )
        elif form.is_valid():
            try:
                services.flex_choices_save(
                    student=student, week=flex_week, ranked=form.cleaned_data["ranked"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your choices have been saved."))
                return redirect("flex:choose", student_id=student.public_id, year=year, week=week)
    context = {
        "student": student,
        "week": flex_week,
        "open": open_now,
        "settings": flex_settings_of(student.school),
        "form": form,
        "per_slot": per_slot,
        "mandatory": mandatory,
        "choices": list(choices_of(student, flex_week)),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "flex/choose.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("leerling/<uuid:student_id>/", week_list, name="week-list"),
    path("leerling/<uuid:student_id>/<int:year>/<int:week>/", choose, name="choose"),
]

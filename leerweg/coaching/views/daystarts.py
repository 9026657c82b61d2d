"""Day starts: the student's check-in and the mentor's board of the group."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.coaching import services
from leerweg.coaching.access import access_mentored_group
from leerweg.coaching.forms import DayStartForm
from leerweg.coaching.selectors import coaching_settings_of, day_start_board, day_start_of
from leerweg.schools.access import access_student
from leerweg.schools.services import students_access_record


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STUDENT)
def day_start(request: RoleRequest) -> HttpResponse:
    role = request.active_role
    student = access_student(request.user, role, UUID(role.student_public_id))
    if not coaching_settings_of(student.school).day_starts_enabled:
        context = {"enabled": False, "student": student}
        return render(request, "coaching/day_start_form.html", context)
    today = timezone.localdate()
    existing = day_start_of(student, today)
    form = DayStartForm(
        request.POST if request.method == "POST" else None, instance=existing, student=student
    )
    if request.method == "POST" and form.is_valid():
        services.day_start_save(student=student, day=today, **form.cleaned_data)
        messages.success(request, _("Your day start has been saved. Have a good day!"))
        return redirect("coaching:daystart")
    status = 400 if request.method == "POST" else 200
    context = {
        "enabled": True,
        "form": form,
        "existing": existing,
        "today": today,
        "student": student,
    }
    return render(request, "coaching/day_start_form.html", context, status=status)


@require_GET
@role_required(RoleKind.STAFF)
def day_start_board_view(request: RoleRequest, group_id: int) -> HttpResponse:
    role = request.active_role
    group = access_mentored_group(request.user, role, group_id)
    enabled = coaching_settings_of(group.school).day_starts_enabled
    today = timezone.localdate()
    rows = day_start_board(group, today) if enabled else []
    students_access_record(
        user=request.user, role=role, students=[row.student for row in rows], what="daystart.board"
    )
    context = {
        "group": group,
        "enabled": enabled,
        "today": today,
        "rows": rows,
        "checked_in": [row for row in rows if row.today],
        "missing": [row for row in rows if not row.today],
        "attention": [row for row in rows if row.needs_attention],
    }
    return render(request, "coaching/day_start_board.html", context)


urlpatterns: list[URLPattern] = [
    path("dagstart/", day_start, name="daystart"),
    path("groepen/<int:group_id>/dagstart/", day_start_board_view, name="daystart-board"),
]

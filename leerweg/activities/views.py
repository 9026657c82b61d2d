from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.activities.access import (
    access_activity_for_removal,
    activities_visible_to,
    may_add_activity,
)
from leerweg.activities.forms import ActivityForm
from leerweg.activities.models import Source
from leerweg.activities.services import activity_create, activity_delete
from leerweg.profiles.access import is_owner
from leerweg.schools.access import access_student
from leerweg.schools.services import students_access_record

PEOPLE_WITH_STUDENTS = (RoleKind.STUDENT, RoleKind.GUARDIAN, RoleKind.STAFF)


@require_GET
@role_required(*PEOPLE_WITH_STUDENTS)
def timeline(request: RoleRequest, student_id: UUID) -> HttpResponse:
    student = access_student(request.user, request.active_role, student_id)
    activities = activities_visible_to(request.user, request.active_role, student).select_related(
        "recorded_by"
    )
    page = Paginator(activities, 30).get_page(request.GET.get("page"))
    students_access_record(
        user=request.user, role=request.active_role, students=[student], what="activities.list"
    )
    return render(
        request,
        "activities/timeline.html",
        {
            "student": student,
            "page": page,
            "may_add": may_add_activity(request.user, request.active_role, student),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STUDENT, RoleKind.STAFF)
def add(request: RoleRequest, student_id: UUID) -> HttpResponse:
    role = request.active_role
    student = access_student(request.user, role, student_id)
    if not may_add_activity(request.user, role, student):
        raise PermissionDenied
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source = Source.STUDENT if is_owner(request.user, role, student) else Source.STAFF
        activity_create(
            student=student, recorded_by=request.user, source=source, **form.cleaned_data
        )
        messages.success(request, _("Activity added."))
        return redirect("activities:timeline", student_id=student.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "activities/add.html", {"student": student, "form": form}, status=status)


@require_POST
@role_required(RoleKind.STUDENT, RoleKind.STAFF)
def remove(request: RoleRequest, activity_id: UUID) -> HttpResponse:
    activity = access_activity_for_removal(request.user, request.active_role, activity_id)
    student_id = activity.student.public_id
    activity_delete(activity=activity)
    messages.success(request, _("Activity removed."))
    return redirect("activities:timeline", student_id=student_id)

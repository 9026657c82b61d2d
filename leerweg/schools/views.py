from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.schools.access import access_group, access_student, groups_visible_to
from leerweg.schools.selectors import group_list, group_roster, student_portrait
from leerweg.schools.services import students_access_record


@require_GET
@role_required(RoleKind.STAFF)
def group_index(request: RoleRequest) -> HttpResponse:
    groups = group_list(groups_visible_to(request.user, request.active_role))
    return render(request, "schools/group_list.html", {"groups": groups})


@require_GET
@role_required(RoleKind.STAFF)
def group_detail(request: RoleRequest, group_id: int) -> HttpResponse:
    group = access_group(request.user, request.active_role, group_id)
    students = list(group_roster(group))
    for student in students:
        student.school = group.school  # already known; saves a query per row
    students_access_record(
        user=request.user, role=request.active_role, students=students, what="group.roster"
    )
    staff = group.staff.select_related("user").order_by("role", "user__last_name")
    return render(
        request,
        "schools/group_detail.html",
        {"group": group, "students": students, "staff": staff},
    )


@require_GET
@role_required(RoleKind.STAFF, RoleKind.GUARDIAN, RoleKind.STUDENT)
def student_detail(request: RoleRequest, student_id: UUID) -> HttpResponse:
    student = access_student(request.user, request.active_role, student_id)
    students_access_record(
        user=request.user, role=request.active_role, students=[student], what="student.detail"
    )
    context = {"student": student, **student_portrait(student)}
    return render(request, "schools/student_detail.html", context)

"""The uptake of offers at a school: counts for the school, names of the students one may see."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.directory import selectors
from leerweg.directory.access import UPTAKE_ROLES
from leerweg.schools.services import students_access_record

AUDIT_WHAT = "directory.offer_uptake"


@require_GET
@role_required(RoleKind.STAFF, staff_roles=UPTAKE_ROLES)
def school_uptake(request: RoleRequest) -> HttpResponse:
    """School leaders see the names of all their students; mentors and coaches their own."""
    role = request.active_role
    uptake = selectors.school_uptake(request.user, role)
    named = {student.pk: student for row in uptake for student in row.names}
    students_access_record(user=request.user, role=role, students=named.values(), what=AUDIT_WHAT)
    return render(request, "directory/school_uptake.html", {"uptake": uptake})


urlpatterns: list[URLPattern] = [
    path("school/aanbod/", school_uptake, name="school-uptake"),
]

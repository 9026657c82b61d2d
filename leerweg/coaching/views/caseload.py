"""The coach's caseload, and the school's coaching settings."""

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
from leerweg.coaching.forms import CoachingSettingsForm
from leerweg.coaching.selectors import caseload_of, coaching_settings_of, mentored_groups
from leerweg.schools.models import School, StaffRole
from leerweg.schools.services import students_access_record


@require_GET
@role_required(RoleKind.STAFF)
def caseload(request: RoleRequest) -> HttpResponse:
    role = request.active_role
    students = list(caseload_of(request.user, role))
    students_access_record(
        user=request.user, role=role, students=students, what="coaching.caseload"
    )
    context = {
        "students": students,
        "groups": mentored_groups(request.user, role),
        "today": timezone.localdate(),
    }
    return render(request, "coaching/caseload.html", context)


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STAFF, staff_roles=(StaffRole.SCHOOL_LEADER,))
def coaching_settings(request: RoleRequest) -> HttpResponse:
    school = School.objects.get(pk=request.active_role.school_id)
    form = CoachingSettingsForm(
        request.POST if request.method == "POST" else None, instance=coaching_settings_of(school)
    )
    if request.method == "POST" and form.is_valid():
        services.coaching_settings_set(school=school, **form.cleaned_data)
        messages.success(request, _("The coaching settings have been saved."))
        return redirect("coaching:settings")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "coaching/settings.html", {"form": form, "school": school}, status=status
    )


urlpatterns: list[URLPattern] = [
    path("caseload/", caseload, name="caseload"),
    path("instellingen/", coaching_settings, name="settings"),
]

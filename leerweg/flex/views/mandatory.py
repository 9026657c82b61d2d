"""Mandatory instruction, and the mentor's view of choices tied to own goals."""

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
from leerweg.flex import services
from leerweg.flex.access import (
    SESSION_ROLES,
    access_assignment,
    access_session_to_require,
    leads_school,
    mentored_students,
    students_to_require,
)
from leerweg.flex.forms import MandatoryForm, add_service_errors
from leerweg.flex.models import FlexSession
from leerweg.flex.selectors import choices_with_goals, mandatory_for_session
from leerweg.profiles.access import visible_parts_for_students
from leerweg.profiles.models import ProfilePart
from leerweg.schools.models import School
from leerweg.schools.services import students_access_record


def _assignments(request: RoleRequest, session: FlexSession) -> list:
    """Upcoming assignments to the session that the viewer may see the students of."""
    assignments = mandatory_for_session(session)
    if not (leads_school(request.active_role) or session.teacher_id == request.user.pk):
        visible = students_to_require(request.user, request.active_role, session)
        assignments = assignments.filter(student__in=visible)
    return list(assignments)


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STAFF, staff_roles=SESSION_ROLES)
def mandatory_page(request: RoleRequest, session_id: UUID) -> HttpResponse:
    role = request.active_role
    session = access_session_to_require(request.user, role, session_id)
    school = School.objects.get(pk=role.school_id)
    form = MandatoryForm(
        request.POST if request.method == "POST" else None,
        school=school,
        students=students_to_require(request.user, role, session),
    )
    if request.method == "POST" and form.is_valid():
        student = form.cleaned_data["student"]
        try:
            week = services.flex_week_ensure(school=school, monday=form.cleaned_data["week"])
            services.mandatory_assign(
                student=student,
                session=session,
                week=week,
                reason=form.cleaned_data["reason"],
                set_by=request.user,
            )
        except services.FlexUnavailableError:
            form.add_error("week", _("There are no flex hours in that week."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            students_access_record(
                user=request.user,
                role=role,
                students=[student],
                what="flex.mandatory.create",
                action=AuditAction.CREATE,
            )
            messages.success(
                request,
                _("%(name)s must attend this session. They can see why on their flex page.")
                % {"name": student.user.get_full_name()},
            )
            return redirect("flex:mandatory", session_id=session.public_id)
    assignments = _assignments(request, session)
    students_access_record(
        user=request.user,
        role=role,
        students=[a.student for a in assignments],
        what="flex.mandatory.list",
    )
    context = {
        "session": session,
        "form": form,
        "assignments": assignments,
        "may_remove": {
            a.pk for a in assignments if a.set_by_id == request.user.pk or leads_school(role)
        },
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "flex/mandatory.html", context, status=status)


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STAFF, staff_roles=SESSION_ROLES)
def mandatory_delete(request: RoleRequest, assignment_id: UUID) -> HttpResponse:
    """GET asks to confirm; POST removes the obligation."""
    assignment = access_assignment(request.user, request.active_role, assignment_id)
    session_id = assignment.session.public_id
    if request.method == "GET":
        context = {
            "question": _("%(name)s no longer has to attend “%(title)s” in week %(week)s?")
            % {
                "name": assignment.student.user.get_full_name(),
                "title": assignment.session.title,
                "week": assignment.week.iso_week,
            },
            "detail": assignment.reason,
            "back": reverse("flex:mandatory", args=[session_id]),
        }
        return render(request, "flex/confirm_delete.html", context)
    try:
        services.mandatory_remove(assignment=assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        students_access_record(
            user=request.user,
            role=request.active_role,
            students=[assignment.student],
            what="flex.mandatory.delete",
            action=AuditAction.DELETE,
        )
        messages.success(request, _("The student no longer has to attend this session."))
    return redirect("flex:mandatory", session_id=session_id)


@require_GET
@role_required(RoleKind.STAFF, staff_roles=SESSION_ROLES)
def goal_choices(request: RoleRequest) -> HttpResponse:
    """Choices the mentor's or coach's students tied to an own goal they share with them."""
    role = request.active_role
    students = list(mentored_students(request.user, role).select_related("user", "school"))
    parts = visible_parts_for_students(request.user, role, students)
    sharing = [s for s in students if ProfilePart.GOALS in parts[s.pk]]
    choices = list(choices_with_goals(sharing, timezone.localdate()))
    students_access_record(
        user=request.user,
        role=role,
        students=list({c.student_id: c.student for c in choices}.values()),
        what="flex.goal_choices",
    )
    context = {"choices": choices, "has_students": bool(students)}
    return render(request, "flex/goal_choices.html", context)


urlpatterns: list[URLPattern] = [
    path("sessies/<uuid:session_id>/verplicht/", mandatory_page, name="mandatory"),
    path(
        "verplicht/<uuid:assignment_id>/verwijderen/",
        mandatory_delete,
        name="mandatory-delete",
    ),
    path("doelen/", goal_choices, name="goal-choices"),
]

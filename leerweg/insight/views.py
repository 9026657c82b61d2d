from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import AuthenticatedRequest, RoleRequest
from leerweg.accounts.roles import RoleContext, RoleKind
from leerweg.insight.class_overview import DEFAULT_QUIET_WEEKS, class_overview
from leerweg.insight.forms import AuditFilterForm, ClassOverviewFilterForm
from leerweg.insight.portrait import portrait
from leerweg.insight.roles import choose_role
from leerweg.insight.selectors import board_figures, school_audit_page, who_looked_summary
from leerweg.networks.selectors import network_list
from leerweg.partners.selectors import partner_with_members
from leerweg.schools.access import (
    WHOLE_SCHOOL_ROLES,
    access_group,
    access_student,
    groups_visible_to,
    schools_visible_to,
    sees_whole_school,
)
from leerweg.schools.models import Student
from leerweg.schools.selectors import children_of, group_list, school_figures, student_portrait
from leerweg.schools.services import students_access_record


@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    role = request.active_role
    if role is None:
        networks = network_list(request.user)
        return render(request, "insight/home_no_role.html", {"networks": networks})
    pages = {
        RoleKind.STUDENT: _student_home,
        RoleKind.GUARDIAN: _guardian_home,
        RoleKind.STAFF: _staff_home,
        RoleKind.BOARD: _board_home,
        RoleKind.PARTNER: _partner_home,
    }
    return pages[role.kind](request, role)


def _student_home(request: AuthenticatedRequest, role: RoleContext) -> HttpResponse:
    student = Student.objects.select_related("user", "school").get(pk=role.student_id)
    context = {"student": student, **student_portrait(student)}
    return render(request, "insight/home_student.html", context)


def _guardian_home(request: AuthenticatedRequest, role: RoleContext) -> HttpResponse:
    children = [
        {"student": child, **student_portrait(child)} for child in children_of(request.user)
    ]
    return render(request, "insight/home_guardian.html", {"children": children})


def _staff_home(request: AuthenticatedRequest, role: RoleContext) -> HttpResponse:
    context: dict[str, object] = {"whole_school": sees_whole_school(role)}
    if sees_whole_school(role):
        context["figures"] = school_figures(schools_visible_to(role))[0]
    else:
        context["groups"] = group_list(groups_visible_to(request.user, role))
    return render(request, "insight/home_staff.html", context)


def _board_home(request: AuthenticatedRequest, role: RoleContext) -> HttpResponse:
    figures = board_figures(schools_visible_to(role))
    return render(request, "insight/home_board.html", {"figures": figures})


def _partner_home(request: AuthenticatedRequest, role: RoleContext) -> HttpResponse:
    organisation = partner_with_members(role.partner_id)
    return render(request, "insight/home_partner.html", {"organisation": organisation})


@require_POST
def role_switch(request: AuthenticatedRequest) -> HttpResponse:
    chosen = choose_role(request, request.roles, request.POST.get("role", ""))
    if chosen is None:
        messages.error(request, _("That role is not available to you."))
    else:
        messages.success(request, _("You are now acting as: %(role)s") % {"role": chosen.label})
    return redirect("insight:home")


@require_GET
@role_required(RoleKind.STAFF, staff_roles=WHOLE_SCHOOL_ROLES)
def audit_school(request: RoleRequest) -> HttpResponse:
    school = schools_visible_to(request.active_role).get()
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = school_audit_page(school=school, filters=filters, page_number=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "insight/audit_school.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_GET
@role_required(RoleKind.STUDENT, RoleKind.GUARDIAN)
def audit_student(request: RoleRequest, student_id: UUID) -> HttpResponse:
    role = request.active_role
    student = access_student(request.user, role, student_id)
    # From 16 the student exercises their own privacy rights (AVG/GDPR in NL);
    # below 16 their guardians do.
    if student.decides_own_consent() != (role.kind is RoleKind.STUDENT):
        raise PermissionDenied
    rows = who_looked_summary(student)
    return render(request, "insight/audit_student.html", {"student": student, "rows": rows})


@login_not_required
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "insight/privacy.html")


@require_GET
@role_required(RoleKind.STAFF)
def class_overview_page(request: RoleRequest, group_id: int) -> HttpResponse:
    group = access_group(request.user, request.active_role, group_id)
    form = ClassOverviewFilterForm(request.GET or None)
    options = form.cleaned_data if form.is_valid() else {}
    overview = class_overview(
        user=request.user,
        role=request.active_role,
        group=group,
        quiet_weeks=options.get("weeks") or DEFAULT_QUIET_WEEKS,
        sort=options.get("sort") or "name",
        attention_only=bool(options.get("attention")),
        interest=options.get("interest") or "",
    )
    students_access_record(
        user=request.user,
        role=request.active_role,
        students=[row.student for row in overview.rows],
        what="group.overview",
    )
    template = (
        "insight/class_overview_table.html"
        if request.headers.get("HX-Request")
        else "insight/class_overview.html"
    )
    return render(request, template, {"overview": overview, "form": form, "group": group})


@require_GET
@role_required(RoleKind.STAFF, RoleKind.GUARDIAN, RoleKind.STUDENT)
def portrait_page(request: RoleRequest, student_id: UUID) -> HttpResponse:
    student = access_student(request.user, request.active_role, student_id)
    students_access_record(
        user=request.user, role=request.active_role, students=[student], what="portrait"
    )
    context = portrait(user=request.user, role=request.active_role, student=student)
    return render(request, "insight/portrait.html", context)

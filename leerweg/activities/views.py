from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.activities.access import (
    access_activity_for_hiding,
    access_activity_for_removal,
    access_activity_for_validation,
    activities_visible_to,
    may_add_activity,
    may_validate_activities,
)
from leerweg.activities.forms import HIDE_CHOICES, ActivityForm, HideForm, PartnerValidationForm
from leerweg.activities.models import Source
from leerweg.activities.services import (
    activity_create,
    activity_delete,
    activity_hidden_set,
    activity_partner_unvalidate,
    activity_partner_validate,
)
from leerweg.partners.models import PartnerOrganisation
from leerweg.profiles.access import is_owner
from leerweg.schools.access import access_student
from leerweg.schools.services import students_access_record

PEOPLE_WITH_STUDENTS = (RoleKind.STUDENT, RoleKind.GUARDIAN, RoleKind.STAFF)


@require_GET
@role_required(*PEOPLE_WITH_STUDENTS)
def timeline(request: RoleRequest, student_id: UUID) -> HttpResponse:
    role = request.active_role
    student = access_student(request.user, role, student_id)
    owner = is_owner(request.user, role, student)
    activities = activities_visible_to(request.user, role, student).select_related(
        "recorded_by", "partner", "partner_validated_by"
    )
    if owner:
        activities = activities.prefetch_related("hidden_from")
    page = Paginator(activities, 30).get_page(request.GET.get("page"))
    students_access_record(user=request.user, role=role, students=[student], what="activities.list")
    may_validate = may_validate_activities(request.user, role, student)
    return render(
        request,
        "activities/timeline.html",
        {
            "student": student,
            "page": page,
            "owner": owner,
            "may_add": may_add_activity(request.user, role, student),
            "may_validate": may_validate,
            "hide_choices": HIDE_CHOICES if owner else [],
            "partners": _partner_choices() if may_validate else [],
        },
    )


def _partner_choices() -> list[PartnerOrganisation]:
    return list(PartnerOrganisation.objects.order_by("name").only("public_id", "name"))


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


@require_POST
@role_required(RoleKind.STUDENT)
def hide(request: RoleRequest, activity_id: UUID) -> HttpResponse:
    activity = access_activity_for_hiding(request.user, request.active_role, activity_id)
    form = HideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who to hide the activity from."))
    else:
        activity_hidden_set(
            activity=activity,
            audiences=form.cleaned_data["hidden_from"],
            user=request.user,
            role=request.active_role,
        )
        messages.success(request, _("Saved who sees “%(title)s”.") % {"title": activity.title})
    return _back_to_timeline(activity.student.public_id, activity.public_id)


@require_POST
@role_required(RoleKind.STAFF)
def validate(request: RoleRequest, activity_id: UUID) -> HttpResponse:
    activity = access_activity_for_validation(request.user, request.active_role, activity_id)
    partner = activity.partner
    if activity.source != Source.PARTNER:
        form = PartnerValidationForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the partner that validated the activity."))
            return _back_to_timeline(activity.student.public_id, activity.public_id)
        partner = form.cleaned_data["partner"]
    activity_partner_validate(
        activity=activity, partner=partner, user=request.user, role=request.active_role
    )
    messages.success(request, _("Marked as validated by %(partner)s.") % {"partner": partner})
    return _back_to_timeline(activity.student.public_id, activity.public_id)


@require_POST
@role_required(RoleKind.STAFF)
def unvalidate(request: RoleRequest, activity_id: UUID) -> HttpResponse:
    activity = access_activity_for_validation(request.user, request.active_role, activity_id)
    activity_partner_unvalidate(activity=activity, user=request.user, role=request.active_role)
    messages.success(request, _("The partner validation was removed."))
    return _back_to_timeline(activity.student.public_id, activity.public_id)


def _back_to_timeline(student_id: UUID, activity_id: UUID) -> HttpResponse:
    url = reverse("activities:timeline", args=[student_id])
    return redirect(f"{url}#activity-{activity_id}")

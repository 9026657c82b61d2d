"""Sessions per week: what teachers offer, and how many students want each."""

from datetime import date
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
from leerweg.flex import services
from leerweg.flex.access import (
    SESSION_ROLES,
    SET_UP_ROLES,
    access_session,
    leads_school,
    may_edit_session,
    sets_up_flex,
)
from leerweg.flex.forms import (
    FlexSessionForm,
    add_service_errors,
    session_teachers,
    week_choices,
    week_code,
    week_from_code,
)
from leerweg.flex.models import FlexSession
from leerweg.flex.selectors import (
    flex_settings_of,
    is_open,
    monday_of,
    sessions_of_school,
    sessions_with_demand,
    slots_in_week,
)
from leerweg.schools.models import School, StaffRole


def _chosen_monday(request: RoleRequest) -> date:
    return week_from_code(request.GET.get("week", "")) or monday_of(timezone.localdate())


@require_GET
@role_required(RoleKind.STAFF, staff_roles=SESSION_ROLES + SET_UP_ROLES)
def session_list(request: RoleRequest) -> HttpResponse:
    role = request.active_role
    school = School.objects.get(pk=role.school_id)
    monday = _chosen_monday(request)
    context: dict[str, object] = {
        "school": school,
        "enabled": flex_settings_of(school).enabled,
        "may_set_up": sets_up_flex(role),
        "may_offer": role.has_staff_role(*SESSION_ROLES),
        "mentors": role.has_staff_role(StaffRole.MENTOR, StaffRole.COACH),
        "weeks": week_choices(school),
        "week_code": week_code(monday),
    }
    try:
        week = services.flex_week_ensure(school=school, monday=monday)
    except services.FlexUnavailableError:
        return render(request, "flex/session_list.html", {**context, "week": None})
    slots = slots_in_week(week)
    sessions = list(sessions_with_demand(week, slots))
    for session in sessions:
        session.editable = may_edit_session(request.user, role, session)  # type: ignore[attr-defined]
    context |= {
        "week": week,
        "open": is_open(week),
        "slots": [(slot, [s for s in sessions if s.slot_id == slot.pk]) for slot in slots],
    }
    return render(request, "flex/session_list.html", context)


def _session_page(request: RoleRequest, session: FlexSession | None) -> HttpResponse:
    role = request.active_role
    school = School.objects.get(pk=role.school_id)
    others = sessions_of_school(school)
    if session is not None:
        others = others.exclude(pk=session.pk)
    teachers = session_teachers(school) if leads_school(role) else None
    initial = FlexSessionForm.initial_for(session) if session else {"week": _week_param(request)}
    form = FlexSessionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        school=school,
        teachers=teachers,
        sessions=others,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.setdefault("teacher", session.teacher if session else request.user)
        monday = data.pop("week")
        try:
            week = services.flex_week_ensure(school=school, monday=monday) if monday else None
            saved = services.flex_session_save(session=session, week=week, **data)
        except services.FlexUnavailableError:
            form.add_error("week", _("There are no flex hours in that week."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The session has been saved."))
            shown = saved.week.monday if saved.week else monday_of(timezone.localdate())
            return redirect(f"{reverse('flex:session-list')}?week={week_code(shown)}")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "session": session}
    return render(request, "flex/session_form.html", context, status=status)


def _week_param(request: RoleRequest) -> str:
    monday = week_from_code(request.GET.get("week", ""))
    return week_code(monday) if monday else ""


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STAFF, staff_roles=SESSION_ROLES)
def session_create(request: RoleRequest) -> HttpResponse:
    return _session_page(request, None)


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STAFF, staff_roles=SESSION_ROLES)
def session_edit(request: RoleRequest, session_id: UUID) -> HttpResponse:
    session = access_session(request.user, request.active_role, session_id, edit=True)
    return _session_page(request, session)


urlpatterns: list[URLPattern] = [
    path("sessies/", session_list, name="session-list"),
    path("sessies/nieuw/", session_create, name="session-create"),
    path("sessies/<uuid:session_id>/bewerken/", session_edit, name="session-edit"),
]

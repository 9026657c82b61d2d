"""Pages of a school's curriculum: read by its staff and students, edited by its leaders."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.curriculum import services
from leerweg.curriculum.access import (
    EDITOR_ROLES,
    access_domain,
    access_goal,
    access_line,
    curriculum_editable_by,
    curriculum_school,
)
from leerweg.curriculum.forms import DomainForm, GoalFilterForm, GoalForm, ImportForm, LineForm
from leerweg.curriculum.selectors import (
    GoalFilters,
    curriculum_domains,
    curriculum_sectors,
    curriculum_tree,
    domain_contents,
    goal_prerequisites,
    goal_unlocks,
)

readers_only = role_required(RoleKind.STAFF, RoleKind.STUDENT)
editors_only = role_required(RoleKind.STAFF, staff_roles=EDITOR_ROLES)
SHOWN_PROBLEMS = 200


@require_GET
@readers_only
def overview(request: RoleRequest) -> HttpResponse:
    role = request.active_role
    school = curriculum_school(role)
    sectors = curriculum_sectors(school_id=school.pk)
    form = GoalFilterForm(request.GET or None, school=school, sectors=sectors)
    filters = GoalFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = GoalFilters(
            sector=data.get("sector", ""), year=data["year"], aim=data["aim"], text=data["q"]
        )
    tree = curriculum_tree(school_id=school.pk, filters=filters)
    context = {
        "school": school,
        "form": form,
        "filters": filters,
        "tree": tree,
        "goal_count": sum(node.goal_count for node in tree),
        "can_edit": curriculum_editable_by(role),
    }
    # htmx swaps just the tree (and the count) when the filters change; the
    # same URL then answers two ways, so caches must keep them apart.
    if request.headers.get("HX-Request") == "true":
        response = render(request, "curriculum/_tree.html", {**context, "htmx": True})
    else:
        response = render(request, "curriculum/overview.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@readers_only
def goal_detail(request: RoleRequest, curriculum_goal_id: int) -> HttpResponse:
    goal = access_goal(request.active_role, curriculum_goal_id)
    context = {
        "goal": goal,
        "prerequisites": goal_prerequisites(goal),
        "unlocks": goal_unlocks(goal),
        "can_edit": curriculum_editable_by(request.active_role),
    }
    return render(request, "curriculum/goal_detail.html", context)


# --- Domains --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@editors_only
def domain_create(request: RoleRequest) -> HttpResponse:
    school = curriculum_school(request.active_role)
    form = DomainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        domain = _apply(form, services.domain_create, school=school, **form.cleaned_data)
        if domain is not None:
            messages.success(request, _("Domain “%(name)s” added.") % {"name": domain.name})
            return redirect(_overview_at("domain", domain.pk))
    return _form_page(request, form, _("New domain"), _("Add domain"))


@require_http_methods(["GET", "POST"])
@editors_only
def domain_edit(request: RoleRequest, learning_domain_id: int) -> HttpResponse:
    domain = access_domain(request.active_role, learning_domain_id)
    title = _("Edit domain %(name)s") % {"name": domain.name}
    initial = {"name": domain.name, "code": domain.code}
    form = DomainForm(request.POST or None, initial=initial)
    saved = request.method == "POST" and form.is_valid()
    if saved and _apply(form, services.domain_update, domain=domain, **form.cleaned_data):
        messages.success(request, _("Domain “%(name)s” saved.") % {"name": domain.name})
        return redirect(_overview_at("domain", domain.pk))
    return _form_page(request, form, title, _("Save"), delete=("domain-delete", domain.pk))


@require_http_methods(["GET", "POST"])
@editors_only
def domain_delete(request: RoleRequest, learning_domain_id: int) -> HttpResponse:
    domain = access_domain(request.active_role, learning_domain_id)
    if request.method == "POST":
        services.domain_delete(domain=domain)
        messages.success(request, _("Domain “%(name)s” deleted.") % {"name": domain.name})
        return redirect("curriculum:overview")
    counts = domain_contents(domain)
    return _delete_page(request, domain.name, _overview_at("domain", domain.pk), **counts)


# --- Learning lines -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@editors_only
def line_create(request: RoleRequest) -> HttpResponse:
    school = curriculum_school(request.active_role)
    domains = curriculum_domains(school_id=school.pk)
    initial = {"domain": request.GET.get("domain")}
    form = LineForm(request.POST or None, domains=domains, initial=initial)
    if request.method == "POST" and form.is_valid():
        line = _apply(form, services.line_create, **form.cleaned_data)
        if line is not None:
            messages.success(request, _("Learning line “%(name)s” added.") % {"name": line.name})
            return redirect(_overview_at("line", line.pk))
    return _form_page(request, form, _("New learning line"), _("Add learning line"))


@require_http_methods(["GET", "POST"])
@editors_only
def line_edit(request: RoleRequest, learning_line_id: int) -> HttpResponse:
    line = access_line(request.active_role, learning_line_id)
    title = _("Edit learning line %(name)s") % {"name": line.name}
    domains = curriculum_domains(school_id=line.domain.school_id)
    initial = {"domain": line.domain_id, "name": line.name, "code": line.code}
    form = LineForm(request.POST or None, domains=domains, initial=initial)
    saved = request.method == "POST" and form.is_valid()
    if saved and _apply(form, services.line_update, line=line, **form.cleaned_data):
        messages.success(request, _("Learning line “%(name)s” saved.") % {"name": line.name})
        return redirect(_overview_at("line", line.pk))
    return _form_page(request, form, title, _("Save"), delete=("line-delete", line.pk))


@require_http_methods(["GET", "POST"])
@editors_only
def line_delete(request: RoleRequest, learning_line_id: int) -> HttpResponse:
    line = access_line(request.active_role, learning_line_id)
    if request.method == "POST":
        services.line_delete(line=line)
        messages.success(request, _("Learning line “%(name)s” deleted.") % {"name": line.name})
        return redirect(_overview_at("domain", line.domain_id))
    return _delete_page(request, line.name, _overview_at("line", line.pk), goals=line.goals.count())


# --- Goals ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@editors_only
def goal_create(request: RoleRequest) -> HttpResponse:
    school = curriculum_school(request.active_role)
    initial = {"line": request.GET.get("line"), "sector": school.sector}
    form = GoalForm(request.POST or None, school=school, initial=initial)
    if request.method == "POST" and form.is_valid():
        goal = _apply(form, services.goal_create, **form.cleaned_data)
        if goal is not None:
            messages.success(request, _("Goal %(code)s added.") % {"code": goal.code})
            return redirect("curriculum:goal-detail", curriculum_goal_id=goal.pk)
    if not form.fields["line"].queryset.exists():  # type: ignore[attr-defined]
        messages.info(request, _("Add a domain and a learning line first; goals sit in a line."))
    return _form_page(request, form, _("New learning goal"), _("Add goal"))


@require_http_methods(["GET", "POST"])
@editors_only
def goal_edit(request: RoleRequest, curriculum_goal_id: int) -> HttpResponse:
    goal = access_goal(request.active_role, curriculum_goal_id)
    title = _("Edit goal %(code)s") % {"code": goal.code}
    school = curriculum_school(request.active_role)
    form = GoalForm(
        request.POST or None, school=school, goal=goal, initial=GoalForm.initial_for(goal)
    )
    saved = request.method == "POST" and form.is_valid()
    if saved and _apply(form, services.goal_update, goal=goal, **form.cleaned_data):
        messages.success(request, _("Goal %(code)s saved.") % {"code": goal.code})
        return redirect("curriculum:goal-detail", curriculum_goal_id=goal.pk)
    return _form_page(request, form, title, _("Save"), delete=("goal-delete", goal.pk))


@require_http_methods(["GET", "POST"])
@editors_only
def goal_delete(request: RoleRequest, curriculum_goal_id: int) -> HttpResponse:
    goal = access_goal(request.active_role, curriculum_goal_id)
    if request.method == "POST":
        services.goal_delete(goal=goal)
        messages.success(request, _("Goal %(code)s deleted.") % {"code": goal.code})
        return redirect(_overview_at("line", goal.line_id))
    cancel = reverse("curriculum:goal-detail", args=[goal.pk])
    return _delete_page(request, str(goal), cancel, unlocks=goal.unlocks.count())


# --- CSV ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@editors_only
def curriculum_import(request: RoleRequest) -> HttpResponse:
    school = curriculum_school(request.active_role)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.curriculum_import(school=school, data=form.cleaned_data["file"])
        if result.succeeded:
            messages.success(request, _import_summary(result))
            return redirect("curriculum:overview")
    problems = result.problems if result else []
    context = {
        "form": form,
        "problems": problems[:SHOWN_PROBLEMS],
        "hidden_problems": max(0, len(problems) - SHOWN_PROBLEMS),
    }
    return render(request, "curriculum/import.html", context)


@require_GET
@editors_only
def curriculum_export(request: RoleRequest) -> HttpResponse:
    school = curriculum_school(request.active_role)
    # Excel with Dutch settings opens a semicolon-separated file in columns.
    delimiter = ";" if request.GET.get("separator") == "semicolon" else ","
    content = services.curriculum_export(school=school, delimiter=delimiter)
    name = f"leerplan-{school.brin}-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Shared ---------------------------------------------------------------------------------


def _apply(form: Form, service: Any, **arguments: Any) -> Any:
    """Call ``service``; on a ``ValidationError``, put its messages on the form and return None."""
    try:
        return service(**arguments)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for field, field_messages in errors.items():
            form.add_error(field if field in form.fields else None, field_messages)
        return None


def _overview_at(kind: str, pk: int) -> str:
    return f"{reverse('curriculum:overview')}#{kind}-{pk}"


def _form_page(
    request: RoleRequest,
    form: Form,
    title: str,
    submit: str,
    delete: tuple[str, int] | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "delete_url": reverse(f"curriculum:{delete[0]}", args=[delete[1]]) if delete else "",
    }
    return render(request, "curriculum/form.html", context)


def _delete_page(request: RoleRequest, name: str, cancel_url: str, **counts: int) -> HttpResponse:
    context = {"name": name, "cancel_url": cancel_url, **counts}
    return render(request, "curriculum/confirm_delete.html", context)


def _import_summary(result: services.CurriculumImport) -> str:
    return _(
        "Import done: %(created)s goals added, %(updated)s changed, %(unchanged)s unchanged; "
        "%(domains)s new domains and %(lines)s new learning lines."
    ) % {
        "created": result.goals_created,
        "updated": result.goals_updated,
        "unchanged": result.goals_unchanged,
        "domains": result.domains_created,
        "lines": result.lines_created,
    }

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerweg.accounts.decorators import role_required
from leerweg.accounts.http import RoleRequest
from leerweg.accounts.roles import RoleKind
from leerweg.paths.access import access_own_goal, may_agree_to_goals, may_see_part
from leerweg.paths.forms.goals import OwnGoalForm, PlanStepForm, ReflectionForm, VersionForm
from leerweg.paths.models import OwnGoal, PlanStep
from leerweg.paths.selectors.goals import own_goal_detail, own_goals_of
from leerweg.paths.services import goals as services
from leerweg.profiles.access import is_owner
from leerweg.profiles.models import ProfilePart
from leerweg.schools.access import access_student
from leerweg.schools.services import students_access_record

PEOPLE_WITH_STUDENTS = (RoleKind.STUDENT, RoleKind.GUARDIAN, RoleKind.STAFF)
CHANGED_MEANWHILE = gettext_lazy(
    "This goal was changed in the meantime (perhaps in another window). "
    "Below is the latest version; make your change again."
)


@require_GET
@role_required(*PEOPLE_WITH_STUDENTS)
def goal_list(request: RoleRequest, student_id: UUID) -> HttpResponse:
    role = request.active_role
    student = access_student(request.user, role, student_id)
    shared = may_see_part(request.user, role, student, ProfilePart.GOALS)
    if shared:
        students_access_record(user=request.user, role=role, students=[student], what="goals.list")
    return render(
        request,
        "paths/goal_list.html",
        {
            "student": student,
            "shared": shared,
            "goals": own_goals_of(student) if shared else [],
            "owner": is_owner(request.user, role, student),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STUDENT)
def goal_add(request: RoleRequest, student_id: UUID) -> HttpResponse:
    student = access_student(request.user, request.active_role, student_id)
    if not is_owner(request.user, request.active_role, student):
        raise PermissionDenied
    form = OwnGoalForm(request.POST or None, student=student)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        goal = services.own_goal_create(
            student=student,
            created_by=request.user,
            curriculum_goals=list(data.pop("curriculum_goals")),
            **data,
        )
        messages.success(request, _("Your goal has been saved. Now add the first steps."))
        return redirect("paths:goal-detail", goal_id=goal.public_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "paths/goal_form.html", {"student": student, "form": form}, status=status
    )


@require_GET
@role_required(*PEOPLE_WITH_STUDENTS)
def goal_detail(request: RoleRequest, goal_id: UUID) -> HttpResponse:
    goal = access_own_goal(request.user, request.active_role, goal_id)
    return _detail_page(request, goal)


def _detail_page(request: RoleRequest, goal: OwnGoal, **forms: object) -> HttpResponse:
    role = request.active_role
    students_access_record(
        user=request.user, role=role, students=[goal.student], what="goal.detail"
    )
    owner = is_owner(request.user, role, goal.student)
    context = {
        "goal": goal,
        "student": goal.student,
        "owner": owner,
        "needs_agreement": goal.student.school.own_goals_need_agreement and not goal.agreed_at,
        "may_agree": may_agree_to_goals(request.user, role, goal.student),
        "step_form": PlanStepForm(initial={"version": goal.version}),
        "reflection_form": ReflectionForm(initial={"status": goal.status}),
        **own_goal_detail(goal),
        **forms,
    }
    return render(request, "paths/goal_detail.html", context, status=400 if forms else 200)


@require_http_methods(["GET", "POST"])
@role_required(RoleKind.STUDENT)
def goal_edit(request: RoleRequest, goal_id: UUID) -> HttpResponse:
    goal = access_own_goal(request.user, request.active_role, goal_id, edit=True)
    initial = {"version": goal.version}
    form = OwnGoalForm(request.POST or None, instance=goal, initial=initial, student=goal.student)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.own_goal_update(
                goal=goal,
                expected_version=version,
                curriculum_goals=list(data.pop("curriculum_goals")),
                **data,
            )
        except services.GoalChangedMeanwhileError:
            goal.refresh_from_db()
            form = OwnGoalForm(
                instance=goal, initial={"version": goal.version}, student=goal.student
            )
            form.is_bound = False
            messages.error(request, CHANGED_MEANWHILE)
            return render(
                request,
                "paths/goal_form.html",
                {"student": goal.student, "form": form, "goal": goal},
                status=409,
            )
        messages.success(request, _("Your goal has been saved."))
        return redirect("paths:goal-detail", goal_id=goal.public_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "paths/goal_form.html",
        {"student": goal.student, "form": form, "goal": goal},
        status=status,
    )


@require_POST
@role_required(RoleKind.STUDENT)
def step_add(request: RoleRequest, goal_id: UUID) -> HttpResponse:
    goal = access_own_goal(request.user, request.active_role, goal_id, edit=True)
    form = PlanStepForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, goal, step_form=form)
    try:
        services.plan_step_add(
            goal=goal,
            expected_version=form.cleaned_data["version"],
            title=form.cleaned_data["title"],
            due_on=form.cleaned_data["due_on"],
        )
    except services.GoalChangedMeanwhileError:
        messages.error(request, CHANGED_MEANWHILE)
    return redirect("paths:goal-detail", goal_id=goal.public_id)


@require_POST
@role_required(RoleKind.STUDENT)
def step_toggle(request: RoleRequest, goal_id: UUID, step_id: int) -> HttpResponse:
    return _change_step(request, goal_id, step_id, services.plan_step_toggle)


@require_POST
@role_required(RoleKind.STUDENT)
def step_delete(request: RoleRequest, goal_id: UUID, step_id: int) -> HttpResponse:
    return _change_step(request, goal_id, step_id, services.plan_step_delete)


def _change_step(
    request: RoleRequest, goal_id: UUID, step_id: int, change: Callable[..., object]
) -> HttpResponse:
    goal = access_own_goal(request.user, request.active_role, goal_id, edit=True)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return redirect("paths:goal-detail", goal_id=goal.public_id)
    try:
        change(goal=goal, expected_version=form.cleaned_data["version"], step_id=step_id)
    except services.GoalChangedMeanwhileError:
        messages.error(request, CHANGED_MEANWHILE)
    except PlanStep.DoesNotExist:
        messages.error(request, _("That step no longer exists."))
    return redirect("paths:goal-detail", goal_id=goal.public_id)


@require_POST
@role_required(RoleKind.STUDENT)
def reflect(request: RoleRequest, goal_id: UUID) -> HttpResponse:
    goal = access_own_goal(request.user, request.active_role, goal_id, edit=True)
    form = ReflectionForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, goal, reflection_form=form)
    services.reflection_add(
        goal=goal,
        author=request.user,
        text=form.cleaned_data["text"],
        status=form.cleaned_data["status"] or None,
    )
    messages.success(request, _("Your reflection has been saved."))
    return redirect("paths:goal-detail", goal_id=goal.public_id)


@require_POST
@role_required(RoleKind.STAFF)
def agree(request: RoleRequest, goal_id: UUID) -> HttpResponse:
    goal = access_own_goal(request.user, request.active_role, goal_id)
    if not may_agree_to_goals(request.user, request.active_role, goal.student):
        raise PermissionDenied
    services.own_goal_agree(goal=goal, mentor=request.user)
    messages.success(request, _("You agreed to this goal."))
    return redirect("paths:goal-detail", goal_id=goal.public_id)


urlpatterns: list[URLPattern] = [
    path("leerling/<uuid:student_id>/doelen/", goal_list, name="goal-list"),
    path("leerling/<uuid:student_id>/doelen/nieuw/", goal_add, name="goal-add"),
    path("doelen/<uuid:goal_id>/", goal_detail, name="goal-detail"),
    path("doelen/<uuid:goal_id>/bewerken/", goal_edit, name="goal-edit"),
    path("doelen/<uuid:goal_id>/stappen/", step_add, name="step-add"),
    path("doelen/<uuid:goal_id>/stappen/<int:step_id>/klaar/", step_toggle, name="step-toggle"),
    path(
        "doelen/<uuid:goal_id>/stappen/<int:step_id>/verwijderen/", step_delete, name="step-delete"
    ),
    path("doelen/<uuid:goal_id>/reflectie/", reflect, name="goal-reflect"),
    path("doelen/<uuid:goal_id>/akkoord/", agree, name="goal-agree"),
]

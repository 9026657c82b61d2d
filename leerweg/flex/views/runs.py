"""The allocation of a week, for school leaders and administrators: start a run, follow it,
read the report, move students by hand and publish."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerweg.accounts.http import RoleRequest
from leerweg.flex import runs
from leerweg.flex.access import access_move, access_run, access_week, set_up_required
from leerweg.flex.forms import MoveForm, RunStartForm
from leerweg.flex.models import AllocationRun, RunState
from leerweg.schools.services import students_access_record

RUNNING = (RunState.QUEUED, RunState.RUNNING)


@require_GET
@set_up_required
def run_list(request: RoleRequest, year: int, week: int) -> HttpResponse:
    flex_week = access_week(request.active_role, year, week)
    context = {
        "week": flex_week,
        "runs": list(runs.runs_of_week(flex_week)),
        "form": RunStartForm(),
    }
    return render(request, "flex/run_list.html", context)


@require_POST
@set_up_required
def run_start(request: RoleRequest, year: int, week: int) -> HttpResponse:
    flex_week = access_week(request.active_role, year, week)
    form = RunStartForm(request.POST)
    if not form.is_valid():
        context = {"week": flex_week, "runs": list(runs.runs_of_week(flex_week)), "form": form}
        return render(request, "flex/run_list.html", context, status=400)
    run = runs.allocation_run_start(
        week=flex_week, started_by=request.user, objective=form.cleaned_data["objective"]
    )
    return redirect("flex:run-detail", run.public_id)


@require_GET
@set_up_required
def run_detail(request: RoleRequest, run_id: UUID) -> HttpResponse:
    run = access_run(request.active_role, run_id)
    report = runs.run_report(run)
    students_access_record(
        user=request.user, role=request.active_role, students=report.students, what="flex.run"
    )
    context = {"run": run, "report": report, **_figures(run, report)}
    return render(request, "flex/run_detail.html", context)


def _figures(run: AllocationRun, report: runs.RunReport) -> dict[str, object]:
    summary = report.summary
    if run.gap is None:
        optimality = ""
    elif run.solver_status == "optimal" and run.gap <= 1e-6:
        optimality = _("proven optimal")
    else:
        optimality = _("within %(gap)s of the best possible") % {"gap": f"{run.gap:.1%}"}
    return {
        "stage_label": runs.STAGES.get(run.stage, ""),
        "objective": runs.OBJECTIVE_NAMES.get(run.objective, run.objective),
        "first_choice": f"{summary.get('first_choice_share', 0):.0%}",
        "top3": f"{summary.get('top3_share', 0):.0%}",
        "optimality": optimality,
        "fairness_share_bars": [
            (_("week %(week)s") % {"week": week.iso_week}, share, f"{share:.0%}")
            for week, share, _worst in report.fairness
        ],
        "fairness_regret_bars": [
            (_("week %(week)s") % {"week": week.iso_week}, worst, f"{worst:g}")
            for week, _share, worst in report.fairness
        ],
    }


@require_GET
@set_up_required
def run_progress(request: RoleRequest, run_id: UUID) -> HttpResponse:
    """The progress bar alone, polled while the run is busy; a finished run reloads the page."""
    run = access_run(request.active_role, run_id)
    context = {"run": run, "stage_label": runs.STAGES.get(run.stage, "")}
    response = render(request, "flex/run_progress.html", context)
    if run.state not in RUNNING and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_POST
@set_up_required
def run_move(request: RoleRequest, run_id: UUID) -> HttpResponse:
    role = request.active_role
    run = access_run(role, run_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a student and a session."))
        return redirect("flex:run-detail", run.public_id)
    student, session = access_move(
        role, run, form.cleaned_data["student"], form.cleaned_data["session"]
    )
    move = runs.placement_move_resolve if form.cleaned_data["resolve"] else runs.placement_move
    try:
        move(run=run, student=student, session=session, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(name)s now goes to “%(title)s”.")
            % {"name": student.user.get_full_name(), "title": session.title},
        )
    return redirect(f"{reverse('flex:run-detail', args=[run.public_id])}#placements")


@require_http_methods(["GET", "POST"])
@set_up_required
def run_publish(request: RoleRequest, run_id: UUID) -> HttpResponse:
    run = access_run(request.active_role, run_id)
    error = None
    if request.method == "POST":
        try:
            runs.allocation_publish(run=run, by=request.user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("The allocation has been published."))
            return redirect("flex:run-detail", run.public_id)
    status = 400 if error else 200
    placed = run.placements.values("student_id").distinct().count()
    context = {"run": run, "error": error, "placed": placed}
    return render(request, "flex/run_publish.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("indeling/<int:year>/<int:week>/", run_list, name="run-list"),
    path("indeling/<int:year>/<int:week>/starten/", run_start, name="run-start"),
    path("indeling/<uuid:run_id>/", run_detail, name="run-detail"),
    path("indeling/<uuid:run_id>/voortgang/", run_progress, name="run-progress"),
    path("indeling/<uuid:run_id>/verplaatsen/", run_move, name="run-move"),
    path("indeling/<uuid:run_id>/publiceren/", run_publish, name="run-publish"),
]

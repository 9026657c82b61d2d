"""Starting a run, solving it in the background and storing what it found.

``allocation_run_execute`` takes the run through building the problem,
solving, checking every rule on the result, comparing it with first come,
first served, and saving. The run's ``progress`` and ``stage`` are written
at each step so the leader's page can show how far it is.
"""

import random
from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leerweg.accounts.models import User
from leerweg.flex.allocator import (
    Allocation,
    Objective,
    Status,
    Violation,
    allocate,
    check,
    compare,
    first_come_first_served,
)
from leerweg.flex.models import AllocationRun, FlexWeek, Placement, RunState, WeekState
from leerweg.flex.runs.problem import WeekProblem, week_problem
from leerweg.flex.runs.results import figures, outcomes_store, placement_rows
from leerweg.flex.runs.wording import OBJECTIVES

# How long the solver may search; it returns the best allocation found and its proven bound.
TIME_LIMIT_SECONDS = 20.0


def allocation_run_start(
    *, week: FlexWeek, started_by: User | None, objective: str = Objective.CONVEX.value
) -> AllocationRun:
    """Queue a run of ``week``; the task starts once the transaction is committed.

    Choices are locked from now on: an OPEN week becomes LOCKED.
    """
    if objective not in OBJECTIVES:
        raise ValidationError({"objective": _("Choose how the allocation weighs choices.")})
    with transaction.atomic():
        week = FlexWeek.objects.select_for_update().get(pk=week.pk)
        if week.state == WeekState.OPEN:
            week.state = WeekState.LOCKED
            week.save(update_fields=["state", "updated_at"])
        run = AllocationRun.objects.create(
            week=week,
            started_by=started_by,
            objective=objective,
            seed=random.SystemRandom().randrange(2**62),
            stage="queued",
        )
        # The task module imports this package; importing it here avoids a cycle.
        from leerweg.flex.tasks import allocation_run_task

        transaction.on_commit(lambda: allocation_run_task.enqueue(run.pk))
    return run


def weeks_close(now: datetime | None = None) -> list[AllocationRun]:
    """For every school: lock each OPEN week whose deadline has passed and start its run.

    A week is taken with a row lock and only while still OPEN, so two cron jobs
    at once never start two runs for one week.
    """
    now = now or timezone.now()
    started = []
    due = FlexWeek.objects.filter(
        state=WeekState.OPEN, deadline__lte=now, school__flex_settings__enabled=True
    ).values_list("pk", flat=True)
    for week_id in list(due):
        with transaction.atomic():
            week = (
                FlexWeek.objects.select_for_update()
                .select_related("school")
                .filter(pk=week_id, state=WeekState.OPEN)
                .first()
            )
            if week is None:
                continue
            started.append(allocation_run_start(week=week, started_by=None))
    return started


def allocation_run_execute(*, run_id: int) -> str:
    """Solve a queued run and store its result; returns the run's final state.

    Meant for the background task: a run that is no longer QUEUED (a worker
    that picks it up twice) is left alone. Any error fails the run with its
    message, and nothing of its result is stored.
    """
    started = AllocationRun.objects.filter(pk=run_id, state=RunState.QUEUED).update(
        state=RunState.RUNNING, progress=5, stage="building"
    )
    if not started:
        return AllocationRun.objects.filter(pk=run_id).values_list("state", flat=True).first() or ""
    run = AllocationRun.objects.select_related("week__school", "week__school_year").get(pk=run_id)
    try:
        _solve_and_store(run)
    except Exception as error:
        AllocationRun.objects.filter(pk=run.pk).update(
            state=RunState.FAILED,
            stage="done",
            error=str(error) or error.__class__.__name__,
            finished_at=timezone.now(),
        )
        return RunState.FAILED
    return run.state


def _progress(run: AllocationRun, progress: int, stage: str) -> None:
    run.progress, run.stage = progress, stage
    AllocationRun.objects.filter(pk=run.pk).update(progress=progress, stage=stage)


def _solve_and_store(run: AllocationRun) -> None:
    problem = week_problem(run.week)
    _progress(run, 20, "solving")
    allocation = allocate(
        problem.instance,
        objective=Objective(run.objective),
        seed=run.seed,
        time_limit=TIME_LIMIT_SECONDS,
    )
    if allocation.status is Status.INFEASIBLE:
        _store_infeasible(run, allocation)
        return
    _progress(run, 70, "checking")
    violations = [
        violation
        for violation in check(problem.instance, allocation.assignments)
        # Too few hours is an outcome (seats ran out), reported as hours short.
        if violation.constraint != "min-hours"
    ]
    if violations:
        _store_refused(run, violations)
        return
    _progress(run, 80, "comparing")
    baseline = first_come_first_served(problem.instance, problem.arrival)
    comparison = compare(problem.instance, allocation, baseline)
    _progress(run, 90, "saving")
    _store_allocation(run, problem, allocation, comparison)


def _store_infeasible(run: AllocationRun, allocation: Allocation) -> None:
    run.report = {
        "conflicts": [
            {
                "constraint": conflict.constraint,
                "students": list(conflict.students),
                "sessions": list(conflict.sessions),
                "slot": conflict.slot,
            }
            for conflict in allocation.conflicts
        ]
    }
    _finish(run, RunState.INFEASIBLE, allocation)


def _store_refused(run: AllocationRun, violations: list[Violation]) -> None:
    run.report = {
        "violations": [
            {"constraint": v.constraint, "student": v.student, "session": v.session}
            for v in violations
        ]
    }
    run.error = _("The allocation broke a rule, so it was not stored.")
    _finish(run, RunState.FAILED, None)


def _finish(run: AllocationRun, state: str, allocation: Allocation | None) -> None:
    run.state = state
    run.progress = 100
    run.stage = "done"
    run.finished_at = timezone.now()
    if allocation is not None:
        run.solver_status = allocation.status.value
        if allocation.status is not Status.INFEASIBLE:
            run.objective_value = allocation.objective
            run.bound = allocation.bound
            run.gap = allocation.gap
        run.seconds = allocation.seconds
    run.save()


@transaction.atomic
def _store_allocation(
    run: AllocationRun,
    problem: WeekProblem,
    allocation: Allocation,
    comparison: Mapping[str, Mapping[str, float]],
) -> None:
    instance = problem.instance
    Placement.objects.bulk_create(
        Placement(
            run=run,
            student_id=student_id,
            slot_id=slot_id,
            session_id=session_id,
            rank=rank,
            source=source,
        )
        for (student_id, slot_id), session_id, rank, source in placement_rows(
            instance, allocation.assignments
        )
    )
    weights = {student.id: student.weight for student in instance.students}
    run.report = {
        **figures(instance, allocation.assignments),
        "comparison": {name: dict(values) for name, values in comparison.items()},
        "phases": [
            {"name": p.name, "objective": p.objective, "bound": p.bound, "gap": p.gap}
            for p in allocation.phases
        ],
    }
    outcomes_store(run, instance, allocation.assignments, weights)
    _finish(run, RunState.DONE, allocation)
    FlexWeek.objects.filter(pk=run.week_id, state__in=[WeekState.OPEN, WeekState.LOCKED]).update(
        state=WeekState.ALLOCATED, updated_at=timezone.now()
    )

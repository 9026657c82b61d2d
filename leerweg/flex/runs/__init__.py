"""Allocating a flex week: the problem from the database, runs, publishing and manual moves.

A run goes QUEUED → RUNNING → DONE (an allocation was found and stored),
INFEASIBLE (the set-up cannot be allocated; the report names each conflict) or
FAILED (something went wrong; nothing of the run's result is stored). The
solving happens in a background task (``tasks.allocation_run_task``) so a page
never waits for it; the run's ``progress`` and ``stage`` tell the leader how
far it is. Only a DONE run can be published, and one run per week at most.

- ``problem``: the allocator's instance of a week, built from the database.
- ``execute``: starting a run, solving it and storing its result.
- ``results``: placements, figures and outcomes of a set of assignments.
- ``publish`` and ``moves``: making a run the week's schedule, changing it by hand.
- ``notices``: what students are told when their schedule is published or changes.
- ``report`` and ``wording``: what the run's pages show, in the reader's language.
"""

from leerweg.flex.runs.execute import (
    TIME_LIMIT_SECONDS,
    allocation_run_execute,
    allocation_run_start,
    weeks_close,
)
from leerweg.flex.runs.moves import (
    RESOLVE_TIME_LIMIT_SECONDS,
    placement_move,
    placement_move_resolve,
)
from leerweg.flex.runs.problem import WeekProblem, allocation_instance, week_problem
from leerweg.flex.runs.publish import allocation_publish
from leerweg.flex.runs.report import RunReport, run_report, runs_of_week
from leerweg.flex.runs.wording import OBJECTIVE_NAMES, OBJECTIVES, STAGES

__all__ = [
    "OBJECTIVES",
    "OBJECTIVE_NAMES",
    "RESOLVE_TIME_LIMIT_SECONDS",
    "STAGES",
    "TIME_LIMIT_SECONDS",
    "RunReport",
    "WeekProblem",
    "allocation_instance",
    "allocation_publish",
    "allocation_run_execute",
    "allocation_run_start",
    "placement_move",
    "placement_move_resolve",
    "run_report",
    "runs_of_week",
    "week_problem",
    "weeks_close",
]

"""Assign students to flex sessions optimally and fairly. Plain Python: no Django here.

``allocate`` solves a week (``week_ip``), ``allocate_slot`` one slot
(``slot_flow``); both first place everybody who can be placed and then
maximise choice quality (``Objective``). Set-ups that no allocation can satisfy
are named by ``diagnose`` and come back as an infeasible ``Allocation`` with its
conflicts, never half an answer. ``check`` verifies any assignments on its own,
``summarise`` and ``report`` give the figures, ``first_come_first_served`` the
comparison, ``carry_over_weights`` the fairness between weeks and
``resolve_with_moves`` the re-solve after a manual change.
"""

from .baseline import first_come_first_served
from .checker import check
from .diagnose import find_conflicts
from .fairness import carry_over_weights, tie_break
from .moves import resolve_with_moves
from .problem import (
    Allocation,
    Conflict,
    Instance,
    Objective,
    Phase,
    SessionSpec,
    Status,
    StudentSpec,
    Violation,
)
from .report import Summary, Unplaced, compare, fairness_over_weeks, summarise, weekly_regret
from .slot_flow import allocate_slot
from .week_ip import solve_week


def allocate(
    instance: Instance,
    *,
    objective: Objective = Objective.CONVEX,
    seed: int,
    time_limit: float = 20.0,
) -> Allocation:
    """The week's allocation, or the conflicts that make one impossible."""
    conflicts = find_conflicts(instance)
    if conflicts:
        return Allocation(Status.INFEASIBLE, conflicts=conflicts, objective_kind=objective)
    return solve_week(instance, objective=objective, seed=seed, time_limit=time_limit)


__all__ = [
    "Allocation",
    "Conflict",
    "Instance",
    "Objective",
    "Phase",
    "SessionSpec",
    "Status",
    "StudentSpec",
    "Summary",
    "Unplaced",
    "Violation",
    "allocate",
    "allocate_slot",
    "carry_over_weights",
    "check",
    "compare",
    "fairness_over_weeks",
    "find_conflicts",
    "first_come_first_served",
    "resolve_with_moves",
    "summarise",
    "tie_break",
    "weekly_regret",
]

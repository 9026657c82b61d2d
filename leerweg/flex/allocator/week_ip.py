"""The whole week as one integer program, solved with HiGHS.

Variables: ``x[c] ∈ {0, 1}`` for each candidate pair c (``candidates``), and
``short[i] ≥ 0`` for the sessions student i needs but does not get.

Constraints (all hard):

- capacity: Σ x over a session ≤ its capacity;
- one session per student per slot, and each series at most once per student;
- hours: Σ x[i] + short[i] ≥ needed[i], and Σ x[i] ≤ max(needed[i], mandatory[i])
  (no student is placed beyond their minimum unless mandatory sessions demand
  it; the maximum hours bound what mandatory sessions and manual moves may add,
  which ``diagnose`` and ``checker`` verify);
- mandatory pairs are fixed to 1.

Objective, lexicographic: first place everybody who can be placed (minimise
Σ short), then choice quality.

- ``Objective.CONVEX``: one solve of ``P·Σ short + Σ w_i·(rank − 1)² + ties``. P
  exceeds the largest possible quality cost, so one more placed hour always wins
  over any quality gain: the weighted sum is exactly lexicographic.
- ``Objective.RANK_MAXIMAL``: exponential weights would need (placements+1)^5 ≈
  10^19 for a school week, past what floating point can prove optimal, so the
  levels are solved in turn (the "preemptive" goal-programming method): minimise
  Σ short (with the convex cost as a secondary term, which gives the next solves
  a good start); fix it; maximise the number of first choices, then of first and
  second choices (two levels per solve, see ``_level_costs``); fix both; ranks 3
  and 4; rank 5; finally, with the rank profile fixed, minimise the weighted
  convex cost so that the carry-over weights and this week's tie-break decide
  among equally rank-maximal allocations. Each solve starts from the previous
  solution, which stays feasible.

Every solve reports its objective and HiGHS's proven dual bound (the LP
relaxation strengthened by branch and bound), whose relative difference is the
optimality gap.

A session a student did not rank is offered to them only when they ranked too
few to reach their minimum hours (``candidates``). If that model leaves anyone
short, seats ran out: it is solved again with every eligible pair for every
student, so that placement comes first over the whole school (someone may then
be moved to a session they did not rank to free a seat for someone else). Both
models are solved exactly; the second is only built when needed because it can
be ten times larger.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import highspy
import numpy as np

from .candidates import Candidate, build_candidates, candidate_costs
from .problem import (
    Allocation,
    Instance,
    Objective,
    Phase,
    SessionId,
    Status,
    StudentId,
    relative_gap,
)

GAP_TARGET = 1e-4
INTEGRALITY_TOLERANCE = 1e-6
RANK_LEVELS = ((1, 2), (3, 4), (5,))


@dataclass
class WeekModel:
    candidates: list[Candidate]
    highs: highspy.Highs
    short_columns: dict[StudentId, int]
    needed: dict[StudentId, int]
    phases: list[Phase] = field(default_factory=list)
    values: list[float] | None = None  # the last solution found, kept apart from HiGHS's state

    @property
    def num_pairs(self) -> int:
        return len(self.candidates)


def solve_week(
    instance: Instance,
    *,
    objective: Objective,
    seed: int,
    time_limit: float,
    forbidden: Collection[tuple[StudentId, SessionId]] = (),
    frozen: Mapping[StudentId, Collection[SessionId]] | None = None,
    start: Mapping[tuple[StudentId, SessionId], int] | None = None,
) -> Allocation:
    """Solve the week; ``frozen`` students keep exactly the sessions given for them."""
    started = time.perf_counter()
    model = _solve_round(instance, (), objective, seed, time_limit, forbidden, frozen, start)
    if _short_students(model):
        everybody = [student.id for student in instance.students]
        remaining = time_limit - (time.perf_counter() - started)
        model = _solve_round(
            instance, everybody, objective, seed, remaining, forbidden, frozen, start
        )
    return _allocation(instance, model, objective, time.perf_counter() - started)


def _solve_round(instance, unranked_for, objective, seed, time_limit, forbidden, frozen, start):
    candidates = build_candidates(instance, unranked_for=unranked_for, forbidden=forbidden)
    model = _build(instance, _apply_frozen(candidates, frozen))
    if start:
        _set_start(model, start)
    _optimise(model, objective, seed, time_limit)
    return model


def _apply_frozen(
    candidates: list[Candidate], frozen: Mapping[StudentId, Collection[SessionId]] | None
) -> list[Candidate]:
    if not frozen:
        return candidates
    kept = []
    for candidate in candidates:
        keep = frozen.get(candidate.student.id)
        if keep is None:
            kept.append(candidate)
        elif candidate.session.id in keep:
            kept.append(replace(candidate, fixed=True))
    return kept


class _Rows:
    """Rows collected first and handed to HiGHS in one call, which is much faster."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.starts: list[int] = []
        self.indices: list[int] = []

    def add(self, columns: list[int], lo: float, up: float) -> None:
        self.lower.append(lo)
        self.upper.append(up)
        self.starts.append(len(self.indices))
        self.indices.extend(columns)

    def pass_to(self, highs: highspy.Highs) -> None:
        if not self.lower:
            return
        highs.addRows(
            len(self.lower),
            np.array(self.lower),
            np.array(self.upper),
            len(self.indices),
            np.array(self.starts, dtype=np.int32),
            np.array(self.indices, dtype=np.int32),
            np.ones(len(self.indices)),
        )


def _build(instance: Instance, candidates: list[Candidate]) -> WeekModel:
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("mip_rel_gap", GAP_TARGET)
    # The model is a transportation problem with side rows: presolve and the
    # feasibility-jump heuristic took most of the time and found nothing the LP does not.
    highs.setOptionValue("presolve", "off")
    highs.setOptionValue("mip_heuristic_run_feasibility_jump", False)
    n = len(candidates)
    highs.addVars(n, np.array([1.0 if c.fixed else 0.0 for c in candidates]), np.ones(n))
    rows = _Rows()
    grouped: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    by_student: dict[StudentId, list[int]] = defaultdict(list)
    for index, c in enumerate(candidates):
        grouped[("capacity", c.session.id)].append(index)
        grouped[("slot", c.student.id, c.session.slot)].append(index)
        grouped[("series", c.student.id, c.series_key)].append(index)
        by_student[c.student.id].append(index)
    capacity = {session.id: session.capacity for session in instance.sessions}
    for key, columns in grouped.items():
        upper = capacity[key[1]] if key[0] == "capacity" else 1
        if len(columns) > upper:
            rows.add(columns, -highspy.kHighsInf, upper)
    short_columns, needed = _hours_rows(instance, highs, rows, candidates, by_student)
    rows.pass_to(highs)
    return WeekModel(candidates, highs, short_columns, needed)


def _hours_rows(
    instance: Instance,
    highs: highspy.Highs,
    rows: _Rows,
    candidates: list[Candidate],
    by_student: dict[StudentId, list[int]],
) -> tuple[dict[StudentId, int], dict[StudentId, int]]:
    needed = {student.id: instance.sessions_needed(student) for student in instance.students}
    short_columns: dict[StudentId, int] = {}
    for student in instance.students:
        if needed[student.id] > 0:
            short_columns[student.id] = len(candidates) + len(short_columns)
    uppers = np.array([float(needed[s]) for s in short_columns])
    if len(uppers):
        highs.addVars(len(uppers), np.zeros(len(uppers)), uppers)
    for student in instance.students:
        columns = by_student.get(student.id, [])
        need = needed[student.id]
        fixed = sum(1 for index in columns if candidates[index].fixed)
        if need > 0:
            rows.add([*columns, short_columns[student.id]], need, highspy.kHighsInf)
        if len(columns) > max(need, fixed):
            rows.add(columns, -highspy.kHighsInf, max(need, fixed))
    return short_columns, needed


def _set_start(model: WeekModel, start: Mapping[tuple[StudentId, SessionId], int]) -> None:
    values = np.zeros(model.highs.getNumCol())
    for index, c in enumerate(model.candidates):
        values[index] = 1.0 if c.fixed else float(start.get((c.student.id, c.session.id), 0))
    placed: dict[StudentId, float] = defaultdict(float)
    for index, c in enumerate(model.candidates):
        placed[c.student.id] += values[index]
    for student_id, column in model.short_columns.items():
        values[column] = max(0.0, model.needed[student_id] - placed[student_id])
    solution = highspy.HighsSolution()
    solution.col_value = list(values)
    solution.value_valid = True
    model.highs.setSolution(solution)


def _optimise(model: WeekModel, objective: Objective, seed: int, time_limit: float) -> None:
    started = time.perf_counter()
    quality = candidate_costs(model.candidates, seed)
    penalty = _placement_penalty(model, quality)
    name = "convex" if objective is Objective.CONVEX else "placement"
    _solve_phase(model, name, _with_short(model, quality, penalty), time_limit)
    if objective is Objective.CONVEX or model.values is None:
        return
    short_total = sum(model.values[column] for column in model.short_columns.values())
    _fix_level(model, list(model.short_columns.values()), -highspy.kHighsInf, short_total)
    for levels in RANK_LEVELS:
        remaining = time_limit - (time.perf_counter() - started)
        _solve_phase(model, _level_name(levels), _level_costs(model, levels), remaining)
        for rank in levels:
            columns = [i for i, c in enumerate(model.candidates) if c.rank <= rank]
            reached = sum(model.values[i] for i in columns)
            _fix_level(model, columns, reached, highspy.kHighsInf)
    remaining = time_limit - (time.perf_counter() - started)
    _solve_phase(model, "weights and ties", _with_short(model, quality, 0.0), remaining)


def _level_costs(model: WeekModel, levels: tuple[int, ...]) -> np.ndarray:
    """Maximise the placements at rank ≤ each level, the first level first.

    Two levels share one solve with weights (placements + 1) and 1: one more
    placement at the first level outweighs every change at the second, so the
    pair is solved exactly lexicographically with numbers small enough for floating point.
    """
    base = float(sum(model.needed.values()) + model.num_pairs + 1)
    costs = np.zeros(model.num_pairs)
    for position, level in enumerate(levels):
        weight = base ** (len(levels) - 1 - position)
        costs -= weight * np.array([1.0 if c.rank <= level else 0.0 for c in model.candidates])
    return _with_short(model, costs, 0.0)


def _level_name(levels: tuple[int, ...]) -> str:
    return ", then ".join(f"rank ≤ {level}" for level in levels)


def _placement_penalty(model: WeekModel, quality: np.ndarray) -> float:
    """More than any allocation's quality cost: each student's placements times their worst."""
    worst: dict[StudentId, float] = defaultdict(float)
    for c, cost in zip(model.candidates, quality, strict=True):
        worst[c.student.id] = max(worst[c.student.id], float(cost))
    count = Counter(c.student.id for c in model.candidates if c.fixed)
    return 1.0 + sum(
        cost * max(model.needed.get(student_id, 0), count[student_id])
        for student_id, cost in worst.items()
    )


def _with_short(model: WeekModel, pair_costs: np.ndarray, short_cost: float) -> np.ndarray:
    costs = np.zeros(model.highs.getNumCol())
    costs[: model.num_pairs] = pair_costs
    for column in model.short_columns.values():
        costs[column] = short_cost
    return costs


def _solve_phase(model: WeekModel, name: str, costs: np.ndarray, time_limit: float) -> float:
    """Minimise ``costs``; record the phase and return the objective value found.

    The LP relaxation is solved first (warm-started from the previous phase's
    basis). When its optimum is integral it is optimal for the integer program
    too and the LP value is its own certificate; only a fractional optimum goes
    to branch and bound, whose dual bound then certifies the result.
    """
    highs = model.highs
    n = len(costs)
    highs.changeColsCost(n, np.arange(n, dtype=np.int32), costs)
    started = time.perf_counter()
    _set_integrality(model, highspy.HighsVarType.kContinuous)
    highs.setOptionValue("time_limit", max(0.05, time_limit))
    highs.run()
    if highs.getModelStatus() == highspy.HighsModelStatus.kOptimal:
        values = list(highs.getSolution().col_value)
        if _integral(values[: model.num_pairs]):
            value = float(highs.getInfo().objective_function_value)
            model.values = values
            model.phases.append(Phase(name, value, value, 0.0, time.perf_counter() - started))
            return value
    return _branch_and_bound(model, name, time_limit - (time.perf_counter() - started), started)


def _branch_and_bound(model: WeekModel, name: str, time_limit: float, started: float) -> float:
    highs = model.highs
    _set_integrality(model, highspy.HighsVarType.kInteger)
    # A fractional optimum means odd cycles through slot and series rows: presolve and
    # cuts pay off here, unlike on the integral LPs.
    highs.setOptionValue("presolve", "on")
    if model.values is not None:
        solution = highspy.HighsSolution()
        solution.col_value = model.values
        solution.value_valid = True
        highs.setSolution(solution)
    highs.setOptionValue("time_limit", max(0.05, time_limit))
    highs.run()
    info = highs.getInfo()
    value = float(info.objective_function_value)
    bound = float(info.mip_dual_bound)
    if info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible:
        model.values = list(highs.getSolution().col_value)
    seconds = time.perf_counter() - started
    model.phases.append(Phase(name, value, bound, relative_gap(value, bound), seconds))
    highs.setOptionValue("presolve", "off")
    return value


def _set_integrality(model: WeekModel, kind: highspy.HighsVarType) -> None:
    n = model.num_pairs
    if n:
        model.highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, kind))


def _integral(values: list[float]) -> bool:
    return all(abs(v - round(v)) <= INTEGRALITY_TOLERANCE for v in values)


def _fix_level(model: WeekModel, columns: list[int], lo: float, up: float) -> None:
    """Keep a level at the value just reached; rounded, as it counts whole placements."""
    lo = round(lo) if lo != -highspy.kHighsInf else lo
    up = round(up) if up != highspy.kHighsInf else up
    rows = _Rows()
    rows.add(columns, lo, up)
    rows.pass_to(model.highs)


def _short_students(model: WeekModel) -> set[StudentId]:
    values = model.values
    if values is None:
        return set()
    return {s for s, column in model.short_columns.items() if values[column] > 0.5}


def _allocation(
    instance: Instance, model: WeekModel, objective: Objective, seconds: float
) -> Allocation:
    values = model.values
    if values is None:
        return Allocation(Status.INFEASIBLE, seconds=seconds, objective_kind=objective)
    assignments = {
        (c.student.id, c.session.slot): c.session.id
        for index, c in enumerate(model.candidates)
        if values[index] > 0.5
    }
    short = {
        student_id: round(values[column]) * instance.hours_per_session
        for student_id, column in model.short_columns.items()
        if values[column] > 0.5
    }
    optimal = all(phase.gap <= 1e-3 for phase in model.phases)
    last = model.phases[-1]
    return Allocation(
        status=Status.OPTIMAL if optimal else Status.FEASIBLE,
        assignments=assignments,
        objective=last.objective,
        bound=last.bound,
        gap=max(phase.gap for phase in model.phases),
        seconds=seconds,
        phases=list(model.phases),
        hours_short=dict(short),
        objective_kind=objective,
    )

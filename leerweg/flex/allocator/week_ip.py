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
  Σ short (with the convex cost as a secondary term, which gives a solution in
  hand that is good at every level); fix it; then for r = 1 … 5 maximise the
  number of placements at rank ≤ r and fix it (``_solve_level``); finally, with
  the rank profile fixed, minimise the weighted convex cost so that the
  carry-over weights and this week's tie-break decide among equally
  rank-maximal allocations. Each level's LP relaxation, with the convex cost
  added as a perturbation below one half in total, bounds the count; the
  solution in hand, an integral LP optimum, or a rounding of a fractional one
  (an integer program over just the students with a fractional pair) that
  reaches the bound is proven best. Branch and bound over the whole week runs
  only when none does.

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

import math
import time
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
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
RANK_LEVELS = (1, 2, 3, 4, 5)
CHOOSE_SIMPLEX = 1
PRIMAL_SIMPLEX = 4


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
    start: Mapping[tuple[StudentId, SessionId], int] | None = None,
) -> Allocation:
    """Solve the week without the ``forbidden`` pairs, starting from ``start`` when given."""
    started = time.perf_counter()
    model = _solve_round(instance, (), objective, seed, time_limit, forbidden, start)
    if _short_students(model):
        everybody = [student.id for student in instance.students]
        remaining = time_limit - (time.perf_counter() - started)
        model = _solve_round(instance, everybody, objective, seed, remaining, forbidden, start)
    return _allocation(instance, model, objective, time.perf_counter() - started)


def _solve_round(instance, unranked_for, objective, seed, time_limit, forbidden, start):
    candidates = build_candidates(instance, unranked_for=unranked_for, forbidden=forbidden)
    model = _build(instance, candidates)
    if start:
        _set_start(model, start)
    _optimise(model, objective, seed, time_limit)
    return model


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
    ranks = np.array([c.rank for c in model.candidates])
    # Below one half in total, so the counts decide and quality only steers the LP.
    perturbation = quality / (2.0 * penalty)
    for rank in RANK_LEVELS:
        remaining = time_limit - (time.perf_counter() - started)
        in_level = ranks <= rank
        count = round(float(np.asarray(model.values[: model.num_pairs])[in_level].sum()))
        _solve_level(model, rank, in_level, count, perturbation, remaining)
        columns = np.nonzero(in_level)[0].tolist()
        reached = sum(model.values[i] for i in columns)
        _fix_level(model, columns, reached, highspy.kHighsInf)
    remaining = time_limit - (time.perf_counter() - started)
    _solve_phase(model, "weights and ties", _with_short(model, quality, 0.0), remaining)


def _solve_level(
    model: WeekModel,
    rank: int,
    in_level: np.ndarray,
    count: int,
    perturbation: np.ndarray,
    time_limit: float,
) -> None:
    """Maximise the placements at rank ≤ ``rank``, keeping the levels fixed before it.

    ``count`` is what the solution in hand reaches; it is proven best without a solve when it
    equals every placement the hours allow. Otherwise the LP relaxation of
    ``−count + perturbation`` is solved: when its optimum L is integral it is the
    answer; when not, no allocation counts more than ⌊½ − L⌋ (the perturbation
    adds less than ½), and the solution in hand is proven best if it reaches
    that. Only when it does not does branch and bound run.
    """
    name = f"rank ≤ {rank}"
    started = time.perf_counter()
    most = _most_in_level(model, in_level)
    if count >= most:
        model.phases.append(Phase(name, -count, -most, 0.0, time.perf_counter() - started))
        return
    costs = _with_short(model, perturbation - in_level.astype(np.float64), 0.0)
    # Only the costs changed since the last solve, so its basis stays primal feasible:
    # the primal simplex goes on from there, the dual simplex would start over.
    model.highs.setOptionValue("simplex_strategy", PRIMAL_SIMPLEX)
    lp = _solve_relaxation(model, costs, time_limit)
    model.highs.setOptionValue("simplex_strategy", CHOOSE_SIMPLEX)
    if lp is not None:
        lp_values, lp_value = lp
        if _integral(lp_values[: model.num_pairs]):
            model.values = lp_values
            count = round(float(np.asarray(lp_values[: model.num_pairs])[in_level].sum()))
            model.phases.append(Phase(name, -count, -count, 0.0, time.perf_counter() - started))
            return
        bound = math.floor(0.5 - lp_value + 1e-6)
        if count < bound:
            remaining = time_limit - (time.perf_counter() - started)
            rounded = _round_fractional(model, lp_values, remaining)
            if rounded is not None:
                found = round(float(np.asarray(rounded[: model.num_pairs])[in_level].sum()))
                if found > count:
                    model.values, count = rounded, found
        if count >= bound:
            model.phases.append(Phase(name, -count, -bound, 0.0, time.perf_counter() - started))
            return
    remaining = time_limit - (time.perf_counter() - started)
    _branch_and_bound(model, name, costs, remaining, started)


def _round_fractional(
    model: WeekModel, lp_values: list[float], time_limit: float
) -> list[float] | None:
    """An integral solution near a fractional LP optimum, or None.

    Every pair the LP decided (0 or 1) is kept, and an integer program frees
    only the students with a fractional pair. That program is small, so it
    takes a fraction of a second where branch and bound over the week would not
    finish; whether its answer is best is for the caller's bound to prove.
    """
    n = model.num_pairs
    basis = model.highs.getBasis()
    values = np.asarray(lp_values[:n])
    fractional = np.abs(values - np.round(values)) > INTEGRALITY_TOLERANCE
    loose = {model.candidates[i].student.id for i in np.nonzero(fractional)[0].tolist()}
    free = np.array([c.student.id in loose for c in model.candidates])
    at_least = np.array([1.0 if c.fixed else 0.0 for c in model.candidates])
    columns = np.arange(n, dtype=np.int32)
    highs = model.highs
    highs.changeColsBounds(
        n,
        columns,
        np.where(free, at_least, np.round(values)),
        np.where(free, 1.0, np.round(values)),
    )
    _set_integrality(model, highspy.HighsVarType.kInteger)
    highs.setOptionValue("presolve", "on")
    _set_time_limit(highs, time_limit)
    highs.run()
    info = highs.getInfo()
    found = None
    if info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible:
        found = list(highs.getSolution().col_value)
    highs.changeColsBounds(n, columns, at_least, np.ones(n))
    _set_integrality(model, highspy.HighsVarType.kContinuous)
    highs.setOptionValue("presolve", "off")
    # The next level goes on from the LP's basis, not from scratch.
    highs.setBasis(basis)
    return found


def _most_in_level(model: WeekModel, in_level: np.ndarray) -> int:
    """Placements the hours allow at all, less the fixed ones outside the level."""
    fixed = Counter(c.student.id for c in model.candidates if c.fixed)
    allowed = sum(max(need, fixed[s]) for s, need in model.needed.items())
    allowed += sum(n for s, n in fixed.items() if s not in model.needed)
    outside = sum(
        1 for c, inside in zip(model.candidates, in_level, strict=True) if c.fixed and not inside
    )
    return allowed - outside


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
    too and the LP value is its own certificate. When it is fractional but the
    solution in hand is within the gap target of the LP value, the LP value
    certifies that solution. Only otherwise does branch and bound run, whose
    dual bound then certifies the result.
    """
    started = time.perf_counter()
    lp = _solve_relaxation(model, costs, time_limit)
    if lp is not None:
        values, value = lp
        if _integral(values[: model.num_pairs]):
            model.values = values
            model.phases.append(Phase(name, value, value, 0.0, time.perf_counter() - started))
            return value
        if model.values is not None:
            kept = float(np.dot(costs, model.values))
            if relative_gap(kept, value) <= GAP_TARGET:
                gap = relative_gap(kept, value)
                model.phases.append(Phase(name, kept, value, gap, time.perf_counter() - started))
                return kept
    remaining = time_limit - (time.perf_counter() - started)
    return _branch_and_bound(model, name, costs, remaining, started)


def _solve_relaxation(
    model: WeekModel, costs: np.ndarray, time_limit: float
) -> tuple[list[float], float] | None:
    """The LP optimum (values, objective) for ``costs``, or None when the LP did not finish."""
    highs = model.highs
    n = len(costs)
    highs.changeColsCost(n, np.arange(n, dtype=np.int32), costs)
    _set_integrality(model, highspy.HighsVarType.kContinuous)
    _set_time_limit(highs, time_limit)
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    values = list(highs.getSolution().col_value)
    return values, float(highs.getInfo().objective_function_value)


def _branch_and_bound(
    model: WeekModel, name: str, costs: np.ndarray, time_limit: float, started: float
) -> float:
    highs = model.highs
    n = len(costs)
    highs.changeColsCost(n, np.arange(n, dtype=np.int32), costs)
    _set_integrality(model, highspy.HighsVarType.kInteger)
    # A fractional optimum means odd cycles through slot and series rows: presolve and
    # cuts pay off here, unlike on the integral LPs.
    highs.setOptionValue("presolve", "on")
    if model.values is not None:
        solution = highspy.HighsSolution()
        solution.col_value = model.values
        solution.value_valid = True
        highs.setSolution(solution)
    _set_time_limit(highs, time_limit)
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


def _set_time_limit(highs: highspy.Highs, seconds: float) -> None:
    """HiGHS counts its time limit on a clock that runs on over the runs of one model."""
    highs.setOptionValue("time_limit", highs.getRunTime() + max(0.05, seconds))


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

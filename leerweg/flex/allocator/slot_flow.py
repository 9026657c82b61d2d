"""One slot as a min-cost flow (OR-Tools ``SimpleMinCostFlow``).

Network: source → each student who needs a seat in the slot (capacity 1) →
each session they may attend (cost by rank) → sink (capacity = seats left after
mandatory students). ``solve_max_flow_with_min_cost`` first maximises the flow
— everybody who can be placed is placed — and then minimises cost among maximum
flows, so placement comes first without a penalty constant. Flows are integral
and the algorithm (cost scaling, Goldberg 1997) proves optimality, so the gap is 0.

Costs are integers:

- ``Objective.CONVEX``: ``round(100·w·(rank − 1)²)·K + tie`` with tie ∈ [0, 10)
  and K > 10·students, so quality comes first and this week's tie-break only
  decides between allocations of equal quality.
- ``Objective.RANK_MAXIMAL``: a placement at rank r is worth B^(5−r) with B =
  students + 1 (an unranked seat is worth 0), cost = B⁴ − worth. One more
  placement at a better rank outweighs any change at worse ranks, so minimum
  cost is exactly the lexicographically best rank profile (Irving et al., "Rank-
  maximal matchings", 2006, use the same weights). When the weights leave room
  in 63-bit integers a tie-break level is added below them; otherwise ties go by
  the arc order, which the seed shuffles each week.

Cross-slot constraints are respected through ``others``: the student's
placements in other slots (a series is not repeated, and a student who already
has their maximum is not placed again).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from .fairness import tie_breaks
from .problem import (
    MAX_CHOICES,
    UNRANKED,
    Allocation,
    Conflict,
    Instance,
    Objective,
    Phase,
    SessionId,
    SessionSpec,
    Slot,
    Status,
    StudentId,
    StudentSpec,
)

QUALITY_SCALE = 100
TIE_LEVELS = 10
# Arc costs times the number of nodes must stay well inside 63 bits for cost scaling.
COST_BUDGET = 2**62


def allocate_slot(
    instance: Instance,
    slot: Slot,
    *,
    objective: Objective = Objective.CONVEX,
    seed: int = 0,
    required: Collection[StudentId] | None = None,
    others: Mapping[tuple[StudentId, Slot], SessionId] | None = None,
) -> Allocation:
    """Place ``required`` students (default: everyone who ranked in the slot) in one slot."""
    started = time.perf_counter()
    sessions = [s for s in instance.sessions if s.slot == slot]
    students = _students_in_slot(instance, slot, sessions, required)
    others = others or {}
    conflicts = _slot_conflicts(instance, slot, sessions, students)
    if conflicts:
        return Allocation(Status.INFEASIBLE, conflicts=conflicts, objective_kind=objective)
    fixed, seats = _mandatory(instance, sessions)
    options = _options(instance, slot, sessions, students, fixed, others)
    solving = time.perf_counter()
    placed, cost = _solve(_arcs(options, False), students, sessions, seats, objective, seed)
    if len(placed) + len(fixed) < len(students):
        # Seats ran out: let everybody take sessions they did not rank, as the week does.
        placed, cost = _solve(_arcs(options, True), students, sessions, seats, objective, seed)
    flow_seconds = time.perf_counter() - solving
    assignments = {(student_id, slot): session_id for student_id, session_id in fixed.items()}
    assignments.update({(student_id, slot): session_id for student_id, session_id in placed})
    unplaced = [s.id for s in students if (s.id, slot) not in assignments]
    seconds = time.perf_counter() - started
    return Allocation(
        status=Status.OPTIMAL,
        assignments=assignments,
        objective=float(cost),
        bound=float(cost),
        gap=0.0,
        seconds=seconds,
        phases=[Phase("min-cost flow", float(cost), float(cost), 0.0, flow_seconds)],
        hours_short=dict.fromkeys(unplaced, instance.hours_per_session),
        objective_kind=objective,
    )


def _students_in_slot(
    instance: Instance,
    slot: Slot,
    sessions: list[SessionSpec],
    required: Collection[StudentId] | None,
) -> list[StudentSpec]:
    if required is None:
        in_slot = {session.id for session in sessions}
        wanted = {
            s
            for (s, chosen_slot), ranked in instance.choices.items()
            if chosen_slot == slot and ranked
        }
        wanted |= {s for s, session_id in instance.mandatory if session_id in in_slot}
    else:
        wanted = set(required)
    return [student for student in instance.students if student.id in wanted]


def _slot_conflicts(
    instance: Instance, slot: Slot, sessions: list[SessionSpec], students: list[StudentSpec]
) -> list[Conflict]:
    in_slot = {session.id for session in sessions}
    conflicts = []
    mandatory = Counter(session_id for _, session_id in instance.mandatory if session_id in in_slot)
    for session in sessions:
        if mandatory[session.id] > session.capacity:
            who = tuple(s for s, sid in instance.mandatory if sid == session.id)
            conflicts.append(
                Conflict(
                    "mandatory-over-capacity",
                    f"{mandatory[session.id]} students must attend session {session.id}, "
                    f"which seats {session.capacity}",
                    who,
                    (session.id,),
                    slot,
                )
            )
    reachable = {
        s for s, session_id in instance.eligible | instance.mandatory if session_id in in_slot
    }
    for student in students:
        if student.id not in reachable:
            conflicts.append(
                Conflict(
                    "too-few-eligible",
                    f"student {student.id} is eligible for no session in slot {slot} "
                    f"but needs {instance.hours_per_session} hours",
                    (student.id,),
                    (),
                    slot,
                )
            )
    return conflicts


def _mandatory(
    instance: Instance, sessions: list[SessionSpec]
) -> tuple[dict[StudentId, SessionId], dict[SessionId, int]]:
    in_slot = {session.id for session in sessions}
    fixed = {s: session_id for s, session_id in instance.mandatory if session_id in in_slot}
    used = Counter(fixed.values())
    seats = {session.id: session.capacity - used[session.id] for session in sessions}
    return fixed, seats


@dataclass
class _Arcs:
    """Student → session arcs as parallel arrays (positions in ``students`` / ``sessions``)."""

    student: np.ndarray
    session: np.ndarray
    rank: np.ndarray


def _options(
    instance: Instance,
    slot: Slot,
    sessions: list[SessionSpec],
    students: list[StudentSpec],
    fixed: Mapping[StudentId, SessionId],
    others: Mapping[tuple[StudentId, Slot], SessionId],
) -> dict[int, list[tuple[int, int]]]:
    """(session position, rank) of every session each student (by position) may take here."""
    ranks: dict[tuple[StudentId, SessionId], int] = {}
    for (student_id, chosen), ranked in instance.choices.items():
        if chosen == slot:
            for position, session_id in enumerate(ranked[:MAX_CHOICES], start=1):
                ranks.setdefault((student_id, session_id), position)
    full, taken = _closed(instance, slot, students, fixed, others)
    student_at = {s.id: i for i, s in enumerate(students) if s.id not in full}
    session_at = {s.id: i for i, s in enumerate(sessions)}
    options: dict[int, list[tuple[int, int]]] = {}
    for pair in instance.eligible:
        i = student_at.get(pair[0])
        j = session_at.get(pair[1])
        if i is None or j is None:
            continue
        if (
            taken
            and sessions[j].series is not None
            and sessions[j].series in taken.get(pair[0], ())
        ):
            continue
        options.setdefault(i, []).append((j, ranks.get(pair, UNRANKED)))
    return options


def _arcs(options: dict[int, list[tuple[int, int]]], unranked_for_all: bool) -> _Arcs:
    """Arcs in a fixed order; sessions a student did not rank are offered only to students
    with no eligible ranked session in the slot, or to everybody when ``unranked_for_all``."""
    rows: list[tuple[int, int, int]] = []
    for i in sorted(options):
        chosen = sorted(options[i])
        if not unranked_for_all and any(rank != UNRANKED for _, rank in chosen):
            chosen = [option for option in chosen if option[1] != UNRANKED]
        rows += [(i, j, rank) for j, rank in chosen]
    table = np.array(rows, dtype=np.int64).reshape(-1, 3)
    return _Arcs(table[:, 0], table[:, 1], table[:, 2])


def _closed(
    instance: Instance,
    slot: Slot,
    students: list[StudentSpec],
    fixed: Mapping[StudentId, SessionId],
    others: Mapping[tuple[StudentId, Slot], SessionId],
) -> tuple[set[StudentId], dict[StudentId, set[Hashable]]]:
    """Students who cannot take another session here, and the series each already has."""
    series_of = {session.id: session.series for session in instance.sessions}
    placed_elsewhere: Counter = Counter()
    taken: dict[StudentId, set[Hashable]] = {}
    for (student_id, other_slot), session_id in others.items():
        if other_slot != slot:
            placed_elsewhere[student_id] += 1
            taken.setdefault(student_id, set()).add(series_of.get(session_id))
    full = {
        s.id
        for s in students
        if s.id in fixed or placed_elsewhere[s.id] >= instance.sessions_allowed(s)
    }
    return full, taken


def _solve(
    arcs: _Arcs,
    students: list[StudentSpec],
    sessions: list[SessionSpec],
    seats: Mapping[SessionId, int],
    objective: Objective,
    seed: int,
) -> tuple[list[tuple[StudentId, SessionId]], int]:
    n, m, k = len(students), len(sessions), len(arcs.rank)
    # Nodes: 0 source, 1 sink, 2.. students, then sessions.
    order = np.random.default_rng(seed).permutation(k)
    arcs = _Arcs(arcs.student[order], arcs.session[order], arcs.rank[order])
    costs = _costs(arcs, students, sessions, objective, seed, n + m + 2)
    tails = np.concatenate([np.zeros(n, np.int64), 2 + arcs.student, 2 + n + np.arange(m)])
    heads = np.concatenate([2 + np.arange(n), 2 + n + arcs.session, np.ones(m, np.int64)])
    seat_counts = [max(0, seats[session.id]) for session in sessions]
    capacities = np.concatenate([np.ones(n + k, np.int64), np.array(seat_counts, np.int64)])
    all_costs = np.concatenate([np.zeros(n, np.int64), costs, np.zeros(m, np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, all_costs)
    flow.set_node_supply(0, n)
    flow.set_node_supply(1, -n)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")
    flows = flow.flows(np.arange(n, n + k))
    used = np.nonzero(flows > 0)[0]
    placed = [(students[arcs.student[a]].id, sessions[arcs.session[a]].id) for a in used.tolist()]
    return placed, int(flow.optimal_cost())


def _costs(
    arcs: _Arcs,
    students: list[StudentSpec],
    sessions: list[SessionSpec],
    objective: Objective,
    seed: int,
    num_nodes: int,
) -> np.ndarray:
    n = len(students)
    spread = TIE_LEVELS * n + 1
    ties = (TIE_LEVELS * tie_breaks(seed, arcs.student, arcs.session)).astype(np.int64)
    if objective is Objective.CONVEX:
        weights = np.array([s.weight for s in students])[arcs.student]
        quality = np.rint(QUALITY_SCALE * weights * (arcs.rank - 1) ** 2).astype(np.int64)
        return quality * spread + ties
    base = n + 1
    top = base ** (MAX_CHOICES - 1)
    powers = np.array([0] + [base ** (MAX_CHOICES - r) for r in range(1, UNRANKED)] + [0])
    cost = top - powers[arcs.rank].astype(np.int64)
    if top * spread * num_nodes < COST_BUDGET:
        return cost * spread + ties
    return cost

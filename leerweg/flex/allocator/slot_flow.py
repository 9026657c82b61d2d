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

Sessions a student did not rank are offered first only to students with no
eligible ranked session here. When that leaves someone unplaced, every eligible
pair counts, but the solver gets them as they prove needed (``_Network``): in a
school slot most of the ~100,000 eligible pairs can never be in an optimum, and
the reduced-cost test that shows this is a few array operations.

Cross-slot constraints are respected through ``others``: the student's
placements in other slots (a series is not repeated, and a student who already
has their maximum is not placed again).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Collection, Hashable, Mapping

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
# Solves over a growing set of arcs before the whole network is handed to the solver.
PRICING_ROUNDS = 6


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
    table = _Table.gather(instance, slot, students, sessions)
    conflicts = _slot_conflicts(instance, slot, sessions, students, table)
    if conflicts:
        return Allocation(Status.INFEASIBLE, conflicts=conflicts, objective_kind=objective)
    fixed, seats = _mandatory(instance, sessions)
    table.close(instance, slot, students, fixed, others)
    solving = time.perf_counter()
    network = _Network(table, students, sessions, seats, objective, seed)
    placed, cost = network.solve(table.first_offer())
    if len(placed) + len(fixed) < len(students):
        # Seats ran out: let everybody take sessions they did not rank, as the week does.
        placed, cost = network.solve_everything(table, placed)
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
    instance: Instance,
    slot: Slot,
    sessions: list[SessionSpec],
    students: list[StudentSpec],
    table: _Table,
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
    reachable = {s for s, session_id in instance.mandatory if session_id in in_slot}
    reachable |= {students[i].id for i in np.nonzero(table.reachable())[0].tolist()}
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


class _Table:
    """Students (rows) by sessions (columns) of the slot: who may take what, and at which rank.

    Eligibility is looked up only where it is needed (``rows``, ``cells``): in a
    school slot the ~100,000 eligible pairs are mostly never asked about, and
    reading them all costs more than the flow.
    """

    def __init__(
        self,
        pairs: Collection[tuple[StudentId, SessionId]],
        students: list[StudentSpec],
        sessions: list[SessionSpec],
        ranks: np.ndarray,
    ) -> None:
        self.pairs = pairs
        self.student_ids = [s.id for s in students]
        self.session_ids = [s.id for s in sessions]
        self.ranks = ranks
        # 1 eligible, 0 not, -1 not looked up yet; ``open`` is False where a student is closed.
        self.known = np.full(ranks.shape, -1, dtype=np.int8)
        self.open = np.ones(ranks.shape, dtype=bool)

    @classmethod
    def gather(
        cls,
        instance: Instance,
        slot: Slot,
        students: list[StudentSpec],
        sessions: list[SessionSpec],
    ) -> _Table:
        student_at = {s.id: i for i, s in enumerate(students)}
        session_at = {s.id: j for j, s in enumerate(sessions)}
        ranks = np.full((len(students), len(sessions)), UNRANKED, dtype=np.int64)
        rows: list[int] = []
        columns: list[int] = []
        positions: list[int] = []
        for (student_id, chosen), ranked in instance.choices.items():
            i = student_at.get(student_id)
            if chosen != slot or i is None:
                continue
            for position, session_id in enumerate(ranked[:MAX_CHOICES], start=1):
                j = session_at.get(session_id)
                if j is not None:
                    rows.append(i)
                    columns.append(j)
                    positions.append(position)
        # Reversed, so that the first place a session is ranked at is the one that stays.
        ranks[rows[::-1], columns[::-1]] = positions[::-1]
        table = cls(instance.eligible, students, sessions, ranks)
        table._learn(ranks != UNRANKED)
        return table

    def _learn(self, cells: np.ndarray) -> None:
        rows, columns = np.nonzero(cells & (self.known < 0))
        if not len(rows):
            return
        # map() and zip() build the keys in C, twice as fast as a comprehension.
        keys = zip(
            map(self.student_ids.__getitem__, rows.tolist()),
            map(self.session_ids.__getitem__, columns.tolist()),
            strict=True,
        )
        found = np.fromiter(map(self.pairs.__contains__, keys), dtype=bool, count=len(rows))
        self.known[rows, columns] = found

    def cells(self, cells: np.ndarray) -> np.ndarray:
        """Which of ``cells`` a student may take."""
        self._learn(cells & self.open)
        return cells & self.open & (self.known > 0)

    def rows(self, rows: np.ndarray) -> np.ndarray:
        """Every session the students of ``rows`` may take; other rows are empty."""
        return self.cells(np.broadcast_to(rows[:, None], self.ranks.shape))

    def everything(self) -> np.ndarray:
        return self.cells(np.ones(self.ranks.shape, dtype=bool))

    def reachable(self) -> np.ndarray:
        """Students eligible for some session in the slot."""
        ranked = (self.known > 0).any(axis=1)
        return ranked | self.rows(~ranked).any(axis=1)

    def close(
        self,
        instance: Instance,
        slot: Slot,
        students: list[StudentSpec],
        fixed: Mapping[StudentId, SessionId],
        others: Mapping[tuple[StudentId, Slot], SessionId],
    ) -> None:
        """Take away what students cannot take: all when they are full, a series they have."""
        full, taken = _closed(instance, slot, students, fixed, others)
        series = [s.series for s in instance.sessions if s.slot == slot]
        for i, student in enumerate(students):
            if student.id in full:
                self.open[i] = False
            elif student.id in taken:
                mine = taken[student.id]
                for j, name in enumerate(series):
                    if name is not None and name in mine:
                        self.open[i, j] = False

    def first_offer(self) -> np.ndarray:
        """Ranked sessions, and unranked ones only to students with no eligible ranked session."""
        ranked = self.cells(self.ranks != UNRANKED)
        return ranked | self.rows(~ranked.any(axis=1))


class _Network:
    """The slot's flow network over a chosen set of student → session arcs.

    ``solve_everything`` gives the optimum over every eligible arc without
    handing them all to the solver: it solves over the arcs in use so far plus
    every arc of the students left out, then proves the answer optimal for the
    whole network (no augmenting path and no arc of negative reduced cost under
    the node potentials of the residual network: the optimality conditions of
    min-cost flow, Ahuja, Magnanti and Orlin 1993, §9.3). Arcs that fail the test
    are added and it solves again; the full network is the last resort.
    """

    def __init__(
        self,
        table: _Table,
        students: list[StudentSpec],
        sessions: list[SessionSpec],
        seats: Mapping[SessionId, int],
        objective: Objective,
        seed: int,
    ) -> None:
        self.students = students
        self.sessions = sessions
        self.seed = seed
        self.n, self.m = len(students), len(sessions)
        self.seats = np.array([max(0, seats[s.id]) for s in sessions], dtype=np.int64)
        # Costs for every cell: cheaper in numpy than finding the eligible ones first.
        rows, columns = (grid.ravel() for grid in np.indices((self.n, self.m)))
        self.cost = _costs(
            rows, columns, table.ranks.ravel(), students, objective, seed, self.n + self.m + 2
        ).reshape(self.n, self.m)
        self.flow_of = np.zeros((self.n, self.m), dtype=bool)

    def solve(self, offered: np.ndarray) -> tuple[list[tuple[StudentId, SessionId]], int]:
        rows, columns = np.nonzero(offered)
        order = np.random.default_rng(self.seed).permutation(len(rows))
        rows, columns = rows[order], columns[order]
        n, m, k = self.n, self.m, len(rows)
        # Nodes: 0 source, 1 sink, 2.. students, then sessions.
        tails = np.concatenate([np.zeros(n, np.int64), 2 + rows, 2 + n + np.arange(m)])
        heads = np.concatenate([2 + np.arange(n), 2 + n + columns, np.ones(m, np.int64)])
        capacities = np.concatenate([np.ones(n + k, np.int64), self.seats])
        costs = np.concatenate(
            [np.zeros(n, np.int64), self.cost[rows, columns], np.zeros(m, np.int64)]
        )
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
        flow.set_node_supply(0, n)
        flow.set_node_supply(1, -n)
        status = flow.solve_max_flow_with_min_cost()
        if status != flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow ended with status {status}")
        used = np.nonzero(flow.flows(np.arange(n, n + k)) > 0)[0]
        self.flow_of = np.zeros((n, m), dtype=bool)
        self.flow_of[rows[used], columns[used]] = True
        placed = [
            (self.students[i].id, self.sessions[j].id)
            for i, j in zip(rows[used].tolist(), columns[used].tolist(), strict=True)
        ]
        return placed, int(flow.optimal_cost())

    def solve_everything(
        self, table: _Table, placed: list[tuple[StudentId, SessionId]]
    ) -> tuple[list[tuple[StudentId, SessionId]], int]:
        offered = table.first_offer()
        # Start from what the first solve shows: the arcs of those left out, and the arcs
        # that already price out under its potentials.
        cheaper = self._negative_arcs(offered, table)
        offered = offered | table.rows(~self.flow_of.any(axis=1))
        if cheaper is not None:
            offered = offered | cheaper
        for _ in range(PRICING_ROUNDS):
            placed, cost = self.solve(offered)
            missing = self._augmentable(table)
            if missing is None:
                missing = self._negative_arcs(offered, table)
            if missing is None:
                return placed, cost
            offered = offered | missing
        return self.solve(table.everything())

    def _augmentable(self, table: _Table) -> np.ndarray | None:
        """Arcs of the students on some augmenting path over every arc, if there is one."""
        in_student = self.flow_of.any(axis=1)
        load = self.flow_of.sum(axis=0)
        reached = ~in_student
        seen = np.zeros(self.m, dtype=bool)
        while True:
            arcs = table.rows(reached)
            sessions = arcs.any(axis=0) & ~seen
            if not sessions.any():
                return None
            if (load[sessions] < self.seats[sessions]).any():
                return arcs
            seen |= sessions
            reached = reached | self.flow_of[:, sessions].any(axis=1)

    def _negative_arcs(self, offered: np.ndarray, table: _Table) -> np.ndarray | None:
        """Arcs left out whose reduced cost is negative, or None when the flow is optimal."""
        potential = self._potentials(offered)
        if potential is None:
            return table.everything()
        n = self.n
        reduced = self.cost + potential[2 : 2 + n, None] - potential[None, 2 + n :]
        missing = table.cells(~offered & (reduced < 0))
        return missing if missing.any() else None

    def _potentials(self, offered: np.ndarray) -> np.ndarray | None:
        """Shortest distances in the residual network from a root joined to every node."""
        n, m = self.n, self.m
        student = 2 + np.arange(n)
        session = 2 + n + np.arange(m)
        in_student = self.flow_of.any(axis=1)
        load = self.flow_of.sum(axis=0)
        unused_rows, unused_columns = np.nonzero(offered & ~self.flow_of)
        used_rows, used_columns = np.nonzero(self.flow_of)
        tails = np.concatenate(
            [
                np.where(in_student, student, 0),
                student[unused_rows],
                session[used_columns],
                session[load < self.seats],
                np.ones(int((load > 0).sum()), np.int64),
            ]
        )
        heads = np.concatenate(
            [
                np.where(in_student, 0, student),
                session[unused_columns],
                student[used_rows],
                np.ones(int((load < self.seats).sum()), np.int64),
                session[load > 0],
            ]
        )
        weights = np.concatenate(
            [
                np.zeros(n, np.int64),
                self.cost[unused_rows, unused_columns],
                -self.cost[used_rows, used_columns],
                np.zeros(int((load < self.seats).sum()) + int((load > 0).sum()), np.int64),
            ]
        )
        distance = np.zeros(n + m + 2, dtype=np.int64)
        for _ in range(n + m + 2):
            shorter = distance.copy()
            np.minimum.at(shorter, heads, distance[tails] + weights)
            if np.array_equal(shorter, distance):
                return distance
            distance = shorter
        return None


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


def _costs(
    rows: np.ndarray,
    columns: np.ndarray,
    ranks: np.ndarray,
    students: list[StudentSpec],
    objective: Objective,
    seed: int,
    num_nodes: int,
) -> np.ndarray:
    n = len(students)
    spread = TIE_LEVELS * n + 1
    ties = (TIE_LEVELS * tie_breaks(seed, rows, columns)).astype(np.int64)
    if objective is Objective.CONVEX:
        weights = np.array([s.weight for s in students])[rows]
        quality = np.rint(QUALITY_SCALE * weights * (ranks - 1) ** 2).astype(np.int64)
        return quality * spread + ties
    base = n + 1
    top = base ** (MAX_CHOICES - 1)
    powers = np.array([0] + [base ** (MAX_CHOICES - r) for r in range(1, UNRANKED)] + [0])
    cost = top - powers[ranks].astype(np.int64)
    if top * spread * num_nodes < COST_BUDGET:
        return cost * spread + ties
    return cost

"""Small random instances and a brute-force optimum to hold the solvers against."""

from __future__ import annotations

import itertools
import random

from leerweg.flex.allocator import Instance, SessionSpec, StudentSpec, tie_break
from leerweg.flex.allocator.problem import UNRANKED


def random_instance(rng: random.Random, students: int = 4, slots: int = 2) -> Instance:
    sessions = []
    for slot in range(slots):
        for k in range(rng.randint(1, 3)):
            series = rng.choice([None, f"series{k}"])
            sessions.append(SessionSpec(f"t{slot}-{k}", slot, rng.randint(0, 2), series))
    people = []
    for index in range(students):
        low = rng.randint(0, slots)
        people.append(
            StudentSpec(f"s{index}", low, rng.randint(low, slots), rng.choice([1.0, 2.0]))
        )
    eligible = {(p.id, s.id) for p in people for s in sessions if rng.random() < 0.8}
    choices = {}
    for p in people:
        for slot in range(slots):
            offered = [s.id for s in sessions if s.slot == slot]
            rng.shuffle(offered)
            if offered and rng.random() < 0.8:
                choices[(p.id, slot)] = offered[: rng.randint(1, len(offered))]
    return Instance(people, sessions, eligible, choices, set())


def all_assignments(instance: Instance):
    """Every way to give each student at most one session per slot (constraints unchecked)."""
    slots = sorted({s.slot for s in instance.sessions})
    options = []
    for student in instance.students:
        for slot in slots:
            in_slot = [s.id for s in instance.sessions if s.slot == slot]
            options.append([(student.id, slot, None), *[(student.id, slot, s) for s in in_slot]])
    for combination in itertools.product(*options):
        yield {(s, slot): sid for s, slot, sid in combination if sid is not None}


def rank_of(instance: Instance, student, slot, session) -> int:
    ranked = instance.choices.get((student, slot), [])
    return ranked.index(session) + 1 if session in ranked[:5] else UNRANKED


def shortfall(instance: Instance, assignments) -> int:
    placed: dict = {}
    for (student, _), _session in assignments.items():
        placed[student] = placed.get(student, 0) + 1
    return sum(max(0, instance.sessions_needed(s) - placed.get(s.id, 0)) for s in instance.students)


def convex_quality(instance: Instance, assignments, seed: int, *, ties: bool = True) -> float:
    weight = {s.id: s.weight for s in instance.students}
    student_at = {s.id: i for i, s in enumerate(instance.students)}
    session_at = {s.id: i for i, s in enumerate(instance.sessions)}
    total = 0.0
    for (student, slot), session in assignments.items():
        rank = rank_of(instance, student, slot, session)
        total += weight[student] * (rank - 1) ** 2
        if ties:
            total += 0.01 * tie_break(seed, student_at[student], session_at[session])
    return total


def rank_signature(instance: Instance, assignments) -> tuple[int, ...]:
    ranks = [rank_of(instance, st, slot, se) for (st, slot), se in assignments.items()]
    return tuple(-sum(1 for r in ranks if r <= level) for level in range(1, 6))


def over_placed(instance: Instance, assignments) -> bool:
    """More sessions than the minimum: the allocator never does that without mandatory ones."""
    placed: dict = {}
    for (student, _), _session in assignments.items():
        placed[student] = placed.get(student, 0) + 1
    return any(placed.get(s.id, 0) > instance.sessions_needed(s) for s in instance.students)


def offered_in_first_round(instance: Instance, assignments) -> bool:
    """Only ranked or mandatory pairs, except for students who ranked too few (``candidates``)."""
    ranked_slots: dict = {}
    for (student, slot), ranked in instance.choices.items():
        if any((student, s) in instance.eligible for s in ranked[:5] if _slot(instance, s) == slot):
            ranked_slots[student] = ranked_slots.get(student, 0) + 1
    needy = {
        s.id for s in instance.students if ranked_slots.get(s.id, 0) < instance.sessions_needed(s)
    }
    for (student, slot), session in assignments.items():
        is_ranked = session in instance.choices.get((student, slot), [])[:5]
        if not is_ranked and student not in needy and (student, session) not in instance.mandatory:
            return False
    return True


def _slot(instance: Instance, session_id):
    return next(s.slot for s in instance.sessions if s.id == session_id)


def best(instance: Instance, key, feasible):
    """The brute-force optimum of ``key`` under the allocator's two-round rule."""
    first = [
        a
        for a in all_assignments(instance)
        if feasible(instance, a) and offered_in_first_round(instance, a)
    ]
    best_first = min(first, key=key)
    if shortfall(instance, best_first) == 0:
        return key(best_first)
    return min(key(a) for a in all_assignments(instance) if feasible(instance, a))

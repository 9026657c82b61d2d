"""Re-solve after manual moves, disturbing as few students as possible.

A move pins a student to a session (``pin``) or keeps them out of one
(``forbid``). Pins become mandatory, forbidden pairs leave the model. The
re-solve then widens in steps until it loses no placed hour compared with the
previous allocation:

1. only the moved students and the students now in the pinned sessions may
   change (each over their whole week); everybody else keeps their sessions;
2. every student with a session in a slot touched by a move may change;
3. the whole week, starting from the previous allocation.

Steps 1 and 2 are optimal for the students they free (status ``feasible``, as
they prove nothing about a full re-shuffle, which a school rarely wants after
publishing); step 3 is the normal week solve.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping

from .checker import check
from .diagnose import find_conflicts
from .problem import (
    Allocation,
    Conflict,
    Instance,
    Objective,
    SessionId,
    Slot,
    Status,
    StudentId,
)
from .week_ip import solve_week

Pair = tuple[StudentId, SessionId]


def resolve_with_moves(
    instance: Instance,
    previous: Mapping[tuple[StudentId, Slot], SessionId],
    *,
    pin: Collection[Pair] = (),
    forbid: Collection[Pair] = (),
    objective: Objective = Objective.CONVEX,
    seed: int = 0,
    time_limit: float = 20.0,
) -> Allocation:
    started = time.perf_counter()
    conflicts = _move_conflicts(instance, pin, forbid)
    moved = Instance(
        students=instance.students,
        sessions=instance.sessions,
        eligible=instance.eligible - set(forbid),
        choices=instance.choices,
        mandatory=instance.mandatory | set(pin),
        hours_per_session=instance.hours_per_session,
    )
    conflicts = conflicts or find_conflicts(moved)
    if conflicts:
        return Allocation(Status.INFEASIBLE, conflicts=conflicts, objective_kind=objective)
    kept = {key: sid for key, sid in previous.items() if (key[0], sid) not in set(forbid)}
    short_before = _short_hours(instance, previous)
    result = None
    for free in _neighbourhoods(instance, previous, pin, forbid):
        frozen = _frozen(moved, kept, free)
        remaining = time_limit - (time.perf_counter() - started)
        result = solve_week(
            moved,
            objective=objective,
            seed=seed,
            time_limit=remaining,
            forbidden=forbid,
            frozen=frozen,
            start=_start(kept),
        )
        if (
            result.status is not Status.INFEASIBLE
            and _short_hours(moved, result.assignments) <= short_before
        ):
            if frozen:
                result.status = Status.FEASIBLE
            break
    if result is None:  # the last neighbourhood is the whole week, so one always runs
        raise RuntimeError("no re-solve ran")
    result.seconds = time.perf_counter() - started
    return result


def _move_conflicts(
    instance: Instance, pin: Collection[Pair], forbid: Collection[Pair]
) -> list[Conflict]:
    conflicts = []
    for student_id, session_id in pin:
        if (student_id, session_id) not in instance.eligible | instance.mandatory:
            conflicts.append(
                Conflict(
                    "eligibility",
                    f"student {student_id} may not attend session {session_id}",
                    (student_id,),
                    (session_id,),
                )
            )
    for pair in set(forbid) & (instance.mandatory | set(pin)):
        conflicts.append(
            Conflict(
                "mandatory-forbidden",
                f"student {pair[0]} must attend session {pair[1]} and is also kept out of it",
                (pair[0],),
                (pair[1],),
            )
        )
    return conflicts


def _neighbourhoods(instance, previous, pin, forbid):
    sessions = {session.id: session for session in instance.sessions}
    moved = {student_id for student_id, _ in [*pin, *forbid]}
    pinned = {session_id for _, session_id in pin}
    in_pinned = {student_id for (student_id, _), sid in previous.items() if sid in pinned}
    yield moved | in_pinned
    slots = {sessions[sid].slot for _, sid in [*pin, *forbid] if sid in sessions}
    yield moved | {student_id for (student_id, slot) in previous if slot in slots}
    yield None


def _frozen(instance: Instance, kept, free) -> dict[StudentId, set[SessionId]] | None:
    if free is None:
        return None
    frozen: dict[StudentId, set[SessionId]] = {
        student.id: set() for student in instance.students if student.id not in free
    }
    for (student_id, _), session_id in kept.items():
        if student_id in frozen:
            frozen[student_id].add(session_id)
    for student_id, session_id in instance.mandatory:
        if student_id in frozen:
            frozen[student_id].add(session_id)
    return frozen


def _start(kept) -> dict[Pair, int]:
    return {(student_id, session_id): 1 for (student_id, _), session_id in kept.items()}


def _short_hours(instance: Instance, assignments) -> int:
    return sum(1 for v in check(instance, assignments) if v.constraint == "min-hours")

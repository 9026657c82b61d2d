"""Re-solve after manual moves, disturbing as few students as possible.

A move pins a student to a session (``pin``) or keeps them out of one
(``forbid``). Pins become mandatory, forbidden pairs leave the model. The
re-solve then widens in steps until it loses no placed hour compared with the
previous allocation:

1. only the moved students and the students now in the pinned sessions may
   change (each over their whole week); everybody else keeps their sessions;
2. every student with a session in a slot touched by a move may change;
3. the whole week, starting from the previous allocation.

In steps 1 and 2 the model holds only the students who may change: everybody
else is taken out together with the seats they keep, so a re-solve costs what
its few students cost, not what the school costs. Steps 1 and 2 are optimal for
the students they free (status ``feasible``, as they prove nothing about a full
re-shuffle, which a school rarely wants after publishing); step 3 is the normal
week solve.

Conflicts are looked for among the students a move touches (and everybody who
must attend a pinned session): the rest of the week is as it was when it was
allocated, and ``check`` verifies the whole answer.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Mapping

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
Assignments = Mapping[tuple[StudentId, Slot], SessionId]


def resolve_with_moves(
    instance: Instance,
    previous: Assignments,
    *,
    pin: Collection[Pair] = (),
    forbid: Collection[Pair] = (),
    objective: Objective = Objective.CONVEX,
    seed: int = 0,
    time_limit: float = 20.0,
) -> Allocation:
    started = time.perf_counter()
    forbidden = set(forbid)
    pinned = set(pin)
    moved = Instance(
        students=instance.students,
        sessions=instance.sessions,
        eligible=instance.eligible - forbidden,
        choices=instance.choices,
        mandatory=instance.mandatory | pinned,
        hours_per_session=instance.hours_per_session,
    )
    touched = {student_id for student_id, _ in [*pinned, *forbidden]}
    touched |= {s for s, session_id in moved.mandatory if session_id in {p[1] for p in pinned}}
    neighbourhoods = list(_neighbourhoods(instance, previous, pinned, forbidden))
    index = _Index(moved, touched.union(*[free for free in neighbourhoods if free is not None]))
    conflicts = _move_conflicts(instance, pinned, forbidden)
    conflicts = conflicts or find_conflicts(_only(moved, touched, {}, index))
    if conflicts:
        return Allocation(Status.INFEASIBLE, conflicts=conflicts, objective_kind=objective)
    kept = {key: sid for key, sid in previous.items() if (key[0], sid) not in forbidden}
    result = None
    for free in neighbourhoods:
        remaining = time_limit - (time.perf_counter() - started)
        if free is None:
            result = solve_week(
                moved,
                objective=objective,
                seed=seed,
                time_limit=remaining,
                forbidden=forbidden,
                start=_start(kept),
            )
            break
        part = _only(moved, free, _seats_kept(moved, kept, free), index)
        found = solve_week(
            part,
            objective=objective,
            seed=seed,
            time_limit=remaining,
            start=_start({key: sid for key, sid in kept.items() if key[0] in free}),
        )
        if found.status is not Status.INFEASIBLE and _short(part, found.assignments) <= _short(
            part, previous
        ):
            result = _merged(found, kept, free)
            break
    if result is None:  # the last neighbourhood is the whole week, so one always runs
        raise RuntimeError("no re-solve ran")
    result.seconds = time.perf_counter() - started
    return result


def _move_conflicts(instance: Instance, pinned: set[Pair], forbidden: set[Pair]) -> list[Conflict]:
    conflicts = []
    for student_id, session_id in pinned:
        if (student_id, session_id) not in instance.eligible and (
            student_id,
            session_id,
        ) not in instance.mandatory:
            conflicts.append(
                Conflict(
                    "eligibility",
                    f"student {student_id} may not attend session {session_id}",
                    (student_id,),
                    (session_id,),
                )
            )
    for pair in forbidden & (instance.mandatory | pinned):
        conflicts.append(
            Conflict(
                "mandatory-forbidden",
                f"student {pair[0]} must attend session {pair[1]} and is also kept out of it",
                (pair[0],),
                (pair[1],),
            )
        )
    return conflicts


def _neighbourhoods(
    instance: Instance, previous: Assignments, pinned: set[Pair], forbidden: set[Pair]
) -> Iterator[set[StudentId] | None]:
    sessions = {session.id: session for session in instance.sessions}
    moved = {student_id for student_id, _ in [*pinned, *forbidden]}
    pinned_sessions = {session_id for _, session_id in pinned}
    in_pinned = {student_id for (student_id, _), sid in previous.items() if sid in pinned_sessions}
    yield moved | in_pinned
    slots = {sessions[sid].slot for _, sid in [*pinned, *forbidden] if sid in sessions}
    yield moved | {student_id for (student_id, slot) in previous if slot in slots}
    yield None


class _Index:
    """Eligible pairs and choices of the ``students`` who may change, gathered in one pass."""

    def __init__(self, instance: Instance, students: set[StudentId]) -> None:
        self.eligible: dict[StudentId, list[SessionId]] = defaultdict(list)
        for student_id, session_id in instance.eligible:
            if student_id in students:
                self.eligible[student_id].append(session_id)
        self.choices: dict[StudentId, list[Slot]] = defaultdict(list)
        for student_id, slot in instance.choices:
            if student_id in students:
                self.choices[student_id].append(slot)


def _only(
    instance: Instance, students: set[StudentId], taken: Mapping[SessionId, int], index: _Index
) -> Instance:
    """The week for ``students`` alone, with the seats ``taken`` by everybody else removed."""
    return Instance(
        students=[student for student in instance.students if student.id in students],
        sessions=[
            s.__class__(s.id, s.slot, max(0, s.capacity - taken.get(s.id, 0)), s.series)
            for s in instance.sessions
        ],
        eligible={(s, sid) for s in students for sid in index.eligible.get(s, ())},
        choices={
            (s, slot): instance.choices[(s, slot)]
            for s in students
            for slot in index.choices.get(s, ())
        },
        mandatory={pair for pair in instance.mandatory if pair[0] in students},
        hours_per_session=instance.hours_per_session,
    )


def _seats_kept(instance: Instance, kept: Assignments, free: set[StudentId]) -> Counter:
    """Seats held by the students who keep their sessions (their mandatory ones included)."""
    sessions = {session.id: session for session in instance.sessions}
    held = {(s, sid) for (s, _), sid in kept.items() if s not in free}
    held |= {(s, sid) for s, sid in instance.mandatory if s not in free and sid in sessions}
    return Counter(sid for _, sid in held)


def _merged(found: Allocation, kept: Assignments, free: set[StudentId]) -> Allocation:
    assignments = {key: sid for key, sid in kept.items() if key[0] not in free}
    assignments.update(found.assignments)
    found.assignments = assignments
    found.status = Status.FEASIBLE
    return found


def _start(kept: Assignments) -> dict[Pair, int]:
    return {(student_id, session_id): 1 for (student_id, _), session_id in kept.items()}


def _short(instance: Instance, assignments: Assignments) -> int:
    """Required sessions the students of ``instance`` miss in ``assignments``."""
    placed = Counter(student_id for student_id, _ in assignments)
    return sum(
        max(0, instance.sessions_needed(student) - placed[student.id])
        for student in instance.students
    )

"""First come, first served: what a sign-up form gives, for comparison.

Mandatory students are enrolled first (teachers do that before sign-up opens).
Then students sign up in their order of arrival. Each takes, one at a time, the
best-ranked choice that still has a seat, in a slot where they have nothing yet
and of a series they do not have yet (the earlier slot first among equal ranks),
until they have their minimum hours. A student whose choices are full takes any
eligible session that still has a seat, as schools do with late students.
Students missing from ``arrival_order`` come last, in the order of the instance.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence

from .problem import (
    Assignments,
    Instance,
    SessionSpec,
    StudentId,
    StudentSpec,
    rank_lookup,
)


def first_come_first_served(instance: Instance, arrival_order: Sequence[StudentId]) -> Assignments:
    sessions = {session.id: session for session in instance.sessions}
    position = {session.id: index for index, session in enumerate(instance.sessions)}
    taken: Counter = Counter()
    assignments: Assignments = {}
    enrolled: dict[StudentId, list[SessionSpec]] = defaultdict(list)
    for student_id, session_id in sorted(instance.mandatory, key=lambda p: position[p[1]]):
        session = sessions[session_id]
        assignments[(student_id, session.slot)] = session_id
        enrolled[student_id].append(session)
        taken[session_id] += 1
    options = _options_by_student(instance, position, sessions)
    for student in _in_arrival_order(instance, arrival_order):
        mine = enrolled.get(student.id, [])
        _sign_up(instance, student, mine, options.get(student.id, []), taken, assignments)
    return assignments


def _in_arrival_order(instance: Instance, arrival_order: Sequence[StudentId]) -> list[StudentSpec]:
    by_id = {student.id: student for student in instance.students}
    ordered = [by_id[s] for s in dict.fromkeys(arrival_order) if s in by_id]
    seen = {student.id for student in ordered}
    return ordered + [student for student in instance.students if student.id not in seen]


def _options_by_student(
    instance: Instance, position: dict[Hashable, int], sessions: dict[Hashable, SessionSpec]
) -> dict[StudentId, list[SessionSpec]]:
    """Eligible sessions per student: ranked ones by (rank, slot order), then unranked ones."""
    ranks = rank_lookup(instance)
    options: dict[StudentId, list[tuple[int, int, SessionSpec]]] = defaultdict(list)
    for student_id, session_id in instance.eligible:
        if session_id in sessions:
            rank = ranks.get((student_id, session_id), len(ranks) + 1)
            options[student_id].append((rank, position[session_id], sessions[session_id]))
    return {
        s: [option for *_, option in sorted(found, key=lambda o: o[:2])]
        for s, found in options.items()
    }


def _sign_up(
    instance: Instance,
    student: StudentSpec,
    mine: list[SessionSpec],
    options: list[SessionSpec],
    taken: Counter,
    assignments: Assignments,
) -> None:
    series = {instance_series(session) for session in mine}
    slots = {session.slot for session in mine}
    missing = instance.sessions_needed(student) - len(mine)
    for session in options:
        if missing <= 0:
            return
        if session.slot in slots or instance_series(session) in series:
            continue
        if taken[session.id] >= session.capacity:
            continue
        assignments[(student.id, session.slot)] = session.id
        taken[session.id] += 1
        slots.add(session.slot)
        series.add(instance_series(session))
        missing -= 1


def instance_series(session: SessionSpec) -> Hashable:
    return session.series if session.series is not None else ("session", session.id)

"""Find set-ups that no allocation can satisfy, and name each conflict.

These are checked before solving, because a solver can only say "infeasible"
without saying why. Each conflict names its constraint code, the students and
the sessions in it, so that the person who set up the week can fix it:

- ``unknown-student`` / ``unknown-session`` / ``duplicate-id``: the input refers to
  ids that are not in the week, or lists one twice;
- ``capacity-negative``, ``hours-range``: a session or student spec is impossible;
- ``mandatory-over-capacity``: more students must attend a session than it seats;
- ``mandatory-same-slot`` / ``mandatory-same-series``: a student must attend two
  sessions at once, or the same session twice in a week;
- ``mandatory-over-max-hours``: mandatory sessions exceed a student's maximum hours;
- ``too-few-eligible``: even with every seat free, the sessions a student may attend
  cannot cover their minimum hours (one per slot, each series once). The count
  is a maximum bipartite matching between slots and series (Kuhn's augmenting paths).

Running out of seats through competition is not a conflict: the allocation then
places as many required hours as possible and reports who is short and why.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable

from .problem import Conflict, Instance, SessionId, SessionSpec, StudentId, StudentSpec


def find_conflicts(instance: Instance) -> list[Conflict]:
    conflicts = _input_conflicts(instance)
    if conflicts:
        return conflicts
    conflicts += _mandatory_capacity_conflicts(instance)
    mandatory_by_student: dict[StudentId, list[SessionSpec]] = defaultdict(list)
    sessions = {session.id: session for session in instance.sessions}
    for student_id, session_id in instance.mandatory:
        mandatory_by_student[student_id].append(sessions[session_id])
    eligible_by_student: dict[StudentId, list[SessionSpec]] = defaultdict(list)
    for student_id, session_id in instance.eligible | instance.mandatory:
        eligible_by_student[student_id].append(sessions[session_id])
    for student in instance.students:
        conflicts += _mandatory_student_conflicts(
            instance, student, mandatory_by_student.get(student.id, [])
        )
        conflicts += _eligibility_conflicts(
            instance, student, eligible_by_student.get(student.id, [])
        )
    return conflicts


def _input_conflicts(instance: Instance) -> list[Conflict]:
    conflicts: list[Conflict] = []
    student_ids = Counter(student.id for student in instance.students)
    session_ids = Counter(session.id for session in instance.sessions)
    for duplicate in [i for i, n in student_ids.items() if n > 1]:
        conflicts.append(
            Conflict("duplicate-id", f"student {duplicate} is listed twice", (duplicate,))
        )
    for duplicate in [i for i, n in session_ids.items() if n > 1]:
        conflicts.append(
            Conflict("duplicate-id", f"session {duplicate} is listed twice", (), (duplicate,))
        )
    pairs = [*instance.eligible, *instance.mandatory]
    pairs += [(s, session) for (s, _), ranked in instance.choices.items() for session in ranked]
    conflicts += _unknown_ids(pairs, set(student_ids), set(session_ids))
    for session in instance.sessions:
        if session.capacity < 0:
            conflicts.append(
                Conflict(
                    "capacity-negative",
                    f"session {session.id} has a negative capacity",
                    (),
                    (session.id,),
                )
            )
    for student in instance.students:
        if student.min_hours < 0 or student.max_hours < student.min_hours:
            conflicts.append(
                Conflict(
                    "hours-range",
                    f"student {student.id} needs {student.min_hours} to {student.max_hours} hours",
                    (student.id,),
                )
            )
    if instance.hours_per_session <= 0:
        conflicts.append(Conflict("hours-range", "a session must last more than zero hours"))
    return conflicts


def _unknown_ids(
    pairs: Iterable[tuple[StudentId, SessionId]], students: set, sessions: set
) -> list[Conflict]:
    unknown_students = {student for student, _ in pairs if student not in students}
    unknown_sessions = {session for _, session in pairs if session not in sessions}
    conflicts = [
        Conflict("unknown-student", f"student {student} is not in this week", (student,))
        for student in unknown_students
    ]
    conflicts += [
        Conflict("unknown-session", f"session {session} is not in this week", (), (session,))
        for session in unknown_sessions
    ]
    return conflicts


def _mandatory_capacity_conflicts(instance: Instance) -> list[Conflict]:
    required: dict[SessionId, list[StudentId]] = defaultdict(list)
    for student_id, session_id in instance.mandatory:
        required[session_id].append(student_id)
    conflicts = []
    for session in instance.sessions:
        students = required.get(session.id, [])
        if len(students) > session.capacity:
            conflicts.append(
                Conflict(
                    "mandatory-over-capacity",
                    f"{len(students)} students must attend session {session.id}, "
                    f"which seats {session.capacity}",
                    tuple(students),
                    (session.id,),
                    session.slot,
                )
            )
    return conflicts


def _mandatory_student_conflicts(
    instance: Instance, student: StudentSpec, mandatory: list[SessionSpec]
) -> list[Conflict]:
    conflicts = []
    for constraint, key, wording in (
        ("mandatory-same-slot", lambda s: s.slot, "at the same time"),
        ("mandatory-same-series", lambda s: s.series, "of the same series"),
    ):
        groups: dict[Hashable, list[SessionSpec]] = defaultdict(list)
        for session in mandatory:
            if key(session) is not None:
                groups[key(session)].append(session)
        for group in groups.values():
            if len(group) > 1:
                ids = tuple(session.id for session in group)
                conflicts.append(
                    Conflict(
                        constraint,
                        f"student {student.id} must attend {len(ids)} sessions {wording}",
                        (student.id,),
                        ids,
                        group[0].slot if constraint == "mandatory-same-slot" else None,
                    )
                )
    if len(mandatory) > instance.sessions_allowed(student):
        conflicts.append(
            Conflict(
                "mandatory-over-max-hours",
                f"student {student.id} must attend {len(mandatory)} sessions "
                f"but may spend at most {student.max_hours} hours",
                (student.id,),
                tuple(session.id for session in mandatory),
            )
        )
    return conflicts


def _eligibility_conflicts(
    instance: Instance, student: StudentSpec, eligible: list[SessionSpec]
) -> list[Conflict]:
    needed = instance.sessions_needed(student)
    possible = max_placements(eligible, needed)
    if possible >= needed:
        return []
    if not eligible:
        message = (
            f"student {student.id} is eligible for no session but needs {student.min_hours} hours"
        )
    else:
        message = (
            f"student {student.id} can attend at most {possible} sessions "
            f"but needs {student.min_hours} hours"
        )
    return [
        Conflict(
            "too-few-eligible", message, (student.id,), tuple(session.id for session in eligible)
        )
    ]


def max_placements(sessions: list[SessionSpec], enough: int) -> int:
    """How many of these sessions one student can attend: one per slot and one per series."""
    matched_series: dict[Hashable, Hashable] = {}  # series → slot
    options: dict[Hashable, list[Hashable]] = defaultdict(list)  # slot → series
    for session in sessions:
        series = session.series if session.series is not None else ("session", session.id)
        options[session.slot].append(series)
    count = 0
    for slot in options:
        if count >= enough:
            break
        if _augment(slot, options, matched_series, set()):
            count += 1
    return count


def _augment(
    slot: Hashable,
    options: dict[Hashable, list[Hashable]],
    matched_series: dict[Hashable, Hashable],
    seen: set,
) -> bool:
    for series in options[slot]:
        if series in seen:
            continue
        seen.add(series)
        holder = matched_series.get(series)
        if holder is None or _augment(holder, options, matched_series, seen):
            matched_series[series] = slot
            return True
    return False

"""An independent check of a set of assignments against every hard constraint.

Written apart from the solvers (it shares only the data classes) so that a bug
in building a model cannot hide itself: tests run every solver's answer through
it, and manual moves are checked with it before they are saved.

Constraint codes: ``unknown-student``, ``unknown-session``, ``wrong-slot`` (the
session is not in the slot it is filed under), ``eligibility``, ``capacity``,
``same-series`` (the same session twice in a week), ``max-hours``,
``min-hours`` (fewer hours than required: also what an allocation reports when
seats ran out) and ``mandatory-missing``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping

from .problem import Instance, SessionId, Slot, StudentId, Violation

EPSILON = 1e-9


def check(
    instance: Instance, assignments: Mapping[tuple[StudentId, Slot], SessionId]
) -> list[Violation]:
    students = {student.id: student for student in instance.students}
    sessions = {session.id: session for session in instance.sessions}
    violations: list[Violation] = []
    per_student: dict[StudentId, list[SessionId]] = defaultdict(list)
    per_session: dict[SessionId, list[StudentId]] = defaultdict(list)
    for (student_id, slot), session_id in assignments.items():
        problem = _pair_problem(instance, students, sessions, student_id, slot, session_id)
        if problem:
            violations.append(problem)
            if problem.constraint.startswith("unknown"):
                continue
        per_student[student_id].append(session_id)
        per_session[session_id].append(student_id)
    violations += _capacity(sessions, per_session)
    violations += _series(sessions, per_student)
    violations += _hours(instance, per_student)
    violations += _mandatory(instance, sessions, assignments)
    return violations


def _pair_problem(instance, students, sessions, student_id, slot, session_id) -> Violation | None:
    if student_id not in students:
        return Violation("unknown-student", f"student {student_id} is not in this week", student_id)
    if session_id not in sessions:
        return Violation(
            "unknown-session", f"session {session_id} is not in this week", student_id, session_id
        )
    if sessions[session_id].slot != slot:
        return Violation(
            "wrong-slot",
            f"session {session_id} is not in slot {slot}",
            student_id,
            session_id,
        )
    pair = (student_id, session_id)
    if pair not in instance.eligible and pair not in instance.mandatory:
        return Violation(
            "eligibility",
            f"student {student_id} may not attend session {session_id}",
            student_id,
            session_id,
        )
    return None


def _capacity(sessions, per_session) -> list[Violation]:
    return [
        Violation(
            "capacity",
            f"session {session_id} has {len(attendees)} students "
            f"for {sessions[session_id].capacity} seats",
            None,
            session_id,
        )
        for session_id, attendees in per_session.items()
        if len(attendees) > sessions[session_id].capacity
    ]


def _series(sessions, per_student) -> list[Violation]:
    violations = []
    for student_id, session_ids in per_student.items():
        seen: dict[Hashable, SessionId] = {}
        for session_id in session_ids:
            series = sessions[session_id].series
            if series is None:
                continue
            if series in seen:
                violations.append(
                    Violation(
                        "same-series",
                        f"student {student_id} attends {seen[series]} and {session_id}, "
                        "the same session twice in a week",
                        student_id,
                        session_id,
                    )
                )
            seen[series] = session_id
    return violations


def _hours(instance: Instance, per_student) -> list[Violation]:
    violations = []
    for student in instance.students:
        hours = len(per_student.get(student.id, [])) * instance.hours_per_session
        if hours > student.max_hours + EPSILON:
            violations.append(
                Violation(
                    "max-hours",
                    f"student {student.id} has {hours} hours, at most {student.max_hours} allowed",
                    student.id,
                )
            )
        if hours < student.min_hours - EPSILON:
            violations.append(
                Violation(
                    "min-hours",
                    f"student {student.id} has {hours} hours but needs {student.min_hours}",
                    student.id,
                )
            )
    return violations


def _mandatory(instance: Instance, sessions, assignments) -> list[Violation]:
    violations = []
    for student_id, session_id in instance.mandatory:
        session = sessions.get(session_id)
        if session is None or assignments.get((student_id, session.slot)) != session_id:
            violations.append(
                Violation(
                    "mandatory-missing",
                    f"student {student_id} must attend session {session_id}",
                    student_id,
                    session_id,
                )
            )
    return violations

"""The allocation problem and its answer as plain data.

Ids of students, sessions and slots are any hashable values (ints, strings,
UUIDs); the allocator never orders them, so mixed kinds are fine.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# Any hashable value; typed as Any because containers of ids are invariant (a caller's
# set[tuple[UUID, int]] is no set[tuple[Hashable, Hashable]]).
StudentId = Any
SessionId = Any
Slot = Any
Assignments = dict[tuple[StudentId, Slot], SessionId]

MAX_CHOICES = 5
# A placement in an eligible session the student did not rank counts as this rank.
UNRANKED = MAX_CHOICES + 1
# Each required hour that could not be placed counts as this rank in regret figures.
SHORT = MAX_CHOICES + 2


class Objective(StrEnum):
    """How choice quality is weighed once everybody who can be placed is placed."""

    RANK_MAXIMAL = "rank-maximal"
    CONVEX = "convex"


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"


@dataclass(frozen=True)
class StudentSpec:
    """A student and the hours they must (min) and may (max) spend in flex sessions a week.

    ``weight`` is the fairness carry-over (1.0 = no history); see ``fairness``.
    """

    id: StudentId
    min_hours: float
    max_hours: float
    weight: float = 1.0


@dataclass(frozen=True)
class SessionSpec:
    """One session in one slot. Sessions sharing a ``series`` are the same session repeated."""

    id: SessionId
    slot: Slot
    capacity: int
    series: Hashable | None = None


@dataclass
class Instance:
    students: list[StudentSpec]
    sessions: list[SessionSpec]
    eligible: set[tuple[StudentId, SessionId]]
    choices: dict[tuple[StudentId, Slot], list[SessionId]] = field(default_factory=dict)
    mandatory: set[tuple[StudentId, SessionId]] = field(default_factory=set)
    hours_per_session: float = 1

    def student(self, student_id: StudentId) -> StudentSpec:
        return self._students_by_id()[student_id]

    def session(self, session_id: SessionId) -> SessionSpec:
        return self._sessions_by_id()[session_id]

    def _students_by_id(self) -> dict[StudentId, StudentSpec]:
        return {student.id: student for student in self.students}

    def _sessions_by_id(self) -> dict[SessionId, SessionSpec]:
        return {session.id: session for session in self.sessions}

    def sessions_needed(self, student: StudentSpec) -> int:
        """Sessions that cover the student's minimum hours (a part hour still needs a session)."""
        return max(0, math.ceil(student.min_hours / self.hours_per_session - 1e-9))

    def sessions_allowed(self, student: StudentSpec) -> int:
        """Sessions that fit within the student's maximum hours."""
        return max(0, math.floor(student.max_hours / self.hours_per_session + 1e-9))


@dataclass(frozen=True)
class Conflict:
    """Why an instance cannot be allocated: one constraint and the people and sessions in it."""

    constraint: str
    message: str
    students: tuple[StudentId, ...] = ()
    sessions: tuple[SessionId, ...] = ()
    slot: Slot | None = None


@dataclass(frozen=True)
class Violation:
    """One broken constraint in a set of assignments, as the checker found it."""

    constraint: str
    message: str
    student: StudentId | None = None
    session: SessionId | None = None


@dataclass(frozen=True)
class Phase:
    """One solve of a lexicographic sequence: what was optimised, its value and proven bound."""

    name: str
    objective: float
    bound: float
    gap: float
    seconds: float


@dataclass
class Allocation:
    """The answer: who goes where, how good that is proven to be, or why there is no answer."""

    status: Status
    assignments: Assignments = field(default_factory=dict)
    objective: float = 0.0
    bound: float = 0.0
    gap: float = 0.0
    seconds: float = 0.0
    conflicts: list[Conflict] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    hours_short: dict[StudentId, float] = field(default_factory=dict)
    objective_kind: Objective = Objective.CONVEX

    @property
    def published(self) -> bool:
        """Only an allocation without conflicts may be shown to students."""
        return self.status is not Status.INFEASIBLE


def relative_gap(objective: float, bound: float) -> float:
    """The optimality gap as HiGHS reports it: |objective − bound| / max(|objective|, 1)."""
    return abs(objective - bound) / max(abs(objective), 1.0)


def rank_lookup(instance: Instance) -> dict[tuple[StudentId, SessionId], int]:
    """Rank (1 = first choice) of each session a student ranked in the session's own slot."""
    slot_of = {session.id: session.slot for session in instance.sessions}
    ranks: dict[tuple[StudentId, SessionId], int] = {}
    for (student_id, slot), ranked in instance.choices.items():
        for position, session_id in enumerate(ranked[:MAX_CHOICES], start=1):
            if slot_of.get(session_id, _MISSING) == slot:
                ranks.setdefault((student_id, session_id), position)
    return ranks


_MISSING = object()


def slot_of_sessions(instance: Instance) -> Mapping[SessionId, Slot]:
    return {session.id: session.slot for session in instance.sessions}

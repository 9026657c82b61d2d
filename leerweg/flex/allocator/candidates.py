"""The (student, session) pairs a solver may use, with their rank and cost.

A pair is a candidate when the student is eligible for the session (or it is
mandatory for them) and either they ranked it in its slot, or it is mandatory,
or the student ranked too few sessions to reach their minimum hours (or is
listed in ``unranked_for``), in which case every eligible session is offered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable
from dataclasses import dataclass

import numpy as np

from .fairness import tie_breaks
from .problem import (
    UNRANKED,
    Instance,
    SessionId,
    SessionSpec,
    StudentId,
    StudentSpec,
    rank_lookup,
)

# Tie-break costs stay below one hundredth of the smallest difference between two ranks.
TIE_SCALE = 0.01


@dataclass(frozen=True)
class Candidate:
    student: StudentSpec
    session: SessionSpec
    rank: int
    fixed: bool
    student_position: int
    session_position: int

    @property
    def series_key(self) -> Hashable:
        return (
            self.session.series if self.session.series is not None else ("session", self.session.id)
        )


def convex_cost(rank: int) -> float:
    """(rank − 1)²: a third choice costs four second choices, so the worst-off come first."""
    return float((rank - 1) ** 2)


def candidate_costs(candidates: list[Candidate], seed: int) -> np.ndarray:
    """Weighted convex rank cost plus this week's tie-break, for each candidate."""
    students = np.array([c.student_position for c in candidates], dtype=np.int64)
    sessions = np.array([c.session_position for c in candidates], dtype=np.int64)
    weights = np.array([c.student.weight for c in candidates])
    ranks = np.array([c.rank for c in candidates], dtype=np.float64)
    return weights * (ranks - 1) ** 2 + TIE_SCALE * tie_breaks(seed, students, sessions)


def build_candidates(
    instance: Instance,
    *,
    unranked_for: Collection[StudentId] = (),
    forbidden: Collection[tuple[StudentId, SessionId]] = (),
    slots: Collection[Hashable] | None = None,
) -> list[Candidate]:
    """All candidate pairs; ``unranked_for`` students also get every eligible unranked session."""
    ranks = rank_lookup(instance)
    mandatory = instance.mandatory
    by_student = _eligible_by_student(instance, slots)
    result: list[Candidate] = []
    position = {session.id: index for index, session in enumerate(instance.sessions)}
    for student_position, student in enumerate(instance.students):
        pairs = by_student.get(student.id, [])
        ranked_slots = {s.slot for s in pairs if (student.id, s.id) in ranks}
        needs_unranked = student.id in unranked_for or len(ranked_slots) < instance.sessions_needed(
            student
        )
        for session in pairs:
            key = (student.id, session.id)
            if key in forbidden and key not in mandatory:
                continue
            rank = ranks.get(key)
            if rank is None and key not in mandatory and not needs_unranked:
                continue
            result.append(
                Candidate(
                    student,
                    session,
                    rank or UNRANKED,
                    key in mandatory,
                    student_position,
                    position[session.id],
                )
            )
    return result


def _eligible_by_student(
    instance: Instance, slots: Collection[Hashable] | None
) -> dict[StudentId, list[SessionSpec]]:
    """Eligible sessions per student in the order of ``instance.sessions``.

    The order is fixed so that a run is reproducible whatever the set order of the pairs.
    """
    position = {session.id: index for index, session in enumerate(instance.sessions)}
    by_student: dict[StudentId, list[int]] = defaultdict(list)
    for student_id, session_id in instance.eligible | instance.mandatory:
        index = position.get(session_id)
        if index is None:
            continue
        if slots is not None and instance.sessions[index].slot not in slots:
            continue
        by_student[student_id].append(index)
    return {
        student_id: [instance.sessions[index] for index in sorted(indices)]
        for student_id, indices in by_student.items()
    }

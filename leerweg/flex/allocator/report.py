"""Figures about a week's assignments: choice quality, who is short and why, regret, fairness.

Regret is the unit of "how badly off": a placement at rank r costs r − 1, a
placement the student did not rank costs ``UNRANKED − 1`` and each required
session not placed costs ``SHORT − 1``. A student with only first choices has
regret 0. A mandatory placement costs nothing and stays out of the rank
profile: the student cannot choose in a slot where they must attend a session
(the choose page refuses it), and no allocation can place them elsewhere, so it
says nothing about how well their choices were served. ``Summary.mandatory``
counts those placements.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from .diagnose import max_placements
from .problem import (
    SHORT,
    UNRANKED,
    Allocation,
    Instance,
    SessionId,
    SessionSpec,
    Slot,
    StudentId,
    StudentSpec,
    rank_lookup,
)


@dataclass(frozen=True)
class Unplaced:
    """A student short of their minimum hours; ``reason`` is ``not-eligible``, ``seats-full``
    (every session they could still attend is full) or ``seats-left`` (a seat was free)."""

    student: StudentId
    hours_short: float
    reason: str


@dataclass
class Summary:
    """``placements`` counts all; the rank profile, shares and ``unranked`` only those chosen
    by the allocation (``mandatory`` placements apart)."""

    placements: int
    rank_profile: dict[int, int]
    first_choice_share: float
    top3_share: float
    unranked: int
    unplaced: list[Unplaced]
    hours_short: dict[StudentId, float]
    regret: dict[StudentId, int] = field(repr=False)
    mandatory: int = 0

    @property
    def worst_regret(self) -> int:
        return max(self.regret.values(), default=0)


@dataclass(frozen=True)
class Fairness:
    """Cumulative regret over weeks and how it relates to the order students signed up in."""

    weeks: int
    worst: int
    mean: float
    order_correlation: float | None


def summarise(
    instance: Instance, assignments: Mapping[tuple[StudentId, Slot], SessionId]
) -> Summary:
    ranks = rank_lookup(instance)
    profile: Counter = Counter()
    placed: Counter = Counter()
    regret: dict[StudentId, int] = {student.id: 0 for student in instance.students}
    mandatory = 0
    for (student_id, _), session_id in assignments.items():
        placed[student_id] += 1
        if (student_id, session_id) in instance.mandatory:
            mandatory += 1
            continue
        rank = ranks.get((student_id, session_id), UNRANKED)
        profile[rank] += 1
        regret[student_id] = regret.get(student_id, 0) + rank - 1
    hours_short: dict[StudentId, float] = {}
    for student in instance.students:
        missing = instance.sessions_needed(student) - placed[student.id]
        if missing > 0:
            hours_short[student.id] = missing * instance.hours_per_session
            regret[student.id] += missing * (SHORT - 1)
    total = sum(profile.values())
    return Summary(
        placements=total + mandatory,
        rank_profile=dict(sorted(profile.items())),
        first_choice_share=profile[1] / total if total else 0.0,
        top3_share=sum(profile[r] for r in (1, 2, 3)) / total if total else 0.0,
        unranked=profile[UNRANKED],
        unplaced=_unplaced(instance, assignments, hours_short),
        hours_short=hours_short,
        regret=regret,
        mandatory=mandatory,
    )


def weekly_regret(
    instance: Instance, assignments: Mapping[tuple[StudentId, Slot], SessionId]
) -> dict[StudentId, float]:
    """Mean regret per required session: the outcome ``carry_over_weights`` expects."""
    summary = summarise(instance, assignments)
    return {
        student.id: summary.regret[student.id] / max(1, instance.sessions_needed(student))
        for student in instance.students
    }


def fairness_over_weeks(
    weekly_regrets: Sequence[Mapping[StudentId, float]],
    arrival_order: Sequence[StudentId] | None = None,
) -> Fairness:
    """Cumulative regret per student over the weeks, and its correlation with sign-up order."""
    cumulative: dict[StudentId, float] = defaultdict(float)
    for week in weekly_regrets:
        for student_id, regret in week.items():
            cumulative[student_id] += regret
    values = list(cumulative.values())
    correlation = None
    if arrival_order is not None:
        position = {student_id: i for i, student_id in enumerate(arrival_order)}
        pairs = [(position[s], r) for s, r in cumulative.items() if s in position]
        correlation = pearson([p for p, _ in pairs], [r for _, r in pairs])
    return Fairness(
        weeks=len(weekly_regrets),
        worst=round(max(values, default=0)),
        mean=sum(values) / len(values) if values else 0.0,
        order_correlation=correlation,
    )


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    n = len(xs)
    if n < 2:
        return 0.0
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x == 0 or var_y == 0:
        return 0.0
    return cov / math.sqrt(var_x * var_y)


def compare(
    instance: Instance,
    allocation: Allocation,
    baseline: Mapping[tuple[StudentId, Slot], SessionId],
) -> dict[str, dict[str, float]]:
    """The figures of the allocation beside what first come, first served gave."""
    figures = {}
    for name, assignments in (("allocation", allocation.assignments), ("first come", baseline)):
        summary = summarise(instance, assignments)
        figures[name] = {
            "first choice": summary.first_choice_share,
            "top 3": summary.top3_share,
            "unranked": float(summary.unranked),
            "students short": float(len(summary.hours_short)),
            "hours short": float(sum(summary.hours_short.values())),
            "worst regret": float(summary.worst_regret),
        }
    figures["allocation"]["optimality gap"] = allocation.gap
    return figures


def _unplaced(
    instance: Instance,
    assignments: Mapping[tuple[StudentId, Slot], SessionId],
    hours_short: Mapping[StudentId, float],
) -> list[Unplaced]:
    if not hours_short:
        return []
    sessions = {session.id: session for session in instance.sessions}
    seats = Counter({s.id: s.capacity for s in instance.sessions})
    for session_id in assignments.values():
        seats[session_id] -= 1
    eligible: dict[StudentId, list[SessionSpec]] = defaultdict(list)
    for student_id, session_id in instance.eligible | instance.mandatory:
        if student_id in hours_short and session_id in sessions:
            eligible[student_id].append(sessions[session_id])
    mine: dict[StudentId, list[SessionSpec]] = defaultdict(list)
    for (student_id, _), session_id in assignments.items():
        if student_id in hours_short:
            mine[student_id].append(sessions[session_id])
    result = []
    for student in instance.students:
        if student.id not in hours_short:
            continue
        reason = _why_short(instance, student, eligible[student.id], mine[student.id], seats)
        result.append(Unplaced(student.id, hours_short[student.id], reason))
    return result


def _why_short(
    instance: Instance,
    student: StudentSpec,
    eligible: list[SessionSpec],
    mine: list[SessionSpec],
    seats: Mapping[SessionId, int],
) -> str:
    needed = instance.sessions_needed(student)
    if max_placements(eligible, needed) < needed:
        return "not-eligible"
    slots = {session.slot for session in mine}
    series: set[Hashable] = {s.series for s in mine if s.series is not None}
    for session in eligible:
        free = seats[session.id] > 0
        if (
            free
            and session.slot not in slots
            and (session.series is None or session.series not in series)
        ):
            return "seats-left"
    return "seats-full"

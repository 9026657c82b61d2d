"""Fairness across weeks: carry-over weights and per-week tie-breaking.

Two mechanisms keep the same students from losing out every week:

1. **Ties are broken afresh each week.** Among allocations of equal quality the
   solver would otherwise pick the same one every week (it depends on the order
   of the input). Each (student, session) pair gets a small pseudo-random cost
   from ``tie_break``; a new seed each week reshuffles who wins a tie. The value
   is reproducible for a seed and the same instance.
2. **A decaying carry-over weight.** A student whose outcome in a past week was
   worse than that week's average carries the excess into a weight > 1, which
   multiplies their rank cost (convex objective) or gives them precedence among
   equally rank-maximal allocations. Older weeks count less:
   ``weight = 1 + Σ_age decay^age · max(0, regret − mean regret)``, with age 0
   for the most recent week, so one bad week is forgiven in a few weeks and a
   run of bad weeks adds up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .problem import StudentId

MAX_WEIGHT = 4.0


def carry_over_weights(
    history: Sequence[Mapping[StudentId, float]], decay: float = 0.5
) -> dict[StudentId, float]:
    """Weights for next week from past weekly outcomes, oldest week first.

    Each outcome is a student's mean regret per required hour that week
    (``report.weekly_regret``): 0 when every placement was a first choice.
    Students with no poor weeks get 1.0. Weights are capped at ``MAX_WEIGHT``
    so that one student can never outweigh a whole group.
    """
    if not 0 <= decay <= 1:
        raise ValueError("decay must lie between 0 and 1")
    weights: dict[StudentId, float] = {}
    for age, week in enumerate(reversed(history)):
        if not week:
            continue
        mean = sum(week.values()) / len(week)
        factor = decay**age
        for student_id, regret in week.items():
            excess = max(0.0, regret - mean)
            weights[student_id] = weights.get(student_id, 1.0) + factor * excess
    return {student_id: min(MAX_WEIGHT, weight) for student_id, weight in weights.items()}


def tie_break(seed: int, student_position: int, session_position: int) -> float:
    """A reproducible number in [0, 1) for this week's seed and this pair.

    Pairs are named by the positions of student and session in the instance, so
    the value does not depend on how ids hash or on the order of sets; the mixing
    is SplitMix64 (Steele, Lea and Flood, 2014).
    """
    x = (seed * _GOLDEN + student_position * _MIX1 + session_position * _MIX2) & _MASK
    x ^= x >> 30
    x = (x * _MIX1) & _MASK
    x ^= x >> 27
    x = (x * _MIX2) & _MASK
    x ^= x >> 31
    return x / 2**64


def tie_breaks(
    seed: int, student_positions: np.ndarray, session_positions: np.ndarray
) -> np.ndarray:
    """``tie_break`` for many pairs at once (unsigned 64-bit arithmetic wraps like the mask)."""
    x = (
        np.uint64((seed * _GOLDEN) & _MASK)
        + student_positions.astype(np.uint64) * np.uint64(_MIX1)
        + session_positions.astype(np.uint64) * np.uint64(_MIX2)
    )
    x ^= x >> np.uint64(30)
    x *= np.uint64(_MIX1)
    x ^= x >> np.uint64(27)
    x *= np.uint64(_MIX2)
    x ^= x >> np.uint64(31)
    return x.astype(np.float64) / 2.0**64


_MASK = 2**64 - 1
_GOLDEN = 0x9E3779B97F4A7C15
_MIX1 = 0xBF58476D1CE4E5B9
_MIX2 = 0x94D049BB133111EB

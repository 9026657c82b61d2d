"""How far a student is with one learning goal, from rubric judgements over time.

Plain Python, no Django: the rule can be read and tested on its own.

A *judgement* is one teacher's rubric verdict on work for the goal: the lower
median of the levels given per criterion, put on the four-step scale below
(a rubric with another number of levels is scaled onto it). Judgements from
different teachers count alike.

The rule, in order (the first that holds wins), looks at the last
``WINDOW`` judgements, newest first:

1. *advanced* when at least three of them are at advanced;
2. *proficient* when at least three of them are at proficient or higher;
3. *developing* when at least half of them are at developing or higher;
4. otherwise *beginning*.

"Three of the last four" asks for consistency rather than one good day, as
the "most recent and consistent" evidence rule of standards-based grading
(Guskey, *On Your Mark*, 2015; Marzano, *Formative Assessment & Standards-Based
Grading*, 2010). With fewer than three judgements a student can therefore be
at most *developing*, and the reason says so.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

WINDOW = 4
CONSISTENT = 3


class Level(IntEnum):
    BEGINNING = 1
    DEVELOPING = 2
    PROFICIENT = 3
    ADVANCED = 4


@dataclass(frozen=True)
class Judgement:
    when: datetime
    level: Level
    judge: str = ""


class Reason(IntEnum):
    """Which part of the rule decided; the page puts it into words."""

    CONSISTENT_AT = 1  # ``met`` of the last ``window`` at ``threshold`` or higher
    HALF_AT = 2  # ``met`` of the last ``window`` at ``threshold`` or higher (half or more)
    TOO_FEW = 3  # high levels, but fewer than three judgements so far
    BELOW = 4  # fewer than half at developing or higher


@dataclass(frozen=True)
class Mastery:
    level: Level
    reason: Reason
    met: int
    window: int
    threshold: Level


def scaled(rank: int, of: int) -> Level:
    """Level ``rank`` of a rubric with ``of`` levels, on the four-step scale.

    ``ceil(rank * 4 / of)``: with four levels each stays itself; with three,
    the top level is advanced; with five, levels 4 and 5 are both advanced.
    """
    if of < 1 or not 1 <= rank <= of:
        raise ValueError(f"level {rank} of {of}")
    return Level(-(-rank * len(Level) // of))


def lower_median(levels: Sequence[Level]) -> Level:
    """The judgement of one rubric: the lower middle of its criterion levels."""
    if not levels:
        raise ValueError("no levels")
    ordered = sorted(levels)
    return ordered[(len(ordered) - 1) // 2]


def mastery(judgements: Sequence[Judgement]) -> Mastery | None:
    """The level for a goal, or None when it was never judged."""
    if not judgements:
        return None
    recent = sorted(judgements, key=lambda judgement: judgement.when, reverse=True)[:WINDOW]
    window = len(recent)

    def at_least(level: Level) -> int:
        return sum(1 for judgement in recent if judgement.level >= level)

    for level in (Level.ADVANCED, Level.PROFICIENT):
        if at_least(level) >= CONSISTENT:
            return Mastery(level, Reason.CONSISTENT_AT, at_least(level), window, level)
    developing = at_least(Level.DEVELOPING)
    if 2 * developing >= window:
        if window < CONSISTENT and at_least(Level.PROFICIENT) == window:
            return Mastery(Level.DEVELOPING, Reason.TOO_FEW, window, window, Level.PROFICIENT)
        return Mastery(Level.DEVELOPING, Reason.HALF_AT, developing, window, Level.DEVELOPING)
    return Mastery(Level.BEGINNING, Reason.BELOW, developing, window, Level.DEVELOPING)

"""Seeded instances of the flex-hours allocation problem for the benchmark and tests.

A school of ``students`` in six year groups offers ``series`` workshops. Each
workshop is given in several of the week's ``slots`` (the same session repeated:
a student may attend it once a week), each time with 15–40 seats, and is open to
a band of year groups. Enough offerings are made for the seats to reach
``capacity_ratio`` times the required hours (1.1 by default).

Popularity is skewed: workshop appeal is log-normal, so a few workshops draw far
more students than they seat. A student's taste is appeal plus a personal
Gumbel term, fixed for the whole year (tastes persist across weeks). Each
student must attend 2–4 sessions a week; ``mandatory`` pairs are spread over
students and sessions without clashing. In every slot the student ranks their
five favourite sessions among those open to their year group, as the choose page
allows: only eligible sessions, and nothing in a slot where the student must
attend a mandatory session (the page refuses choices there).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from leerweg.flex.allocator import Instance, SessionSpec, StudentSpec

YEAR_GROUPS = 6


@dataclass(frozen=True)
class Scenario:
    students: int = 2000
    series: int = 80
    slots: int = 10
    seats: tuple[int, int] = (15, 40)
    choices: int = 5
    hours: tuple[int, int] = (2, 4)
    mandatory: int = 100
    capacity_ratio: float = 1.1


def generate(scenario: Scenario, seed: int) -> Instance:
    rng = random.Random(seed)
    students = _students(scenario, rng)
    appeal = [rng.lognormvariate(0.0, 1.0) for _ in range(scenario.series)]
    audience = [_audience(rng) for _ in range(scenario.series)]
    sessions = _sessions(scenario, students, rng)
    year = {student.id: rng.randrange(YEAR_GROUPS) for student in students}
    eligible = {
        (student.id, session.id)
        for student in students
        for session in sessions
        if year[student.id] in audience[session.series]
    }
    taste = {student.id: [math.log(a) + _gumbel(rng) for a in appeal] for student in students}
    mandatory = _mandatory(scenario, students, sessions, eligible, rng)
    choices = _choices(scenario, students, sessions, eligible, taste, mandatory)
    return Instance(students, sessions, eligible, choices, mandatory)


def _students(scenario: Scenario, rng: random.Random) -> list[StudentSpec]:
    low, high = scenario.hours
    result = []
    for index in range(scenario.students):
        hours = rng.randint(low, high)
        result.append(StudentSpec(f"s{index}", hours, max(hours, high)))
    return result


def _audience(rng: random.Random) -> set[int]:
    size = rng.randint(2, YEAR_GROUPS)
    first = rng.randint(0, YEAR_GROUPS - size)
    return set(range(first, first + size))


def _sessions(scenario: Scenario, students: list[StudentSpec], rng: random.Random):
    demand = sum(student.min_hours for student in students)
    low, high = scenario.seats
    sessions: list[SessionSpec] = []
    seats = 0
    series = 0
    taken: dict[int, set[int]] = {k: set() for k in range(scenario.series)}
    while seats < scenario.capacity_ratio * demand:
        free = [slot for slot in range(scenario.slots) if slot not in taken[series]]
        if free:
            slot = rng.choice(free)
            taken[series].add(slot)
            capacity = rng.randint(low, high)
            sessions.append(SessionSpec(f"w{series}-t{slot}", slot, capacity, series))
            seats += capacity
        elif all(len(t) == scenario.slots for t in taken.values()):
            break
        series = (series + 1) % scenario.series
    return sessions


def _gumbel(rng: random.Random) -> float:
    return -math.log(-math.log(rng.random() or 1e-12))


def _choices(scenario, students, sessions, eligible, taste, mandatory):
    by_slot: dict[int, list[SessionSpec]] = {}
    for session in sessions:
        by_slot.setdefault(session.slot, []).append(session)
    slot_of = {session.id: session.slot for session in sessions}
    must_attend = {(student_id, slot_of[session_id]) for student_id, session_id in mandatory}
    choices = {}
    for student in students:
        likes = taste[student.id]
        for slot, offered in by_slot.items():
            if (student.id, slot) in must_attend:
                continue
            open_to_me = [s for s in offered if (student.id, s.id) in eligible]
            open_to_me.sort(key=lambda s: -likes[s.series])
            if open_to_me:
                choices[(student.id, slot)] = [s.id for s in open_to_me[: scenario.choices]]
    return choices


def _mandatory(scenario, students, sessions, eligible, rng):
    by_id = {session.id: session for session in sessions}
    per_student: dict[str, list[SessionSpec]] = {}
    used: dict[str, int] = {}
    pairs: set[tuple[str, str]] = set()
    attempts = 0
    while len(pairs) < scenario.mandatory and attempts < 100 * scenario.mandatory:
        attempts += 1
        student = rng.choice(students)
        session = by_id[rng.choice(sessions).id]
        mine = per_student.get(student.id, [])
        if (student.id, session.id) not in eligible or len(mine) >= student.min_hours:
            continue
        if any(s.slot == session.slot or s.series == session.series for s in mine):
            continue
        if used.get(session.id, 0) >= session.capacity // 2:
            continue
        pairs.add((student.id, session.id))
        per_student.setdefault(student.id, []).append(session)
        used[session.id] = used.get(session.id, 0) + 1
    return pairs

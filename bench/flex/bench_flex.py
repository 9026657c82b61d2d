"""Speed and quality of the flex-hours allocator on a generated school.

Run from the repository root: ``.venv/bin/python bench/flex/bench_flex.py
[--quick] [--seed N]``. No Django and no database: the allocator is plain Python.

The school (``generator.py``): 2,000 students in six year groups, 80 workshops
of 15–40 seats each given in several of 10 weekly slots until the seats are 1.1×
the required hours, 5 ranked choices per slot with skewed popularity, eligibility
by year group, 2–4 required hours per student and 100 mandatory assignments.
``--quick`` uses 400 students and 16 workshops.

Figures printed, each beside its target:

1. one slot (2,000 students, 80 sessions in the slot, one hour each): time to a
   proven optimum with the min-cost flow, both objectives;
2. the full week: time, objective, dual bound and gap, both objectives;
3. capacity ≥ 1.1× demand: students left unplaced who had an eligible choice, top-3 share;
4. the allocation beside first come, first served (random arrival order);
5. ten weeks with persistent tastes, the same students always first to sign up,
   fresh ties and carry-over weights each week: worst cumulative regret of the
   allocator and of first come, first served, and the correlation between sign-up
   order and cumulative regret;
6. one manual move (a pin into a full, popular session) re-solved.

It never fails for being slow (STYLE.md: benchmarks do not judge a noisy machine).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from generator import Scenario, generate  # noqa: E402

from leerweg.flex.allocator import (  # noqa: E402
    Instance,
    Objective,
    allocate,
    allocate_slot,
    carry_over_weights,
    check,
    compare,
    fairness_over_weeks,
    first_come_first_served,
    resolve_with_moves,
    summarise,
    weekly_regret,
)
from leerweg.flex.allocator.problem import UNRANKED  # noqa: E402

WEEKS = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="400 students instead of 2,000")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    scenario = Scenario(students=400, series=16, mandatory=20) if args.quick else Scenario()
    print(f"== flex allocator: {scenario.students} students, {scenario.series} workshops")
    bench_slot(scenario, args.seed)
    week = generate(scenario, args.seed)
    demand = sum(s.min_hours for s in week.students)
    seats = sum(s.capacity for s in week.sessions)
    print(
        f"week: {len(week.sessions)} sessions, {seats} seats for {demand} required hours "
        f"({seats / demand:.2f}×), {len(week.eligible)} eligible pairs"
    )
    allocation = bench_week(week, args.seed)
    bench_comparison(week, allocation, args.seed)
    bench_weeks(week, args.seed)
    bench_move(week, allocation, args.seed)


def bench_slot(scenario: Scenario, seed: int) -> None:
    one_slot = replace(
        scenario, slots=1, hours=(1, 1), mandatory=scenario.mandatory // 10, capacity_ratio=1.1
    )
    instance = generate(one_slot, seed)
    for objective in Objective:
        started = time.perf_counter()
        allocation = allocate_slot(instance, 0, objective=objective, seed=seed)
        ms = (time.perf_counter() - started) * 1000
        summary = summarise(instance, allocation.assignments)
        print(
            f"one slot ({len(instance.sessions)} sessions, {objective}): {ms:.0f} ms "
            f"(target < 100 ms), status {allocation.status}, gap {allocation.gap:.1%}, "
            f"first choice {summary.first_choice_share:.1%}, top 3 {summary.top3_share:.1%}, "
            f"unplaced {len(summary.hours_short)}, "
            f"violations {len(check(instance, allocation.assignments))}"
        )


def bench_week(week: Instance, seed: int):
    result = None
    for objective in (Objective.CONVEX, Objective.RANK_MAXIMAL):
        allocation = allocate(week, objective=objective, seed=seed, time_limit=20.0)
        violations = [v for v in check(week, allocation.assignments) if v.constraint != "min-hours"]
        print(
            f"full week ({objective}): {allocation.seconds:.1f} s (target ≤ 20 s), "
            f"status {allocation.status}, objective {allocation.objective:.2f}, "
            f"bound {allocation.bound:.2f}, gap {allocation.gap:.3%} (target ≤ 0.1%), "
            f"hard violations {len(violations)}"
        )
        for phase in allocation.phases:
            print(
                f"    {phase.name}: {phase.seconds:.1f} s, objective {phase.objective:.2f}, "
                f"bound {phase.bound:.2f}, gap {phase.gap:.3%}"
            )
        summary = summarise(week, allocation.assignments)
        print(f"    rank profile {summary.rank_profile}, top 3 {summary.top3_share:.1%}")
        result = result or allocation
    return result


def bench_comparison(week: Instance, allocation, seed: int) -> None:
    order = [student.id for student in week.students]
    random.Random(seed).shuffle(order)
    baseline = first_come_first_served(week, order)
    summary = summarise(week, allocation.assignments)
    unplaced_with_choice = [u for u in summary.unplaced if u.reason != "not-eligible"]
    print(
        f"capacity ≥ 1.1× demand: {len(unplaced_with_choice)} unplaced with an eligible choice "
        f"(target 0), top 3 {summary.top3_share:.1%} (target ≥ 95%)"
    )
    figures = compare(week, allocation, baseline)
    for name, row in figures.items():
        cells = ", ".join(f"{key} {_figure(key, value)}" for key, value in row.items())
        print(f"    {name}: {cells}")


def _figure(key: str, value: float) -> str:
    if key in ("first choice", "top 3", "optimality gap"):
        return f"{value:.1%}"
    return f"{value:.0f}"


def bench_weeks(week: Instance, seed: int) -> None:
    """Ten weeks, same tastes, the same students first to sign up every week."""
    order = [student.id for student in week.students]
    random.Random(seed).shuffle(order)
    fcfs_history: list[dict] = []
    allocator_history: list[dict] = []
    started = time.perf_counter()
    for number in range(WEEKS):
        fcfs_history.append(weekly_regret(week, first_come_first_served(week, order)))
        weights = carry_over_weights(allocator_history)
        weighted = replace(
            week, students=[replace(s, weight=weights.get(s.id, 1.0)) for s in week.students]
        )
        allocation = allocate(weighted, objective=Objective.CONVEX, seed=seed * 1000 + number)
        allocator_history.append(weekly_regret(week, allocation.assignments))
    seconds = time.perf_counter() - started
    fcfs = fairness_over_weeks(_in_regret_units(week, fcfs_history), order)
    mine = fairness_over_weeks(_in_regret_units(week, allocator_history), order)
    ratio = mine.worst / fcfs.worst if fcfs.worst else 0.0
    print(
        f"{WEEKS} weeks ({seconds:.0f} s): worst cumulative regret {mine.worst} vs first come "
        f"{fcfs.worst} (ratio {ratio:.2f}, target ≤ 0.33); "
        f"mean {mine.mean:.1f} vs {fcfs.mean:.1f}; "
        f"correlation of sign-up order with regret {mine.order_correlation:+.3f} "
        f"(target |r| < 0.05) vs first come {fcfs.order_correlation:+.3f}"
    )
    # Regret leaves mandatory placements out (the student cannot choose in that slot). Counted
    # as unranked instead, they set a floor that no allocation can go below.
    forced = {s.id: 0 for s in week.students}
    for student_id, _ in week.mandatory:
        forced[student_id] += UNRANKED - 1
    fcfs_all = fairness_over_weeks(_plus(_in_regret_units(week, fcfs_history), forced), order)
    mine_all = fairness_over_weeks(_plus(_in_regret_units(week, allocator_history), forced), order)
    print(
        f"    with mandatory placements counted as unranked: worst {mine_all.worst} vs first come "
        f"{fcfs_all.worst} (ratio {mine_all.worst / max(1, fcfs_all.worst):.2f}); "
        f"floor from mandatory placements alone {WEEKS * max(forced.values(), default=0)}"
    )


def _plus(history, extra):
    return [{s: r + extra.get(s, 0) for s, r in week.items()} for week in history]


def _in_regret_units(week: Instance, history):
    """Weekly regret per required hour back to the week's total regret per student."""
    needed = {s.id: max(1, week.sessions_needed(s)) for s in week.students}
    return [{s: r * needed[s] for s, r in regrets.items()} for regrets in history]


def bench_move(week: Instance, allocation, seed: int) -> None:
    taken: dict = {}
    for session_id in allocation.assignments.values():
        taken[session_id] = taken.get(session_id, 0) + 1
    full = [s for s in week.sessions if taken.get(s.id, 0) >= s.capacity]
    placed = {student for student, _ in allocation.assignments}
    target = next(iter(full or week.sessions))
    student = next(
        s
        for s, sid in sorted(week.eligible, key=repr)
        if sid == target.id and (s, target.slot) not in allocation.assignments and s in placed
    )
    result = resolve_with_moves(
        week, allocation.assignments, pin=[(student, target.id)], seed=seed, time_limit=20.0
    )
    moved = sum(
        1 for key, sid in result.assignments.items() if allocation.assignments.get(key) != sid
    )
    hard = [v for v in check(week, result.assignments) if v.constraint != "min-hours"]
    print(
        f"manual move (pin {student} into full session {target.id}): "
        f"{result.seconds * 1000:.0f} ms "
        f"(target < 1 s), status {result.status}, {moved} placements changed, "
        f"hard violations {len(hard)}"
    )


if __name__ == "__main__":
    main()
